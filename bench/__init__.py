"""Alliance Lab benchmarks: ``python bench/run.py`` or ``python -m bench`` (see bench/run.py)."""
