"""Nothing leaves the machine unless an LLM endpoint is configured, and then the app says where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from interviewer.settings import Settings
from tests.support.audio import SpeechClips
from tests.support.llm_server import FakeLLM
from tests.support.tui import app_for, drive, settle, typing_screen

ANSWER = "We shipped the retrieval service to production and measured recall on a golden set every week."


def watched(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The interviewer command with every network attempt written to `log`."""
    return subprocess.run(
        [sys.executable, "-m", "tests.support.no_network", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "NO_NETWORK_LOG": str(log), **(env or {})},
    )


@pytest.mark.slow
def test_an_offline_spoken_session_makes_no_network_connection(clips: SpeechClips, tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "01.wav").write_bytes(clips.wav(ANSWER).read_bytes())
    (answers / "02.txt").write_text(ANSWER)
    log = tmp_path / "network.log"
    runs = [
        watched("practice", "--answers", str(answers), "--questions", "2", "--follow-ups", "0", log=log),
        watched("transcribe", str(answers / "01.wav"), "--json", log=log),
        watched("score", "--question", "sd-support-rag", "--answer-file", str(answers / "02.txt"), log=log),
        watched("sessions", "list", log=log),
        watched("doctor", "--json", log=log),
    ]
    for result in runs:
        assert result.returncode in (0, 1), result.stderr  # doctor exits 1 here: no sound card
        assert "Traceback" not in result.stderr
    assert not log.exists(), log.read_text()


def test_the_watch_sees_a_connection_when_an_llm_is_configured(tmp_path: Path) -> None:
    """The control: the same watch notices traffic as soon as there is some."""
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER)
    log = tmp_path / "network.log"
    with FakeLLM() as server:
        env = {"OPENAI_BASE_URL": server.url, "INTERVIEWER_LLM_MODEL": server.model}
        args = ("score", "--backend", "llm", "--question", "sd-support-rag", "--answer-file", str(answer))
        result = watched(*args, log=log, env=env)
    assert result.returncode == 0, result.stderr
    assert f"Answers are sent to the LLM at {server.url}" in result.stderr
    assert "socket.connect" in log.read_text()


def test_the_app_shows_where_answers_go_when_an_llm_is_used(sessions_dir: Path) -> None:
    with FakeLLM() as server:
        settings = Settings(
            sessions_dir=sessions_dir,
            backend="llm",
            llm_base_url=server.url,
            llm_model=server.model,
            spoken_answers=False,
        )

        async def script(pilot) -> None:  # type: ignore[no-untyped-def]
            await settle(pilot)
            await pilot.press("s")
            screen = await typing_screen(pilot, "Question 1")
            assert f"answers go to {server.url}" in str(screen.query_one("#where", Static).render())

        from tui.services import _default_backend

        drive(app_for(sessions_dir, settings, backend=_default_backend), script)


def test_the_app_says_nothing_of_an_endpoint_when_offline(sessions_dir: Path) -> None:
    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("s")
        screen = await typing_screen(pilot, "Question 1")
        assert "answers go to" not in str(screen.query_one("#where", Static).render())

    drive(app_for(sessions_dir, Settings(sessions_dir=sessions_dir, spoken_answers=False)), script)
