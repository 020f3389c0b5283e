extensions = ["myst_nb", "widget_preview"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
