#!/usr/bin/env bash
# Quick start, step 1: installs everything and builds the installable packages for both browsers.
#   - npm packages (npm ci)
#   - the Debian packages the tests use (browsers, Roundcube, Dovecot) when run as root;
#     otherwise it lists them and the build still happens
#   - dist/chrome, dist/firefox and the two store zips in artifacts/
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-system-deps.sh
else
  bash scripts/install-system-deps.sh || echo "(The build does not need them; npm test does.)"
fi
npm run package
