"""A spoken interview that tests/test_crash.py kills with SIGKILL at random points.

Real components throughout: espeak-ng speaks each prompt into the session folder, the answers
(recorded speech) are fed to the real listener faster than real time, the bundled Whisper model
transcribes them, the offline interviewer scores them and the store saves the session. Progress
goes to stdout, one line at a time, so the test knows what the process was doing when killed:

    phase speaking|recording|transcribing|writing <session id>
    fed <frames written to the answer's recording>
    saved <number of answers saved>
    done

With --gated, the process waits at every phase line for a line on stdin before it goes on: the
test answers at once, or kills it there. So a process the test means to kill in one phase never
gets past the start of the next, however slowly the test reads (a busy machine).

The only change to the code under test widens a window: the rename that publishes a new
session.json waits 20 ms, so that kills land between writing the temp file and the rename.

Usage: python -m tests.support.crash_child [--gated] SESSIONS_DIR SPEED ANSWER.wav [ANSWER.wav ...]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

import sessions.store
from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import default_bank
from interviewer.engine.interview import Interview
from interviewer.engine.voice import answer_by_voice, speak_prompt
from interviewer.speech.audio import ArraySource
from interviewer.speech.listen import AnswerListener
from interviewer.speech.stt import Transcriber, load_audio, load_whisper
from interviewer.speech.tts import Speaker
from interviewer.speech.vad import EndpointSettings
from sessions.store import SessionStore

QUESTIONS = ["sd-support-rag", "ml-embeddings"]
RENAME_DELAY_S = 0.02
REPORT_EVERY_BLOCKS = 4


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Phases:
    session_id = "?"
    gated = False

    def enter(self, name: str) -> None:
        say(f"phase {name} {self.session_id}")
        if self.gated and not sys.stdin.readline():
            raise SystemExit("the test went away")


PHASES = Phases()


def slow_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    PHASES.enter("writing")
    time.sleep(RENAME_DELAY_S)
    os.rename(source, target)


class ReportingSource(ArraySource):
    """Answer audio fed at `speed` times real time, reporting how much the listener has taken."""

    def blocks(self) -> Iterator[np.ndarray]:
        PHASES.enter("recording")  # the session already notes the answer as being recorded
        taken = 0
        for block in super().blocks():
            yield block  # resumed once the listener has written this block to the recording
            taken += len(block)
            if taken // len(block) % REPORT_EVERY_BLOCKS == 0:
                say(f"fed {taken}")
        say(f"fed {taken}")
        PHASES.enter("transcribing")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--gated"]:
        PHASES.gated, argv = True, argv[1:]
    root, speed, answer_paths = Path(argv[0]), float(argv[1]), [Path(p) for p in argv[2:]]
    answers = [load_audio(path) for path in answer_paths]
    sessions.store.os.replace = slow_replace  # type: ignore[assignment]
    bank = default_bank()
    speaker = Speaker()
    listener = AnswerListener(
        Transcriber(load_whisper(cpu_threads=1)), EndpointSettings(end_silence_s=60.0, max_answer_s=600.0)
    )
    plan = InterviewPlan(
        track="full-loop", company="ai-startup", stage="practice", question_ids=QUESTIONS, max_follow_ups=1
    )
    interview = Interview(plan, bank, OfflineBackend(bank), SessionStore(root), mode="voice")
    PHASES.session_id = interview.session_id
    saved = 0
    while interview.current is not None:
        PHASES.enter("speaking")
        prompt_audio = speak_prompt(interview, speaker, play_audio=False)
        source = ReportingSource(answers[saved % len(answers)], speed=speed)
        turn = answer_by_voice(interview, listener, source, prompt_audio=prompt_audio)
        assert turn.outcome is not None, "an answer with speech in it was not heard"
        saved += 1
        say(f"saved {saved}")
    interview.finish()
    say("done")


if __name__ == "__main__":
    main(sys.argv[1:])
