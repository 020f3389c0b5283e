extensions = ["myst_nb", "web_assets"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
nb_ipywidgets_js = {"vendor/html-manager/dist/embed.js": {}}
html_js_files = ["https://cdn.example.org/tracker.js"]
