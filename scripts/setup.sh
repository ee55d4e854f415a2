#!/usr/bin/env bash
# Set up everything the assistant needs on this machine; safe to run again (it only redoes what changed).
#   - Debian packages (when root and missing)
#   - a Python 3.10 virtual environment in .venv with the pinned dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(espeak-ng lame chromium chromium-driver)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

install_debian_packages() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "please install these Debian packages: ${missing[*]}"
        return 0
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

is_python310() {
    [ -n "$1" ] && [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

find_python310() {
    # pyenv's shims exist even when 3.10 is not the selected version, so each candidate is run, not trusted.
    local candidate root="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; fi
    for candidate in "${PYTHON310:-}" "$root"/versions/3.10*/bin/python3.10 "$(command -v python3.10 || true)" \
        /usr/bin/python3.10 /usr/local/bin/python3.10; do
        is_python310 "$candidate" && { echo "$candidate"; return; }
    done
    echo "Python 3.10 was not found (rasa 3.6 needs it). Install it, e.g. 'pyenv install 3.10', or set PYTHON310." >&2
    exit 1
}

create_venv() {
    local stamp=.venv/.installed digest
    digest=$(cat requirements.in requirements.lock | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return 0
    fi
    if [ ! -x .venv/bin/python ]; then
        local python
        python=$(find_python310)
        log "creating .venv with $python"
        "$python" -m venv .venv
    fi
    log "installing Python packages (one resolution, pinned by requirements.lock)"
    .venv/bin/python -m pip install -q --upgrade "pip<26" >/dev/null
    .venv/bin/python -m pip install -q -r requirements.in -c requirements.lock
    echo "$digest" >"$stamp"
}

install_debian_packages "$@"
create_venv
