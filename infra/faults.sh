#!/usr/bin/env bash
# The fault suite (issue 7): builds, makes sure the shared Postgres and broker run, then runs every
# fault against the built apps and writes faults.json and faults.md.
#   FAULTS_PROFILE=full (default)  sizes for the committed report, in faults/reports/
#   FAULTS_PROFILE=ci              reduced counts and durations, report in .run/faults/reports/
#   FAULTS_ONLY=name,name          a subset (report in .run/faults/reports/)
# The shared Postgres and broker are never stopped: the Postgres fault runs a private cluster and
# the broker fault a private broker (ports 19092/19093). Exits 1 when any fault's checks fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash infra/install.sh
bash infra/postgres/postgres.sh ensure
bash infra/kafka/kafka.sh start
exec node dist/faults/faults.main.js
