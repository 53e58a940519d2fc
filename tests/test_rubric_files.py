"""Rubric data files: all validate, and a bad one is refused in one line naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rubrics.loader import RED_FLAGS, RUBRICS_DIR, RubricFileError, load_rubric_file, load_rubrics
from rubrics.models import RubricKind


def test_every_rubric_file_validates_and_the_contract_ids_exist() -> None:
    rubrics = load_rubrics()
    assert set(RED_FLAGS) | {"no_star_structure", "missed_key_points"} <= set(rubrics)
    for rubric in rubrics.values():
        assert sorted(rubric.scale) == [1, 2, 3, 4, 5]
    assert all(rubrics[rubric_id].kind == RubricKind.RED_FLAG for rubric_id in RED_FLAGS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id = [", "cannot read rubric file"),
        ('id = "overconfidence"\nname = "x"', "invalid rubric"),
        ((RUBRICS_DIR / "overconfidence.toml").read_text().replace('5 = "', '6 = "'), "scale"),
        (
            (RUBRICS_DIR / "overconfidence.toml")
            .read_text()
            .replace('severity = "high"', 'severity = "huge"'),
            "severity",
        ),
        (
            (RUBRICS_DIR / "overconfidence.toml")
            .read_text()
            .replace('id = "overconfidence"', 'id = "other"'),
            "does not match",
        ),
    ],
)
def test_a_bad_rubric_file_is_one_line_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "overconfidence.toml"
    path.write_text(content)
    with pytest.raises(RubricFileError) as caught:
        load_rubric_file(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_red_flag_rubric_is_reported(tmp_path: Path) -> None:
    shutil.copytree(RUBRICS_DIR, tmp_path / "data")
    (tmp_path / "data" / "ignoring_costs.toml").unlink()
    with pytest.raises(RubricFileError, match="ignoring_costs"):
        load_rubrics(tmp_path / "data")
