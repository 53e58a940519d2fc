"""Benchmarks and accuracy reports; each prints ratios, medians or rates."""

import interviewer  # noqa: F401  (first: it caps malloc's arenas before numpy starts its threads)
