#!/usr/bin/env bash
# The one start command: installs and builds, starts Postgres and Kafka if they are not running,
# migrates, starts the four apps, loads the demo data once, says "ready" when all four answer
# /health/ready, and keeps running until a signal (Ctrl-C, SIGTERM, SIGHUP) or until one app exits;
# either way it stops all four before it exits.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PORT="${PORT:-3000}"
# Each app's readiness is read from its ops server, so the ports must be known (not 0).
export RELAY_OPS_PORT="${RELAY_OPS_PORT:-3001}"
export PROJECTOR_OPS_PORT="${PROJECTOR_OPS_PORT:-3002}"
export SCHEDULER_OPS_PORT="${SCHEDULER_OPS_PORT:-3003}"
# The api runs as this many processes sharing PORT (Node cluster): by default one per core.
export API_INSTANCES="${API_INSTANCES:-$(nproc 2>/dev/null || echo 1)}"
logs=".run/logs"
mkdir -p "$logs"

pids=()
step_pid=""
stop_all() {
  trap - EXIT INT TERM HUP
  [ -z "$step_pid" ] || kill -TERM "$step_pid" 2>/dev/null || true
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "start: stopping the apps"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# npm runs this script under `sh -c` and passes a signal to `sh` only: when npm goes, this script
# is handed to another parent. Then it stops the apps rather than leave them running.
parent=$PPID
parent_alive() { [ "$(ps -o ppid= -p $$ | tr -d ' ')" = "$parent" ]; }
pause() {
  sleep "$1" &
  wait $!
}

# Bash runs a trap only once the foreground command is done; a step run in the background and
# waited for lets a signal (or npm going away) stop everything at once, even mid-build or mid-seed.
step() {
  "$@" &
  step_pid=$!
  while kill -0 "$step_pid" 2>/dev/null; do
    parent_alive || { echo "start: the process that started this script is gone" >&2; exit 129; }
    pause 0.2
  done
  wait "$step_pid"
  step_pid=""
}

start_app() {
  node "dist/apps/$1/src/main.js" >"$logs/$1.log" 2>&1 &
  pids+=($!)
}

# Waits until http://127.0.0.1:<port>/health/ready answers 200; fails if the app exits first.
wait_ready() {
  local app=$1 port=$2 pid=$3
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "start: the $app exited; see $logs/$app.log" >&2; return 1; }
    sleep 0.5
  done
  echo "start: the $app is not ready after 60 s; see $logs/$app.log" >&2
  return 1
}

step bash infra/install.sh
step bash infra/postgres/postgres.sh ensure
step bash infra/kafka/kafka.sh start
step node dist/libs/database/src/migrate.cli.js

# With several api instances, the first one ready answers /health/ready: wait for all of them.
wait_all_api_instances() {
  [ "$API_INSTANCES" -gt 1 ] || return 0
  for _ in $(seq 1 120); do
    grep -q "all $API_INSTANCES api instances listening" "$logs/api.log" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { echo "start: the api exited; see $logs/api.log" >&2; return 1; }
    sleep 0.5
  done
  echo "start: not all $API_INSTANCES api instances are listening after 60 s; see $logs/api.log" >&2
  return 1
}

# The relay creates the topics, so it starts first. The scheduler starts after the demo seed, so
# it fires only the deadlines the demo history really missed, not ones the seed is about to meet.
start_app relay
step wait_ready relay "$RELAY_OPS_PORT" "${pids[0]}"
start_app projector
start_app api
step wait_ready projector "$PROJECTOR_OPS_PORT" "${pids[1]}"
step wait_ready api "$PORT" "${pids[2]}"
step wait_all_api_instances "${pids[2]}"
step env API_URL="http://127.0.0.1:$PORT" node dist/seeds/demo/demo.seed.js
start_app scheduler
step wait_ready scheduler "$SCHEDULER_OPS_PORT" "${pids[3]}"
# The scheduler's catch-up raises suspected absconding for subjects who stopped reporting; a
# supervisor declares one of them an absconder, so the FUGITIVE docket shows too (once only).
step env API_URL="http://127.0.0.1:$PORT" node dist/seeds/demo/demo-absconder.seed.js

cat <<TXT

Casetrail is ready.
  API            http://127.0.0.1:$PORT   (OpenAPI at /docs; $API_INSTANCES instances)
  Dashboard      http://127.0.0.1:$PORT/dashboard   (sign in with the supervisor token below)
  A token        npm run --silent token -- --sub sup-1 --role SUPERVISOR --offices WAS,ATL
  Caseloads      curl -H "authorization: Bearer \$(npm run --silent token -- --sub sup-1 --role SUPERVISOR --offices WAS,ATL)" \\
                   'http://127.0.0.1:$PORT/caseloads/officers?officeId=WAS'
  Case events    kcat -C -b 127.0.0.1:9092 -t case-events.v1 -f '%k %s\n'
  Logs           $logs/
Ctrl-C stops the apps; 'npm run kafka:stop' stops the broker.
TXT

# Until a signal, the parent going away, or any app exiting: then stop them all.
while parent_alive; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "start: an app exited (pid $pid); see $logs/" >&2; exit 1; }
  done
  pause 1
done
echo "start: the process that started this script is gone" >&2
exit 129
