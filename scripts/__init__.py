"""The project's build scripts, importable from the repository root.

``from scripts import fetch_web_assets`` works in the tests (pytest puts the repository
root on ``sys.path``: ``pythonpath`` in pyproject.toml) and in the book build
(``book/_ext/site_assets.py``); a script run as a file (``python scripts/x.py``) puts the
root there itself before importing another script.
"""
