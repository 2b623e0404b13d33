"""One function per figure type.

Every function draws on the ``ax`` it is given (or a new one), returns the ``Axes`` (a
``Figure`` for multi-panel plots), never calls ``plt.show()``, never saves, and sets no global
style. Figures are sized and labelled to be readable when projected in a lecture room.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "plot_decision_boundary",
    "plot_histories",
    "plot_history",
    "plot_image_grid",
]


def _history_dict(history) -> dict[str, list[float]]:
    """Accept a ``keras.callbacks.History`` or a plain mapping of metric -> values."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            f"expected a keras History or a dict of metric -> list, got {type(history).__name__}"
        )
    return {k: list(v) for k, v in values.items()}


def _new_ax(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_history(history, *, metric: str = "loss", ax=None, title: str | None = None,
                 logy: bool = False):
    """Training and (when recorded) validation curve of one metric against epochs.

    Args:
        history: the ``History`` returned by ``model.fit`` or its ``.history`` dict.
        metric: the metric's key, e.g. ``"loss"`` or ``"accuracy"``; ``"val_" + metric`` is
            drawn too when present.
        ax: the Axes to draw on; a new figure when None.
        title: the title; defaults to the metric's name.
        logy: logarithmic y axis.

    Returns:
        The Axes.

    Raises:
        KeyError: if ``metric`` was not recorded; the message lists the recorded ones.
    """
    values = _history_dict(history)
    if metric not in values:
        raise KeyError(f"metric {metric!r} is not in the history; recorded: {sorted(values)}")
    ax = _new_ax(ax)
    epochs = np.arange(1, len(values[metric]) + 1)
    ax.plot(epochs, values[metric], "o-", ms=3, label="training")
    if f"val_{metric}" in values:
        ax.plot(epochs, values[f"val_{metric}"], "s--", ms=3, label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(title or metric)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_histories(histories: Mapping[str, object], *, metric: str = "loss", ax=None,
                   title: str | None = None, logy: bool = False, x: str = "epoch"):
    """Compare several runs: one line per run, same metric.

    Args:
        histories: run name -> ``History`` (or dict of metric -> values).
        metric: the key to plot, e.g. ``"val_loss"``.
        x: label of the horizontal axis ("epoch", or "step" for per-step logs).

    Returns:
        The Axes.
    """
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("histories must be a non-empty mapping of run name -> History")
    ax = _new_ax(ax, figsize=(7, 4))
    for name, history in histories.items():
        values = _history_dict(history)
        if metric not in values:
            raise KeyError(f"run {name!r} has no {metric!r}; recorded: {sorted(values)}")
        ax.plot(np.arange(1, len(values[metric]) + 1), values[metric], label=str(name))
    ax.set_xlabel(x)
    ax.set_ylabel(metric)
    ax.set_title(title or metric)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_image_grid(images, labels=None, *, class_names: Sequence[str] | None = None,
                    predictions=None, ncols: int = 8, size: float = 1.4, cmap: str = "gray_r"):
    """A grid of images with their labels (and predictions: wrong ones in red).

    Args:
        images: array of shape (n_images, height, width) or (n_images, height, width, 1).
        labels: integer labels of shape (n_images,), or None.
        class_names: names to show instead of label numbers.
        predictions: predicted labels of shape (n_images,); each title reads "pred (true)".
        ncols: images per row.
        size: inches per image.

    Returns:
        The Figure.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, height, width), got {images.shape}")
    n = len(images)
    for name, arr in (("labels", labels), ("predictions", predictions)):
        if arr is not None and len(arr) != n:
            raise ValueError(f"{name} must have one entry per image ({n}), got {len(arr)}")
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15),
                             squeeze=False, layout="constrained")

    def name_of(k):
        return class_names[int(k)] if class_names is not None else str(int(k))

    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap)
        if predictions is not None and labels is not None:
            wrong = int(predictions[i]) != int(labels[i])
            ax.set_title(f"{name_of(predictions[i])}\n({name_of(labels[i])})", fontsize=8,
                         color="tab:red" if wrong else "black")
        elif labels is not None:
            ax.set_title(name_of(labels[i]), fontsize=9)
    return fig


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], x, y, *, ax=None,
                           resolution: int = 200, margin: float = 0.5, title: str | None = None):
    """Decision regions of a 2-D classifier with the data points on top.

    Args:
        predict: maps an array of shape (n, 2) to class probabilities of shape (n,) or
            (n, n_classes) — for a Keras model, ``lambda g: model.predict(g, verbose=0)``.
        x: array of shape (n_samples, 2).
        y: integer labels of shape (n_samples,).
        resolution: grid points per axis.
        margin: space around the data.

    Returns:
        The Axes.
    """
    x = np.asarray(x, dtype="float32")
    y = np.asarray(y).reshape(-1)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    ax = _new_ax(ax, figsize=(5, 4.5))
    (x0, y0), (x1, y1) = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()].astype("float32")
    probs = np.asarray(predict(grid))
    if probs.ndim == 2 and probs.shape[1] > 1:
        labels = probs.argmax(axis=1)
    else:
        labels = (probs.reshape(-1) > 0.5).astype(int)
    n_classes = int(max(labels.max(), y.max())) + 1
    cmap = plt.get_cmap("coolwarm" if n_classes == 2 else "tab10")
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(gx, gy, labels.reshape(gx.shape), levels=levels, cmap=cmap, alpha=0.3)
    ax.scatter(x[:, 0], x[:, 1], c=y, cmap=cmap, vmin=-0.5, vmax=n_classes - 0.5, s=14,
               edgecolors="k", linewidths=0.3)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax
