extensions = ["myst_nb", "build_kernels"]
nb_execution_mode = "cache"
exclude_patterns = ["_build"]
