extensions = ["sphinxcontrib.bibtex", "citestyle"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year_round"
exclude_patterns = ["_build"]
