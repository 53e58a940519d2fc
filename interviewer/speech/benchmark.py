"""Speech benchmark: live (incremental) transcription against transcribing the whole answer.

Spoken answers of 15, 60 and 180 seconds are built from espeak-ng speech of technical sentences
with natural pauses, fed to the listener at real time, and ended two ways: by silence (the
endpointer) and by a finish key pressed 0.3 s after the last word. Latency is measured from that
end-of-answer moment to the final transcript, and compared with transcribing the whole recording
at the end. Also: real-time factor, word error rate, the effect of domain biasing and of the
verbatim (filler) prompt, model load time and peak memory.

Run: interviewer bench [--json] [--runs N] [--lengths 15,60,180]
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import ArraySource
from interviewer.speech.listen import PAD_S, AnswerListener, ListenControl
from interviewer.speech.stt import PLAIN, DecodeOptions, Transcriber, load_audio, load_whisper
from interviewer.speech.tts import Speaker, VoiceSettings
from interviewer.speech.vad import EndpointSettings
from interviewer.speech.wer import word_errors
from rubrics.delivery import count_fillers

SENTENCES = (
    "I would start by asking about the traffic and the latency budget.",
    "Documents are chunked into about 400 tokens with some overlap.",
    "We use hybrid retrieval, combining BM25 with embeddings stored in pgvector.",
    "A reranker orders the candidates before the LLM sees them.",
    "To control cost, we cache frequent answers and route easy questions to a smaller model.",
    "We measure faithfulness and answer correctness on a golden set of real tickets.",
    "After launch we monitor p95 latency and the thumbs down rate on a dashboard.",
    "The main tradeoff is recall versus latency, and it depends on the product.",
    "For alignment the team used RLHF with a reward model, and later switched to DPO.",
    "When the index went stale we re-embedded only the pages that changed.",
)
FILLER_SENTENCES = (
    "Um, so, uh, the tradeoff is latency versus recall, and, you know, it depends.",
    "Uh, I mean, we tried, um, a bigger model first, and, uh, it was too slow.",
    "So, um, you know, the eval set was, uh, about 300 questions.",
    "Um, the reranker, uh, added maybe forty milliseconds, you know, at p95.",
    "I think, uh, we should, um, cache the embeddings first.",
    "Uh, so the, um, the index was rebuilt, you know, every night.",
)
PAUSES_S = (0.7, 1.2, 0.9, 1.8, 0.8)
LIVE = DecodeOptions().live()  # how the listener decodes a segment
LIVE_PAD = np.zeros(int(PAD_S * SAMPLE_RATE), dtype=np.float32)  # the listener's padding of a segment


@dataclass
class BuiltAnswer:
    samples: np.ndarray
    reference: str
    speech_end_s: float


class AudioMaker:
    """Spoken clips with pyttsx3 on espeak-ng, cached."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.speaker = Speaker(VoiceSettings(voice="gmw/en-us", rate=165))
        self._cache: dict[str, np.ndarray] = {}

    def clip(self, text: str) -> np.ndarray:
        if text not in self._cache:
            path = self.speaker.synthesize(text, self.folder / f"clip{len(self._cache):03d}.wav")
            self._cache[text] = load_audio(path)
        return self._cache[text]

    def answer(self, seconds: float, trailing_silence_s: float) -> BuiltAnswer:
        parts, texts, total, index = [], [], 0.0, 0
        while total < seconds:
            clip = self.clip(SENTENCES[index % len(SENTENCES)])
            pause = np.zeros(int(PAUSES_S[index % len(PAUSES_S)] * SAMPLE_RATE), dtype=np.float32)
            parts += [clip, pause]
            texts.append(SENTENCES[index % len(SENTENCES)])
            total += (len(clip) + len(pause)) / SAMPLE_RATE
            index += 1
        parts[-1] = np.zeros(int(trailing_silence_s * SAMPLE_RATE), dtype=np.float32)
        samples = np.concatenate(parts)
        speech_end = (len(samples) - len(parts[-1])) / SAMPLE_RATE
        return BuiltAnswer(samples, " ".join(texts), speech_end)


def wer(reference: str, hypothesis: str) -> float:
    errors, total = word_errors(reference, hypothesis)
    return errors / total


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure_length(
    maker: AudioMaker, transcriber: Transcriber, seconds: int, runs: int, speed: float
) -> dict[str, Any]:
    listener = AnswerListener(transcriber, EndpointSettings(max_answer_s=seconds * 3 + 60))
    silence_end = maker.answer(seconds, trailing_silence_s=6.0)
    key_end = maker.answer(seconds, trailing_silence_s=3.0)
    endpoint_latency, key_latency, live_wer, key_wer, segments, groups = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            spoken = listener.listen(
                ArraySource(silence_end.samples, speed=speed), Path(folder) / f"s{run}.wav"
            )
            listener.wait_for_background()  # a group decode that outlived the answer: not timed
            endpoint_latency.append(spoken.finalize_s)
            live_wer.append(wer(silence_end.reference, spoken.transcript.text))
            segments.append(spoken.segments)
            groups.append(spoken.groups)
            control = ListenControl()
            timer = threading.Timer((key_end.speech_end_s + 0.3) / speed, control.finish)
            timer.start()
            keyed = listener.listen(
                ArraySource(key_end.samples, speed=speed), Path(folder) / f"k{run}.wav", control=control
            )
            timer.cancel()
            listener.wait_for_background()
            key_latency.append(keyed.finalize_s)
            key_wer.append(wer(key_end.reference, keyed.transcript.text))
    whole_times, whole_wer = [], []
    speech = silence_end.samples[: int((silence_end.speech_end_s + 0.5) * SAMPLE_RATE)]
    for _ in range(runs):
        started = time.perf_counter()
        transcript = transcriber.transcribe(speech)
        whole_times.append(time.perf_counter() - started)
        whole_wer.append(wer(silence_end.reference, transcript.text))
    whole = median(whole_times)
    plain_wer = wer(silence_end.reference, transcriber.transcribe(speech, options=PLAIN).text)
    return {
        "answer_s": round(silence_end.speech_end_s, 1),
        "runs": runs,
        "segments": int(statistics.median(segments)),
        "groups": int(statistics.median(groups)),
        "incremental_after_endpoint_s": median(endpoint_latency),
        "incremental_after_key_s": median(key_latency),
        "whole_recording_s": whole,
        "ratio_endpoint_to_whole": round(median(endpoint_latency) / whole, 4),
        "ratio_key_to_whole": round(median(key_latency) / whole, 4),
        "real_time_factor_whole": round(whole / silence_end.speech_end_s, 3),
        "wer_incremental": round(statistics.median(live_wer), 3),
        "wer_incremental_key": round(statistics.median(key_wer), 3),
        "wer_whole": round(statistics.median(whole_wer), 3),
        "wer_whole_plain_beam5": round(plain_wer, 3),
    }


def decoded(transcriber: Transcriber, clip: np.ndarray, options: DecodeOptions) -> str:
    """The clip transcribed as a whole file would be, or as the listener decodes a live segment."""
    if options.short_window:
        return transcriber.transcribe(
            np.concatenate([LIVE_PAD, clip, LIVE_PAD]), vad_filter=False, options=options
        ).text
    return transcriber.transcribe(clip, options=options).text


def biasing(maker: AudioMaker, transcriber: Transcriber) -> dict[str, float]:
    """WER on the technical sentences: plain Whisper (beam 5) against our prompt, whole and live."""
    results = {}
    for name, options in (
        ("plain_beam5", PLAIN),
        ("domain_and_verbatim", DecodeOptions()),
        ("live_segment", LIVE),
    ):
        errors = total = 0
        for text in SENTENCES:
            heard = decoded(transcriber, maker.clip(text), options)
            wrong, count = word_errors(text, heard)
            errors, total = errors + wrong, total + count
        results[name] = round(errors / total, 3)
    return results


def filler_recall(maker: AudioMaker, transcriber: Transcriber) -> dict[str, float]:
    """Share of the spoken fillers that survive transcription, with and without the verbatim
    prompt, decoded as live segments (what the delivery metrics are counted from)."""
    results = {}
    for name, options in (
        ("with_verbatim_prompt", LIVE),
        ("without", replace(LIVE, verbatim=False)),
    ):
        said = kept = 0
        for text in FILLER_SENTENCES:
            expected = count_fillers(text)
            heard = count_fillers(decoded(transcriber, maker.clip(text), options))
            said += sum(expected.values())
            kept += sum(min(count, heard[filler]) for filler, count in expected.items())
        results[name] = round(kept / said, 3)
    return results


def load_times(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        load_whisper()
        times.append(time.perf_counter() - started)
    return median(times)


def run(lengths: tuple[int, ...] = (15, 60, 180), runs: int = 3, speed: float = 1.0) -> dict[str, Any]:
    model_load_s = load_times()
    transcriber = Transcriber.load()
    with tempfile.TemporaryDirectory() as folder:
        maker = AudioMaker(Path(folder))
        answers = [measure_length(maker, transcriber, seconds, runs, speed) for seconds in lengths]
        result = {
            "answers": answers,
            "domain_biasing_wer": biasing(maker, transcriber),
            "filler_recall": filler_recall(maker, transcriber),
            "model_load_s": model_load_s,
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "feed_speed": speed,
            "cpu_threads": "all cores",
        }
    return result


COLUMNS = (
    ("answer s", "answer_s", "{:.0f}"),
    ("runs", "runs", "{}"),
    ("segments", "segments", "{}"),
    ("groups", "groups", "{}"),
    ("after endpoint s", "incremental_after_endpoint_s", "{:.2f}"),
    ("after key s", "incremental_after_key_s", "{:.2f}"),
    ("whole recording s", "whole_recording_s", "{:.2f}"),
    ("key/whole", "ratio_key_to_whole", "{:.2f}"),
    ("RTF", "real_time_factor_whole", "{:.2f}"),
    ("WER live", "wer_incremental", "{:.3f}"),
    ("WER key", "wer_incremental_key", "{:.3f}"),
    ("WER whole", "wer_whole", "{:.3f}"),
    ("WER plain", "wer_whole_plain_beam5", "{:.3f}"),
)


def format_report(result: dict[str, Any]) -> list[str]:
    widths = [len(title) for title, _, _ in COLUMNS]
    lines = ["  ".join(title for title, _, _ in COLUMNS)]
    for answer in result["answers"]:
        cells = [
            form.format(answer[key]).rjust(width)
            for (_, key, form), width in zip(COLUMNS, widths, strict=True)
        ]
        lines.append("  ".join(cells))
    bias, fillers = result["domain_biasing_wer"], result["filler_recall"]
    lines += [
        f"WER on technical sentences: plain beam 5 {bias['plain_beam5']:.3f}, "
        f"domain and verbatim prompt {bias['domain_and_verbatim']:.3f}, "
        f"as a live segment {bias['live_segment']:.3f}",
        f"filler recall: with verbatim prompt {fillers['with_verbatim_prompt']:.2f}, "
        f"without {fillers['without']:.2f}",
        f"model load {result['model_load_s']:.2f} s, peak memory {result['peak_memory_mb']:.0f} MB",
    ]
    return lines
