import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the book's Sphinx extensions live outside the package; make them importable for tests
sys.path.insert(0, str(ROOT / "book" / "_ext"))
