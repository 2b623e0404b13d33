"""helpers.plots, the figures of notebook 02: they draw what they say and reject bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots

X2 = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
Y2 = np.array([0, 1, 0, 1])


# ---------------------------------------------------------------- plot_hyperplane


def test_plot_hyperplane_draws_line_points_and_normal():
    ax = plots.plot_hyperplane([1.0, 0.0], -0.5, X2, Y2)
    line = ax.collections[-2] if len(ax.collections) > 2 else None
    assert len(ax.collections) >= 3  # shaded half-plane, decision line, points
    assert line is not None
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_array_equal(np.asarray(offsets), X2)
    assert sorted(t.get_text() for t in ax.texts) == ["", "w"]  # the arrow and its label
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert "b = -0.50" in ax.get_title()


def test_plot_hyperplane_line_outside_the_view_is_not_drawn():
    ax = plots.plot_hyperplane([1.0, 0.0], -10.0, X2, Y2, title="far away")
    assert ax.get_title() == "far away"
    assert not ax.texts  # no arrow: the line's foot is off the plot


def test_plot_hyperplane_uses_the_given_axes():
    _, ax = plt.subplots()
    assert plots.plot_hyperplane([0.0, 2.0], 0.1, X2, Y2, ax=ax) is ax


@pytest.mark.parametrize(("w", "b", "x", "y", "match"), [
    ([0.0, 0.0], 0.0, X2, Y2, "not both zero"),
    ([1.0, 2.0, 3.0], 0.0, X2, Y2, "w must be 2 finite numbers"),
    ([1.0, np.nan], 0.0, X2, Y2, "w must be 2 finite numbers"),
    ([1.0, 1.0], np.inf, X2, Y2, "b must be a finite number"),
    ([1.0, 1.0], [0.0, 1.0], X2, Y2, "b must be a finite number"),
    ([1.0, 1.0], 0.0, np.zeros((4, 3)), Y2, "shape \\(n_samples, 2\\)"),
    ([1.0, 1.0], 0.0, X2, [0, 1], "same length"),
])
def test_plot_hyperplane_rejects_bad_input(w, b, x, y, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_hyperplane(w, b, x, y)


# ---------------------------------------------------------------- plot_approximation


def test_plot_approximation_draws_target_approx_knots_and_error():
    x = np.linspace(0, 2, 21)
    approx = np.interp(x, [0, 1, 2], [0, 1, 4])
    fig, (ax, err_ax) = plt.subplots(2)
    out = plots.plot_approximation(x, x**2, approx, ax=ax, error_ax=err_ax, knots=[0, 1],
                                   labels=("x^2", "net"), title="t")
    assert out is ax and ax.get_title() == "t"
    assert [line.get_label() for line in ax.get_lines()] == ["x^2", "net", "kinks"]
    np.testing.assert_allclose(ax.get_lines()[2].get_ydata(), [0, 1])  # kinks sit on the net
    err_line, max_dot = err_ax.get_lines()
    np.testing.assert_allclose(err_line.get_ydata(), np.abs(x**2 - approx))
    assert "max error 0.25 at x = 0.50" in max_dot.get_label()
    assert err_ax.get_ylabel() == "|x^2 − net|"


def test_plot_approximation_without_error_axes_draws_two_lines():
    ax = plots.plot_approximation([0, 1, 2], [0, 1, 4], [0, 1, 3])
    assert len(ax.get_lines()) == 2


@pytest.mark.parametrize(("x", "target", "approx", "labels", "match"), [
    ([], [], [], ("a", "b"), "non-empty and of one length"),
    ([0, 1], [0, 1, 2], [0, 1], ("a", "b"), "non-empty and of one length"),
    ([0, 1], [0, 1], [0], ("a", "b"), "non-empty and of one length"),
    ([0, 1], [0, 1], [0, 1], ("a",), "labels must be a pair"),
])
def test_plot_approximation_rejects_bad_input(x, target, approx, labels, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_approximation(x, target, approx, labels=labels)


# ---------------------------------------------------------------- plot_regression_fits


def test_plot_regression_fits_draws_data_target_and_one_line_per_model():
    x = np.linspace(-1, 1, 10)[:, None]
    grid = np.linspace(-1, 1, 5)
    ax = plots.plot_regression_fits(x, x[:, 0] ** 2, grid, {"a": grid**2, "b": grid[:, None]},
                                    target=grid**2, title="fits")
    assert [line.get_label() for line in ax.get_lines()] == ["true function", "a", "b"]
    assert len(ax.collections) == 1  # the training data
    assert ax.get_title() == "fits" and ax.get_xlabel() == "x"


def test_plot_regression_fits_rejects_bad_input():
    x, grid = np.arange(3.0), np.arange(4.0)
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.plot_regression_fits(x, x, grid, {})
    with pytest.raises(ValueError, match="x and y must be non-empty"):
        plots.plot_regression_fits(x, x[:2], grid, {"a": grid})
    with pytest.raises(ValueError, match="predictions 'a' has 3 values, x_grid has 4"):
        plots.plot_regression_fits(x, x, grid, {"a": x})
    with pytest.raises(ValueError, match="target has 3 values"):
        plots.plot_regression_fits(x, x, grid, {"a": grid}, target=x)


# ---------------------------------------------------------------- plot_linear_regions


def test_plot_linear_regions_counts_and_colours_regions():
    ids = np.array([[0, 0, 5], [0, 7, 5]])
    ax = plots.plot_linear_regions(ids, extent=(0, 3, 0, 2))
    assert ax.get_title() == "3 linear regions"
    image = ax.get_images()[0].get_array()
    assert image.shape == (2, 3, 3)
    assert len({tuple(image[i, j]) for i in range(2) for j in range(3)}) == 3
    assert tuple(ax.get_images()[0].get_extent()) == (0, 3, 0, 2)


def test_plot_linear_regions_title_and_axes():
    _, ax = plt.subplots()
    out = plots.plot_linear_regions(np.zeros((2, 2), dtype=int), extent=(-1, 1, -1, 1), ax=ax,
                                    title="one")
    assert out is ax and ax.get_title() == "one" and ax.get_xlabel() == "$x_1$"


@pytest.mark.parametrize(("ids", "extent", "match"), [
    (np.zeros(4, dtype=int), (0, 1, 0, 1), "2-D array of integers"),
    (np.zeros((2, 2)), (0, 1, 0, 1), "2-D array of integers"),
    (np.zeros((0, 2), dtype=int), (0, 1, 0, 1), "non-empty"),
    (np.zeros((2, 2), dtype=int), (0, 1, 0), "extent must be"),
    (np.zeros((2, 2), dtype=int), (1, 0, 0, 1), "min < max"),
])
def test_plot_linear_regions_rejects_bad_input(ids, extent, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_linear_regions(ids, extent=extent)


# ---------------------------------------------------------------- plot_decision_boundary options


def test_plot_decision_boundary_point_size_and_axis_labels():
    ax = plots.plot_decision_boundary(lambda g: (g[:, 0] > 0).astype(float), X2, Y2,
                                      resolution=10, point_size=80, xlabel="a", ylabel="b")
    assert ax.collections[-1].get_sizes()[0] == 80
    assert ax.get_xlabel() == "a" and ax.get_ylabel() == "b"
    default = plots.plot_decision_boundary(lambda g: (g[:, 0] > 0).astype(float), X2, Y2,
                                           resolution=10)
    assert default.collections[-1].get_sizes()[0] == 14 and default.get_xlabel() == ""
