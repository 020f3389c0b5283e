"""Alliance Lab: tools for start-ups building alliances with large corporations.

The package has two layers. The core modules hold small data classes and pure
functions that return pandas DataFrames and matplotlib figures; they never import
ipywidgets. The :mod:`alliancelab.widgets` module holds thin ipywidgets front-ends
for the course exercises.

Examples
--------
>>> import alliancelab
>>> alliancelab.__version__
'0.1.0'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alliancelab")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
