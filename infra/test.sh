#!/usr/bin/env bash
# The one test command: installs what is missing, starts the real Postgres and Kafka if they are
# not running, then runs lint, the type check and every test (unit, integration, end to end).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash infra/install.sh
bash infra/postgres/postgres.sh ensure
bash infra/kafka/kafka.sh start
echo "test: lint and type check"
npx --no-install eslint --max-warnings 0 .
npx --no-install prettier --check --log-level warn "**/*.ts"
npx --no-install tsc --noEmit -p tsconfig.json
# The dashboard's end-to-end test drives Debian's Chromium (playwright-core brings no browser).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing chromium for the dashboard's end-to-end test"
    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else
    echo "test: /usr/bin/chromium is missing; install Debian's chromium package (sudo apt-get install chromium)" >&2
    exit 1
  fi
fi
# The absconding end-to-end test reads the absconder-referral topic with kcat, as a consumer would.
if [ ! -x /usr/bin/kcat ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing kcat for the absconding end-to-end test"
    apt-get install -y -qq kcat >/dev/null || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }
  else
    echo "test: /usr/bin/kcat is missing; install Debian's kcat package (sudo apt-get install kcat)" >&2
    exit 1
  fi
fi
echo "test: unit, integration and end-to-end tests"
npx --no-install jest --ci --runInBand "$@"
echo "test: benchmark smoke run (must run, not meet the goals; report in bench/reports/smoke/)"
BENCH_SCALE=smoke node dist/bench/run.js
echo "test: fault suite, reduced (report in .run/faults/reports/)"
FAULTS_PROFILE=ci node dist/faults/faults.main.js
