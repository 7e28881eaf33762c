#!/usr/bin/env bash
# One command: install what is missing, build, and play the bundled practice field.
# Extra arguments go to stipple (e.g. --scenario FILE, --new).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/deps.sh"
"$here/scripts/build.sh" release
if [ $# -eq 0 ]; then set -- --scenario "$here/scenarios/01_practice_field.lua"; fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "play: no display found; running under xvfb-run (nothing will be visible)" >&2
  exec xvfb-run -a "$here/build/engine/app/stipple" "$@"
fi
exec "$here/build/engine/app/stipple" "$@"
