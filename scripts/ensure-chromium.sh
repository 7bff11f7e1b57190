#!/usr/bin/env bash
# Playwright cannot download browsers here; the e2e suite drives Debian's Chromium instead.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "e2e: installing Chromium from Debian (apt-get install chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "e2e: Chromium not found at $CHROMIUM. Install it (e.g. 'sudo apt-get install chromium') or set CHROMIUM_PATH." >&2
exit 1
