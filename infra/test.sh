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
echo "test: unit, integration and end-to-end tests"
npx --no-install jest --ci --runInBand "$@"
