"""Print the offline detectors' precision and recall on the labelled answers.

Run: .venv/bin/python -m bench.detectors
"""

from __future__ import annotations

from bench.labelled import LABELLED_SETS, offline_accuracy
from rubrics.evaluation import format_table


def main() -> None:
    for name, path in LABELLED_SETS.items():
        results, predictions = offline_accuracy(path)
        print(f"\nOffline detectors, {name} set: {len(predictions)} labelled answers ({path.name})")
        print("\n".join(format_table(results)))
        for answer, predicted in predictions:
            if set(answer.flags) != predicted:
                missed = sorted(set(answer.flags) - predicted)
                extra = sorted(predicted - set(answer.flags))
                print(f"  {answer.id}: missed {missed or '-'}, extra {extra or '-'}")


if __name__ == "__main__":
    main()
