"""Spoken turns: say the prompt, listen to the answer, and record both in the session folder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interviewer.backends.base import AnswerInput
from interviewer.engine.interview import AnswerOutcome, EmptyAnswerError, Interview, Problem, Recover
from interviewer.speech.audio import AudioDeviceError, FrameSource, StreamingWavWriter, play, repair_wav
from interviewer.speech.bargein import BargeIn
from interviewer.speech.listen import AnswerListener, ListenControl, SpokenAnswer
from interviewer.speech.stt import Transcriber, load_audio
from interviewer.speech.tts import Speaker, SpeechError
from sessions.store import SessionError

CANNOT_PLAY = "The question could not be played; run `interviewer doctor` to check the speaker."

Notify = Callable[[str], None]
"""Shows a notice the moment it is first noted (a line in the terminal, a toast in the app)."""


def note_problem(interview: Interview, problem: Problem, notice: str, on_notice: Notify | None) -> None:
    """Note a problem for the report, and show it, unless it was noted and has not gone away."""
    if interview.add_notice(notice, problem) and on_notice is not None:
        on_notice(notice)


@dataclass(frozen=True)
class VoiceTurn:
    spoken: SpokenAnswer
    outcome: AnswerOutcome | None
    """None when nothing was said (the prompt is still current)."""


def speak_prompt(
    interview: Interview,
    speaker: Speaker | None,
    *,
    stop: threading.Event | None = None,
    play_audio: bool = True,
    on_notice: Notify | None = None,
) -> str | None:
    """Synthesise the current prompt into the session folder and play it; the relative path.

    A failing TTS engine or speaker is not fatal: the prompt is still shown, the interview goes on.
    Each is noted once, not at every prompt, and again only after it worked in between.
    """
    if speaker is None:
        return None
    prompt = interview.current
    assert prompt is not None
    relative, _ = interview.audio_names()
    path = interview.store.folder(interview.session_id) / relative
    try:
        speaker.synthesize(prompt.text, path)
    except SpeechError as error:
        note_problem(interview, Problem.NO_VOICE, str(error), on_notice)
        return None
    interview.clear_problem(Problem.NO_VOICE)
    if play_audio:
        try:
            play(path, stop)
        except AudioDeviceError as error:
            note_problem(interview, Problem.NO_SPEAKER, str(error), on_notice)
        except Exception:  # a broken speaker must not end the interview
            note_problem(interview, Problem.NO_SPEAKER, CANNOT_PLAY, on_notice)
        else:
            interview.clear_problem(Problem.NO_SPEAKER)
    return relative


@dataclass(frozen=True)
class AskedAloud:
    prompt_audio: str | None
    """The spoken prompt's file, relative to the session folder (None if it was not spoken)."""
    source: FrameSource | None
    """The microphone, already open and watched while the prompt played (barge-in), or None."""
    barged_in: bool = False


def ask_aloud(
    interview: Interview,
    speaker: Speaker | None,
    *,
    stop: threading.Event,
    play_audio: bool = True,
    microphone: Callable[[], FrameSource] | None = None,
    on_notice: Notify | None = None,
) -> AskedAloud:
    """Speak the current prompt; given a microphone, the candidate starting to talk stops it.

    With barge-in the microphone opens before the prompt plays, and the answer is recorded from
    the same stream, starting just before the first word heard. A microphone that cannot open or
    fails while watched gives no source: opening it again for the answer reports the problem.
    """
    watcher: BargeIn | None = None
    if microphone is not None and speaker is not None and play_audio:
        try:
            watcher = BargeIn(microphone(), stop).start()
        except AudioDeviceError:
            watcher = None
    prompt_audio = speak_prompt(interview, speaker, stop=stop, play_audio=play_audio, on_notice=on_notice)
    if watcher is None:
        return AskedAloud(prompt_audio, None)
    try:
        return AskedAloud(prompt_audio, watcher.finish(), watcher.barged_in)
    except AudioDeviceError:
        return AskedAloud(prompt_audio, None)


def answer_by_voice(
    interview: Interview,
    listener: AnswerListener,
    source: FrameSource,
    *,
    prompt_audio: str | None = None,
    control: ListenControl | None = None,
    on_level: Callable[[float], None] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> VoiceTurn:
    """Record the answer to the current prompt into the session folder, transcribe and score it.

    The session notes the recording before it starts, so a crash leaves it findable (``resume``
    transcribes it). Storage that fails mid-answer (disk full) keeps what could be saved and
    raises SessionError to stop the interview.
    """
    _, relative = interview.audio_names()
    path = interview.store.folder(interview.session_id) / relative
    interview.begin_answer(relative, prompt_audio)
    try:
        spoken = listener.listen(source, path, control=control, on_level=on_level, on_text=on_text)
    except OSError as error:  # the recording could not even be created
        source.close()
        raise SessionError(f"cannot record the answer to {path}: {error.strerror or error}") from None
    if spoken.transcription_errors:
        failed = len(spoken.transcription_errors)
        interview.add_notice(
            f"{failed} part(s) of the answer in {relative} could not be transcribed "
            f"({spoken.transcription_errors[0]}); the recording is complete"
        )
    try:
        outcome = interview.answer(
            spoken.transcript.text,
            words=spoken.transcript.words,
            duration_s=round(spoken.duration_s, 2),
            audio=relative,
            prompt_audio=prompt_audio,
        )
    except EmptyAnswerError:
        interview.drop_pending()
        outcome = None
    if spoken.storage_error:
        raise storage_stopped(spoken.storage_error)
    return VoiceTurn(spoken, outcome)


def storage_stopped(error: str) -> SessionError:
    """A recording that could not be written on stops the interview; what was saved is kept."""
    return SessionError(f"{error}; the interview stops here, and what was saved is kept")


def recover_with(transcriber: Transcriber) -> Recover:
    """How ``Interview.resume`` transcribes an answer whose recording a crash cut short."""

    def recover(path: Path) -> AnswerInput:
        repair_wav(path)
        transcript = transcriber.transcribe_file(path)
        return AnswerInput(
            text=transcript.text, words=transcript.words, duration_s=round(transcript.duration, 2)
        )

    return recover


def answer_from_file(interview: Interview, transcriber: Transcriber, source_path: Path) -> AnswerOutcome:
    """A recorded answer from any audio file: kept in the session as 16 kHz mono WAV, transcribed, scored."""
    samples = load_audio(source_path)
    _, relative = interview.audio_names()
    target = interview.store.folder(interview.session_id) / relative
    try:
        writer = StreamingWavWriter(target)
        try:
            writer.write(samples)
        finally:
            writer.close()
    except OSError as error:
        raise SessionError(f"cannot save the recording {target}: {error.strerror or error}") from None
    transcript = transcriber.transcribe(samples)
    return interview.answer(
        transcript.text, words=transcript.words, duration_s=round(transcript.duration, 2), audio=relative
    )
