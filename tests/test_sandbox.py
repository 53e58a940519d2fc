"""The sandbox holds: hostile code ends as a one-line result, and the home and sessions folders, the
files around the run and the network stay untouched. Real child processes throughout; nothing is timed."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from interviewer.bank.problems import Case, Problem, get_problem
from interviewer.coding.sandbox import OUTPUT_CHARS, RunResult, run_tests

GENEROUS_S = 10.0  # per test, for runs that should finish: a busy machine is slow, never wrong
SHORT_S = 2.0  # per test, for runs that must be stopped; the results say timeout, however long it took
SECRET = "BEGIN-FAKE-PRIVATE-KEY-7f3a9c"


@pytest.fixture
def cosine() -> Problem:
    return get_problem("code-impl-cosine")


def cosine_body(body: str, imports: str = "") -> str:
    return f"{imports}\ndef cosine_similarity(a, b):\n" + "".join(
        f"    {line}\n" for line in body.splitlines()
    )


def example(problem: Problem) -> list[Case]:
    return problem.examples[:1]


def assert_one_line_results(result: RunResult, count: int) -> None:
    assert len(result.results) == count
    texts = [test.detail for test in result.results] + [result.problem_message or ""]
    for text in texts:
        assert "\n" not in text and "Traceback" not in text
    assert "Traceback" not in result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<dir>"
        for path in folder.rglob("*")
    }


def test_a_syntax_error_is_one_line_for_the_whole_run(cosine: Problem) -> None:
    result = run_tests(
        "def cosine_similarity(a, b)\n    return 1.0\n", cosine, cosine.tests, timeout_s=GENEROUS_S
    )
    assert result.problem_message == "SyntaxError: expected ':' (line 1)"
    assert_one_line_results(result, len(cosine.tests))
    assert {test.status for test in result.results} == {"error"}


def test_a_missing_function_is_named(cosine: Problem) -> None:
    result = run_tests("def cosine(a, b):\n    return 0.0\n", cosine, example(cosine), timeout_s=GENEROUS_S)
    assert result.problem_message == "the code does not define a function named cosine_similarity"
    assert result.passed == 0


def test_an_error_at_import_time_is_its_last_traceback_line(cosine: Problem) -> None:
    result = run_tests("import numpy_that_is_not_there\n", cosine, example(cosine), timeout_s=GENEROUS_S)
    assert result.problem_message == "ModuleNotFoundError: No module named 'numpy_that_is_not_there'"


def test_each_test_is_passed_failed_error_or_timeout_and_later_tests_still_run(cosine: Problem) -> None:
    code = cosine_body(
        "if a == [1.0]:\n"
        "    return 0.5\n"
        "if a == [2.0]:\n"
        "    raise KeyError('dimension')\n"
        "if a == [3.0]:\n"
        "    while True:\n"
        "        try:\n"
        "            pass\n"
        "        except BaseException:\n"  # swallowing the alarm does not save it
        "            pass\n"
        "print('checked', a)\n"
        "return 1.0"
    )
    tests = [
        Case(name="passes", args=[[4.0], [4.0]], expected=1.0),
        Case(name="fails", args=[[1.0], [1.0]], expected=1.0),
        Case(name="errors", args=[[2.0], [2.0]], expected=1.0),
        Case(name="loops", args=[[3.0], [3.0]], expected=1.0),
        Case(name="runs after the loop", args=[[5.0], [5.0]], expected=1.0),
        Case(name="expects an error", args=[[6.0], [6.0]], raises="ValueError"),
    ]
    result = run_tests(code, cosine, tests, timeout_s=SHORT_S)
    by_name = {test.name: (test.status, test.detail) for test in result.results}
    assert by_name == {
        "passes": ("passed", ""),
        "fails": ("failed", "expected 1.0, got 0.5"),
        "errors": ("error", "KeyError: 'dimension'"),
        "loops": ("timeout", "ran longer than 2 s"),
        "runs after the loop": ("passed", ""),
        "expects an error": ("failed", "expected ValueError, got 1.0"),
    }
    assert result.problem_message is None and (result.passed, result.total) == (2, 6)
    assert "checked [4.0]" in result.output and "checked [5.0]" in result.output


def test_an_infinite_loop_times_out(cosine: Problem) -> None:
    result = run_tests(cosine_body("while True:\n    pass"), cosine, example(cosine), timeout_s=SHORT_S)
    assert [test.status for test in result.results] == ["timeout"]
    assert_one_line_results(result, 1)


@pytest.mark.slow
def test_a_loop_that_never_returns_to_python_is_killed_at_the_deadline(cosine: Problem) -> None:
    code = cosine_body("return float(sum(range(10 ** 15)))")  # one C call: no alarm can interrupt it
    result = run_tests(code, cosine, example(cosine), timeout_s=SHORT_S)
    assert result.problem_message is not None and result.problem_message.endswith("the code ran too long")
    assert [test.status for test in result.results] == ["timeout"]


def test_an_infinite_loop_at_import_time_is_a_whole_run_timeout(cosine: Problem) -> None:
    result = run_tests("while True:\n    pass\n", cosine, cosine.tests, timeout_s=SHORT_S)
    assert result.problem_message == "loading the code took longer than 2 s"
    assert_one_line_results(result, len(cosine.tests))


@pytest.mark.parametrize(
    "body",
    [
        "while True:\n    os.fork()",
        "import subprocess\nsubprocess.run(['true'])",
        "os.system('true')",
        "os.execv('/bin/true', ['true'])",
        "import multiprocessing\nmultiprocessing.Process(target=print).start()",
        "os.posix_spawn('/bin/true', ['true'], {})",
    ],
    ids=["fork-bomb", "subprocess", "system", "exec", "multiprocessing", "posix-spawn"],
)
def test_no_new_processes(cosine: Problem, body: str) -> None:
    result = run_tests(
        cosine_body(body + "\nreturn 0.0", "import os"), cosine, example(cosine), timeout_s=GENEROUS_S
    )
    assert [test.status for test in result.results] == ["error"]
    assert_one_line_results(result, 1)
    detail = result.results[0].detail
    assert detail.startswith(("PermissionError: not allowed in the sandbox", "ImportError: module"))


def test_the_caller_goes_on_after_a_fork_bomb(cosine: Problem) -> None:
    bomb = run_tests(
        cosine_body("while True:\n    os.fork()", "import os"), cosine, cosine.tests, timeout_s=GENEROUS_S
    )
    assert bomb.passed == 0
    after = run_tests(cosine.reference, cosine, cosine.tests, timeout_s=GENEROUS_S)
    assert after.passed == after.total


def test_a_huge_print_is_cut_and_the_test_still_counts(cosine: Problem) -> None:
    code = cosine_body("print('x' * 10 ** 8)\nos.write(1, b'y' * 10 ** 6)\nreturn 0.0", "import os")
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    assert result.passed == 1
    assert len(result.output) <= OUTPUT_CHARS + 100 and result.output.startswith("x" * 1000)


def test_printing_forever_ends_as_a_timeout(cosine: Problem) -> None:
    result = run_tests(
        cosine_body("while True:\n    print('spam' * 100)"), cosine, example(cosine), timeout_s=SHORT_S
    )
    assert [test.status for test in result.results] == ["timeout"]
    assert len(result.output) <= OUTPUT_CHARS + 100


def test_memory_is_limited(cosine: Problem) -> None:
    result = run_tests(
        cosine_body("x = [0] * (10 ** 9)\nreturn 0.0"), cosine, example(cosine), timeout_s=GENEROUS_S
    )
    assert [(test.status, test.detail) for test in result.results] == [("error", "MemoryError")]


@pytest.mark.parametrize(
    "connect",
    ["socket.create_connection(('127.0.0.1', PORT))", "socket.socket().connect(('127.0.0.1', PORT))"],
    ids=["create-connection", "socket-connect"],
)
def test_no_socket_reaches_a_listening_server(cosine: Problem, connect: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        code = cosine_body(f"{connect}.sendall(b'hello')\nreturn 0.0", f"import socket\nPORT = {port}")
        result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
        server.settimeout(0.5)
        with pytest.raises(TimeoutError):
            server.accept()  # nothing connected: the child is gone, so a connection would be queued
    assert [test.status for test in result.results] == ["error"]
    assert result.results[0].detail.startswith("PermissionError: not allowed in the sandbox: socket.")


@pytest.mark.parametrize(
    "body",
    [
        "return open(os.path.join(HOME, '.ssh', 'id_rsa')).read()",
        "return pathlib.Path(HOME, '.ssh', 'id_rsa').read_text()",
        "return os.read(os.open(HOME + '/.ssh/id_rsa', os.O_RDONLY), 100)",
        "return str(os.listdir(HOME + '/.ssh'))",
        "return open(os.path.expanduser('~/.ssh/id_rsa')).read()",
        "return open(os.path.relpath(HOME + '/.ssh/id_rsa')).read()",
        "import builtins\nbuiltins.any = builtins.all = lambda items: True\n"
        "return open(HOME + '/.ssh/id_rsa').read()",
        "os.path.realpath = lambda path, **kw: os.getcwd()\nreturn open(HOME + '/.ssh/id_rsa').read()",
    ],
    ids=[
        "open",
        "pathlib",
        "os-open",
        "listdir",
        "expanduser",
        "relative",
        "patched-builtins",
        "patched-realpath",
    ],
)
def test_the_home_folder_cannot_be_read(cosine: Problem, isolated_home: Path, body: str) -> None:
    ssh = isolated_home / ".ssh"
    ssh.mkdir()
    (ssh / "id_rsa").write_text(SECRET, encoding="utf-8")
    code = cosine_body(body, f"import os, pathlib\nHOME = {str(isolated_home)!r}")
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    seen = " ".join([result.output, result.problem_message or ""] + [test.detail for test in result.results])
    assert SECRET not in seen and "['id_rsa']" not in seen
    assert result.passed == 0
    assert_one_line_results(result, 1)


def test_the_child_gets_a_fresh_folder_as_home_and_cwd_deleted_afterwards(
    cosine: Problem, isolated_home: Path
) -> None:
    code = cosine_body("return [os.getcwd(), os.path.expanduser('~'), sorted(os.environ)]", "import os")
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    detail = result.results[0].detail
    cwd = detail.split("'")[1]
    assert detail.startswith(f"expected 0.0, got ['{cwd}', '{cwd}', [")
    assert not os.path.exists(cwd) and cwd != str(isolated_home)
    assert "INTERVIEWER_SESSIONS_DIR" not in detail and "XDG" not in detail


@pytest.mark.parametrize(
    "body",
    [
        "os.remove(SENTINEL)",
        "os.unlink(SENTINEL)",
        "pathlib.Path(SENTINEL).unlink()",
        "shutil.rmtree(os.path.dirname(SENTINEL))",
        "os.rename(SENTINEL, 'mine')",
        "open(SENTINEL, 'w').write('gone')",
        "os.truncate(SENTINEL, 0)",
        "os.chmod(SENTINEL, 0)",
    ],
    ids=["remove", "unlink", "pathlib", "rmtree", "rename", "overwrite", "truncate", "chmod"],
)
def test_files_outside_the_folder_cannot_be_deleted_or_changed(
    cosine: Problem, tmp_path: Path, body: str
) -> None:
    sentinel = tmp_path / "keep" / "sentinel.txt"
    sentinel.parent.mkdir()
    sentinel.write_text("still here", encoding="utf-8")
    mode = sentinel.stat().st_mode
    code = cosine_body(body + "\nreturn 0.0", f"import os, pathlib, shutil\nSENTINEL = {str(sentinel)!r}")
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    assert [test.status for test in result.results] == ["error"]
    assert result.results[0].detail.startswith("PermissionError: not allowed in the sandbox")
    assert sentinel.read_text(encoding="utf-8") == "still here" and sentinel.stat().st_mode == mode


def test_the_code_may_use_its_own_folder(cosine: Problem) -> None:
    body = (
        "os.mkdir('work')\nwith open('work/notes.txt', 'w') as f:\n    f.write('ok')\n"
        "return float(open('work/notes.txt').read() == 'ok') - 1"
    )
    result = run_tests(cosine_body(body, "import os"), cosine, example(cosine), timeout_s=GENEROUS_S)
    assert result.passed == 1


def test_the_sessions_and_home_folders_are_untouched(
    cosine: Problem, sessions_dir: Path, isolated_home: Path
) -> None:
    session = sessions_dir / "2024-01-01T10-00-00-coding"
    session.mkdir(parents=True)
    (session / "session.json").write_text('{"schema_version": 1}', encoding="utf-8")
    (isolated_home / ".bashrc").write_text("export KEEP=1\n", encoding="utf-8")
    before = (snapshot(sessions_dir), snapshot(isolated_home))
    attempts = [
        "open(os.path.join(SESSIONS, 'evil.json'), 'w').write('{}')",
        "open(os.path.join(SESSION, 'session.json'), 'a').write('tampered')",
        "os.mkdir(os.path.join(SESSIONS, 'new-session'))",
        "shutil.rmtree(SESSION)",
        "os.remove(os.path.join(SESSION, 'session.json'))",
        "os.utime(os.path.join(SESSION, 'session.json'), (0, 0))",
        "open(os.path.join(HOME, '.bashrc'), 'w').write('rm -rf /')",
        "shutil.copy(os.__file__, os.path.join(HOME, 'copied.py'))",
    ]
    imports = (
        f"import os, shutil\nSESSIONS = {str(sessions_dir)!r}\nSESSION = {str(session)!r}\n"
        f"HOME = {str(isolated_home)!r}"
    )
    for body in attempts:
        result = run_tests(
            cosine_body(body + "\nreturn 0.0", imports), cosine, example(cosine), timeout_s=GENEROUS_S
        )
        assert [test.status for test in result.results] == ["error"], body
        assert_one_line_results(result, 1)
    assert (snapshot(sessions_dir), snapshot(isolated_home)) == before


@pytest.mark.parametrize(
    "body",
    [
        "import ctypes",
        "import resource\nresource.setrlimit(resource.RLIMIT_AS, (-1, -1))",
        "os.kill(os.getppid(), 9)",
        "os.chdir('/')",
        "import sys\nf = sys._getframe()\nwhile 'hook' not in f.f_locals:\n    f = f.f_back\n"
        "f.f_locals['hook'].__defaults__ = ()",
        "import gc\ngc.get_objects()",
        "os.open(os.path.dirname(os.__file__), os.O_RDONLY)",
    ],
    ids=["ctypes", "setrlimit", "kill-parent", "chdir", "patch-hook", "gc", "directory-fd"],
)
def test_escape_hatches_are_refused(cosine: Problem, body: str) -> None:
    result = run_tests(
        cosine_body(body + "\nreturn 0.0", "import os"), cosine, example(cosine), timeout_s=GENEROUS_S
    )
    assert [test.status for test in result.results] == ["error"]
    assert_one_line_results(result, 1)


def test_exiting_early_is_a_one_line_problem(cosine: Problem) -> None:
    result = run_tests(cosine_body("os._exit(3)", "import os"), cosine, cosine.tests, timeout_s=GENEROUS_S)
    assert result.problem_message == "the program exited before finishing (exit code 3)"
    assert_one_line_results(result, len(cosine.tests))


def test_a_value_that_only_claims_equality_does_not_pass(cosine: Problem) -> None:
    code = cosine_body(
        "class Liar(float):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = float.__hash__\nreturn Liar(42.0)"
    )
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    assert [(test.status, test.detail) for test in result.results] == [("failed", "expected 0.0, got 42.0")]


def test_the_standard_library_works_inside(cosine: Problem) -> None:
    code = cosine_body(
        "@dataclasses.dataclass(frozen=True)\nclass P:\n    x: float\n"
        "N = collections.namedtuple('N', 'a')\n"
        "return P(0.0).x + N(0.0).a + math.fsum([]) + heapq.nsmallest(1, [0.0])[0]",
        "import collections, dataclasses, heapq, math, json, re, statistics, typing, pathlib",
    )
    result = run_tests(code, cosine, example(cosine), timeout_s=GENEROUS_S)
    assert result.passed == 1, result.results
