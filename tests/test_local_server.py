"""The local model's server process: started at low priority, ready when /health answers, stopped
cleanly, gone when its parent dies, and every failure to start is one sentence with the fix.

A stand-in xllamacpp module (a tiny HTTP server, no model) runs the real child code, so these tests
take seconds; tests/test_local_backend.py runs the real model.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from interviewer.llm import local_server
from interviewer.llm.local_server import LocalServer, LocalServerError, explain_exit

FAKE_XLLAMACPP = """
import http.server, os, signal, sys, threading, time

class _Bag:
    pass

class CommonParams:
    def __init__(self):
        self.model, self.cpuparams, self.cpuparams_batch, self.sampling = _Bag(), _Bag(), _Bag(), _Bag()

class _Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *args):
        pass

class Server:
    def __init__(self, params):
        how = os.environ.get("FAKE_LLAMA", "ok")
        print("fake llama.cpp loading", params.model.path, file=sys.stderr, flush=True)
        threads = (params.cpuparams.n_threads, params.cpuparams_batch.n_threads)
        print("fake llama.cpp threads %d/%d" % threads, file=sys.stderr, flush=True)
        print("noise on stdout that must not reach the parent's pipe", flush=True)
        if how == "load-error":
            print("llama_model_load: error loading model: invalid magic", file=sys.stderr, flush=True)
            raise RuntimeError("failed to load model")
        if how == "oom":
            os.kill(os.getpid(), signal.SIGKILL)
        if how == "hang":
            time.sleep(600)
        self._http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self.listening_address = "http://127.0.0.1:%d" % self._http.server_address[1]
"""


@pytest.fixture
def fake_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model file and a stand-in xllamacpp ahead of the real one on the child's path."""
    fake = tmp_path / "fake-xllamacpp"
    fake.mkdir()
    (fake / "xllamacpp.py").write_text(textwrap.dedent(FAKE_XLLAMACPP))
    monkeypatch.setenv("PYTHONPATH", str(fake))
    monkeypatch.setenv("FAKE_LLAMA", "ok")
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    return model


def gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for a parent that is gone counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def wait_gone(pid: int, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if gone(pid):
            return True
        time.sleep(0.05)
    return False


def test_the_server_starts_at_low_priority_answers_and_stops(fake_runtime: Path) -> None:
    server = LocalServer(fake_runtime, nice=7, check_memory=False)
    url = server.launch(timeout_s=30)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    assert server.load_s is not None and server.load_s > 0
    pid = server.pid
    assert pid is not None
    niceness = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 7)
    with urllib.request.urlopen(url.removesuffix("/v1") + "/health", timeout=5) as response:
        assert response.status == 200
    assert server.rss_bytes() is not None
    server.stop()
    assert wait_gone(pid, 5) and not server.alive() and server.url is None
    server.stop()  # twice is fine


@pytest.mark.parametrize(("batch", "expected"), [(None, "2/2"), (1, "2/1")])
def test_prompts_may_be_processed_on_fewer_threads_than_replies_are_generated(
    fake_runtime: Path, tmp_path: Path, batch: int | None, expected: str
) -> None:
    log = tmp_path / "server.log"
    with LocalServer(fake_runtime, threads=2, batch_threads=batch, log_path=log, check_memory=False):
        pass
    assert f"fake llama.cpp threads {expected}" in log.read_text()


def test_the_server_dies_with_its_parent_however_the_parent_dies(fake_runtime: Path) -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys; from pathlib import Path; from interviewer.llm.local_server import LocalServer;"
            f"s = LocalServer(Path({str(fake_runtime)!r}), check_memory=False); s.launch(30);"
            "print(s.pid, flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert not gone(child)
    parent.send_signal(signal.SIGKILL)  # no atexit, no cleanup: only the pipe's end of file
    parent.wait()
    assert wait_gone(child), "the server outlived its parent"


def test_a_file_llama_cpp_cannot_load_is_named_with_the_fix(
    fake_runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA", "load-error")
    server = LocalServer(fake_runtime, check_memory=False)
    with pytest.raises(LocalServerError) as caught:
        server.launch(timeout_s=30)
    assert str(caught.value) == (
        f"The local model server could not start: llama.cpp could not load model.gguf; delete "
        f"{fake_runtime.parent} to have it joined again."
    )
    assert "invalid magic" in caught.value.detail
    assert not server.alive()


def test_a_server_killed_while_loading_is_reported_as_out_of_memory(
    fake_runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA", "oom")
    with pytest.raises(LocalServerError, match="ran out of memory"):
        LocalServer(fake_runtime, check_memory=False).launch(timeout_s=30)


def test_a_server_that_never_listens_times_out_and_is_stopped(
    fake_runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA", "hang")
    server = LocalServer(fake_runtime, check_memory=False)
    with pytest.raises(LocalServerError, match=r"did not answer within 2 s"):
        server.launch(timeout_s=2)
    assert not server.alive()


def test_too_little_memory_is_said_before_anything_starts(
    fake_runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_server, "available_memory", lambda: 300 * 1024 * 1024)
    server = LocalServer(fake_runtime)
    with pytest.raises(
        LocalServerError, match=r"needs about 0\.4 GB of free memory and 0\.3 GB is available"
    ):
        server.start()
    assert server.pid is None


def test_a_missing_model_file_says_how_to_prepare_it(tmp_path: Path) -> None:
    with pytest.raises(LocalServerError, match="is missing; run `interviewer doctor`"):
        LocalServer(tmp_path / "none.gguf").start()


def test_a_missing_runtime_says_how_to_install_it() -> None:
    reason = explain_exit(1, "ModuleNotFoundError: No module named 'xllamacpp'", Path("/m/model.gguf"))
    assert reason == "the llama.cpp runtime is not installed; install it with: .venv/bin/pip install " + (
        local_server.XLLAMACPP
    )
