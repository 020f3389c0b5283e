extensions = ["myst_nb", "widget_preview", "widget_state"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
