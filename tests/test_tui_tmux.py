"""The real app in a real terminal (tmux): a typed interview of two questions, then the sessions screen."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.cli import INTERVIEWER, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
FIRST = "I would put a gateway in front of every LLM call that always works and caches answers."
SECOND = "We would batch embeddings and cache them to keep the cost per query around a cent."


class Terminal:
    """One tmux server of its own (a private socket), running one command in a 100x30 window."""

    def __init__(self, folder: Path, command: str) -> None:
        self.tmux = ["tmux", "-S", str(folder / "tmux.sock")]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command], check=True
        )

    def shown(self) -> str:
        done = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "app"], capture_output=True, text=True)
        return done.stdout

    def press(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "app", *keys], check=True)

    def until(self, text: str, timeout_s: float = 120) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in (screen := self.shown()):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.shown()}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def test_the_app_holds_a_typed_interview_and_lists_it(tmp_path: Path, sessions_dir: Path) -> None:
    env = f"INTERVIEWER_SESSIONS_DIR={sessions_dir} INTERVIEWER_MAX_FOLLOW_UPS=0 HOME={tmp_path}"
    env += " INTERVIEWER_SPOKEN_ANSWERS=false"  # typed answers from the start
    terminal = Terminal(tmp_path, f"env {env} {INTERVIEWER}; sleep 5")
    try:
        terminal.until("Start interview")
        terminal.press("s")
        terminal.until("Question 1 of 2")
        terminal.until("Your turn: type your answer")
        terminal.press(FIRST)
        terminal.until("caches answers.")
        terminal.press("C-s")
        terminal.until("Question 2 of 2")
        terminal.until("Your turn: type your answer")
        terminal.press(SECOND)
        terminal.until("around a cent.")
        terminal.press("C-s")
        terminal.until("Interview report")  # the last answer ends the interview and opens its review
        terminal.press("Escape")
        terminal.until("Start interview")
        terminal.press("l")
        table = terminal.until("complete")
        assert "system-design" in table and "1 of 1 sessions" in table
        terminal.press("C-q")
    finally:
        terminal.close()
    [listed] = json.loads(
        run("sessions", "list", "--json", env={"INTERVIEWER_SESSIONS_DIR": str(sessions_dir)}).stdout
    )
    assert listed["status"] == "complete" and listed["turns"] == 2
