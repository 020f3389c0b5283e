"""``python -m bench``: the benchmarks, as ``python bench/run.py``."""

import sys

from bench.run import main

sys.exit(main())
