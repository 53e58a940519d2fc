"""Runs candidate code against tests in a separate, limited process; every outcome is a one-line result.

The child is `python -I -S` in a fresh temporary folder (its cwd, HOME and TMPDIR, deleted afterwards)
with a stripped environment. Its first act is to lower its own resource limits (CPU, memory, processes,
open files, file size, no core dumps), then it installs an audit hook that refuses processes, signals to
other processes, sockets, deleting or renaming files, ctypes and similar escape hatches, writes outside the
temporary folder and reads outside it and the Python standard library. Only then does it load the
candidate's code. Results come back as JSON lines on a pipe of their own, never from the candidate's
stdout; printed output is capped. The parent kills the whole process group at a wall-clock deadline.

The limits are set by the child itself rather than in a `preexec_fn`: `preexec_fn` is not safe in a
threaded program (the TUI calls this from a worker thread), and no candidate code runs before them.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

from interviewer.bank.problems import Case, Problem

Status = Literal["passed", "failed", "error", "timeout"]
STATUSES = ("passed", "failed", "error", "timeout")
DEFAULT_TIMEOUT_S = 3.0  # per test (and for loading the code)
STARTUP_S = 5.0  # the interpreter's start, on top of the per-test time
MEMORY_BYTES = 512 * 1024 * 1024
FILE_BYTES = 4 * 1024 * 1024
OPEN_FILES = 64
OUTPUT_CHARS = 16 * 1024  # printed output kept for the caller
STREAM_BYTES = 64 * 1024  # read from the child's raw stdout and stderr, each
RESULT_BYTES = 1024 * 1024  # read from the result pipe
DETAIL_CHARS = 300
# What the child's audit hook refuses outright: processes, signals, deleting or renaming files, changing
# permissions, lifting the limits, reaching the interpreter's internals.
BLOCKED_EVENTS = frozenset(
    {
        "os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile",
        "subprocess.Popen", "os.kill", "os.killpg", "signal.pthread_kill",
        "os.remove", "os.rmdir", "os.rename", "os.truncate", "os.chmod", "os.chown", "os.chflags",
        "os.link", "os.symlink", "os.setxattr", "os.removexattr", "os.chdir",
        "shutil.rmtree", "shutil.move", "shutil.chown",
        "resource.setrlimit", "resource.prlimit", "mmap.__new__", "sqlite3.connect", "webbrowser.open",
        "sys._current_frames", "sys.settrace", "sys.setprofile",
        "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    }
)  # fmt: skip
BLOCKED_PREFIXES = ("socket.", "ctypes.", "winreg.")  # every socket, every foreign call
BLOCKED_MODULES = frozenset(
    {
        "ctypes", "_ctypes", "_posixsubprocess", "subprocess", "multiprocessing", "_multiprocessing",
        "_posixshmem", "_xxsubinterpreters", "_testcapi", "_testinternalcapi", "sqlite3", "_sqlite3", "pty",
    }
)  # fmt: skip
# Classes and functions of these modules may not be changed (the harness's are in __main__).
GUARDED_MODULES = frozenset(
    {"__main__", "builtins", "io", "_io", "os", "posix", "posixpath", "pathlib", "json"}
)
# Events whose first argument is a path, checked like open(): reads inside the folder or the standard
# library, writes inside the folder only.
PATH_EVENTS = frozenset({"os.listdir", "os.scandir", "glob.glob", "os.mkdir", "os.utime"})
WRITE_EVENTS = frozenset({"os.mkdir", "os.utime"})


class TestResult(BaseModel):
    __test__: ClassVar[bool] = False  # not a pytest class

    name: str
    status: Status
    detail: str = ""


class RunResult(BaseModel):
    """One run of candidate code: a result per test, and a one-line message when the whole run failed."""

    results: list[TestResult]
    problem_message: str | None = None
    output: str = ""

    @property
    def passed(self) -> int:
        return sum(result.status == "passed" for result in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def all_passed(self) -> bool:
        return self.problem_message is None and self.passed == self.total


def one_line(text: str, limit: int = DETAIL_CHARS) -> str:
    """Whitespace collapsed to single spaces and cut to `limit` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def run_tests(
    code: str, problem: Problem, tests: Sequence[Case], *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> RunResult:
    """Run `problem.function` from `code` on each test in a sandboxed child; never raises for bad code."""
    deadline_s = STARTUP_S + timeout_s * (len(tests) + 1)
    job = {
        "code": code,
        "function": problem.function,
        "tests": [case.payload() for case in tests],
        "timeout_s": timeout_s,
        "limits": {
            "cpu_s": math.ceil(deadline_s) + 1,
            "memory_bytes": MEMORY_BYTES,
            "file_bytes": FILE_BYTES,
            "open_files": OPEN_FILES,
        },
        "output_chars": OUTPUT_CHARS,
        "detail_chars": DETAIL_CHARS,
        "blocked_events": sorted(BLOCKED_EVENTS),
        "blocked_prefixes": list(BLOCKED_PREFIXES),
        "blocked_modules": sorted(BLOCKED_MODULES),
        "guarded_modules": sorted(GUARDED_MODULES),
        "path_events": sorted(PATH_EVENTS),
        "write_events": sorted(WRITE_EVENTS),
    }
    try:
        workdir = tempfile.mkdtemp(prefix="interviewer-sandbox-")
    except OSError as error:
        return _whole_run_failed(tests, f"cannot create the sandbox folder: {error}")
    try:
        return _run_in(workdir, job, tests, deadline_s)
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        return _whole_run_failed(tests, f"cannot run the sandbox: {error}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _whole_run_failed(tests: Sequence[Case], message: str) -> RunResult:
    message = one_line(message)
    return RunResult(
        results=[TestResult(name=case.name, status="error", detail=message) for case in tests],
        problem_message=message,
    )


def _run_in(workdir: str, job: dict[str, Any], tests: Sequence[Case], deadline_s: float) -> RunResult:
    with open(os.path.join(workdir, "job.json"), "w", encoding="utf-8") as handle:
        json.dump(job, handle)
    env = {"HOME": workdir, "TMPDIR": workdir, "LC_ALL": "C.UTF-8", "PATH": os.defpath}
    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", "-X", "utf8", "-c", _child_source(), str(write_fd)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=workdir,
            env=env,
            pass_fds=(write_fd,),
            start_new_session=True,  # its own process group, killed as a whole
        )
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as results:
            assert process.stdout is not None and process.stderr is not None
            pipes = (results.fileno(), process.stdout.fileno(), process.stderr.fileno())
            caps = dict(zip(pipes, (RESULT_BYTES, STREAM_BYTES, STREAM_BYTES), strict=True))
            received, timed_out = _drain(process, caps, time.monotonic() + deadline_s)
    finally:
        _stop(process)
    raw_results, stdout, stderr = (received[fd] for fd in pipes)
    return _collect(tests, raw_results, stdout, stderr, process.returncode, timed_out, deadline_s)


def _drain(
    process: subprocess.Popen[bytes], caps: dict[int, int], end: float
) -> tuple[dict[int, bytes], bool]:
    """Read every pipe up to its cap (discarding the rest) until the child ends or the deadline passes."""
    received = {fd: bytearray() for fd in caps}
    with selectors.DefaultSelector() as selector:
        for fd in caps:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = end - time.monotonic()
            if remaining <= 0:
                return {fd: bytes(data) for fd, data in received.items()}, True
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                buffer = received[key.fd]
                if len(buffer) < caps[key.fd]:
                    buffer += chunk[: caps[key.fd] - len(buffer)]
    try:
        process.wait(timeout=max(0.0, end - time.monotonic()))
        timed_out = False
    except subprocess.TimeoutExpired:  # it closed its pipes but runs on
        timed_out = True
    return {fd: bytes(data) for fd, data in received.items()}, timed_out


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group if it still runs, reap it and close its pipes."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # still unreaped, so the group id is still its own
        except (ProcessLookupError, PermissionError):
            process.kill()
    process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _collect(
    tests: Sequence[Case],
    raw_results: bytes,
    stdout: bytes,
    stderr: bytes,
    returncode: int,
    timed_out: bool,
    deadline_s: float,
) -> RunResult:
    """Per-test results from the child's messages; what it never reported is named by why it stopped."""
    results: dict[int, TestResult] = {}
    problem: str | None = None
    printed: list[str] = []
    finished = False
    for line in raw_results.decode("utf-8", "replace").splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if not isinstance(message, dict):
            continue
        kind = message.get("kind")
        if kind == "result":
            index, status = message.get("index"), message.get("status")
            if isinstance(index, int) and 0 <= index < len(tests) and status in STATUSES:
                detail = one_line(message.get("detail", ""))
                results.setdefault(index, TestResult(name=tests[index].name, status=status, detail=detail))
        elif kind == "problem" and problem is None:
            problem = one_line(message.get("message", ""))
        elif kind == "output":
            printed.append(str(message.get("text", "")))
        elif kind == "done":
            finished = True
    raw_output = stdout.decode("utf-8", "replace") + stderr.decode("utf-8", "replace")
    output = _cap_output("".join(printed) + raw_output)
    missing_status: Status = "error"
    if problem is None and timed_out:
        problem = f"stopped after {deadline_s:.0f} s: the code ran too long"
        missing_status = "timeout"
    elif problem is None and not finished:
        problem = _crash_message(returncode, stderr.decode("utf-8", "replace"))
    ordered = []
    for index, case in enumerate(tests):
        if index in results:
            ordered.append(results[index])
        else:
            detail = problem or "not run"
            ordered.append(TestResult(name=case.name, status=missing_status, detail=one_line(detail)))
    return RunResult(results=ordered, problem_message=problem, output=output)


def _cap_output(text: str) -> str:
    if len(text) <= OUTPUT_CHARS:
        return text
    return text[:OUTPUT_CHARS] + "\n… (output cut)\n"


def _crash_message(returncode: int, stderr: str) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        reason = {
            "SIGXCPU": "it used too much CPU time",
            "SIGSEGV": "it crashed (perhaps too deep a recursion)",
            "SIGKILL": "it was killed (perhaps out of memory)",
        }.get(name, f"it was stopped by {name}")
        return f"the program stopped before finishing: {reason}"
    last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
    suffix = f": {last}" if last else ""
    return f"the program exited before finishing (exit code {returncode}){suffix}"


@cache
def _child_source() -> str:
    return "from __future__ import annotations\n" + inspect.getsource(_child_main) + "\n_child_main()\n"


def _child_main() -> None:  # the whole child harness, sent to `python -I -S -c`
    """The child: limits itself, guards itself with an audit hook, loads the code, runs each test.

    Its source runs in a fresh interpreter, so it uses the standard library only and defines all it
    needs inside. The hook's state and the builtins it calls are bound as default arguments, out of reach
    of the candidate's code (changing them raises an audit event the hook refuses).
    """
    import __future__

    import io
    import json
    import math
    import os
    import posix
    import resource
    import signal
    import stat
    import sys

    result_fd = int(sys.argv[1])
    workdir = os.path.realpath(os.getcwd())
    with open("job.json", encoding="utf-8") as handle:
        job = json.load(handle)
    os.remove("job.json")

    limits = job["limits"]
    for which, wanted in (
        (resource.RLIMIT_CPU, limits["cpu_s"]),
        (resource.RLIMIT_AS, limits["memory_bytes"]),
        (resource.RLIMIT_FSIZE, limits["file_bytes"]),
        (resource.RLIMIT_NOFILE, limits["open_files"]),
        (resource.RLIMIT_NPROC, 0),  # no new processes or threads (root is exempt: the hook stops it)
        (resource.RLIMIT_CORE, 0),
    ):
        _, hard = resource.getrlimit(which)
        value = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            resource.setrlimit(which, (value, hard))
    # Unaudited functions that could reach outside the folder (device nodes, fifos, another root).
    for name in ("mknod", "mkfifo", "chroot", "setns", "unshare"):
        for module in (os, posix):
            module.__dict__.pop(name, None)

    channel = os.fdopen(result_fd, "w", encoding="utf-8")
    detail_chars = int(job["detail_chars"])
    timeout_s = float(job["timeout_s"])

    def send(**message: object) -> None:
        channel.write(json.dumps(message, default=str) + "\n")
        channel.flush()

    def short(text: str) -> str:
        flat = " ".join(str(text).split())
        return flat if len(flat) <= detail_chars else flat[: detail_chars - 1] + "…"

    printed: list[str] = []
    budget = [int(job["output_chars"])]

    class Capped(io.TextIOBase):
        """stdout and stderr: keeps the first characters printed, drops the rest."""

        def write(self, text: str) -> int:
            if not isinstance(text, str):
                raise TypeError(f"write() argument must be str, not {type(text).__name__}")
            if budget[0] > 0:
                printed.append(text[: budget[0]])
                budget[0] -= len(printed[-1])
            return len(text)

        def writable(self) -> bool:
            return True

    def flush_output() -> None:
        if printed:
            send(kind="output", text="".join(printed))
            printed.clear()

    roots = [workdir]
    roots += [os.path.realpath(entry) for entry in sys.path if entry and os.path.isdir(entry)]
    read_roots = tuple(root for root in roots if root != "/")

    def resolve(
        path: str,
        _lstat: Any = os.lstat,
        _readlink: Any = os.readlink,
        _getcwd: Any = os.getcwd,
        _islink: Any = stat.S_ISLNK,
    ) -> str:
        """The real path (symlinks followed) using builtins only, so patching os.path cannot fool it."""
        if not path.startswith("/"):
            path = _getcwd() + "/" + path
        parts = [part for part in path.split("/") if part and part != "."]
        resolved = ""
        links = 0
        while parts:
            part = parts.pop(0)
            if part == "..":
                resolved = resolved.rpartition("/")[0]
                continue
            candidate = resolved + "/" + part
            try:
                mode = _lstat(candidate).st_mode
            except (OSError, ValueError):
                resolved = candidate
                continue
            if _islink(mode):
                links += 1
                if links > 40:
                    raise PermissionError("not allowed in the sandbox: too many symbolic links")
                target = _readlink(candidate)
                if target.startswith("/"):
                    resolved = ""
                parts = [p for p in target.split("/") if p and p != "."] + parts
                continue
            resolved = candidate
        return resolved or "/"

    def hook(
        event: str,
        args: tuple[Any, ...],
        _blocked: frozenset[str] = frozenset(job["blocked_events"]),
        _blocked_prefixes: tuple[str, ...] = tuple(job["blocked_prefixes"]),
        _blocked_modules: frozenset[str] = frozenset(job["blocked_modules"]),
        _guarded_modules: frozenset[str] = frozenset(job["guarded_modules"]),
        _path_events: frozenset[str] = frozenset(job["path_events"]),
        _write_events: frozenset[str] = frozenset(job["write_events"]),
        _write_flags: int = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC,
        _write_exact: frozenset[str] = frozenset({workdir, "/dev/null"}),
        _write_under: tuple[str, ...] = (workdir + "/",),
        _read_exact: frozenset[str] = frozenset({*read_roots, "/dev/null"}),
        _read_under: tuple[str, ...] = tuple(root + "/" for root in read_roots),
        _resolve: Any = resolve,
        _isinstance: Any = isinstance,
        _getattr: Any = getattr,
        _stat: Any = os.stat,
        _isdir: Any = stat.S_ISDIR,
        _str: type = str,
        _bytes: type = bytes,
        _int: type = int,
        _bool: type = bool,
    ) -> None:
        if event in _blocked or event.startswith(_blocked_prefixes):
            raise PermissionError(f"not allowed in the sandbox: {event}")
        if event == "import":
            if args[0].partition(".")[0] in _blocked_modules:
                raise ImportError(f"module {args[0]} is not available in the sandbox")
            return
        if event == "object.__setattr__" or event == "object.__delattr__":
            if _getattr(args[0], "__module__", None) in _guarded_modules:
                raise PermissionError("not allowed in the sandbox: changing the harness or stdlib")
            return
        if event != "open" and event not in _path_events:
            return
        path: Any = args[0] if args else None
        if path is None:
            path = "."
        if _isinstance(path, _int) and not _isinstance(path, _bool):
            if event == "open" and path > 2:
                raise PermissionError("not allowed in the sandbox: opening a file descriptor")
            return
        if _isinstance(path, _bytes):
            path = path.decode("utf-8", "surrogateescape")
        if not _isinstance(path, _str):
            raise PermissionError("not allowed in the sandbox: this kind of path")
        if event == "open":
            mode, flags = args[1], args[2]
            by_mode = _isinstance(mode, _str) and ("w" in mode or "a" in mode or "x" in mode or "+" in mode)
            writing = by_mode or (_isinstance(flags, _int) and (flags & _write_flags) != 0)
        else:
            writing = event in _write_events
        real = _resolve(path)
        if writing:
            allowed = real in _write_exact or real.startswith(_write_under)
        else:
            allowed = real in _read_exact or real.startswith(_read_under)
        if not allowed:
            what = "writing" if writing else "reading"
            raise PermissionError(f"not allowed in the sandbox: {what} {path} (outside the working folder)")
        if event == "open":
            try:
                is_dir = _isdir(_stat(real).st_mode)
            except (OSError, ValueError):
                is_dir = False
            if is_dir:  # a directory's descriptor would let dir_fd= reach around these checks
                raise PermissionError("not allowed in the sandbox: opening a directory")

    class Timeout(BaseException):
        """The test's time is up (raised by the alarm, so `except Exception` does not swallow it)."""

    armed = [False]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise Timeout

    def disarm() -> None:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)

    def attempt(action: Any) -> tuple[str, Any]:
        """("ok", value), ("raised", exception) or ("timeout", None); the alarm repeats until it lands."""
        try:
            try:
                armed[0] = True
                signal.setitimer(signal.ITIMER_REAL, timeout_s, 0.25)
                return "ok", action()
            finally:
                disarm()
        except Timeout:
            disarm()
            return "timeout", None
        except BaseException as error:  # anything the candidate's code raises
            disarm()
            return "raised", error

    def error_line(error: BaseException) -> str:
        """The last line of the traceback: the exception's type and message."""
        if isinstance(error, SyntaxError):
            where = f" (line {error.lineno})" if error.lineno else ""
            return f"{type(error).__name__}: {error.msg}{where}"
        try:
            text = str(error)
        except BaseException:  # a broken __str__ is the candidate's
            text = ""
        return f"{type(error).__name__}: {text}" if text else type(error).__name__

    unreadable = object()

    def plain(value: Any, depth: int = 0) -> Any:
        """The returned value as JSON-like data, read with the builtin types' own methods."""
        if depth > 50:
            return unreadable
        if value is None or type(value) is bool:
            return value
        if isinstance(value, int):
            return int.__index__(value)
        if isinstance(value, float):
            return float.__float__(value)
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, list | tuple):
            items = list.copy(value) if isinstance(value, list) else tuple.__getitem__(value, slice(None))
            return [plain(item, depth + 1) for item in items]
        if isinstance(value, dict):
            return {plain(key, depth + 1): plain(item, depth + 1) for key, item in dict.items(value)}
        return unreadable

    def same(expected: Any, actual: Any, tolerance: float) -> bool:
        if type(expected) is float or (type(expected) is int and type(actual) is float):
            if type(actual) not in (int, float):
                return False
            return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
        if type(expected) is not type(actual):
            return False
        if type(expected) is list:
            return len(expected) == len(actual) and all(
                same(e, a, tolerance) for e, a in zip(expected, actual, strict=True)
            )
        if type(expected) is dict:
            return expected.keys() == actual.keys() and all(
                same(expected[key], actual[key], tolerance) for key in expected
            )
        return bool(expected == actual)

    def report(index: int, status: str, detail: str = "") -> None:
        send(kind="result", index=index, status=status, detail=short(detail))

    def problem(message: str) -> None:
        flush_output()
        send(kind="problem", message=short(message))
        send(kind="done")

    sys.stdout = sys.stderr = Capped()
    sys.stdin = io.StringIO("")
    signal.signal(signal.SIGALRM, on_alarm)
    sys.dont_write_bytecode = True
    sys.addaudithook(hook)

    solution = type(sys)("solution")  # a real module, so dataclasses and pickle can find it
    sys.modules["solution"] = solution
    namespace: dict[str, Any] = solution.__dict__
    flags = __future__.annotations.compiler_flag  # an unimported name in an annotation is no error
    outcome, error = attempt(
        lambda: exec(compile(job["code"], "solution.py", "exec", flags=flags, dont_inherit=True), namespace)
    )
    if outcome == "timeout":
        return problem(f"loading the code took longer than {timeout_s:g} s")
    if outcome == "raised":
        return problem(error_line(error))
    function = namespace.get(job["function"])
    if not callable(function):
        return problem(f"the code does not define a function named {job['function']}")
    flush_output()

    for index, case in enumerate(job["tests"]):
        tolerance = 1e-9 if case["tolerance"] is None else float(case["tolerance"])

        def call(case: dict[str, Any] = case) -> tuple[Any, str]:
            value = function(*case["args"], **case["kwargs"])
            return plain(value), short(repr(value))

        outcome, value = attempt(call)
        expected_error = case["raises"]
        if outcome == "timeout":
            report(index, "timeout", f"ran longer than {timeout_s:g} s")
        elif outcome == "raised":
            names = [cls.__name__ for cls in type(value).__mro__]
            if expected_error is not None and expected_error in names:
                report(index, "passed")
            elif expected_error is not None:
                report(index, "failed", f"expected {expected_error}, got {error_line(value)}")
            else:
                report(index, "error", error_line(value))
        else:
            actual, shown = value
            if expected_error is not None:
                report(index, "failed", f"expected {expected_error}, got {shown}")
            elif same(case["expected"], actual, tolerance):
                report(index, "passed")
            else:
                report(index, "failed", f"expected {short(repr(case['expected']))}, got {shown}")
        flush_output()
    send(kind="done")
