"""Print the offline scorer's precision and recall per red flag on the labelled answers, its level
agreement, the levels of the non-answers, and every miss.

Run: .venv/bin/python -m bench.detectors [--set tuning|held-out] [--levels]
"""

from __future__ import annotations

import argparse

from bench.labelled import LABELLED_SETS, format_levels, level_agreement, score_set
from rubrics.evaluation import accuracy_by_rubric, format_table
from rubrics.loader import RED_FLAGS


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=["all", *LABELLED_SETS], default="all", help="which labelled set")
    parser.add_argument("--levels", action="store_true", help="also list every answer whose level is off")
    args = parser.parse_args()
    for name, path in LABELLED_SETS.items():
        if args.set not in ("all", name):
            continue
        scored = score_set(path)
        results = accuracy_by_rubric([(set(item.answer.flags), item.flags) for item in scored], RED_FLAGS)
        print(f"\nOffline scorer, {name} set: {len(scored)} labelled answers ({path.name})")
        print("\n".join(format_table(results)))
        print("\n".join(format_levels(level_agreement(scored))))
        for item in scored:
            expected = set(item.answer.flags)
            if expected != item.flags:
                missed = sorted(expected - item.flags)
                extra = sorted(item.flags - expected)
                print(f"  {item.answer.id}: missed {missed or '-'}, extra {extra or '-'}")
        if args.levels:
            for item in scored:
                if item.answer.level is not None and item.answer.level != item.level:
                    label = f"{item.answer.id} ({item.answer.kind})"
                    print(f"  level {label}: labelled {item.answer.level}, got {item.level}")


if __name__ == "__main__":
    main()
