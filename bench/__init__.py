"""Benchmarks and accuracy reports; each prints ratios, medians or rates."""
