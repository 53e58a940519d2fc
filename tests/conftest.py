"""Shared fixtures: every test gets its own sessions folder and no user config.

The Whisper model stays in the user cache (it is a cache: assembled once, verified, reused).
A test that uses a fixture of SLOW_FIXTURES (real Whisper, espeak-ng, PulseAudio) is marked slow;
tests that start such things themselves are marked in their modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.labelled import LABELLED_SETS, format_levels, level_agreement, score_set
from interviewer.bank.questions import QuestionBank, default_bank
from interviewer.speech.stt import Transcriber
from rubrics.evaluation import accuracy_by_rubric, format_table
from rubrics.loader import RED_FLAGS
from sessions.store import SessionStore
from tests.support.audio import SpeechClips, VirtualAudio

USER_CACHE = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
# The session fixtures below that load Whisper, speak with espeak-ng or start PulseAudio.
SLOW_FIXTURES = {"transcriber", "clips", "virtual_audio"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that uses a slow fixture, directly or through another fixture."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", USER_CACHE)  # keep the joined Whisper model: it is a cache
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(tmp_path / "sessions"))
    for name in ("INTERVIEWER_CONFIG", "INTERVIEWER_BACKEND", "INTERVIEWER_COMPANY", "INTERVIEWER_TRACK"):
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith(("OPENAI_", "INTERVIEWER_LLM_"))]:
        monkeypatch.delenv(name)  # no test may reach a real LLM endpoint by accident
    return home


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


@pytest.fixture
def store(sessions_dir: Path) -> SessionStore:
    return SessionStore(sessions_dir)


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return default_bank()


@pytest.fixture(scope="session")
def transcriber() -> Transcriber:
    """The real bundled Whisper base model, loaded once."""
    return Transcriber.load()


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpeechClips]:
    made = SpeechClips(tmp_path_factory.mktemp("clips"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def virtual_audio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    audio = VirtualAudio(tmp_path_factory.mktemp("pulse"))
    audio.activate()
    yield audio
    audio.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the offline scorer on the labelled answers: precision and recall per red flag, level
    agreement, and the levels of the non-answers, for the tuning and the held-out part."""
    terminalreporter.section("offline scorer on the labelled answers")
    for name, path in LABELLED_SETS.items():
        scored = score_set(path)
        results = accuracy_by_rubric([(set(item.answer.flags), item.flags) for item in scored], RED_FLAGS)
        terminalreporter.write_line(f"{name} set, {len(scored)} answers ({path.name}):")
        for line in [*format_table(results), *format_levels(level_agreement(scored))]:
            terminalreporter.write_line("  " + line)
