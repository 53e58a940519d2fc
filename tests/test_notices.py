"""One notice per problem and session: a missing speaker or microphone is said once, in the
terminal, in the app and in the report, and again only after it came back and went away again.

The devices are PortAudio's own code paths (MicrophoneSource, play) over a sounddevice whose
devices come and go; a missing one fails as PortAudio does on a machine without it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TextIO, cast

import numpy as np
import pytest
from textual.pilot import Pilot

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.engine.setup import make_speaker
from interviewer.frontends.spoken import run_spoken
from interviewer.settings import Settings
from interviewer.speech import audio
from interviewer.speech.audio import FrameSource, MicrophoneSource, StreamingWavWriter
from interviewer.speech.listen import AnswerListener, ListenControl, SpokenAnswer
from interviewer.speech.stt import Transcriber, Transcript
from interviewer.speech.tts import Speaker
from interviewer.speech.vad import EndReason
from sessions.export import export
from sessions.models import SessionRecord
from sessions.store import SessionStore
from tests.support.devices import Devices
from tests.support.messages import plain_sentence_problems
from tests.support.tui import app_for, drive, settle, typing_ready, until
from tui.screens.interview import InterviewScreen
from tui.screens.review import ReviewScreen

ANSWER = "It always works, because retrieval is a solved problem."
NO_SPEAKER = "No usable speaker was found"
NO_MICROPHONE = "No usable microphone was found"


@pytest.fixture
def devices(monkeypatch: pytest.MonkeyPatch) -> Devices:
    """No microphone and no speaker, until a test plugs one in."""
    fake = Devices(microphone=False, speaker=False)
    monkeypatch.setattr(audio, "_sounddevice", lambda: fake)
    return fake


class WavSpeaker:
    """Text to speech that writes a short tone; before_each(n) runs before the n-th question."""

    def __init__(self, before_each: Callable[[int], None] = lambda n: None) -> None:
        self.spoken = 0
        self.before_each = before_each

    def synthesize(self, text: str, path: Path) -> Path:
        self.spoken += 1
        self.before_each(self.spoken)
        writer = StreamingWavWriter(path)
        writer.write(np.full(1600, 0.1, dtype=np.float32))
        writer.close()
        return path

    def close(self) -> None:
        pass


class ScriptedListener:
    """Hears the same answer every time, without Whisper."""

    def listen(
        self,
        source: FrameSource,
        wav_path: Path,
        *,
        control: ListenControl | None = None,
        on_level: Callable[[float], None] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> SpokenAnswer:
        source.close()
        writer = StreamingWavWriter(wav_path)
        writer.write(np.zeros(16000, dtype=np.float32))
        writer.close()
        return SpokenAnswer(
            transcript=Transcript(text=ANSWER, language="en", duration=1.0),
            audio_path=wav_path,
            duration_s=1.0,
            reason=EndReason.STREAM_END,
            finalize_s=0.0,
            segments=1,
        )


@pytest.fixture
def silent_stdin() -> Iterator[TextIO]:
    """A keyboard nobody touches: reading it waits until the test ends."""
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end)
    try:
        yield stdin
    finally:
        os.close(write_end)


def two_questions(bank: QuestionBank, store: SessionStore) -> Interview:
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=["sd-support-rag", "sd-llm-gateway"],
        max_follow_ups=1,
    )
    return Interview(plan, bank, OfflineBackend(bank), store)


def spoken_session(
    interview: Interview, speaker: WavSpeaker, stdin: TextIO, output: list[str]
) -> SessionRecord:
    listener: Future[AnswerListener] = Future()
    listener.set_result(cast(AnswerListener, ScriptedListener()))
    return run_spoken(interview, cast(Speaker, speaker), listener, MicrophoneSource, stdin, output.append)


def mentioning(texts: list[str], fragment: str) -> int:
    return sum(fragment in text for text in texts)


def assert_plain_sentences(texts: list[str]) -> None:
    """Each notice is shown as it came: one plain sentence with its fix (see support/messages.py)."""
    for text in texts:
        assert not plain_sentence_problems(text), (text, plain_sentence_problems(text))


def test_a_missing_speaker_is_one_notice_in_a_spoken_terminal_session(
    devices: Devices, bank: QuestionBank, store: SessionStore, silent_stdin: TextIO
) -> None:
    devices.microphone = True
    speaker, output = WavSpeaker(), list[str]()
    record = spoken_session(two_questions(bank, store), speaker, silent_stdin, output)
    assert speaker.spoken >= 3  # questions and follow-ups: each was spoken, none could be played
    assert sum(len(turn.answers) for turn in record.turns) == speaker.spoken
    assert mentioning(record.notices, NO_SPEAKER) == 1, record.notices
    assert mentioning(output, NO_SPEAKER) == 1, output
    assert_plain_sentences(record.notices)
    report = export(store.load(record.id), "md")
    assert report.count(NO_SPEAKER) == 1, report


def test_a_speaker_that_comes_back_and_goes_again_is_noted_again(
    devices: Devices, bank: QuestionBank, store: SessionStore, silent_stdin: TextIO
) -> None:
    devices.microphone = True

    def plugged(question: int) -> None:  # gone for 1 and 2, back for 3, gone again from 4
        devices.speaker = question == 3

    speaker, output = WavSpeaker(plugged), list[str]()
    record = spoken_session(two_questions(bank, store), speaker, silent_stdin, output)
    assert speaker.spoken >= 4, record.notices
    assert mentioning(record.notices, NO_SPEAKER) == 2, record.notices
    assert mentioning(output, NO_SPEAKER) == 2, output


def test_a_missing_microphone_in_the_terminal_is_said_once_and_typing_takes_over(
    devices: Devices, bank: QuestionBank, store: SessionStore
) -> None:
    import io

    output: list[str] = []
    listener: Future[AnswerListener] = Future()
    listener.set_result(cast(AnswerListener, ScriptedListener()))
    interview = two_questions(bank, store)
    keys_input = io.StringIO("".join(f"{ANSWER}\n\n" for _ in range(8)))
    record = run_spoken(
        interview, cast(Speaker, WavSpeaker()), listener, MicrophoneSource, keys_input, output.append
    )
    text = "".join(output)
    assert text.count(NO_MICROPHONE) == 1, text
    assert mentioning(record.notices, NO_MICROPHONE) == 1, record.notices
    assert record.turns[0].answers[0].text == ANSWER  # typed, after the switch
    assert_plain_sentences(record.notices)


def app_session(
    sessions_dir: Path, speaker: Callable[[Settings], object], **settings: Any
) -> tuple[list[str], SessionRecord]:
    """An interview in the app, every question answered by typing: its toasts and its record."""
    toasts: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        def notify(message: str, **kwargs: Any) -> None:
            toasts.append(message)

        pilot.app.notify = notify  # type: ignore[method-assign]
        await settle(pilot)
        await pilot.press("s")
        while not isinstance(pilot.app.screen, ReviewScreen):
            await until(pilot, lambda: typing_ready(pilot) or isinstance(pilot.app.screen, ReviewScreen))
            screen = pilot.app.screen
            if isinstance(screen, InterviewScreen):
                await settle(pilot)  # the question is spoken (or tried) first
                screen.query_one("#answer").text = ANSWER  # type: ignore[attr-defined]
                await pilot.press("ctrl+s")
                await settle(pilot)

    app = app_for(
        sessions_dir,
        Settings(sessions_dir=sessions_dir, max_follow_ups=1, **settings),
        speaker=speaker,
        play_audio=True,
        transcriber=lambda settings, progress: cast(Transcriber, object()),
    )
    drive(app, script)
    [record] = SessionStore(sessions_dir).list().sessions
    assert sum(len(turn.answers) for turn in record.turns) >= 3
    return toasts, record


def test_the_app_without_speaker_or_microphone_says_each_once(devices: Devices, sessions_dir: Path) -> None:
    """The issue's machine: no speaker, no microphone, a two-question interview in the app."""
    toasts, record = app_session(sessions_dir, lambda settings: WavSpeaker())
    assert mentioning(toasts, NO_MICROPHONE) == 1, toasts
    assert mentioning(toasts, NO_SPEAKER) == 1, toasts
    assert mentioning(record.notices, NO_MICROPHONE) == 1, record.notices
    assert mentioning(record.notices, NO_SPEAKER) == 1, record.notices
    assert_plain_sentences(toasts + record.notices)
    report = export(record, "md")
    assert report.count(NO_SPEAKER) == 1 and report.count(NO_MICROPHONE) == 1, report


@pytest.mark.slow
def test_a_voice_the_app_cannot_start_is_said_once(devices: Devices, sessions_dir: Path) -> None:
    """espeak-ng has no such voice: every question tries it, the session says so once."""
    toasts, record = app_session(sessions_dir, make_speaker, voice="klingon")
    assert mentioning(toasts, "klingon") == 1, toasts
    assert mentioning(record.notices, "klingon") == 1, record.notices
    assert not mentioning(record.notices, NO_SPEAKER)  # nothing was synthesised to play
    assert_plain_sentences(toasts + record.notices)
