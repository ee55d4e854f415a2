# Sourced by the Makefile's scripts: the project's settings with their development defaults.
# Anything already in the environment or in .env wins.
if [ -f .env ]; then set -a; . ./.env; set +a; fi
export APP_ENV="${APP_ENV:-development}"
export GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
export GATEWAY_PORT="${GATEWAY_PORT:-8000}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}"
export ACTIONS_URL="${ACTIONS_URL:-http://127.0.0.1:$ACTIONS_PORT}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-$ACTIONS_URL/webhook}"
export RASA_TOKEN="${RASA_TOKEN:-dev-rasa-token}"
export ACTIONS_TOKEN="${ACTIONS_TOKEN:-dev-actions-token}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///var/assistant.db}"
# Rasa's conversation locks: memory:// for one Rasa server, redis://host:port/db for several.
export LOCK_STORE_URL="${LOCK_STORE_URL:-memory://}"
# A lock must outlive Rasa's action timeout (300 s); bot/lock_store.py refuses less.
export TICKET_LOCK_LIFETIME="${TICKET_LOCK_LIFETIME:-300}"
# The action server (Sanic) listens on loopback only.
export SANIC_HOST="${SANIC_HOST:-127.0.0.1}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning:jax}"
