"""Dependencies point one way: tui -> interviewer -> sessions -> rubrics; no domain code imports Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "rubrics": {"rubrics"},
    "sessions": {"sessions", "rubrics"},
    "interviewer": {"interviewer", "sessions", "rubrics"},
    "tui": {"tui", "interviewer", "sessions", "rubrics"},
}
PROJECT_PACKAGES = {"rubrics", "sessions", "interviewer", "tui", "bench", "tests"}
# The CLI is the top of the core: it alone may run the benchmark suite (imported when asked for).
EXTRA = {ROOT / "interviewer" / "cli_speech.py": {"bench"}}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_domain_packages_import_only_downward_and_never_textual(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        imported = imported_top_levels(path)
        assert package == "tui" or "textual" not in imported, path
        allowed = ALLOWED[package] | EXTRA.get(path, set())
        assert imported & PROJECT_PACKAGES <= allowed, (path, imported & PROJECT_PACKAGES)


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
        "import sys, interviewer.cli, interviewer.engine, sessions.export, rubrics.scoring;"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
