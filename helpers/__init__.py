"""Helpers for the *Deep Learning Basics with Keras* notebooks.

Import modules, not names, so a reader always sees where a call comes from::

    from helpers import data, plots
    splits = data.load_fashion_mnist_splits()
    plots.plot_history(history)

Importing this package does nothing else: no seeding, no printing, no global plot style.
"""

__all__ = ["checks", "data", "diagnostics", "env", "models", "playground", "plots",
           "preprocessing", "surfaces"]
__version__ = "0.1.0"
