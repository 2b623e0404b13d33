"""helpers.plots: the shared figure types draw what they say and reject bad input."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet

from helpers import plots


def test_plot_history_draws_training_and_validation():
    ax = plots.plot_history({"loss": [3, 2, 1], "val_loss": [3, 2.5, 2.2]})
    assert [line.get_label() for line in ax.get_lines()] == ["training", "validation"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_plot_history_unknown_metric_lists_recorded():
    with pytest.raises(KeyError, match="recorded: \\['loss'\\]"):
        plots.plot_history({"loss": [1]}, metric="accuracy")
    with pytest.raises(TypeError, match="keras History or a dict"):
        plots.plot_history([1, 2, 3])


def test_plot_histories_one_line_per_run():
    ax = plots.plot_histories({"a": {"loss": [2, 1]}, "b": {"loss": [3, 2, 1]}}, logy=True,
                              xlabel="step")
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [3, 2, 1])
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "step"
    with pytest.raises(ValueError, match="non-empty"):
        plots.plot_histories({})


def test_plot_image_grid_titles_and_errors():
    images = np.zeros((5, 4, 4))
    fig = plots.plot_image_grid(images, [0, 1, 2, 0, 1], class_names=["a", "b", "c"],
                                predictions=[0, 1, 1, 0, 1], ncols=3)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[2] == "b\n(c)" and len(titles) == 5
    red = [ax for ax in fig.axes if ax.get_title() and ax.title.get_color() == "tab:red"]
    assert len(red) == 1
    with pytest.raises(ValueError, match="one entry per image"):
        plots.plot_image_grid(images, [0, 1])
    with pytest.raises(ValueError, match="shape \\(n, height, width\\)"):
        plots.plot_image_grid(np.zeros((4, 4)))


def test_plot_decision_boundary_regions_and_errors():
    x = np.array([[-1, 0], [1, 0], [-1, 1], [1, 1]], dtype="float32")
    y = np.array([0, 1, 0, 1])
    ax = plots.plot_decision_boundary(lambda g: (g[:, 0] > 0).astype(float), x, y, resolution=20)
    # the points: one scatter per class, at that class's coordinates, named in the legend
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 2
    for k, points in enumerate(scatters):
        np.testing.assert_allclose(points.get_offsets(), x[y == k])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    # the regions: predict says class 1 exactly where x1 > 0, so the class-1 band lies right
    # of the line x1 = 0 and the class-0 band left of it (within one grid step, 3/19)
    regions = next(c for c in ax.collections if isinstance(c, ContourSet))
    class0, class1 = (np.concatenate(segs) for segs in regions.allsegs)
    assert class1[:, 0].min() > -0.16 and class0[:, 0].max() < 0.16
    assert class1[:, 0].max() > 1.4 and class0[:, 0].min() < -1.4
    with pytest.raises(ValueError, match="shape \\(n_samples, 2\\)"):
        plots.plot_decision_boundary(lambda g: g, np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(ValueError, match="same length"):
        plots.plot_decision_boundary(lambda g: g, x, [0, 1])
