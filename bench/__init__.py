"""Benchmarks: run with ``./dev bench``; each prints its figures and the targets beside them."""
