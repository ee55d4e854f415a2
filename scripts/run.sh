#!/usr/bin/env bash
# Start Rasa, the action server and the gateway under one supervisor (Ctrl-C stops all three).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
.venv/bin/python scripts/wait_ready.py --quiet-until-ready "http://$GATEWAY_HOST:$GATEWAY_PORT" &
exec .venv/bin/honcho start --no-prefix -f Procfile 2>&1
