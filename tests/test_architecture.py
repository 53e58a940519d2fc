"""Dependencies point one way (the layers in pyproject.toml); no domain code imports Textual."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("rubrics", "sessions", "interviewer", "tui")


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_no_package_but_the_tui_imports_textual(package: str) -> None:
    """Also an import-linter contract (pyproject.toml, checked by ./test); this one needs no tool."""
    for path in (ROOT / package).rglob("*.py"):
        imported = imported_top_levels(path)
        assert package == "tui" or "textual" not in imported, path
        assert "bench" not in imported and "tests" not in imported, path


def test_the_import_contracts_hold() -> None:
    """The layers written in pyproject.toml's [tool.importlinter]: each imports only those below."""
    lint = Path(sys.executable).with_name("lint-imports")  # a dev dependency
    result = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_test_modules_never_import_each_other() -> None:
    """What tests share lives in tests/support (and fixtures in conftest.py), never in a test module."""
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            assert not [name for name in names if name.startswith("tests.test_")], (path, names)


def test_the_core_runs_without_loading_textual() -> None:
    code = (
        "import sys, interviewer.frontends.cli, interviewer.engine.interview, sessions.export,"
        " rubrics.scoring;"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_importing_the_app_first_leaves_numpy_without_a_blas_thread_pool() -> None:
    """OpenBLAS joins its pool at exit, and a finished soak once hung there for good on a busy machine."""
    code = "import interviewer, os, numpy; print(len(os.listdir('/proc/self/task')))"
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    assert result.stdout.strip() == "1"
