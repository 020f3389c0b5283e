extensions = ["myst_nb", "live_box"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
html_baseurl = "https://courses.example.org/alliancelab/"
alliancelab_live_dirs = ["exercises"]
jupyterlite_dir = "_lite"
jupyterlite_content_dir = "_lite/contents"
html_sourcelink_suffix = ""  # as Jupyter Book sets it
