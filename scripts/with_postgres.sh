#!/usr/bin/env bash
# Run a command with a private, throw-away PostgreSQL server on a free loopback port.
# The command sees TEST_POSTGRES_URL. PostgreSQL refuses to run as root, so as root the server runs as
# the postgres user. Usage: scripts/with_postgres.sh pytest ...
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/assistant-pg.XXXXXX)
as_db_user=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    as_db_user=(runuser -u postgres --)
fi

stop() {
    "${as_db_user[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as_db_user[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
"${as_db_user[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"${as_db_user[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres assistant_test

export TEST_POSTGRES_URL="postgresql+psycopg2://postgres@127.0.0.1:$port/assistant_test"
echo "[postgres] a test server is running on 127.0.0.1:$port"
"$@"
