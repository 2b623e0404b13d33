"""Sphinx configuration of the course website (``make site``; ``tools/site.py`` lays out the
sources in build/site-src/ and runs Sphinx on them). Notebooks are rendered from their committed
outputs, never executed; every script, style and font is served from the site itself."""

project = "Deep Learning Basics with Keras"
author = "the course authors"
copyright = "the course authors"  # noqa: A001 (Sphinx's name)
extensions = ["myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

nb_execution_mode = "off"           # the committed outputs, as students see them
nb_ipywidgets_js = {}               # no widget manager from a CDN
myst_enable_extensions = ["dollarmath", "amsmath", "html_image"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

mathjax_path = "mathjax/tex-chtml-full.js"   # copied from npm into _static/ by tools/site.py

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_show_sourcelink = False
html_copy_source = True             # the theme's download button offers the .ipynb
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_last_updated_fmt = None
html_context = {"default_mode": "light"}  # an empty mode makes the theme log a console error
