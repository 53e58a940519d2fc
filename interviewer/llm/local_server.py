"""The local model's server: llama.cpp's own OpenAI-compatible server (the prebuilt xllamacpp wheel),
in a child process at low CPU priority, on a free port of 127.0.0.1.

The child lowers its priority (``os.nice``) before loading anything, so live transcription keeps
the CPU; prints its base URL once it listens; and serves until it is told to stop (SIGTERM) or its
parent goes away: it watches its stdin, a pipe from the parent, and stops at end of file, which the
kernel delivers however the parent dies. (PR_SET_PDEATHSIG would fire when the *thread* that
started the child exits, and the app starts it from a worker thread.)

    python -m interviewer.llm.local_server --model FILE [--threads N] [--batch-threads N] [--nice N] [--ctx N]

is the child. :class:`LocalServer` starts it, waits until ``/health`` answers, and stops it; every
failure to start (no memory, a file llama.cpp cannot load, xllamacpp missing, a timeout) is a
:class:`LocalServerError` with one sentence that says what to do.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
ALIAS = "local"
NICE = 10
CONTEXT = 4096
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 5.0
HEADROOM_BYTES = 400 * 1024 * 1024
"""Memory beyond the model file: the KV cache at CONTEXT tokens (about 120 MB), buffers, the process
(measured 240 MB anonymous without repacking)."""
XLLAMACPP = "xllamacpp==2026.10.11549"
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
LOG_TAIL = 20


class LocalServerError(RuntimeError):
    """The local model's server cannot start or stopped answering.

    str() is one plain sentence that says what to do; ``detail`` keeps the end of the server's log.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def default_threads() -> int:
    """One thread on up to 4 cores, else half of them. llama.cpp's threads meet at a barrier after
    every operation, so one descheduled thread stalls the rest: with Whisper transcribing beside it
    on 2 cores, 2 threads generated 1.4 to 6 tokens/s where 1 kept 5 to 7."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 4 else cores // 2


def default_batch_threads() -> int:
    """Threads for prompts: two on 2 to 4 cores, else half of them. The prompt left when the answer
    ends is what the candidate waits for, and by then Whisper has finished with the answer; the
    warm-ups before it run at low priority beside Whisper. With Whisper transcribing a 3 s clip every
    3 s beside it, a 90 s answer's follow-up took 2.0 s (median of 3) with two, 2.5 to 2.7 with one."""
    cores = os.cpu_count() or 1
    return min(2, cores) if cores <= 4 else cores // 2


def available_memory() -> int | None:
    """MemAvailable from /proc/meminfo in bytes, or None where there is none."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_bytes(pid: int) -> int | None:
    """A process's resident memory (VmRSS) in bytes, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def explain_exit(returncode: int | None, log: str, model: Path) -> str:
    """One sentence on why the server died at start, from its exit status and the end of its log."""
    text = log.lower()
    if "no module named 'xllamacpp'" in text or "no module named xllamacpp" in text:
        return f"the llama.cpp runtime is not installed; install it with: .venv/bin/pip install {XLLAMACPP}"
    if returncode == -signal.SIGKILL or any(
        cue in text for cue in ("bad_alloc", "out of memory", "failed to allocate", "cannot allocate")
    ):
        return "it ran out of memory; close other programs (it needs about 1.5 GB) or use the offline backend"
    if any(cue in text for cue in ("failed to load model", "error loading model", "gguf", "invalid magic")):
        return f"llama.cpp could not load {model.name}; delete {model.parent} to have it joined again"
    status = f"code {returncode}" if returncode is None or returncode >= 0 else f"signal {-returncode}"
    return f"it exited at start ({status}); the end of its log is in the details"


@dataclass
class LocalServer:
    """The child process serving one GGUF file; ``url`` is its OpenAI base URL once ready."""

    model: Path
    threads: int = field(default_factory=default_threads)
    batch_threads: int | None = None
    """Threads for prompt processing (llama.cpp's batch), None: ``threads``. The warm-ups only
    process prompts, while the candidate speaks and Whisper needs the cores; generating happens
    once the answer has ended (bench.follow_up_latency measures the split)."""
    nice: int = NICE
    context: int = CONTEXT
    repack: bool = False
    """llama.cpp's repacked weights: measured a little faster generation on 2 cores, but 600 MB more
    anonymous memory (RSS 1.9 GB against 1.3 GB, of which 1.1 GB is the file's shared page cache)."""
    log_path: Path | None = None
    python: str = sys.executable
    check_memory: bool = True
    url: str | None = None
    load_s: float | None = None
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log: Path | None = field(default=None, repr=False)
    _started: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # Starting ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the child without waiting for it (the app starts it when it opens)."""
        with self._lock:
            if self._process is not None:
                return
            self._preflight()
            self._log = self.log_path or Path(tempfile.gettempdir()) / f"interviewer-llama-{os.getpid()}.log"
            command = [
                self.python,
                "-m",
                "interviewer.llm.local_server",
                "--model",
                str(self.model),
                "--threads",
                str(self.threads),
                *(["--batch-threads", str(self.batch_threads)] if self.batch_threads else []),
                "--nice",
                str(self.nice),
                "--ctx",
                str(self.context),
                *(["--repack"] if self.repack else []),
            ]
            root = str(Path(__file__).resolve().parents[2])
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
            }
            self._started = time.monotonic()
            with self._log.open("wb") as log:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env=env,
                    close_fds=True,
                    start_new_session=True,  # a Ctrl-C in the terminal is the parent's to handle
                )
            atexit.register(self.stop)

    def _preflight(self) -> None:
        if not self.model.is_file():
            raise LocalServerError(
                f"The local model file {self.model} is missing; run `interviewer doctor` to prepare it."
            )
        if not self.check_memory:
            return
        free = available_memory()
        needed = self.model.stat().st_size + HEADROOM_BYTES
        if free is not None and free < needed:
            raise LocalServerError(
                f"The local model needs about {needed / 1e9:.1f} GB of free memory and "
                f"{free / 1e9:.1f} GB is available; close other programs or use the offline interviewer."
            )

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> str:
        """Block until the server answers /health; its base URL. LocalServerError if it cannot."""
        if self.url is not None:
            return self.url
        process = self._process
        if process is None or process.stdout is None:
            raise LocalServerError("The local model server was never started.")
        deadline = self._started + timeout_s
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._fail_timeout(timeout_s)
            ready, _, _ = select.select([process.stdout], [], [], min(remaining, 0.5))
            if ready:
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:  # the child closed its stdout: it is exiting
                    self._fail_exit()
                line += chunk
            elif process.poll() is not None:
                self._fail_exit()
        base = line.decode(errors="replace").strip().splitlines()[0]
        while True:
            if self._healthy(base):
                break
            if process.poll() is not None:
                self._fail_exit()
            if time.monotonic() > deadline:
                self._fail_timeout(timeout_s)
            time.sleep(0.1)
        self.load_s = time.monotonic() - self._started
        self.url = f"{base}/v1"
        return self.url

    def launch(self, timeout_s: float = START_TIMEOUT_S) -> str:
        self.start()
        return self.wait_ready(timeout_s)

    @staticmethod
    def _healthy(base: str) -> bool:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def log_tail(self, lines: int = LOG_TAIL) -> str:
        try:
            text = self._log.read_text(errors="replace") if self._log else ""
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _fail_exit(self) -> None:
        process = self._process
        returncode = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                returncode = process.wait(timeout=STOP_TIMEOUT_S)
        tail = self.log_tail()
        self.stop()
        reason = explain_exit(returncode, tail, self.model)
        raise LocalServerError(f"The local model server could not start: {reason}.", tail)

    def _fail_timeout(self, timeout_s: float) -> None:
        tail = self.log_tail()
        self.stop()
        raise LocalServerError(
            f"The local model server did not answer within {timeout_s:g} s; the machine may be too busy, "
            "or use the offline interviewer.",
            tail,
        )

    # Running and stopping -----------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def rss_bytes(self) -> int | None:
        return rss_bytes(self._process.pid) if self.alive() and self._process is not None else None

    def stop(self) -> None:
        """Ask the child to stop (stdin closed, then SIGTERM), and kill it if it does not."""
        with self._lock:
            process, self._process = self._process, None
            self.url = None
        if process is None:
            return
        atexit.unregister(self.stop)
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        if self.log_path is None and self._log is not None:
            self._log.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        self.launch()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


# The child ---------------------------------------------------------------------------------------


def _watch_parent(stop: Callable[[], None]) -> None:
    """Stop when stdin (the parent's pipe) reaches end of file: the parent closed it or died."""

    def watch() -> None:
        with contextlib.suppress(OSError):
            while os.read(sys.stdin.fileno(), 4096):
                pass
        stop()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(
    model: str, threads: int, context: int, *, repack: bool = False, batch_threads: int | None = None
) -> int:
    # stdout is the parent's pipe for the URL alone; anything llama.cpp prints goes to the log.
    url_out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    import xllamacpp  # type: ignore[import-untyped]  # the child's only heavy import

    params = xllamacpp.CommonParams()
    params.model.path = model
    params.model_alias = {ALIAS}
    params.hostnames = [HOST]
    params.port = 0  # a free port; listening_address says which
    params.n_ctx = context  # the model's own 32k would take about 1 GB of KV cache
    params.n_parallel = 1  # one slot, so the prompt cache keeps the interview's prefix
    params.cache_ram_mib = 256  # the host-side prompt cache (default 8 GB)
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = batch_threads or threads
    params.no_extra_bufts = not repack
    params.sampling.seed = 42
    params.sampling.penalty_repeat = 1.1
    # Blocked before the server starts its threads (they inherit the mask): the stop signals then
    # wait for sigwait here rather than landing on one of llama.cpp's threads.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    loaded = threading.Event()

    def parent_gone() -> None:
        if loaded.is_set():
            os.kill(os.getpid(), signal.SIGTERM)  # a clean stop
        else:
            os._exit(0)  # still loading: there is nothing to stop cleanly yet

    _watch_parent(parent_gone)  # watched from the start: a parent may die while the model loads
    server = xllamacpp.Server(params)  # returns once the model is loaded and it listens
    loaded.set()
    print(server.listening_address, file=url_out, flush=True)
    signal.sigwait(STOP_SIGNALS)
    del server  # its destructor stops the main loop and frees the model
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interviewer.llm.local_server", description=__doc__)
    parser.add_argument("--model", required=True, help="the GGUF file")
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--batch-threads", type=int, default=None, help="for prompts (default: --threads)")
    parser.add_argument("--nice", type=int, default=NICE, help="added to the CPU priority (niceness)")
    parser.add_argument("--ctx", type=int, default=CONTEXT, help="the context size in tokens")
    parser.add_argument("--repack", action="store_true", help="repack the weights (faster, +600 MB)")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    return serve(args.model, args.threads, args.ctx, repack=args.repack, batch_threads=args.batch_threads)


if __name__ == "__main__":
    raise SystemExit(main())
