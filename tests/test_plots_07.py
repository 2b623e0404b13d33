"""The figures of notebook 07: what is drawn, and clear errors for bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots


@pytest.fixture
def history():
    epochs = np.arange(1, 13)
    return {"loss": (1.0 / epochs).tolist(),
            "val_loss": (1.0 / epochs + 0.02 * (epochs - 5) ** 2 / 10).tolist(),
            "learning_rate": [1e-3] * 6 + [5e-4] * 4 + [2.5e-4] * 2}


class _FakeHistory:
    def __init__(self, values):
        self.history = values


# ------------------------------------------------------------------ plot_early_stopping


def test_early_stopping_draws_curves_star_window_and_stop(history):
    ax = plots.plot_early_stopping(_FakeHistory(history), best_epoch=5, stopped_epoch=9)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:3] == ["training loss", "validation loss", "kept: epoch 5"]
    assert "stopped after epoch 9" in labels
    star = ax.get_lines()[2]
    assert star.get_xdata()[0] == 5
    assert star.get_ydata()[0] == pytest.approx(history["val_loss"][4])
    assert len(ax.patches) == 1  # the shaded patience window
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "patience: 4 epochs" in legend
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert "validation loss" in ax.get_title()
    assert all(float(t).is_integer() for t in ax.get_xticks())  # epochs are whole numbers
    ax.figure.canvas.draw()
    box, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert box.x0 >= frame.x1  # the legend sits beside the data, not on it
    colours = {line.get_color() for line in ax.get_lines()[:3]}
    assert colours <= set(plots.PALETTE)


def test_early_stopping_best_label(history):
    ax = plots.plot_early_stopping(history, best_epoch=5, stopped_epoch=9, best_label="lowest")
    assert ax.get_lines()[2].get_label() == "lowest"
    with pytest.raises(TypeError, match="best_label must be a string"):
        plots.plot_early_stopping(history, best_epoch=5, best_label=5)


def test_early_stopping_without_stop_and_on_a_given_ax(history):
    _, ax = plt.subplots()
    out = plots.plot_early_stopping(history, best_epoch=12, monitor="loss", ax=ax, title="t")
    assert out is ax
    assert [line.get_label() for line in ax.get_lines()] == ["loss", "kept: epoch 12"]
    assert not ax.patches
    assert ax.get_title() == "t"


def test_early_stopping_stop_at_best_draws_no_window(history):
    ax = plots.plot_early_stopping(history, best_epoch=4, stopped_epoch=4)
    assert not ax.patches


@pytest.mark.parametrize("kwargs, error, match", [
    ({"best_epoch": 0}, ValueError, "between 1 and the 12"),
    ({"best_epoch": 13}, ValueError, "between 1 and the 12"),
    ({"best_epoch": 2.0}, TypeError, "best_epoch must be an int"),
    ({"best_epoch": 6, "stopped_epoch": 3}, ValueError, "must not come before"),
    ({"best_epoch": 3, "stopped_epoch": 20}, ValueError, "stopped_epoch must be between"),
    ({"best_epoch": 3, "monitor": "val_accuracy"}, KeyError, "recorded"),
])
def test_early_stopping_rejects_bad_input(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_early_stopping(history, **kwargs)


def test_early_stopping_rejects_non_history():
    with pytest.raises(TypeError, match="History or a dict"):
        plots.plot_early_stopping([0.5, 0.4], best_epoch=1)


# ------------------------------------------------------------------ plot_history_with_lr


def test_history_with_lr_two_panels(history):
    fig = plots.plot_history_with_lr(history, title="plateau")
    top, bottom = fig.axes
    assert [line.get_label() for line in top.get_lines()] == ["training loss", "validation loss"]
    assert all(float(t).is_integer() for t in bottom.get_xticks())
    assert bottom.get_yscale() == "log"
    assert bottom.get_ylabel() == "learning rate" and bottom.get_xlabel() == "epoch"
    drawn = bottom.get_lines()[0].get_ydata()
    assert set(np.round(drawn, 8)) == {1e-3, 5e-4, 2.5e-4}
    assert fig.get_suptitle() == "plateau"


def test_history_with_lr_other_metric(history):
    fig = plots.plot_history_with_lr(history, metric="loss")
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["loss"]


def test_history_with_lr_rejects_bad_input(history):
    with pytest.raises(KeyError, match="'lr' is not in the history"):
        plots.plot_history_with_lr(history, lr_key="lr")
    with pytest.raises(KeyError, match="recorded"):
        plots.plot_history_with_lr(history, metric="val_accuracy")
    bad = dict(history, learning_rate=[0.0] * 12)
    with pytest.raises(ValueError, match="positive"):
        plots.plot_history_with_lr(bad)
