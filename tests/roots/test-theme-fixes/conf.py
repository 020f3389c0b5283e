extensions = ["theme_fixes"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
