# Sphinx configuration for the muses module's documentation (make docs).
project = "muses: MUSEs and CLOAK for ns-3"
author = "the muses developers"
master_doc = "index"
exclude_patterns = []
html_theme = "alabaster"
highlight_language = "cpp"
