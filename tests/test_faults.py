"""Faults injected for real: a full disk, a read-only sessions folder, an unplugged microphone,
a voice that cannot speak, a Whisper model that cannot load.

The disk faults use a small tmpfs mounted by the test (as root, which ./test and CI are; other
users skip them with the reason). What must hold: a clear one-line message, the interview stops
cleanly, and nothing already saved is damaged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from textual.widgets import DataTable, Static, TextArea

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.engine.setup import make_speaker
from interviewer.engine.voice import answer_by_voice
from interviewer.settings import Settings
from interviewer.speech.audio import ArraySource
from interviewer.speech.listen import AnswerListener
from interviewer.speech.stt import Transcriber
from interviewer.speech.weights import resolve_model
from sessions.models import SessionStatus
from sessions.store import SessionError, SessionStore
from tests.support.audio import SpeechClips, VirtualAudio, silence, write_wav
from tests.support.cli import INTERVIEWER, assert_one_line_error, run
from tests.support.tui import (
    ANSWER,
    SECOND,
    app_for,
    drive,
    settle,
    type_answer,
    typing_ready,
    typing_screen,
    until,
)
from tui.screens.home import HomeScreen
from tui.screens.interview import InterviewScreen
from tui.screens.review import ReviewScreen
from tui.screens.sessions import SessionsScreen
from tui.services import _default_transcriber

LONG_ANSWER = (
    "At my last company we built retrieval for support tickets. We compared hybrid search with BM25 "
    "against pure vectors, measured quality on a golden set, and cached frequent answers to keep the "
    "cost per question down."
)
STRONG = "We shipped it in production; it cost two cents a question and we measured recall weekly."


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB file system of its own: room for a session file and about 8 s of audio."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (./test and CI run as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def read_only(disk: Path, on: bool = True) -> None:
    mount("-o", f"remount,{'ro' if on else 'rw'}", str(disk))


def plan(*questions: str) -> InterviewPlan:
    return InterviewPlan(
        track="full-loop",
        company="ai-startup",
        stage="practice",
        question_ids=list(questions),
        max_follow_ups=0,
    )


@pytest.mark.slow
def test_a_disk_that_fills_mid_answer_stops_cleanly_and_keeps_what_was_saved(
    small_disk: Path, bank: QuestionBank, transcriber: Transcriber, clips: SpeechClips
) -> None:
    store = SessionStore(small_disk / "sessions")
    interview = Interview(plan("sd-support-rag", "ml-embeddings"), bank, OfflineBackend(bank), store)
    interview.answer(STRONG)
    speech = np.concatenate([clips.samples(LONG_ANSWER)] * 2)  # about 20 s: 640 KB, more than fits
    with pytest.raises(SessionError, match="No space left on device") as caught:
        answer_by_voice(interview, AnswerListener(transcriber), ArraySource(speech))
    assert "\n" not in str(caught.value)
    record = store.load(interview.session_id)
    assert record.turns[0].answers[0].text == STRONG  # what was saved before is intact
    assert record.status == SessionStatus.IN_PROGRESS  # ours, still: listed as interrupted once we are gone
    assert record.pending is not None  # the cut-off recording is findable, and readable as far as it got
    recording = store.folder(record.id) / record.pending.audio
    assert soundfile.info(str(recording)).frames > 16_000
    assert not list(store.folder(record.id).glob(".session.json.*"))  # no temp files left behind


@pytest.mark.slow
def test_the_command_line_says_the_disk_is_full_in_one_line(
    small_disk: Path, clips: SpeechClips, tmp_path: Path
) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for name in ("01.wav", "02.wav"):  # about 5 s each: 160 KB kept at 16 kHz, so only one fits
        shutil.copy(clips.wav(STRONG), answers / name)
    env = {"INTERVIEWER_SESSIONS_DIR": str(small_disk / "sessions")}
    result = run("practice", "--answers", str(answers), "--questions", "2", "--follow-ups", "0", env=env)
    assert_one_line_error(result, "No space left on device")
    [row] = json.loads(run("sessions", "list", "--json", env=env).stdout)
    assert row["status"] == "interrupted" and row["turns"] == 1
    assert "interviewer: error" not in run("sessions", "show", row["id"], env=env).stderr


def test_a_read_only_sessions_folder_is_refused_clearly_and_old_sessions_still_read(
    small_disk: Path, tmp_path: Path
) -> None:
    env = {"INTERVIEWER_SESSIONS_DIR": str(small_disk / "sessions")}
    done = run("practice", "--text", "--questions", "1", "--follow-ups", "0", stdin=f"{STRONG}\n\n", env=env)
    assert done.returncode == 0, done.stderr
    read_only(small_disk)
    assert_one_line_error(run("practice", "--text", stdin=f"{STRONG}\n\n", env=env), "Read-only file system")
    [row] = json.loads(run("sessions", "list", "--json", env=env).stdout)
    assert row["status"] == "complete" and row["turns"] == 1
    exported = run(
        "sessions", "export", row["id"], "--format", "html", "-o", str(tmp_path / "r.html"), env=env
    )
    assert exported.returncode == 0 and STRONG in (tmp_path / "r.html").read_text()


def test_the_app_stops_cleanly_when_saving_fails_and_carries_on_later(small_disk: Path) -> None:
    sessions_dir = small_disk / "sessions"

    async def fail_then_stop(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("v")  # typed answers
        await pilot.press("s")
        await until(pilot, lambda: typing_ready(pilot))
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        await type_answer(pilot, ANSWER)
        read_only(small_disk)
        screen.query_one("#answer", TextArea).text = SECOND
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.stopped)
        assert "Read-only file system" in str(screen.query_one("#status", Static).render())
        assert "stopped" in str(screen.query_one("#where", Static).render())
        await pilot.press("ctrl+s")  # nothing happens any more
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))

    drive(app_for(sessions_dir), fail_then_stop)
    read_only(small_disk, on=False)
    [before] = SessionStore(sessions_dir).list().sessions
    assert before.status == SessionStatus.INTERRUPTED
    assert [answer.text for answer in before.turns[0].answers] == [ANSWER]

    async def carry_on(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(pilot.app.screen, SessionsScreen))
        await until(pilot, lambda: pilot.app.screen.query_one("#table", DataTable).row_count == 1)
        await pilot.press("c")
        await typing_screen(pilot, "Question 2 of 2")
        await type_answer(pilot, STRONG)
        await pilot.press("ctrl+n")  # no follow-ups: the last question is done
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    drive(app_for(sessions_dir, Settings(sessions_dir=sessions_dir, spoken_answers=False)), carry_on)
    [after] = SessionStore(sessions_dir).list().sessions
    assert after.id == before.id and after.status == SessionStatus.COMPLETE
    assert after.turns[0].answers[0].text == ANSWER and after.turns[1].answers[0].text == STRONG


@pytest.mark.slow
def test_a_voice_that_cannot_speak_leaves_the_question_shown_and_the_interview_going(
    sessions_dir: Path, transcriber: Transcriber, clips: SpeechClips
) -> None:
    speech = np.concatenate([silence(0.5), clips.samples(STRONG), silence(3)])
    settings = Settings(sessions_dir=sessions_dir, voice="klingon", end_silence_s=1.0)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("s")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        assert str(screen.query_one("#prompt", Static).render()).strip()  # the question is shown
        await until(
            pilot, lambda: screen.interview is not None and bool(screen.interview.record.turns[0].answers)
        )
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    app = app_for(
        sessions_dir,
        settings,
        speaker=make_speaker,  # the real espeak-ng engine, asked for a voice it does not have
        microphone=lambda s: ArraySource(speech, speed=4.0),
        transcriber=lambda s, progress: transcriber,
    )
    drive(app, script)
    [record] = SessionStore(sessions_dir).list().sessions
    assert any("unknown voice" in notice and "klingon" in notice for notice in record.notices)
    first = record.turns[0].answers[0]
    assert first.prompt_audio is None and "production" in first.text.lower(), first.text


def test_a_whisper_model_that_cannot_load_turns_the_app_to_typed_answers(sessions_dir: Path) -> None:
    settings = Settings(sessions_dir=sessions_dir, whisper_model=str(sessions_dir / "no-such-model"))

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("s")
        await until(pilot, lambda: typing_ready(pilot))
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen) and not screen.voice
        await type_answer(pilot, STRONG)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    drive(app_for(sessions_dir, settings, transcriber=_default_transcriber), script)
    [record] = SessionStore(sessions_dir).list().sessions
    assert any("Whisper" in notice for notice in record.notices)
    assert record.turns[0].answers[0].text == STRONG


@pytest.mark.slow
def test_a_corrupted_model_file_is_a_one_line_error(tmp_path: Path, clips: SpeechClips) -> None:
    model = tmp_path / "model"
    shutil.copytree(resolve_model(None), model)
    (model / "model.bin").write_bytes(os.urandom(4096))
    result = run("transcribe", str(clips.wav(STRONG)), env={"INTERVIEWER_WHISPER_MODEL": str(model)})
    assert_one_line_error(result, "could not be loaded")


@pytest.mark.slow
def test_a_microphone_unplugged_mid_answer_keeps_the_answer_and_goes_on_typed(
    clips: SpeechClips, tmp_path: Path
) -> None:
    """The sound server dies mid-answer (as a USB microphone pulled out): the CLI keeps what was
    said so far and carries on with typed answers."""
    audio = VirtualAudio(tmp_path / "pulse")  # our own: it is killed, unlike the shared one
    env = {**os.environ, **audio.env, "INTERVIEWER_SESSIONS_DIR": str(tmp_path / "sessions")}
    command = [str(INTERVIEWER), "practice", "--questions", "2", "--follow-ups", "0", "--seed", "5"]
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdin is not None
    output: list[str] = []
    try:
        for line in process.stdout:
            output.append(line)
            if line.startswith("Speak your answer"):
                time.sleep(0.3)
                subprocess.Popen(
                    ["paplay", str(write_wav(tmp_path / "a.wav", clips.samples(LONG_ANSWER)))], env=env
                )
                time.sleep(5)
                audio.stop()  # pulled out
            if "Continuing with typed answers" in line:
                process.stdin.write(f"{STRONG}\n\n")
                process.stdin.close()
        assert process.wait(timeout=60) == 0, "".join(output)
    finally:
        process.kill()
        audio.stop()
    assert "The answer so far is kept" in "".join(output)
    [folder] = (tmp_path / "sessions").iterdir()
    record = json.loads((folder / "session.json").read_text())
    spoken, typed = record["turns"][0]["answers"][0], record["turns"][1]["answers"][0]
    assert "retrieval" in spoken["text"].lower() and spoken["duration_s"] > 3
    assert soundfile.info(str(folder / spoken["audio"])).duration > 3
    assert typed["text"] == STRONG
    assert any("stopped delivering audio" in notice for notice in record["notices"])
