extensions = ["myst_nb", "offline_zip"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
alliancelab_live_dirs = ["exercises"]
html_sourcelink_suffix = ""  # as Jupyter Book sets it
