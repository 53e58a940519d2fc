"""The `interviewer` command for tests: in this process (argument handling, errors, quick commands),
or as a real process through the installed console script, as a user runs it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from interviewer.frontends import cli

INTERVIEWER = Path(sys.executable).parent / "interviewer"
WEAK = "I'd put the documents into a vector database and send the closest ones to the model. " * 5


@dataclass
class Result:
    """What a run of the command left: its arguments, exit code and what it wrote (as in a
    subprocess.CompletedProcess)."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The installed `interviewer` console script as a real process."""
    return subprocess.run(
        [str(INTERVIEWER), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def run_in_process(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
    """`interviewer ARGS` through the command line's own entry (interviewer.frontends.cli.main) in this
    process: its exit code and what it wrote to stdout and stderr, with stdin as given.

    The environment in env holds only for the call (the process's own is restored after it)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            cli.main(list(args))
        except SystemExit as done:
            code = done.code
    assert isinstance(code, int), code
    return Result(list(args), code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: subprocess.CompletedProcess[str] | Result, fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
