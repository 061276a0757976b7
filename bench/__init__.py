"""The benchmark: realistic generated libraries and the app's real code paths.

Run with ``make bench`` (``python -m bench``). Benchmarks are not tests: nothing
here is collected by pytest and no test asserts a timing.
"""
