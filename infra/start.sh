#!/usr/bin/env bash
# The one start command: installs and builds, starts Postgres and Kafka if they are not running,
# migrates, starts the four apps, loads the demo data once, and keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PORT="${PORT:-3000}"
bash infra/install.sh
bash infra/postgres/postgres.sh ensure
bash infra/kafka/kafka.sh start
node dist/libs/database/src/migrate.cli.js

logs=".run/logs"
mkdir -p "$logs"
pids=()
stop_apps() {
  echo "start: stopping the apps"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_apps EXIT
trap 'exit 130' INT TERM

# The relay creates the topics, so it starts first. The scheduler starts after the demo seed, so
# it fires only the deadlines the demo history really missed, not ones the seed is about to meet.
for app in relay projector api; do
  node "dist/apps/$app/src/main.js" >"$logs/$app.log" 2>&1 &
  pids+=($!)
  [ "$app" = relay ] && sleep 2
done

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "start: the api is not ready; see $logs/api.log" >&2; exit 1; }

API_URL="http://127.0.0.1:$PORT" node dist/seeds/demo/demo.seed.js
node dist/apps/scheduler/src/main.js >"$logs/scheduler.log" 2>&1 &
pids+=($!)

cat <<TXT

Casetrail is running.
  API            http://127.0.0.1:$PORT   (OpenAPI at /docs)
  Dashboard      http://127.0.0.1:$PORT/dashboard   (sign in with the supervisor token below)
  A token        npm run --silent token -- --sub sup-1 --role SUPERVISOR --offices WAS,ATL
  Caseloads      curl -H "authorization: Bearer \$(npm run --silent token -- --sub sup-1 --role SUPERVISOR --offices WAS,ATL)" \\
                   'http://127.0.0.1:$PORT/caseloads/officers?officeId=WAS'
  Case events    kcat -C -b 127.0.0.1:9092 -t case-events.v1 -f '%k %s\n'
  Logs           $logs/
Ctrl-C stops the apps; 'npm run kafka:stop' stops the broker.
TXT
wait
