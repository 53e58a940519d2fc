"""Delivery metrics from transcripts and word timings."""

from __future__ import annotations

from interviewer.shared.vocabulary import Word
from rubrics.delivery import count_fillers, measure_delivery


def timed(text: str, gap_after: dict[int, float] | None = None) -> list[Word]:
    words, clock = [], 0.0
    for index, token in enumerate(text.split()):
        words.append(Word(word=token, start=clock, end=clock + 0.3))
        clock += 0.4 + (gap_after or {}).get(index, 0.0)
    return words


def test_single_and_multi_word_fillers_are_counted() -> None:
    counts = count_fillers(
        "Um, so, you know, it's sort of like, uh, a cache. I mean it works. You know what I mean?"
    )
    assert counts["um"] == 1 and counts["uh"] == 1
    assert counts["you know"] == 1  # "you know what" is not a filler
    assert counts["sort of"] == 1 and counts["like"] == 1 and counts["i mean"] == 1


def test_kind_of_after_a_determiner_is_not_a_filler() -> None:
    assert "kind of" not in count_fillers("What kind of index would you use?")
    assert count_fillers("It is kind of slow.")["kind of"] == 1


def test_pace_pauses_and_talk_time_come_from_word_timings() -> None:
    words = timed("one two three four five six seven eight nine ten", gap_after={4: 2.5})
    delivery = measure_delivery("one two three four five six seven eight nine ten", words)
    assert delivery.long_pauses == 1
    assert delivery.longest_pause_s is not None and delivery.longest_pause_s > 2.0
    assert delivery.talk_time_s == 3.0
    span_minutes = (words[-1].end - words[0].start) / 60
    assert delivery.words_per_minute == round(10 / span_minutes, 1)


def test_typed_answers_have_no_timing_metrics_and_rambling_compares_with_expected_length() -> None:
    delivery = measure_delivery("word " * 300, expected_words=100)
    assert delivery.words_per_minute is None and delivery.long_pauses is None
    assert delivery.word_count == 300 and delivery.rambling
    assert not measure_delivery("word " * 90, expected_words=100).rambling
