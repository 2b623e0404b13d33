"""One function per figure type.

Every function draws on the ``ax`` it is given (or a new one), returns the ``Axes`` (a
``Figure`` for multi-panel plots), never calls ``plt.show()``, never saves, and sets no global
style. Figures are sized and labelled to be readable when projected in a lecture room.

Contents, by kind of figure:

- training curves: metrics against epochs or steps: ``plot_history``, ``plot_histories``,
  ``plot_train_val``, ``plot_curves``, ``plot_early_stopping``, ``plot_history_with_lr``,
  ``plot_lr_schedules``, ``plot_lr_range_test``;
- images, classes and predictions: ``plot_image_grid``, ``plot_class_counts``,
  ``plot_prediction_probabilities``, ``plot_confusion_matrix``, ``plot_per_class_accuracy``;
- points in the plane: clouds, boundaries, regions: ``plot_point_clouds``,
  ``plot_decision_boundary``, ``plot_hyperplane``, ``plot_linear_regions``;
- functions of one variable: ``plot_approximation``, ``plot_regression_fits``,
  ``plot_activation_grid``;
- matrices, spectra and per-layer statistics: ``plot_covariance_heatmaps``,
  ``plot_eigenvalue_spectrum``, ``plot_layer_stats``, ``plot_layer_epoch_heatmap``,
  ``plot_weight_histograms``;
- loss surfaces and optimizer paths: ``plot_loss_contours``, ``plot_trajectories``,
  ``plot_trajectory_panels``.

The house style (:func:`use_house_style`, :data:`PALETTE`, :func:`legend_outside`,
:func:`integer_ticks`) is applied by an explicit call in each notebook's Setup cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import MaxNLocator

from . import _validate as check

__all__ = [
    "LINESTYLES",
    "MARKERS",
    "PALETTE",
    "house_style",
    "integer_ticks",
    "legend_outside",
    "use_house_style",
    "plot_activation_grid",
    "plot_approximation",
    "plot_class_counts",
    "plot_confusion_matrix",
    "plot_covariance_heatmaps",
    "plot_curves",
    "plot_decision_boundary",
    "plot_early_stopping",
    "plot_eigenvalue_spectrum",
    "plot_histories",
    "plot_history",
    "plot_history_with_lr",
    "plot_hyperplane",
    "plot_image_grid",
    "plot_layer_epoch_heatmap",
    "plot_layer_stats",
    "plot_linear_regions",
    "plot_loss_contours",
    "plot_lr_range_test",
    "plot_lr_schedules",
    "plot_per_class_accuracy",
    "plot_point_clouds",
    "plot_prediction_probabilities",
    "plot_regression_fits",
    "plot_train_val",
    "plot_trajectories",
    "plot_trajectory_panels",
    "plot_weight_histograms",
]


# ------------------------------------------------------------------------------------- house style


#: Okabe & Ito's colour-blind-safe palette (2008), in the fixed order every figure uses:
#: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
)  # fmt: skip


#: Line styles paired with PALETTE, so that no comparison depends on colour alone.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 3)))


#: Markers paired with PALETTE, for sparse series and scatter plots.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


#: Smallest font size (points) at the size a notebook shows a figure (figures are <= 10 in wide
#: at 100 dpi, so Jupyter and Colab show them at their natural size).
MIN_FONT_PT = 13


def house_style() -> dict:
    """The rcParams of the house style: large text, the palette with line styles, no clutter.

    Returns:
        A dict for ``matplotlib.rcParams.update`` or ``matplotlib.rc_context``.
    """
    return {
        "figure.figsize": (8.0, 5.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.constrained_layout.use": True,
        "font.size": 14,
        "axes.titlesize": 15,
        "axes.labelsize": 14,
        "xtick.labelsize": 13,
        "ytick.labelsize": 13,
        "legend.fontsize": 13,
        "legend.title_fontsize": 13,
        "figure.titlesize": 16,
        "axes.prop_cycle": cycler(color=list(PALETTE)) + cycler(linestyle=list(LINESTYLES)),
        "image.cmap": "viridis",
        "lines.linewidth": 2.2,
        "lines.markersize": 6,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    }


def use_house_style() -> None:
    """Apply the house style to every figure drawn after this call (call it once, in Setup).

    Nothing in ``helpers`` changes matplotlib's settings at import; this explicit call does.

    Example:
        >>> from helpers import plots
        >>> plots.use_house_style()
    """
    mpl.rcParams.update(house_style())


def legend_outside(ax: Axes, *, title: str | None = None, loc: str = "right", **kwargs) -> Legend:
    """A legend beside the axes (``loc="right"``) or below them (``"below"``), never on the data.

    Args:
        ax: the Axes whose labelled artists the legend lists.
        title: the legend's title.
        loc: ``"right"`` or ``"below"``.
        **kwargs: passed to ``Axes.legend`` (e.g. ``ncols``).

    Returns:
        The Legend.
    """
    check.axes(ax, optional=False)
    check.text(title, "title")
    if loc not in ("right", "below"):
        raise ValueError(f"loc must be 'right' or 'below', got {loc!r}")
    if loc == "right":
        place = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
    else:
        place = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.18), "borderaxespad": 0.0}
    return ax.legend(title=title, **place, **kwargs)


def integer_ticks(ax: Axes, *, axis: str = "x") -> Axes:
    """Integer-only ticks (epochs, steps, layers) on ``axis`` ("x", "y" or "both").

    Returns:
        The Axes.
    """
    check.axes(ax, optional=False)
    if axis not in ("x", "y", "both"):
        raise ValueError(f"axis must be 'x', 'y' or 'both', got {axis!r}")
    if axis in ("x", "both"):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if axis in ("y", "both"):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


# ------------------------------------------------ training curves: metrics against epochs or steps


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


def plot_history(history, *, metric: str = "loss", ax: Axes | None = None, title: str | None = None,
                 logy: bool = False) -> Axes:
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
    check.text(metric, "metric", optional=False)
    check.axes(ax)
    check.text(title, "title")
    check.flag(logy, "logy")
    check.history(history, "history", keys=(metric, f"val_{metric}"))
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


def plot_histories(histories: Mapping[str, object], *, metric: str = "loss", ax: Axes | None = None,
                   title: str | None = None, logy: bool = False, xlabel: str = "epoch") -> Axes:
    """Compare several runs: one line per run, same metric.

    Args:
        histories: run name -> ``History`` (or dict of metric -> values).
        metric: the key to plot, e.g. ``"val_loss"``.
        ax: the Axes to draw on; a new figure when None.
        title: the title; defaults to the metric's name.
        logy: logarithmic y axis.
        xlabel: label of the horizontal axis ("epoch", or "step" for per-step logs).

    Returns:
        The Axes.

    Raises:
        TypeError: if ``histories`` is not a mapping of histories, or an option has the
            wrong type.
        ValueError: if ``histories`` is empty or a run's series is empty.
        KeyError: if a run did not record ``metric``.
    """
    check.mapping(histories, "histories", non_empty=False)
    check.text(metric, "metric", optional=False)
    check.axes(ax)
    check.text(title, "title")
    check.flag(logy, "logy")
    check.text(xlabel, "xlabel", optional=False)
    for run, h in histories.items():
        check.history(h, f"histories[{run!r}]", keys=(metric,))
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("histories must be a non-empty mapping of run name -> History")
    ax = _new_ax(ax, figsize=(7, 4))
    for name, history in histories.items():
        values = _history_dict(history)
        if metric not in values:
            raise KeyError(f"run {name!r} has no {metric!r}; recorded: {sorted(values)}")
        ax.plot(np.arange(1, len(values[metric]) + 1), values[metric], label=str(name))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(metric)
    ax.set_title(title or metric)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_train_val(histories: Mapping[str, object], *, metric: str = "accuracy",
                   ax: Axes | None = None,
                   title: str | None = None, ylim: tuple[float, float] | None = None) -> Axes:
    """Training (dashed) and validation (solid) curves of several runs, one colour per run.

    The space between a run's two lines is its generalisation gap.

    Args:
        histories: run name -> ``History`` (or dict of metric -> values) recorded with
            validation data.
        metric: the metric, e.g. ``"accuracy"`` or ``"loss"``; ``"val_" + metric`` must be
            recorded too.
        ax: the Axes to draw on; a new figure when None.
        title: the title; defaults to the metric's name.
        ylim: limits of the vertical axis, or None.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``histories`` is empty.
        TypeError: if a history is neither a ``History`` nor a mapping.
        KeyError: if a run lacks ``metric`` or ``"val_" + metric``.

    Example:
        >>> plots.plot_train_val({"rate 0": h0, "rate 0.5": h5}, metric="loss")
    """
    check.mapping(histories, "histories", non_empty=False)
    check.text(metric, "metric", optional=False)
    for run, h in histories.items():
        check.history(h, f"histories[{run!r}]", keys=(metric, f"val_{metric}"))
    check.axes(ax)
    check.text(title, "title")
    if ylim is not None:
        check.array(ylim, "ylim", shape=(2,))
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("histories must be a non-empty mapping of run name -> History")
    ax = _new_ax(ax, figsize=(8, 4.5))
    for i, (name, history) in enumerate(histories.items()):
        values = _history_dict(history)
        for key in (metric, f"val_{metric}"):
            if key not in values:
                raise KeyError(f"run {name!r} has no {key!r}; recorded: {sorted(values)}")
        epochs = np.arange(1, len(values[metric]) + 1)
        color, marker = PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]
        every = max(1, len(epochs) // 8)
        ax.plot(epochs, values[f"val_{metric}"], "-", color=color, lw=2, marker=marker,
                markevery=every, label=str(name))
        ax.plot(epochs, values[metric], "--", color=color, lw=1.8, marker=marker,
                markevery=every, mfc="none", alpha=0.9)
    ax.plot([], [], "k-", lw=2, label="validation (solid)")
    ax.plot([], [], "k--", lw=1.8, label="training (dashed)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(title or metric)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3)
    integer_ticks(ax)
    legend_outside(ax)
    return ax


def _as_series(x, y, name: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"{name}: x and y must be non-empty and of the same length, got "
                         f"{len(x)} and {len(y)}")
    return x, y


def plot_curves(curves: Mapping[str, tuple], *, ax: Axes | None = None, xlabel: str = "step",
                ylabel: str = "loss", title: str | None = None, logx: bool = False,
                logy: bool = False, styles: Mapping[str, str] | None = None) -> Axes:
    """Several (x, y) curves on one Axes, one line per name: loss against updates, time, ...

    Args:
        curves: name -> (x, y), two array-likes of the same length.
        ax: the Axes to draw on; a new figure when None.
        xlabel: label of the horizontal axis.
        ylabel: label of the vertical axis.
        title: the title.
        logx: logarithmic x axis (points with x <= 0 are left out).
        logy: logarithmic y axis.
        styles: name -> matplotlib format string (e.g. "o-"), for some or all curves.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``curves`` is empty or a curve's x and y differ in length.

    Example:
        >>> plots.plot_curves({"batch 32": (steps, losses)}, xlabel="update", logy=True)
    """
    check.mapping(curves, "curves", non_empty=False)
    check.axes(ax)
    for name, value in (("xlabel", xlabel), ("ylabel", ylabel), ("title", title)):
        check.text(value, name)
    check.flag(logx, "logx")
    check.flag(logy, "logy")
    if styles is not None:
        check.mapping(styles, "styles", non_empty=False)
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError("curves must be a non-empty mapping of name -> (x, y)")
    styles = dict(styles or {})
    ax = _new_ax(ax, figsize=(7, 4))
    for name, pair in curves.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"curve {name!r} must be an (x, y) pair")
        x, y = _as_series(*pair, f"curve {name!r}")
        if logx:
            keep = x > 0
            x, y = x[keep], y[keep]
        fmt = [styles[name]] if name in styles else []  # else the style cycle's line style
        ax.plot(x, y, *fmt, label=str(name), lw=1.8, ms=3)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def _epoch_number(value, name: str, n_epochs: int) -> int:
    """An epoch counted from 1 that must lie in 1..n_epochs."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int (an epoch counted from 1), got "
                        f"{type(value).__name__}: {value!r}")
    if not 1 <= value <= n_epochs:
        raise ValueError(f"{name} must be between 1 and the {n_epochs} recorded epochs, "
                         f"got {value}")
    return int(value)


def plot_early_stopping(history, *, best_epoch: int, stopped_epoch: int | None = None,
                        monitor: str = "val_loss", ax: Axes | None = None, title: str | None = None,
                        best_label: str | None = None) -> Axes:
    """A monitored learning curve with the kept epoch and the patience window marked.

    Draws the monitored metric (and, for ``"val_<name>"``, the training ``"<name>"`` beside
    it) against epochs, a star on the epoch whose weights are kept, and, when
    ``stopped_epoch`` is given, the epochs of patience between the two shaded and the stop
    marked. The history may run past the stop (a run recorded without early stopping): the
    epochs after the stop are the ones early stopping would have saved.

    Args:
        history: the ``History`` returned by ``model.fit`` or its ``.history`` dict.
        best_epoch: the epoch whose weights are kept, counted from 1 as on the x axis
            (Keras' ``EarlyStopping.best_epoch`` counts from 0: pass ``best_epoch + 1``).
        stopped_epoch: the last epoch trained, counted from 1, or None to mark no stop.
        monitor: the key early stopping watched, e.g. ``"val_loss"``.
        ax: the Axes to draw on; a new figure when None.
        title: the title; defaults to one naming the two epochs.
        best_label: the legend entry of the star; defaults to ``"kept: epoch <best_epoch>"``.

    Returns:
        The Axes.

    Raises:
        KeyError: if ``monitor`` was not recorded; the message lists the recorded keys.
        TypeError: if an epoch is not an int, or ``best_label`` not a string.
        ValueError: if an epoch lies outside the recorded ones, or the stop comes before the
            kept epoch.

    Example:
        >>> es = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
        >>> history = model.fit(..., callbacks=[es])
        >>> plots.plot_early_stopping(history, best_epoch=es.best_epoch + 1,
        ...                           stopped_epoch=len(history.history["loss"]))
    """
    check.text(monitor, "monitor", optional=False)
    check.history(history, "history", keys=(monitor, monitor.removeprefix("val_")))
    check.axes(ax)
    check.text(title, "title")
    values = _history_dict(history)
    if monitor not in values:
        raise KeyError(f"monitor {monitor!r} is not in the history; recorded: {sorted(values)}")
    curve = np.asarray(values[monitor], dtype=float)
    n = len(curve)
    best = _epoch_number(best_epoch, "best_epoch", n)
    stop = None if stopped_epoch is None else _epoch_number(stopped_epoch, "stopped_epoch", n)
    if stop is not None and stop < best:
        raise ValueError(f"stopped_epoch ({stop}) must not come before best_epoch ({best})")
    check.text(best_label, "best_label")
    ax = _new_ax(ax, figsize=(8, 4.5))
    epochs = np.arange(1, n + 1)
    base = monitor.removeprefix("val_")
    if monitor.startswith("val_") and base in values:
        ax.plot(epochs, values[base], "o-", ms=3, color=PALETTE[0], alpha=0.7,
                label=f"training {base}")
    name = f"validation {base}" if monitor.startswith("val_") else monitor
    ax.plot(epochs, curve, "s--", ms=3, color=PALETTE[1], label=name)
    ax.plot([best], [curve[best - 1]], "*", ms=18, color=PALETTE[2], mec="k", ls="none",
            label=best_label or f"kept: epoch {best}")
    if stop is not None:
        if stop > best:
            ax.axvspan(best, stop, color="0.5", alpha=0.15,
                       label=f"patience: {stop - best} epochs")
        ax.axvline(stop, color=PALETTE[3], ls="--", lw=2, label=f"stopped after epoch {stop}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(base)
    ax.set_title(title or f"early stopping on the {name}")
    ax.grid(alpha=0.3)
    integer_ticks(ax)
    legend_outside(ax)
    return ax


def plot_history_with_lr(history, *, metric: str = "val_loss", lr_key: str = "learning_rate",
                         title: str | None = None) -> Figure:
    """A learning curve above the learning rate that produced it, epoch by epoch.

    The history of a run with ``keras.callbacks.ReduceLROnPlateau`` holds the learning rate
    under ``"learning_rate"``: the bottom panel shows it on a log scale, so each cut is a step.

    Args:
        history: the ``History`` returned by ``model.fit`` or its ``.history`` dict.
        metric: the key drawn in the top panel (its training twin too, for ``"val_<name>"``).
        lr_key: the key holding the learning rate of each epoch.
        title: the figure's title.

    Returns:
        The Figure (two Axes sharing the epoch axis).

    Raises:
        KeyError: if ``metric`` or ``lr_key`` was not recorded; the message lists the
            recorded keys.
        ValueError: if a learning rate is not positive.

    Example:
        >>> history = model.fit(..., callbacks=[keras.callbacks.ReduceLROnPlateau()])
        >>> fig = plots.plot_history_with_lr(history)
    """
    check.text(metric, "metric", optional=False)
    check.text(lr_key, "lr_key", optional=False)
    check.history(history, "history", keys=(metric, metric.removeprefix("val_"), lr_key))
    check.text(title, "title")
    values = _history_dict(history)
    for key in (metric, lr_key):
        if key not in values:
            raise KeyError(f"{key!r} is not in the history; recorded: {sorted(values)}")
    lrs = np.asarray(values[lr_key], dtype=float)
    if np.any(~np.isfinite(lrs)) or np.any(lrs <= 0):
        raise ValueError(f"learning rates must be positive numbers, got {lrs.tolist()}")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                      height_ratios=(2, 1), layout="constrained")
    epochs = np.arange(1, len(lrs) + 1)
    base = metric.removeprefix("val_")
    name = f"validation {base}" if metric.startswith("val_") else metric
    if metric.startswith("val_") and base in values:
        top.plot(epochs, values[base], "o-", ms=3, color=PALETTE[0], alpha=0.7,
                 label=f"training {base}")
    top.plot(epochs, values[metric], "s--", ms=3, color=PALETTE[1], label=name)
    top.set_ylabel(base)
    top.grid(alpha=0.3)
    legend_outside(top)
    bottom.step(epochs, lrs, where="mid", color=PALETTE[4], lw=2)
    bottom.set_yscale("log")
    bottom.set_xlabel("epoch")
    bottom.set_ylabel("learning rate")
    bottom.grid(alpha=0.3, which="both")
    integer_ticks(bottom)
    fig.suptitle(title or f"{name} and the learning rate")
    return fig


def plot_lr_schedules(schedules: Mapping[str, object], *, ax: Axes | None = None,
                      logy: bool = False,
                      xlabel: str = "step",
                      title: str | None = "learning rate against step") -> Axes:
    """Learning rate against step, one line per schedule.

    Args:
        schedules: name -> array of shape (n_steps,) of learning rates (step 0 first).
        ax: the Axes to draw on; a new figure when None.
        logy: logarithmic y axis.
        xlabel: label of the horizontal axis ("step" or "epoch").
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``schedules`` is empty, or a schedule is not a non-empty 1-D array of
            rates > 0 (for a log axis) or >= 0.

    Example:
        >>> plots.plot_lr_schedules({"cosine": [float(cosine(s)) for s in range(1000)]})
    """
    check.mapping(schedules, "schedules", non_empty=False)
    check.arrays(schedules, "schedules", non_empty=False)
    check.axes(ax)
    check.flag(logy, "logy")
    check.text(xlabel, "xlabel", optional=False)
    check.text(title, "title")
    if not isinstance(schedules, Mapping) or not schedules:
        raise ValueError("schedules must be a non-empty mapping of name -> learning rates")
    ax = _new_ax(ax, figsize=(7, 4))
    for name, rates in schedules.items():
        rates = np.asarray(rates, dtype=float)
        if rates.ndim != 1 or rates.size == 0:
            raise ValueError(f"schedule {name!r} must be a non-empty 1-D array, got shape "
                             f"{rates.shape}")
        if (rates < 0).any() or (logy and (rates <= 0).any()):
            raise ValueError(f"schedule {name!r} has learning rates <= 0")
        ax.plot(np.arange(len(rates)), rates, lw=2, label=str(name))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("learning rate")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_lr_range_test(learning_rates, losses, *, smoothed=None, explode_at: float | None = None,
                       suggested: float | None = None, ax: Axes | None = None,
                       title: str | None = "learning-rate range test") -> Axes:
    """Loss against a learning rate that grows exponentially, as in a range test.

    Args:
        learning_rates: array of shape (n_steps,), the rate used at each step.
        losses: array of shape (n_steps,), each step's mini-batch loss (NaN/inf are skipped).
        smoothed: a smoothed copy of ``losses`` drawn on top, or None.
        explode_at: the rate at which the loss explodes, a dashed vertical line.
        suggested: the chosen rate (e.g. a tenth of ``explode_at``), a dash-dotted line.
        ax: the Axes to draw on; a new figure when None.
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if the arrays differ in length, or a rate is not > 0.
    """
    check.array(learning_rates, "learning_rates", non_empty=False)
    check.array(losses, "losses", finite=False, non_empty=False)
    if smoothed is not None:
        check.array(smoothed, "smoothed", finite=False, non_empty=False)
    for name, value in (("explode_at", explode_at), ("suggested", suggested)):
        if value is not None:
            check.number(value, name, positive=True)
    check.axes(ax)
    check.text(title, "title")
    lrs, loss = _as_series(learning_rates, losses, "range test")
    if (lrs <= 0).any():
        raise ValueError("learning_rates must all be > 0 (they are drawn on a log axis)")
    ax = _new_ax(ax, figsize=(7, 4))
    ok = np.isfinite(loss)
    ax.plot(lrs[ok], loss[ok], color="0.6", lw=1, label="loss per step")
    if smoothed is not None:
        lr_s, sm = _as_series(learning_rates, smoothed, "smoothed")
        ok_s = np.isfinite(sm)
        ax.plot(lr_s[ok_s], sm[ok_s], color=PALETTE[0], ls="-", lw=2.2, label="smoothed")
    for value, color, style, text in ((explode_at, PALETTE[3], "--", "explodes"),
                                      (suggested, PALETTE[2], "-.", "chosen")):
        if value is not None:
            ax.axvline(value, color=color, ls=style, lw=2, label=f"{text}: {value:.2g}")
    if ok.any():  # the explosion itself would squash the interesting part
        ax.set_ylim(0.0, 1.5 * float(np.mean(loss[ok][:10])))
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("mini-batch loss")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    legend_outside(ax)
    return ax


# ----------------------------------------------------------------- images, classes and predictions


def _fit_width(text: str, width_in: float, fontsize: float) -> str:
    """``text`` broken at spaces or after "/" so that each line fits ``width_in`` inches."""
    from matplotlib.textpath import TextPath

    def fits(line):
        return TextPath((0, 0), line, size=fontsize).get_extents().width / 72 <= width_in

    out = []
    for line in text.split("\n"):
        while not fits(line):
            cuts = [i for i, ch in enumerate(line) if ch in " /" and 0 < i < len(line) - 1]
            if not cuts:
                break
            cut = next((i for i in reversed(cuts) if fits(line[:i + 1].rstrip())), cuts[0])
            out.append(line[:cut + 1].rstrip())
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def plot_image_grid(images, labels=None, *, class_names: Sequence[str] | None = None,
                    predictions=None, ncols: int = 8, size: float = 1.4, cmap: str = "gray_r",
                    fontsize: float = MIN_FONT_PT) -> Figure:
    """A grid of images with their labels (and predictions: wrong ones in red).

    Titles are drawn at ``fontsize`` (at least the house minimum, 13 pt); a title wider than
    its column is broken at spaces or after "/" ("Ankle boot" becomes "Ankle" over "boot").
    The figure is at most 10 in wide: ``size`` shrinks where ``ncols * size`` would be wider.

    Args:
        images: array of shape (n_images, height, width) or (n_images, height, width, 1).
        labels: integer labels of shape (n_images,), or None.
        class_names: names to show instead of label numbers.
        predictions: predicted labels of shape (n_images,); each title reads "pred (true)".
        ncols: images per row.
        size: inches per image.
        cmap: the colour map of the images.
        fontsize: the titles' size in points, at least 13.

    Returns:
        The Figure.
    """
    check.array(images, "images", dtype=None)
    n_names = None if class_names is None else len(check.names(class_names, "class_names"))
    for name, value in (("labels", labels), ("predictions", predictions)):
        if value is not None and check.labels(value, name).max() >= (n_names or np.inf):
            raise ValueError(f"class_names must name every class in {name}: got {n_names} "
                             f"names for labels up to {check.labels(value, name).max()}")
    check.integer(ncols, "ncols", minimum=1)
    check.number(size, "size", positive=True)
    check.number(fontsize, "fontsize", positive=True)
    if fontsize < MIN_FONT_PT:
        raise ValueError(f"fontsize must be at least {MIN_FONT_PT} pt (readable when "
                         f"projected), got {fontsize}")
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
    size = min(float(size), 10.0 / ncols)  # at most 10 in wide, so it is shown at full size
    lines = 0 if labels is None else (2 if predictions is not None else 1)
    title_in = lines * fontsize * 1.3 / 72  # the height of one row's titles, in inches
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, (size + title_in) * nrows),
                             squeeze=False, layout="constrained")

    def name_of(k, fmt="{}"):
        name = class_names[int(k)] if class_names is not None else str(int(k))
        return _fit_width(fmt.format(name), 0.95 * size, fontsize)

    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap)
        if predictions is not None and labels is not None:
            wrong = int(predictions[i]) != int(labels[i])
            ax.set_title(f"{name_of(predictions[i])}\n{name_of(labels[i], '({})')}",
                         fontsize=fontsize, color="tab:red" if wrong else "black")
        elif labels is not None:
            ax.set_title(name_of(labels[i]), fontsize=fontsize)
    return fig


def _class_names(class_names, n: int) -> list[str]:
    names = [str(c) for c in class_names]
    if len(names) != n:
        raise ValueError(f"class_names must have one name per class ({n}), got {len(names)}")
    return names


def plot_class_counts(labels: Mapping[str, object], *, class_names: Sequence[str],
                      ax: Axes | None = None,
                      title: str | None = "images per class") -> Axes:
    """How many images each class has in each split, as grouped bars.

    Args:
        labels: split name -> integer labels of shape (n_samples,), e.g.
            ``{"train": y_train, "test": y_test}``.
        class_names: one name per class; labels must lie in ``range(len(class_names))``.
        ax: the Axes to draw on; a new figure when None.
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``labels`` is empty or holds a label outside the classes.

    Example:
        >>> plots.plot_class_counts({"train": y_train, "test": y_test},
        ...                         class_names=data.CLASS_NAMES)
    """
    check.mapping(labels, "labels", non_empty=False)
    for split, y in labels.items():
        check.array(y, f"labels[{split!r}]", ndim=1, dtype=None, non_empty=False)
    check.names(class_names, "class_names", optional=False)
    check.axes(ax)
    check.text(title, "title")
    if not isinstance(labels, Mapping) or not labels:
        raise ValueError("labels must be a non-empty mapping of split name -> label array")
    k = len(class_names)
    names = _class_names(class_names, k)
    counts = {}
    for split, y in labels.items():
        y = np.asarray(y).reshape(-1)
        if y.size and (y.min() < 0 or y.max() >= k or not np.all(y == np.round(y))):
            raise ValueError(f"labels of {split!r} must be integers in [0, {k}), "
                             f"got values in [{y.min()}, {y.max()}]")
        counts[split] = np.bincount(y.astype(int), minlength=k)
    ax = _new_ax(ax, figsize=(10, 4))
    width = 0.8 / len(counts)
    for i, (split, c) in enumerate(counts.items()):
        ax.bar(np.arange(k) + (i - (len(counts) - 1) / 2) * width, c, width,
               label=f"{split} ({c.sum():,})")
    ax.set_xticks(np.arange(k))
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_ylabel("images")
    if title:
        ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend()
    return ax


def plot_prediction_probabilities(images, probabilities, labels, *,
                                  class_names: Sequence[str], size: float = 1.7) -> Figure:
    """Images above bar charts of the probabilities a classifier gave them.

    The true class's bar is blue (``PALETTE[0]``); the predicted class's bar, when it is wrong,
    is vermillion and hatched, so the two differ without telling colours apart. Each bar
    chart's title gives the prediction's name and probability (", wrong" when it is), on
    separate lines so that neighbouring titles do not overlap.

    Args:
        images: array of shape (n_images, height, width).
        probabilities: array of shape (n_images, n_classes), rows summing to 1.
        labels: true integer labels of shape (n_images,).
        class_names: one name per class.
        size: inches per column.

    Returns:
        The Figure (two rows, one column per image).

    Raises:
        ValueError: if the shapes do not match or a row is not a probability distribution.

    Example:
        >>> probs = model.predict(x_test[:5], verbose=0)
        >>> plots.plot_prediction_probabilities(images[:5], probs, y_test[:5],
        ...                                     class_names=data.CLASS_NAMES)
    """
    check.array(images, "images", dtype=None)
    check.array(probabilities, "probabilities")
    check.labels(labels, "labels")
    check.names(class_names, "class_names", optional=False)
    check.number(size, "size", positive=True)
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    probs = np.asarray(probabilities, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n_images, height, width), got {images.shape}")
    n = len(images)
    if probs.ndim != 2 or len(probs) != n:
        raise ValueError(f"probabilities must have shape (n_images={n}, n_classes), "
                         f"got {probs.shape}")
    if len(labels) != n:
        raise ValueError(f"labels must have one entry per image ({n}), got {len(labels)}")
    if probs.min() < 0 or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("every row of probabilities must be non-negative and sum to 1")
    k = probs.shape[1]
    names = _class_names(class_names, k)
    fig, axes = plt.subplots(2, n, figsize=(min(10.0, size * n + 1.6), 2 * size + 1.6),
                             squeeze=False, layout="constrained",
                             gridspec_kw={"height_ratios": [1, 1.3]})
    for i in range(n):
        pred, true = int(probs[i].argmax()), int(labels[i])
        axes[0, i].imshow(images[i], cmap="gray_r")
        axes[0, i].axis("off")
        axes[0, i].set_title(f"true:\n{names[true]}")
        colors, hatches = ["#BBBBBB"] * k, [""] * k
        colors[true] = PALETTE[0]  # blue: the true class
        if pred != true:
            colors[pred], hatches[pred] = PALETTE[3], "//"  # vermillion, hatched: wrong
        bar_ax = axes[1, i]
        bars = bar_ax.barh(np.arange(k), probs[i], color=colors)
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        bar_ax.set_xlim(0, 1)
        bar_ax.set_xticks([0, 1])
        bar_ax.grid(axis="x", alpha=0.3)
        bar_ax.set_yticks(np.arange(k))
        bar_ax.set_yticklabels(names if i == 0 else [])
        bar_ax.invert_yaxis()
        bar_ax.set_xlabel("probability")
        bar_ax.set_title(f"predicted:\n{names[pred]}\np = {probs[i, pred]:.2f}"
                         + ("" if pred == true else ", wrong"))  # no line wider than a name
    return fig


def plot_confusion_matrix(cm, *, class_names: Sequence[str], ax: Axes | None = None,
                          normalize: bool = False,
                          title: str | None = "confusion matrix", cmap: str = "Blues") -> Axes:
    """A confusion matrix as a heatmap with every cell's value written in it.

    Args:
        cm: array of shape (n_classes, n_classes); ``cm[i, j]`` counts images of true class
            ``i`` predicted as class ``j``.
        class_names: one name per class.
        normalize: divide each row by its sum, so the diagonal shows per-class accuracy and
            every other cell the share of a class sent to another; cells then show
            percentages (rounded to whole numbers) and a colour bar is added.
        ax: the Axes to draw on; a new figure when None.
        title: the title.
        cmap: the colour map.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``cm`` is not a square matrix of non-negative numbers matching
            ``class_names``.

    Example:
        >>> plots.plot_confusion_matrix(cm, class_names=data.CLASS_NAMES)
    """
    check.array(cm, "cm", finite=False)
    check.names(class_names, "class_names", optional=False)
    check.axes(ax)
    check.flag(normalize, "normalize")
    check.text(title, "title")
    cm = np.asarray(cm, dtype=float)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square matrix of shape (n_classes, n_classes), "
                         f"got shape {cm.shape}")
    if not np.all(np.isfinite(cm)) or cm.min() < 0:
        raise ValueError("cm must hold finite, non-negative counts")
    k = len(cm)
    names = _class_names(class_names, k)
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1e-12) if normalize else cm
    ax = _new_ax(ax, figsize=(8.5, 7.5))
    if normalize:  # in percent, as the cells and the colour bar show it
        shown = 100 * shown
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=100 if normalize else None)
    ax.grid(False)
    if normalize:  # a colour bar says what the shades mean
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.03,
                           label="% of the true class")
    top = 100.0 if normalize else (shown.max() if shown.size else 1.0)
    for i in range(k):
        for j in range(k):
            value = shown[i, j]
            text = f"{value:.0f}" if normalize else f"{int(round(value))}"
            ax.text(j, i, text, ha="center", va="center", fontsize=MIN_FONT_PT,
                    color="white" if value > 0.5 * top else "black")
    ax.set_xticks(np.arange(k))
    ax.set_yticks(np.arange(k))
    ax.set_xticklabels(names, rotation=45, ha="right")
    ax.set_yticklabels(names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    return ax


def plot_per_class_accuracy(accuracies: Mapping[str, object], *, class_names: Sequence[str],
                            ax: Axes | None = None, title: str | None = "accuracy per class",
                            error: bool = False) -> Axes:
    """Per-class accuracy of one or more models, as grouped horizontal bars.

    Each model has its own colour and hatch. Where accuracies differ by a few points, draw the
    error rate instead (``error=True``): its bars start at 0 and the differences stay visible.

    Args:
        accuracies: model name -> array of shape (n_classes,) of accuracies in [0, 1].
        class_names: one name per class.
        error: draw the error rate ``1 - accuracy`` (axis from 0 to the largest error).
        ax: the Axes to draw on; a new figure when None.
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``accuracies`` is empty, or an entry has the wrong length or values
            outside [0, 1].

    Example:
        >>> plots.plot_per_class_accuracy({"baseline": acc}, class_names=data.CLASS_NAMES)
    """
    check.mapping(accuracies, "accuracies", non_empty=False)
    check.arrays(accuracies, "accuracies")
    check.flag(error, "error")
    check.names(class_names, "class_names", optional=False)
    check.axes(ax)
    check.text(title, "title")
    if not isinstance(accuracies, Mapping) or not accuracies:
        raise ValueError("accuracies must be a non-empty mapping of model name -> array")
    k = len(class_names)
    names = _class_names(class_names, k)
    rows = {}
    for model, acc in accuracies.items():
        acc = np.asarray(acc, dtype=float).reshape(-1)
        if len(acc) != k:
            raise ValueError(f"accuracies of {model!r} must have one value per class ({k}), "
                             f"got {len(acc)}")
        if np.any(~np.isfinite(acc)) or acc.min() < 0 or acc.max() > 1:
            raise ValueError(f"accuracies of {model!r} must lie in [0, 1]")
        rows[model] = acc
    ax = _new_ax(ax, figsize=(8, 5.5))
    height = 0.8 / len(rows)
    hatches = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
    for i, (model, acc) in enumerate(rows.items()):
        shown = 1 - acc if error else acc
        ax.barh(np.arange(k) + (i - (len(rows) - 1) / 2) * height, shown, height, label=model,
                color=PALETTE[i % len(PALETTE)], hatch=hatches[i % len(hatches)],
                edgecolor="white")
    ax.set_yticks(np.arange(k))
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    if error:
        ax.set_xlim(0, None)
        ax.set_xlabel("error rate (1 - accuracy)")
    else:
        ax.set_xlim(0, 1)
        ax.set_xlabel("accuracy")
    if title:
        ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


# ------------------------------------------------ points in the plane: clouds, boundaries, regions


def _as_cloud(points, name: str) -> np.ndarray:
    arr = np.asarray(points, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 2:
        raise ValueError(f"{name} must be an array of shape (n_points >= 2, 2), got {arr.shape}")
    return arr


def plot_point_clouds(clouds: Mapping[str, object], *, c=None,
                      axis_labels: tuple[str, str] | Sequence[tuple[str, str]] | None = None,
                      show_cov: bool = True, ncols: int | None = None, size: float = 3.6,
                      cmap: str = "coolwarm", class_names: Sequence[str] | None = None) -> Figure:
    """2-D point clouds side by side, each with its sample covariance matrix written on it.

    Used to follow data through centring, rotation and whitening: every panel has equal axis
    scales (a circle looks round) and thin lines through the origin.

    Args:
        clouds: panel title -> array of shape (n_points, 2).
        c: colours or class labels of shape (n_points,) shared by every panel, or None.
        axis_labels: one (xlabel, ylabel) pair for every panel, or one pair per panel.
        show_cov: write the sample covariance (``np.cov``, ddof=1) under each panel's title:
            the two variances, then the covariance of the two coordinates.
        ncols: panels per row (default: all in one row, at most 5).
        size: inches per panel.
        cmap: colour map for ``c`` when ``class_names`` is None.
        class_names: when ``c`` holds integer class labels 0..k-1, their names: each class is
            then drawn in its palette colour and marker, with a legend below the panels.

    Returns:
        The Figure.

    Raises:
        ValueError: if ``clouds`` is empty, a cloud is not of shape (n, 2), ``c`` has the wrong
            length, or ``axis_labels`` has the wrong number of pairs.

    Example:
        >>> fig = plots.plot_point_clouds({"raw": x, "whitened": y}, axis_labels=("x1", "x2"))
    """
    check.mapping(clouds, "clouds", non_empty=False)
    check.arrays(clouds, "clouds")
    if c is not None:
        check.array(c, "c", ndim=1, dtype=None)
    check.flag(show_cov, "show_cov")
    if ncols is not None:
        check.integer(ncols, "ncols", minimum=1)
    check.number(size, "size", positive=True)
    check.names(class_names, "class_names")
    if not isinstance(clouds, Mapping) or not clouds:
        raise ValueError("clouds must be a non-empty mapping of title -> array of shape (n, 2)")
    arrays = {str(k): _as_cloud(v, f"cloud {k!r}") for k, v in clouds.items()}
    if c is not None:
        c = np.asarray(c)
        bad = [k for k, a in arrays.items() if len(a) != len(c)]
        if bad:
            raise ValueError(f"c has {len(c)} entries but cloud(s) {bad} have a different length")
    n = len(arrays)
    if axis_labels is None:
        pairs = [("", "")] * n
    elif len(axis_labels) == 2 and all(isinstance(s, str) for s in axis_labels):
        pairs = [tuple(axis_labels)] * n
    else:
        pairs = [tuple(p) for p in axis_labels]
        if len(pairs) != n or any(len(p) != 2 for p in pairs):
            raise ValueError(f"axis_labels must be one (xlabel, ylabel) pair or {n} pairs")
    ncols = min(n, 5) if ncols is None else max(1, min(int(ncols), n))
    nrows = int(np.ceil(n / ncols))
    if class_names is not None:
        if c is None:
            raise ValueError("class_names needs c: the integer class label of every point")
        names = [str(name) for name in class_names]
        if not np.issubdtype(c.dtype, np.integer) or c.min() < 0 or c.max() >= len(names):
            raise ValueError(f"with class_names, c must hold integer labels 0..{len(names) - 1}")
        if len(names) > len(PALETTE):
            raise ValueError(f"class_names can name at most {len(PALETTE)} classes, "
                             f"got {len(names)}")
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.5),
                             squeeze=False, layout="constrained")
    for ax, (title, pts), (xl, yl) in zip(axes.flat, arrays.items(), pairs):
        ax.axhline(0, color="0.6", lw=0.8, zorder=0)
        ax.axvline(0, color="0.6", lw=0.8, zorder=0)
        if class_names is not None:
            for k, name in enumerate(names):
                ax.scatter(pts[c == k, 0], pts[c == k, 1], s=18, alpha=0.8, color=PALETTE[k],
                           marker=MARKERS[k], edgecolors="none", label=name)
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=10, alpha=0.7,
                       c=c if c is not None else PALETTE[0],
                       cmap=cmap if c is not None else None, edgecolors="none")
        ax.set_aspect("equal", adjustable="datalim")
        if show_cov:
            cov = np.cov(pts, rowvar=False)
            title = f"{title}\nvar {cov[0, 0]:.2f}, {cov[1, 1]:.2f}; cov {cov[0, 1]:.2f}"
        ax.set_title(title, fontsize=MIN_FONT_PT + 1 if show_cov else None)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    if class_names is not None:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=len(names),
                   markerscale=1.5)
    return fig


def _class_names_for_legend(class_names, n_classes: int) -> list[str]:
    """The legend names of ``n_classes`` classes: given, or "class 0", "class 1", ..."""
    if class_names is None:
        return [f"class {k}" for k in range(n_classes)]
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, Sequence):
        raise TypeError(f"class_names must be a list of names, got {type(class_names).__name__}")
    names = [str(name) for name in class_names]
    if len(names) < n_classes:
        raise ValueError(f"class_names must name all {n_classes} classes, got {len(names)}: "
                         f"{names}")
    return names[:n_classes]


def _class_colours(n_classes: int) -> list:
    """The palette's colours in order; tab20 beyond its eight."""
    if n_classes <= len(PALETTE):
        return list(PALETTE[:n_classes])
    return [plt.get_cmap("tab20")(k % 20) for k in range(n_classes)]


def _scatter_classes(ax, x: np.ndarray, y: np.ndarray, names: list[str], colours: list, *,
                     size: float) -> None:
    """One scatter per class, in its colour and marker, labelled for the legend."""
    for k, name in enumerate(names):
        pts = x[y == k]
        if len(pts):
            ax.scatter(pts[:, 0], pts[:, 1], s=size, color=colours[k],
                       marker=MARKERS[k % len(MARKERS)], edgecolors="k", linewidths=0.4,
                       label=name, zorder=3)


def _few_ticks(ax) -> None:
    """At most six round ticks per axis, so that 13-pt tick labels never run into each other."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], x, y, *,
                           ax: Axes | None = None,
                           resolution: int = 200, margin: float = 0.5, title: str | None = None,
                           point_size: float = 14, xlabel: str | None = None,
                           ylabel: str | None = None, class_names: Sequence[str] | None = None,
                           legend: str | None = "right",
                           lines: Mapping[str, Callable[[np.ndarray],
                           np.ndarray]] | None = None) -> Axes:
    """Decision regions of a 2-D classifier with the data points on top.

    Each class has its palette colour (a light tint for its region) and its own marker, and a
    legend names the classes.

    Args:
        predict: maps an array of shape (n, 2) to class probabilities of shape (n,) or
            (n, n_classes) — for a Keras model, ``lambda g: model.predict(g, verbose=0)``.
        x: array of shape (n_samples, 2).
        y: integer labels of shape (n_samples,).
        ax: the Axes to draw on; a new figure when None.
        resolution: grid points per axis.
        margin: space around the data.
        title: the title (none when None).
        point_size: marker size of the data points.
        xlabel: label of the horizontal axis (none when None).
        ylabel: label of the vertical axis (none when None).
        class_names: the legend's name of each class (default "class 0", "class 1", ...).
        legend: where the legend goes: ``"right"`` of or ``"below"`` the axes (never on the
            data), or None for none (e.g. to draw one legend for a whole figure from
            ``ax.get_legend_handles_labels()``).
        lines: extra lines, legend label -> a function of the grid (array of shape (n, 2))
            returning shape (n,) or (n, k): the zero level of each column is drawn in black,
            one line style per label (e.g. a hidden layer's cuts ``lambda g: g @ W + b``, or
            a reference boundary ``lambda g: p(g) - 0.5``).

    Returns:
        The Axes.

    Raises:
        TypeError: if ``class_names`` is not a list of names or ``lines`` not a mapping of
            callables.
        ValueError: if ``x`` is empty, not finite or not of shape (n_samples, 2), ``y`` has
            another length, ``predict`` or a function in ``lines`` returns the wrong number of
            rows, ``class_names`` names fewer classes than there are, or ``legend`` is unknown.

    Example:
        >>> plots.plot_decision_boundary(lambda g: model.predict(g, verbose=0), x, y,
        ...                              class_names=["outer ring", "inner ring"])
    """
    check.callable_(predict, "predict")
    check.array(x, "x", non_empty=False)
    check.array(y, "y", dtype=None, non_empty=False)
    check.axes(ax)
    check.integer(resolution, "resolution", minimum=2)
    check.number(margin, "margin", minimum=0)
    check.number(point_size, "point_size", positive=True)
    for name, value in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        check.text(value, name)
    x = np.asarray(x, dtype="float32")
    y = np.asarray(y).reshape(-1)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"x must have shape (n_samples, 2), n_samples > 0, got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x must hold finite numbers, found NaN or infinite values")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if legend not in ("right", "below", None):
        raise ValueError(f"legend must be 'right', 'below' or None, got {legend!r}")
    if lines is not None and (not isinstance(lines, Mapping)
                              or not all(callable(f) for f in lines.values())):
        raise TypeError("lines must be a dict of label -> function of the grid, got "
                        f"{type(lines).__name__}")
    ax = _new_ax(ax, figsize=(7.5, 5) if legend == "right" else (5.5, 5.5))
    (x0, y0), (x1, y1) = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()].astype("float32")
    probs = check.array(predict(grid), "the output of predict", dtype=None)
    if probs.ndim == 0 or probs.shape[0] != len(grid):
        raise ValueError(f"predict must return one row per grid point ({len(grid)}), got shape "
                         f"{probs.shape}")
    if probs.ndim == 2 and probs.shape[1] > 1:
        labels = probs.argmax(axis=1)
    else:
        labels = (probs.reshape(-1) > 0.5).astype(int)
    n_classes = int(max(labels.max(), y.max())) + 1
    names = _class_names_for_legend(class_names, n_classes)
    colours = _class_colours(n_classes)
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(gx, gy, labels.reshape(gx.shape), levels=levels, colors=colours, alpha=0.25)
    _scatter_classes(ax, x, y, names, colours, size=point_size)
    for i, (label, fn) in enumerate((lines or {}).items()):
        values = check.array(fn(grid), f"the output of lines[{label!r}]")
        if values.ndim not in (1, 2) or values.shape[0] != len(grid):
            raise ValueError(f"lines[{label!r}] must return one row per grid point "
                             f"({len(grid)}), got shape {values.shape}")
        values = values.reshape(len(grid), -1)
        style = LINESTYLES[(i + 1) % len(LINESTYLES)]
        for column in values.T:
            if column.min() < 0 < column.max():
                ax.contour(gx, gy, column.reshape(gx.shape), levels=[0.0], colors="k",
                           linewidths=1.8, linestyles=[style])
        ax.plot([], [], color="k", lw=1.8, linestyle=style, label=label)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    _few_ticks(ax)
    if title:
        ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if legend is not None:
        ncols = {"ncols": len(ax.get_legend_handles_labels()[1])} if legend == "below" else {}
        legend_outside(ax, loc=legend, **ncols)
    return ax


def plot_hyperplane(w, b: float, x, y, *, ax: Axes | None = None, margin: float = 0.5,
                    title: str | None = None, class_names: Sequence[str] | None = None,
                    legend: str | None = "right") -> Axes:
    """A 2-D neuron's decision line b + wᵀx = 0 over labelled points.

    The side where b + wᵀx > 0 (the neuron answers 1) is tinted in class 1's colour, the other
    side in class 0's; the arrow shows the weight vector ``w``: it is normal to the line and
    points to the side where b + wᵀx > 0.

    Args:
        w: the weights, array of shape (2,), not both zero.
        b: the bias.
        x: the points, array of shape (n_samples, 2).
        y: their labels, array of shape (n_samples,) (0/1 or any integers).
        ax: the Axes to draw on; a new figure when None.
        margin: space around the data.
        title: the title.
        class_names: the legend's name of each class (default "class 0", "class 1", ...).
        legend: ``"right"``, ``"below"`` (outside the axes) or None (no legend).

    Returns:
        The Axes.

    Raises:
        ValueError: if ``w`` is not two numbers (not both zero), ``b`` is not a finite number,
            ``x`` is not of shape (n, 2), ``y`` has a different length or negative labels,
            ``class_names`` names too few classes, or ``legend`` is unknown.

    Example:
        >>> plots.plot_hyperplane([1.0, -1.0], 0.5, x, y, title="perceptron")
    """
    check.array(w, "w", finite=False)
    if isinstance(b, (str, bytes)):
        raise TypeError(f"b must be a number, got {type(b).__name__}: {b!r}")
    check.array(x, "x", non_empty=False)
    check.array(y, "y", dtype=None, non_empty=False)
    check.axes(ax)
    check.number(margin, "margin", minimum=0)
    check.text(title, "title")
    w = np.asarray(w, dtype=float).reshape(-1)
    if w.shape != (2,) or not np.isfinite(w).all() or not w.any():
        raise ValueError(f"w must be 2 finite numbers, not both zero, got {w.tolist()}")
    if not np.isscalar(b) or not np.isfinite(float(b)):
        raise ValueError(f"b must be a finite number, got {b!r}")
    x = np.asarray(x, dtype=float)
    y = np.asarray(y).reshape(-1)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if y.min() < 0:
        raise ValueError(f"y must hold class labels >= 0, got {y.min()}")
    if legend not in ("right", "below", None):
        raise ValueError(f"legend must be 'right', 'below' or None, got {legend!r}")
    n_classes = max(int(y.max()) + 1, 2)
    names = _class_names_for_legend(class_names, n_classes)
    colours = _class_colours(n_classes)
    ax = _new_ax(ax, figsize=(7.5, 5) if legend == "right" else (5.5, 5.5))
    (x0, y0), (x1, y1) = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    z = b + w[0] * gx + w[1] * gy
    ax.contourf(gx, gy, (z > 0).astype(float), levels=[-0.5, 0.5, 1.5],
                colors=colours[:2], alpha=0.2)
    if z.min() < 0 < z.max():
        ax.contour(gx, gy, z, levels=[0.0], colors="k", linewidths=2)
    _scatter_classes(ax, x, y, names, colours, size=22)
    foot = -b * w / (w @ w)  # the point of the line closest to the origin
    if x0 <= foot[0] <= x1 and y0 <= foot[1] <= y1:
        step = 0.25 * min(x1 - x0, y1 - y0) * w / np.linalg.norm(w)
        ax.annotate("", xy=foot + step, xytext=foot,
                    arrowprops={"arrowstyle": "->", "lw": 2, "color": "k"})
        ax.text(*(foot + 1.2 * step), "w", fontsize=MIN_FONT_PT + 1, ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    _few_ticks(ax)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or f"$b + w^T x = 0$, w = ({w[0]:.2f}, {w[1]:.2f}), b = {float(b):.2f}")
    if legend is not None:
        legend_outside(ax, loc=legend, **({"ncols": n_classes} if legend == "below" else {}))
    return ax


def plot_linear_regions(region_ids, *, extent, ax: Axes | None = None, title: str | None = None,
                        seed: int = 0) -> Axes:
    """A map of the linear regions of a ReLU network over a 2-D grid, one colour per region.

    Args:
        region_ids: integer region labels on the grid, array of shape (n_rows, n_cols); row 0
            is the bottom (smallest second coordinate).
        extent: (x_min, x_max, y_min, y_max) of the grid.
        ax: the Axes to draw on; a new figure when None.
        title: the title; defaults to the number of distinct regions.
        seed: seed of the random colours (neighbouring regions get unrelated colours).

    Returns:
        The Axes.

    Raises:
        ValueError: if ``region_ids`` is not a 2-D array of integers or ``extent`` is not four
            numbers with x_min < x_max and y_min < y_max.

    Example:
        >>> plots.plot_linear_regions(ids.reshape(300, 300), extent=(-3, 3, -3, 3))
    """
    check.array(region_ids, "region_ids", dtype=None, non_empty=False)
    check.array(extent, "extent")
    check.axes(ax)
    check.text(title, "title")
    check.integer(seed, "seed", minimum=0)
    ids = np.asarray(region_ids)
    if ids.ndim != 2 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"region_ids must be a non-empty 2-D array of integers, got dtype "
                         f"{ids.dtype} and shape {ids.shape}")
    ext = np.asarray(extent, dtype=float).reshape(-1)
    if ext.shape != (4,) or not (ext[0] < ext[1] and ext[2] < ext[3]):
        raise ValueError(f"extent must be (x_min, x_max, y_min, y_max) with min < max, got "
                         f"{list(np.asarray(extent).reshape(-1))}")
    _, dense = np.unique(ids, return_inverse=True)
    dense = dense.reshape(ids.shape)
    n = int(dense.max()) + 1
    colours = np.random.default_rng(seed).uniform(0.2, 0.95, size=(n, 3))
    ax = _new_ax(ax, figsize=(5, 4.5))
    ax.imshow(colours[dense], origin="lower", extent=tuple(ext), interpolation="nearest")
    _few_ticks(ax)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or f"{n} linear regions")
    return ax


# ----------------------------------------------------------------------- functions of one variable


def plot_approximation(x, target, approx, *, ax: Axes | None = None, error_ax: Axes | None = None,
                       knots=None,
                       labels: tuple[str, str] = ("target", "network"),
                       title: str | None = None) -> Axes:
    """A 1-D function and an approximation of it; optionally the error on a second Axes.

    The target is drawn black and dashed, the approximation in the palette's first colour;
    the error panel's title gives the largest error and where it is (marked by a dot).

    Args:
        x: the inputs, array of shape (n_points,), sorted.
        target: the function's values, array of shape (n_points,).
        approx: the approximation's values, array of shape (n_points,).
        ax: the Axes for the two curves; a new figure when None (and ``error_ax`` is None).
        error_ax: an Axes for |target - approx|, its maximum marked; nothing drawn when None.
        knots: x positions of the approximation's kinks, drawn as dots on it, or None.
        labels: legend entries of the target and the approximation.
        title: the title.

    Returns:
        The Axes of the curves.

    Raises:
        ValueError: if the arrays are empty or differ in length, or ``labels`` is not a pair.

    Example:
        >>> plots.plot_approximation(x, x**2, net(x), knots=range(10))
    """
    for name, value in (("x", x), ("target", target), ("approx", approx)):
        check.array(value, name, non_empty=False)
    check.axes(ax)
    check.axes(error_ax, "error_ax")
    if knots is not None:
        check.array(list(knots), "knots", ndim=1, non_empty=False)
    check.text(title, "title")
    x = np.asarray(x, dtype=float).reshape(-1)
    target = np.asarray(target, dtype=float).reshape(-1)
    approx = np.asarray(approx, dtype=float).reshape(-1)
    if len(x) == 0 or len(target) != len(x) or len(approx) != len(x):
        raise ValueError(f"x, target and approx must be non-empty and of one length, got "
                         f"{len(x)}, {len(target)} and {len(approx)}")
    if len(labels) != 2:
        raise ValueError(f"labels must be a pair (target, approximation), got {labels!r}")
    ax = _new_ax(ax, figsize=(6, 4))
    ax.plot(x, approx, "-", color=PALETTE[0], lw=2.5, label=labels[1])
    ax.plot(x, target, "--", color="k", lw=1.8, label=labels[0])
    if knots is not None:
        k = np.asarray(list(knots), dtype=float).reshape(-1)
        ax.plot(k, np.interp(k, x, approx), "o", color=PALETTE[0], ms=6, label="kinks")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    if error_ax is not None:
        err = np.abs(target - approx)
        i = int(np.argmax(err))
        error_ax.plot(x, err, "-", color=PALETTE[3], lw=1.8)
        error_ax.plot(x[i], err[i], "o", color=PALETTE[3], ms=7,
                      label=f"max error {err[i]:.3g} at x = {x[i]:.2f}")
        error_ax.set_xlabel("x")
        error_ax.set_ylabel(f"|{labels[0]} − {labels[1]}|")
        error_ax.set_title(f"largest error {err[i]:.3g}, at x = {x[i]:.2f}")
    return ax


def plot_regression_fits(x, y, x_grid, predictions: Mapping[str, object], *, target=None,
                         ax: Axes | None = None, title: str | None = None) -> Axes:
    """1-D training data with the curves of several fitted models (and the true function).

    Each model has a palette colour and line style; the legend sits beside the axes.

    Args:
        x: training inputs, array of shape (n_samples,) or (n_samples, 1).
        y: training targets, array of shape (n_samples,).
        x_grid: where the curves are evaluated, array of shape (n_points,) or (n_points, 1).
        predictions: model name -> predictions on ``x_grid``, array of shape (n_points,) or
            (n_points, 1).
        target: the noise-free function on ``x_grid``, drawn dashed, or None.
        ax: the Axes to draw on; a new figure when None.
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``predictions`` is empty or an array has the wrong length.

    Example:
        >>> plots.plot_regression_fits(x, y, xg, {"width 8": model.predict(xg, verbose=0)})
    """
    for name, value in (("x", x), ("y", y), ("x_grid", x_grid)):
        check.array(value, name, non_empty=False)
    check.mapping(predictions, "predictions", non_empty=False)
    check.arrays(predictions, "predictions")
    if target is not None:
        check.array(target, "target")
    check.axes(ax)
    check.text(title, "title")
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    grid = np.asarray(x_grid, dtype=float).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must be non-empty and of one length, got {len(x)} and "
                         f"{len(y)}")
    if not isinstance(predictions, Mapping) or not predictions:
        raise ValueError("predictions must be a non-empty mapping of name -> array")
    curves = {}
    for name, pred in predictions.items():
        pred = np.asarray(pred, dtype=float).reshape(-1)
        if len(pred) != len(grid):
            raise ValueError(f"predictions {name!r} has {len(pred)} values, x_grid has "
                             f"{len(grid)}")
        curves[str(name)] = pred
    ax = _new_ax(ax, figsize=(7, 4))
    ax.scatter(x, y, s=12, color="0.6", alpha=0.7, label="training data")
    if target is not None:
        target = np.asarray(target, dtype=float).reshape(-1)
        if len(target) != len(grid):
            raise ValueError(f"target has {len(target)} values, x_grid has {len(grid)}")
        ax.plot(grid, target, "--", color="k", lw=2, label="true function")
    for i, (name, pred) in enumerate(curves.items()):
        ax.plot(grid, pred, color=PALETTE[i % len(PALETTE)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], lw=2.2, label=name)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    legend_outside(ax)
    return ax


def _as_panel_values(values, z: np.ndarray, what: str) -> dict[str, np.ndarray]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{what} must be a mapping of name -> array, got {type(values).__name__}")
    arrays = {}
    for name, value in values.items():
        arr = np.asarray(value, dtype=float).reshape(-1)
        if len(arr) != len(z):
            raise ValueError(f"{what}[{name!r}] has {len(arr)} values, z has {len(z)}")
        arrays[str(name)] = arr
    return arrays


def plot_activation_grid(z, values: Mapping[str, object],
                         derivatives: Mapping[str, object] | None = None, *,
                         autodiff: Mapping[str, object] | None = None, ncols: int = 5,
                         ylim: tuple[float, float] | None = (-1.5, 2.5), every: int = 16,
                         panel_size: float = 3.0) -> Figure:
    """One panel per activation function: f(z), its derivative, and autodiff's derivative.

    Args:
        z: the pre-activations, array of shape (n_points,), increasing.
        values: name -> f(z), arrays of shape (n_points,); one panel each, in this order.
        derivatives: name -> the analytic f'(z), drawn dashed; names must be in ``values``.
        autodiff: name -> f'(z) from automatic differentiation, drawn as dots at every
            ``every``-th point so that the dashed line stays visible; names must be in
            ``values``.
        ncols: panels per row.
        ylim: the vertical range of every panel, or None to let each panel choose.
        every: the spacing of the autodiff dots, in points.
        panel_size: inches per panel.

    Returns:
        The Figure.

    Raises:
        TypeError: if a mapping is not a mapping.
        ValueError: if ``z`` is not a non-empty 1-D array, ``values`` is empty, an array's
            length differs from ``z``'s, a derivative names an unknown function, or ``ncols``
            or ``every`` is not a positive integer.

    Example:
        >>> fig = plots.plot_activation_grid(z, {"tanh": np.tanh(z)},
        ...                                  {"tanh": 1 - np.tanh(z) ** 2})
    """
    check.array(z, "z", non_empty=False)
    check.mapping(values, "values", non_empty=False)
    check.arrays(values, "values")
    for name, value in (("derivatives", derivatives), ("autodiff", autodiff)):
        if value is not None:
            check.arrays(value, name)
    if ylim is not None:
        check.array(ylim, "ylim", shape=(2,))
    check.number(panel_size, "panel_size", positive=True)
    z = np.asarray(z, dtype=float)
    if z.ndim != 1 or len(z) == 0:
        raise ValueError(f"z must be a non-empty array of shape (n_points,), got shape {z.shape}")
    for name, count in (("ncols", ncols), ("every", every)):
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
            raise ValueError(f"{name} must be a positive integer, got {count!r}")
    curves = _as_panel_values(values, z, "values")
    if not curves:
        raise ValueError("values must hold at least one function")
    extra = {}
    for what, mapping in (("derivatives", derivatives), ("autodiff", autodiff)):
        extra[what] = {} if mapping is None else _as_panel_values(mapping, z, what)
        unknown = sorted(set(extra[what]) - set(curves))
        if unknown:
            raise ValueError(f"{what} names functions that are not in values: {unknown}")
    n = len(curves)
    ncols = min(int(ncols), n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, panel_size * nrows),
                             squeeze=False, layout="constrained")
    for ax, (name, f) in zip(axes.flat, curves.items()):
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.plot(z, f, lw=2.2, label="f(z)")
        if name in extra["derivatives"]:
            ax.plot(z, extra["derivatives"][name], "--", lw=2, label="f'(z) analytic")
        if name in extra["autodiff"]:
            ax.plot(z[::every], extra["autodiff"][name][::every], "k.", ms=5,
                    label="f'(z) autodiff")
        ax.set_title(name)
        ax.set_xlabel("z")
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.grid(alpha=0.3)
    for ax in axes.flat[n:]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))  # off the data
    return fig


# ------------------------------------------------------ matrices, spectra and per-layer statistics


def plot_covariance_heatmaps(matrices: Mapping[str, object], *,
                             tick_labels: Sequence[str] | Mapping[str, Sequence[str] | None]
                             | None = None,
                             annotate: bool | str | Mapping[str, bool | str] | None = None,
                             size: float = 4.2,
                             cmap: str = "RdBu_r", ncols: int | None = None) -> Figure:
    """Covariance (or correlation) matrices as heatmaps, one panel each, zero in white.

    Each panel has its own symmetric colour scale (-m, m), m its largest absolute entry, and its
    own colour bar, so a diagonal matrix shows up as a coloured diagonal on white.

    Args:
        matrices: panel title -> square array of shape (n_features, n_features).
        tick_labels: names for the axes: one list for every panel, or a mapping of panel
            title -> list (or None) when panels need different names (features, components).
        annotate: write the values in the cells (True), only on the diagonal ("diagonal"),
            or not at all (False), for every panel or as a mapping of panel title -> choice;
            default (None, or a title missing from the mapping): every cell for matrices up
            to 6 x 6, else none.
        size: inches per panel.
        cmap: a diverging colour map.
        ncols: panels per row (default: all in one row); more panels wrap onto new rows.

    Returns:
        The Figure.

    Raises:
        ValueError: if ``matrices`` is empty, a matrix is not square, or ``tick_labels`` does
            not match a matrix's size.
    """
    from matplotlib import patheffects  # outlines for the white numbers (below)

    check.mapping(matrices, "matrices", non_empty=False)
    check.arrays(matrices, "matrices")
    check.number(size, "size", positive=True)
    if ncols is not None:
        check.integer(ncols, "ncols", minimum=1)
    if not isinstance(matrices, Mapping) or not matrices:
        raise ValueError("matrices must be a non-empty mapping of title -> square array")
    mats, names = {}, {}
    for name, m in matrices.items():
        arr = np.asarray(m, dtype=float)
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
            raise ValueError(f"matrix {name!r} must be square, got shape {arr.shape}")
        ticks = tick_labels.get(name) if isinstance(tick_labels, Mapping) else tick_labels
        if ticks is not None and len(ticks) != arr.shape[0]:
            raise ValueError(f"tick_labels has {len(ticks)} names but matrix {name!r} "
                             f"is {arr.shape[0]} x {arr.shape[0]}")
        mats[str(name)], names[str(name)] = arr, ticks
    n = len(mats)
    modes = dict(annotate) if isinstance(annotate, Mapping) else dict.fromkeys(mats, annotate)
    for mode in modes.values():
        if mode not in (None, True, False, "diagonal"):
            raise ValueError(f"annotate must be True, False, None or 'diagonal' (or a mapping "
                             f"of panel title -> one of them), got {mode!r}")
    ncols = n if ncols is None else max(1, min(int(ncols), n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False,
                             layout="constrained")
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    for ax, (name, arr) in zip(axes.flat, mats.items()):
        top = float(np.abs(arr).max()) or 1.0
        im = ax.imshow(arr, cmap=cmap, vmin=-top, vmax=top)
        fig.colorbar(im, ax=ax, shrink=0.8)
        ax.set_title(name)
        d = arr.shape[0]
        if names[name] is not None:
            ax.set_xticks(range(d), names[name], rotation=90)
            ax.set_yticks(range(d), names[name])
        ax.grid(False)
        mode = modes.get(name)
        mode = d <= 6 if mode is None else mode
        cells = [(i, i) for i in range(d)] if mode == "diagonal" else (
            [(i, j) for i in range(d) for j in range(d)] if mode else [])
        for i, j in cells:
            dark = abs(arr[i, j]) > 0.6 * top
            # white text on a dark cell gets a black outline: the part of a number wider than
            # its cell (13 x 13 grids) stays readable on the white background around the axes
            outline = [patheffects.withStroke(linewidth=2.5, foreground="black")] if dark else []
            ax.text(j, i, f"{arr[i, j]:.1f}" if mode == "diagonal" else f"{arr[i, j]:.2f}",
                    ha="center", va="center", fontsize=MIN_FONT_PT,
                    color="white" if dark else "black", path_effects=outline)
    return fig


def plot_eigenvalue_spectrum(eigenvalues, *, eps: float | Sequence[float] | None = None,
                             ax: Axes | None = None, logy: bool = True,
                             title: str | None = None) -> Axes:
    """Eigenvalues of a covariance matrix, largest first (the variance along each direction).

    Args:
        eigenvalues: array of shape (n_features,), or a mapping of name -> such arrays to
            compare spectra (one line each, with a legend).
        eps: one or more whitening epsilons, drawn as dashed horizontal lines: directions
            whose eigenvalue lies far below eps are damped rather than blown up.
        ax: the Axes to draw on; a new figure when None.
        logy: logarithmic y axis (eigenvalues <= 0 are left out of a log plot).
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if a spectrum is empty or not 1-D, or an eps is not > 0.
    """
    if isinstance(eigenvalues, Mapping):
        check.arrays(eigenvalues, "eigenvalues", non_empty=False)
    else:
        check.array(eigenvalues, "eigenvalues", non_empty=False)
    if eps is not None:
        check.array(eps, "eps", ndim=(0, 1), finite=False)
    check.axes(ax)
    check.flag(logy, "logy")
    check.text(title, "title")
    spectra = dict(eigenvalues) if isinstance(eigenvalues, Mapping) else {"": eigenvalues}
    if not spectra:
        raise ValueError("eigenvalues must not be an empty mapping")
    eps_list = [] if eps is None else ([eps] if np.isscalar(eps) else list(eps))
    if any(not (np.isfinite(e) and e > 0) for e in eps_list):
        raise ValueError(f"eps must be numbers > 0, got {eps_list}")
    ax = _new_ax(ax, figsize=(6.5, 4))
    for name, vals in spectra.items():
        vals = np.asarray(vals, dtype=float)
        if vals.ndim != 1 or vals.size == 0:
            raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {vals.shape}")
        vals = np.sort(vals)[::-1]
        idx = np.arange(1, len(vals) + 1)
        if logy:
            keep = vals > 0
            idx, vals = idx[keep], vals[keep]
        k = len(ax.lines) % len(MARKERS)
        ax.plot(idx, vals, marker=MARKERS[k], ms=3 if len(vals) > 40 else 6,
                label=str(name) or None)
    for k, e in enumerate(eps_list, start=len(spectra)):
        ax.axhline(e, ls=LINESTYLES[k % len(LINESTYLES)], color=PALETTE[k % len(PALETTE)],
                   lw=1.8, label=f"ε = {e:g}")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("component (largest variance first)")
    ax.set_ylabel("eigenvalue (variance)")
    ax.set_title(title or "eigenvalue spectrum")
    integer_ticks(ax)
    if ax.get_legend_handles_labels()[1]:
        legend_outside(ax)
    return ax


def _positive_for_log(values: np.ndarray) -> np.ndarray:
    """Values with non-finite and (for a log axis) non-positive entries replaced by NaN."""
    out = np.array(values, dtype=float)
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


def plot_layer_stats(values: Mapping[str, object], *, ax: Axes | None = None, ylabel: str = "value",
                     title: str | None = None, logy: bool = True,
                     xlabel: str = "layer (1 = input side)") -> Axes:
    """A per-layer statistic against depth, one line per run (initialization, activation, ...).

    Args:
        values: run name -> array of shape (n_layers,), layer 1 (input side) first, e.g. the
            ``"std"`` of ``diagnostics.activation_stats`` or ``diagnostics.kernel_gradient_norms``.
        ax: the Axes to draw on; a new figure when None.
        ylabel: label of the vertical axis.
        title: the title.
        logy: logarithmic vertical axis; zero, negative and non-finite values are left out
            (a gap in the line).
        xlabel: label of the horizontal axis.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``values`` is empty or a run is not a non-empty 1-D array.
        TypeError: if ``values`` is not a mapping.

    Example:
        >>> plots.plot_layer_stats({"He": stats_he["std"], "Glorot": stats_gl["std"]},
        ...                        ylabel="activation std")
    """
    check.mapping(values, "values", non_empty=False)
    check.arrays(values, "values", finite=False, non_empty=False)
    check.axes(ax)
    for name, value in (("ylabel", ylabel), ("title", title), ("xlabel", xlabel)):
        check.text(value, name)
    check.flag(logy, "logy")
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of run name -> per-layer array, got "
                        f"{type(values).__name__}")
    if not values:
        raise ValueError("values must hold at least one run")
    series = {}
    for name, v in values.items():
        arr = np.asarray(v, dtype=float)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"run {name!r} must be an array of shape (n_layers,), got shape "
                             f"{arr.shape}")
        series[str(name)] = arr
    from matplotlib.ticker import MaxNLocator

    ax = _new_ax(ax, figsize=(7, 4.5))
    for k, (name, arr) in enumerate(series.items()):
        y = _positive_for_log(arr) if logy else arr
        # colour and line style from the cycle (the house style pairs them), plus a marker
        ax.plot(np.arange(1, arr.size + 1), y, marker=MARKERS[k % len(MARKERS)], ms=5,
                label=name)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3, which="major")
    legend_outside(ax)
    return ax


def plot_layer_epoch_heatmap(norms, *, ax: Axes | None = None,
                             layer_names: Sequence[str] | None = None,
                             title: str | None = None, log: bool = True,
                             vmin: float | None = None, vmax: float | None = None,
                             colorbar_label: str = "gradient norm", first_epoch: int = 1) -> Axes:
    """A per-layer, per-epoch quantity (gradient norms) as a layer × epoch heatmap.

    Layers run up the vertical axis (input side at the bottom), epochs across. Non-finite
    cells (a run that diverged to NaN) are drawn in grey, and so are exact zeros, which a log
    scale cannot show; a panel with no cell to colour says so in its middle.

    Args:
        norms: array of shape (n_epochs, n_layers), e.g. ``GradientNormHistory.norms``.
        ax: the Axes to draw on; a new figure when None.
        layer_names: one label per layer for the vertical axis; layer numbers when None.
        title: the title.
        log: logarithmic colour scale (zero and negative cells are drawn grey too).
        vmin: the colour scale's lower limit (share it to compare panels); by default the
            smallest finite cell.
        vmax: the colour scale's upper limit; by default the largest finite cell.
        colorbar_label: label of the colour bar.
        first_epoch: the number of the first row's epoch.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``norms`` is not a non-empty 2-D array, ``layer_names`` has the wrong
            length, or ``vmin``/``vmax`` are not positive on a log scale.

    Example:
        >>> plots.plot_layer_epoch_heatmap(recorder.norms, layer_names=recorder.layer_names)
    """
    check.array(norms, "norms", finite=False, non_empty=False)
    check.axes(ax)
    check.names(layer_names, "layer_names")
    check.text(title, "title")
    check.flag(log, "log")
    for name, value in (("vmin", vmin), ("vmax", vmax)):
        if value is not None:
            check.number(value, name)
    check.text(colorbar_label, "colorbar_label", optional=False)
    check.integer(first_epoch, "first_epoch")
    from matplotlib.colors import LogNorm, Normalize

    arr = np.asarray(norms, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"norms must be an array of shape (n_epochs, n_layers), got shape "
                         f"{arr.shape}")
    n_epochs, n_layers = arr.shape
    if layer_names is not None and len(layer_names) != n_layers:
        raise ValueError(f"layer_names must have one name per layer ({n_layers}), got "
                         f"{len(layer_names)}")
    shown = _positive_for_log(arr) if log else np.where(np.isfinite(arr), arr, np.nan)
    finite = shown[np.isfinite(shown)]
    lo = vmin if vmin is not None else (finite.min() if finite.size else 1.0)
    hi = vmax if vmax is not None else (finite.max() if finite.size else 10.0)
    if log and (lo <= 0 or hi <= 0):
        raise ValueError(f"vmin and vmax must be > 0 on a log scale, got {lo} and {hi}")
    if hi <= lo:
        hi = lo * 10 if log else lo + 1
    norm = LogNorm(vmin=lo, vmax=hi) if log else Normalize(vmin=lo, vmax=hi)
    ax = _new_ax(ax, figsize=(6, 4.5))
    cmap = plt.get_cmap("viridis").with_extremes(bad="lightgrey")
    image = ax.imshow(np.ma.masked_invalid(shown.T), origin="lower", aspect="auto", cmap=cmap,
                      norm=norm, interpolation="nearest",
                      extent=(first_epoch - 0.5, first_epoch + n_epochs - 0.5, 0.5,
                              n_layers + 0.5))
    if finite.size:
        ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    else:
        ax.text(0.5, 0.5, "no finite value to show", transform=ax.transAxes, ha="center",
                va="center")
    ax.grid(False)  # grid lines would cross the cells
    ax.set_xlabel("epoch")
    ax.set_ylabel("layer (1 = input side)")
    step = max(1, int(np.ceil(n_epochs / 10)))
    ax.set_xticks(np.arange(first_epoch, first_epoch + n_epochs, step))
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if layer_names is not None:
        ax.set_yticks(np.arange(1, n_layers + 1))
        ax.set_yticklabels([str(n) for n in layer_names])
    if title:
        ax.set_title(title)
    return ax


def plot_weight_histograms(weights: Mapping[str, object], *, ax: Axes | None = None, bins: int = 81,
                           limit: float | None = None, logy: bool = True,
                           title: str | None = "weight values") -> Axes:
    """Histograms of the values in several weight arrays, drawn as outlines on one Axes.

    Every array is flattened; all runs share the same bins so their shapes can be compared
    (an L1 penalty piles the weights up at zero, an L2 penalty shrinks the whole spread).

    Args:
        weights: run name -> array of any shape (e.g. a Dense kernel of shape
            (n_inputs, n_units)).
        ax: the Axes to draw on; a new figure when None.
        bins: number of bins over ``[-limit, limit]``.
        limit: half-width of the range; defaults to the largest absolute value present.
            Values outside are left out.
        logy: logarithmic count axis, so the tails stay visible next to a peak at zero.
        title: the title.

    Returns:
        The Axes.

    Raises:
        ValueError: if ``weights`` is empty, an array is empty or not finite, or ``bins`` or
            ``limit`` is not positive.

    Example:
        >>> plots.plot_weight_histograms({"no penalty": w0, "L1": w1})
    """
    check.mapping(weights, "weights", non_empty=False)
    check.arrays(weights, "weights", finite=False, non_empty=False)
    check.axes(ax)
    if limit is not None:
        check.number(limit, "limit", positive=True)
    check.flag(logy, "logy")
    check.text(title, "title")
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError("weights must be a non-empty mapping of run name -> array")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    arrays = {}
    for name, values in weights.items():
        arr = np.asarray(values, dtype=float).reshape(-1)
        if arr.size == 0 or not np.isfinite(arr).all():
            raise ValueError(f"weights {name!r} must be a non-empty array of finite numbers")
        arrays[name] = arr
    if limit is None:
        limit = max(float(np.abs(a).max()) for a in arrays.values()) or 1.0
    if not limit > 0:
        raise ValueError(f"limit must be > 0, got {limit}")
    edges = np.linspace(-limit, limit, int(bins) + 1)
    ax = _new_ax(ax, figsize=(8, 4.5))
    for i, (name, arr) in enumerate(arrays.items()):
        ax.hist(arr, bins=edges, histtype="step", lw=2, label=str(name),
                color=PALETTE[i % len(PALETTE)], ls=LINESTYLES[i % len(LINESTYLES)])
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("weight value")
    ax.set_ylabel("count (log scale)" if logy else "count")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    legend_outside(ax)
    return ax


# --------------------------------------------------------------- loss surfaces and optimizer paths


def plot_loss_contours(loss: Callable[[np.ndarray], np.ndarray], w0_range, w1_range, *,
                       path=None, optimum=None, ax: Axes | None = None, resolution: int = 200,
                       levels: int = 15, xlabel: str = "$w_1$", ylabel: str = "$w_2$",
                       title: str | None = None, equal_aspect: bool = True) -> Axes:
    """Contours of a loss over two weights, with an optional optimisation path on top.

    Levels are spaced geometrically above the smallest value on the grid, so both the floor of
    a narrow valley and its steep walls show up.

    Args:
        loss: maps an array of weights of shape (n, 2) to losses of shape (n,) (vectorised).
        w0_range: (low, high) of the first weight (horizontal axis).
        w1_range: (low, high) of the second weight (vertical axis).
        path: array of shape (n_steps, 2), e.g. gradient-descent iterates, drawn as a line.
        optimum: the minimiser, array of shape (2,), drawn as a star.
        ax: the Axes to draw on; a new figure when None.
        resolution: grid points per axis.
        levels: number of contour levels.
        xlabel: label of the horizontal axis.
        ylabel: label of the vertical axis.
        title: the title.
        equal_aspect: the same scale on both axes, so round bowls look round.

    Returns:
        The Axes.

    Raises:
        TypeError: if ``loss`` is not callable.
        ValueError: if a range is not (low < high), ``loss`` returns the wrong shape, or
            ``path``/``optimum`` have the wrong shape.
    """
    check.callable_(loss, "loss")
    check.array(w0_range, "w0_range")
    check.array(w1_range, "w1_range")
    if path is not None:
        check.array(path, "path")
    if optimum is not None:
        check.array(optimum, "optimum")
    check.axes(ax)
    check.integer(resolution, "resolution", minimum=2)
    check.integer(levels, "levels", minimum=2)
    for name, value in (("xlabel", xlabel), ("ylabel", ylabel), ("title", title)):
        check.text(value, name)
    check.flag(equal_aspect, "equal_aspect")
    if not callable(loss):
        raise TypeError(f"loss must be a callable, got {type(loss).__name__}")
    ranges = []
    for name, r in (("w0_range", w0_range), ("w1_range", w1_range)):
        r = np.asarray(r, dtype=float)
        if r.shape != (2,) or not r[0] < r[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {r.tolist()}")
        ranges.append(r)
    g0, g1 = np.meshgrid(np.linspace(*ranges[0], resolution), np.linspace(*ranges[1], resolution))
    values = check.array(loss(np.c_[g0.ravel(), g1.ravel()]), "the output of loss")
    if values.shape != (g0.size,):
        raise ValueError(f"loss must map an array of shape (n, 2) to shape (n,), got "
                         f"{values.shape} for n = {g0.size}")
    values = values.reshape(g0.shape)
    ax = _new_ax(ax, figsize=(5.5, 5))
    low, high = float(values.min()), float(values.max())
    gaps = np.geomspace(max((high - low) * 1e-4, 1e-12), high - low or 1.0, levels)
    cs = ax.contour(g0, g1, values, levels=low + gaps, cmap="viridis", linewidths=1.2)
    # label every third level from the 8th: not the crowded ones around the minimum
    ax.clabel(cs, cs.levels[7::3], fontsize=MIN_FONT_PT, fmt="%.3g")
    if path is not None:
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"path must have shape (n_steps, 2), got {path.shape}")
        ax.plot(path[:, 0], path[:, 1], "o-", color=PALETTE[3], ms=4, lw=1.8,
                label=f"gradient descent ({len(path) - 1} steps)")
        ax.plot(*path[0], "s", color=PALETTE[3], ms=9, label="start")
    if optimum is not None:
        optimum = np.asarray(optimum, dtype=float)
        if optimum.shape != (2,):
            raise ValueError(f"optimum must have shape (2,), got {optimum.shape}")
        ax.plot(*optimum, "*", color="black", ms=14, label="minimum")
    ax.set_xlim(*ranges[0])
    ax.set_ylim(*ranges[1])
    if equal_aspect:
        ax.set_aspect("equal")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if path is not None or optimum is not None:
        legend_outside(ax, loc="below")
    return ax


def _contours(ax, X, Y, Z, levels: int) -> None:
    """Contour lines spaced geometrically above the grid's minimum (floor and walls both show)."""
    low, high = float(np.nanmin(Z)), float(np.nanmax(Z))
    gaps = np.geomspace(max((high - low) * 1e-4, 1e-12), (high - low) or 1.0, levels)
    # crisp (not anti-aliased) contour lines keep the PNG several times smaller
    ax.contour(X, Y, Z, levels=low + gaps, colors="0.6", linewidths=0.8, linestyles="solid",
               antialiased=False)


def plot_trajectories(grid: tuple, trajectories: Mapping[str, object], *, ax: Axes | None = None,
                      minimum=None, levels: int = 20, title: str | None = None,
                      legend: bool = True, colors: Mapping[str, str] | None = None) -> Axes:
    """Optimizer paths drawn over the contour lines of a 2-D loss surface.

    Contour levels are spaced geometrically above the grid's smallest value, so the flat floor
    of a valley and its steep walls both show.

    Args:
        grid: ``(X, Y, Z)``, three arrays of shape (n, m) as from ``np.meshgrid`` (e.g. from
            ``surfaces.loss_grid``).
        trajectories: name -> array of shape (n_steps + 1, 2) (or an object with a ``points``
            attribute, such as a ``surfaces.Trajectory``). NaN rows (after a divergence) are
            skipped.
        ax: the Axes to draw on; a new figure when None.
        minimum: a point of shape (2,) marked with a star, or None.
        levels: number of contour levels.
        title: the title.
        legend: draw a legend of the trajectories.
        colors: name -> matplotlib colour, to keep an optimizer's colour across panels; names
            not in it get the colours of :data:`PALETTE` in order.

    Returns:
        The Axes.

    Raises:
        ValueError: if the grid arrays differ in shape or are not 2-D, ``trajectories`` is
            empty, or a path is not of shape (n, 2).

    Example:
        >>> paths = {"adam": surfaces.run_optimizer("adam", "canyon", learning_rate=0.3)}
        >>> plots.plot_trajectories(surfaces.loss_grid("canyon"), paths)
    """
    check.mapping(trajectories, "trajectories", non_empty=False)
    check.axes(ax)
    if minimum is not None:
        check.array(minimum, "minimum", shape=(2,))
    check.integer(levels, "levels", minimum=2)
    check.text(title, "title")
    check.flag(legend, "legend")
    if colors is not None:
        check.mapping(colors, "colors", non_empty=False)
    if not isinstance(grid, (tuple, list)) or len(grid) != 3:
        raise ValueError("grid must be a tuple (X, Y, Z) of arrays of shape (n, m)")
    X, Y, Z = (np.asarray(a, dtype=float) for a in grid)
    if X.ndim != 2 or X.shape != Y.shape or X.shape != Z.shape:
        raise ValueError(f"X, Y and Z must be 2-D arrays of one shape, got {X.shape}, "
                         f"{Y.shape} and {Z.shape}")
    if not isinstance(trajectories, Mapping) or not trajectories:
        raise ValueError("trajectories must be a non-empty mapping of name -> array (n, 2)")
    paths = {}
    for name, t in trajectories.items():
        pts = np.asarray(getattr(t, "points", t), dtype=float)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise ValueError(f"trajectory {name!r} must have shape (n_steps, 2), got {pts.shape}")
        paths[str(name)] = pts[np.isfinite(pts).all(axis=1)]
    ax = _new_ax(ax, figsize=(6.5, 5))
    _contours(ax, X, Y, Z, levels)
    for k, (name, pts) in enumerate(paths.items()):
        color = (colors or {}).get(name, PALETTE[k % len(PALETTE)])
        ax.plot(pts[:, 0], pts[:, 1], "-", color=color, lw=1.8, label=name, alpha=0.9)
        if len(pts):
            ax.plot(*pts[-1], "o", color=color, ms=5)
    first = next((p for p in paths.values() if len(p)), None)
    if first is not None:
        ax.plot(*first[0], "s", color="k", ms=7, label="start")
    if minimum is not None:
        m = np.asarray(minimum, dtype=float)
        if m.shape != (2,):
            raise ValueError(f"minimum must have shape (2,), got {m.shape}")
        ax.plot(*m, "*", color=PALETTE[6], mec="k", ms=15, label="minimum")
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    if legend:
        legend_outside(ax)
    return ax


def plot_trajectory_panels(grid: tuple, trajectories: Mapping[str, object], *, minimum=None,
                           titles: Mapping[str, str] | None = None, ncols: int = 3,
                           levels: int = 20, panel_size: float = 3.2,
                           suptitle: str | None = None) -> Figure:
    """Small multiples: one panel per optimizer path, all over the same contours.

    One path per panel is easier to follow than seven on one surface, and every panel has the
    same axes, so the paths can be compared by eye.

    Args:
        grid: ``(X, Y, Z)``, three arrays of shape (n, m) as from ``np.meshgrid`` (e.g. from
            ``surfaces.loss_grid``).
        trajectories: name -> array of shape (n_steps + 1, 2) (or an object with a ``points``
            attribute, such as a ``surfaces.Trajectory``). NaN rows (after a divergence) are
            skipped.
        minimum: a point of shape (2,) marked with a star in every panel, or None.
        titles: name -> panel title (default: the name), e.g. with the steps each one needed.
        ncols: panels per row (3 keeps them readable in a figure 10 inches wide).
        levels: number of contour levels (>= 2).
        panel_size: width and height of one panel in inches; the figure is at most 10 wide.
        suptitle: a title over all panels.

    Returns:
        The Figure. The first panel left over in the last row holds the legend (path, start,
        end, minimum); without one, the legend goes below the panels.

    Raises:
        TypeError: if ``trajectories`` or ``titles`` is not a dict, or an option has the
            wrong type.
        ValueError: if the grid arrays differ in shape or are not 2-D, ``trajectories`` is
            empty, a path is not of shape (n, 2), ``minimum`` is not of shape (2,), or an
            option is out of range.

    Example:
        >>> paths = {name: surfaces.run_optimizer(name, "canyon", learning_rate=0.1)
        ...          for name in ("sgd", "momentum")}
        >>> fig = plots.plot_trajectory_panels(surfaces.loss_grid("canyon"), paths)
    """
    check.mapping(trajectories, "trajectories")
    if titles is not None:
        check.mapping(titles, "titles", non_empty=False)
    ncols = check.integer(ncols, "ncols", minimum=1)
    levels = check.integer(levels, "levels", minimum=2)
    panel_size = check.number(panel_size, "panel_size", positive=True)
    check.text(suptitle, "suptitle")
    star = None if minimum is None else check.array(minimum, "minimum", shape=(2,))
    if not isinstance(grid, (tuple, list)) or len(grid) != 3:
        raise ValueError("grid must be a tuple (X, Y, Z) of arrays of shape (n, m)")
    X, Y, Z = (check.array(a, f"grid[{k}]", ndim=2, finite=False) for k, a in enumerate(grid))
    if X.shape != Y.shape or X.shape != Z.shape:
        raise ValueError(f"X, Y and Z must be 2-D arrays of one shape, got {X.shape}, "
                         f"{Y.shape} and {Z.shape}")
    paths = {}
    for name, t in trajectories.items():
        pts = np.asarray(getattr(t, "points", t), dtype=float)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise ValueError(f"trajectory {name!r} must have shape (n_steps, 2), got {pts.shape}")
        paths[str(name)] = pts[np.isfinite(pts).all(axis=1)]
    ncols = min(ncols, len(paths))
    nrows = -(-len(paths) // ncols)
    fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False,
                             figsize=(min(10.0, panel_size * ncols + 0.6),
                                      panel_size * nrows + 0.5), layout="constrained")
    for ax, (name, pts) in zip(axes.flat, paths.items()):
        _contours(ax, X, Y, Z, levels)
        ax.plot(pts[:, 0], pts[:, 1], "-", color=PALETTE[0], lw=1.8)
        if len(pts):
            ax.plot(*pts[0], "s", color="k", ms=7)
            ax.plot(*pts[-1], "o", color=PALETTE[3], mec="k", ms=8)
        if star is not None:
            ax.plot(*star, "*", color=PALETTE[6], mec="k", ms=16)
        ax.set_title(str((titles or {}).get(name, name)))
        ax.set_xlim(X.min(), X.max())
        ax.set_ylim(Y.min(), Y.max())
        ax.grid(False)
    handles = [mpl.lines.Line2D([], [], color=PALETTE[0], lw=1.8, label="path"),
               mpl.lines.Line2D([], [], ls="", marker="s", color="k", ms=7, label="start"),
               mpl.lines.Line2D([], [], ls="", marker="o", color=PALETTE[3], mec="k", ms=8,
                                label="end")]
    if star is not None:
        handles.append(mpl.lines.Line2D([], [], ls="", marker="*", color=PALETTE[6], mec="k",
                                        ms=16, label="minimum"))
    n_full = len(paths)
    for k, ax in enumerate(axes.flat):
        row, col = divmod(k, ncols)
        if k >= n_full:
            ax.axis("off")
        elif row == nrows - 1 or k + ncols >= n_full:  # the lowest panel of its column
            ax.set_xlabel("x")
            ax.xaxis.set_tick_params(labelbottom=True)
        if col == 0 and k < n_full:
            ax.set_ylabel("y")
    if n_full < axes.size:
        axes.flat[n_full].legend(handles=handles, loc="center")
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    if suptitle:
        fig.suptitle(suptitle)
    return fig
