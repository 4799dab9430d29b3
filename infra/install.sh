#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lock file, then builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install: npm dependencies from package-lock.json"
  # Not 'npm ci': with omit-lockfile-registry-resolved (set on these machines) npm 11 leaves other
  # platforms' optional binaries out of the lock file and then 'ci' refuses it. 'install --no-save'
  # installs the locked versions and leaves the lock file as it is.
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
echo "install: building"
npm run --silent build
