#!/usr/bin/env bash
# Train the Rasa model only when config.yml, the domain or the training data changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

model=models/assistant.tar.gz
stamp=models/.fingerprint
fingerprint=$( { echo config.yml; find bot/domain bot/data -type f -name '*.yml'; } | LC_ALL=C sort \
    | xargs sha256sum | sha256sum | cut -d' ' -f1)

if [ -f "$model" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
    echo "[train] the model is up to date"
    exit 0
fi
echo "[train] training the Rasa model (about a minute)"
.venv/bin/rasa train --config config.yml --domain bot/domain --data bot/data \
    --out models --fixed-model-name assistant --quiet
echo "$fingerprint" >"$stamp"
