"""helpers.plots, the figures of notebook 02: they draw what they say and reject bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.contour import ContourSet

from helpers import plots


def _assert_legend_outside(ax):
    """The legend's box does not overlap the axes' box (it sits beside or below them)."""
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    axes_box = ax.get_window_extent()
    assert not box.overlaps(axes_box), (box, axes_box)


X2 = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
Y2 = np.array([0, 1, 0, 1])


# ---------------------------------------------------------------- plot_hyperplane


def test_plot_hyperplane_draws_line_points_and_normal():
    ax = plots.plot_hyperplane([1.0, 0.0], -0.5, X2, Y2)
    tint, line, class0, class1 = ax.collections  # half-planes, decision line, two classes
    # the line b + w.x = 0 is x1 = 0.5, from the bottom of the view to its top
    assert isinstance(line, ContourSet) and list(line.levels) == [0.0]
    (segment,) = line.get_paths()
    np.testing.assert_allclose(segment.vertices[:, 0], 0.5)
    np.testing.assert_allclose([segment.vertices[:, 1].min(), segment.vertices[:, 1].max()],
                               [-1.5, 1.5])
    # left of it (b + w.x < 0) tinted in class 0's colour, right of it in class 1's
    assert [to_hex(c) for c in tint.get_facecolor()] == [c.lower() for c in plots.PALETTE[:2]]
    left, right = (path.vertices[:, 0] for path in tint.get_paths())
    np.testing.assert_allclose([left.min(), right.max()], [-1.5, 1.5])
    # the two tints meet at the line, to within the 200-point grid's step (3 / 199 = 0.015)
    np.testing.assert_allclose([left.max(), right.min()], 0.5, atol=0.02)
    # the arrow w starts on the line, at the point nearest the origin, and points right
    arrow = next(t for t in ax.texts if not t.get_text())
    np.testing.assert_allclose(arrow.xyann, [0.5, 0.0])
    assert arrow.xy[0] > 0.5 and arrow.xy[1] == 0.0
    np.testing.assert_array_equal(np.asarray(class0.get_offsets()), X2[Y2 == 0])
    np.testing.assert_array_equal(np.asarray(class1.get_offsets()), X2[Y2 == 1])
    assert to_hex(class0.get_facecolor()[0]) == plots.PALETTE[0].lower()
    assert to_hex(class1.get_facecolor()[0]) == plots.PALETTE[1].lower()
    assert sorted(t.get_text() for t in ax.texts) == ["", "w"]  # the arrow and its label
    assert all(t.get_fontsize() >= plots.MIN_FONT_PT for t in ax.texts if t.get_text())
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert "b = -0.50" in ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_plot_hyperplane_legend_names_and_placement():
    ax = plots.plot_hyperplane([1.0, 0.0], -0.5, X2, Y2, class_names=["no", "yes"],
                               legend="below")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no", "yes"]
    _assert_legend_outside(ax)
    assert plots.plot_hyperplane([1.0, 0.0], -0.5, X2, Y2, legend=None).get_legend() is None


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
    ([1.0, 1.0], 0.0, X2, [0, -1, 0, 1], "y must hold class labels >= 0"),
])
def test_plot_hyperplane_rejects_bad_input(w, b, x, y, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_hyperplane(w, b, x, y)


def test_plot_hyperplane_rejects_bad_names_and_legend():
    with pytest.raises(ValueError, match="class_names must name all 2 classes"):
        plots.plot_hyperplane([1.0, 0.0], 0.0, X2, Y2, class_names=["one"])
    with pytest.raises(TypeError, match="class_names must be a list of names"):
        plots.plot_hyperplane([1.0, 0.0], 0.0, X2, Y2, class_names="ab")
    with pytest.raises(ValueError, match="legend must be"):
        plots.plot_hyperplane([1.0, 0.0], 0.0, X2, Y2, legend="inside")


# ---------------------------------------------------------------- plot_approximation


def test_plot_approximation_draws_target_approx_knots_and_error():
    x = np.linspace(0, 2, 21)
    approx = np.interp(x, [0, 1, 2], [0, 1, 4])
    fig, (ax, err_ax) = plt.subplots(2)
    out = plots.plot_approximation(x, x**2, approx, ax=ax, error_ax=err_ax, knots=[0, 1],
                                   labels=("x^2", "net"), title="t")
    assert out is ax and ax.get_title() == "t"
    assert [line.get_label() for line in ax.get_lines()] == ["net", "x^2", "kinks"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), approx)
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), x**2)
    assert ax.get_lines()[1].get_linestyle() == "--"  # the target is dashed, the net solid
    np.testing.assert_allclose(ax.get_lines()[2].get_ydata(), [0, 1])  # kinks sit on the net
    err_line, max_dot = err_ax.get_lines()
    np.testing.assert_allclose(err_line.get_ydata(), np.abs(x**2 - approx))
    np.testing.assert_allclose(max_dot.get_xydata(), [[0.5, 0.25]])
    assert err_ax.get_title() == "largest error 0.25, at x = 0.50"
    assert err_ax.get_ylabel() == "|x^2 − net|"
    assert err_ax.get_legend() is None  # the title says it: nothing sits on the error curve


def test_plot_approximation_without_error_axes_draws_two_lines():
    ax = plots.plot_approximation([0, 1, 2], [0, 1, 4], [0, 1, 3])
    net, target = ax.get_lines()
    np.testing.assert_allclose(net.get_xydata(), [[0, 0], [1, 1], [2, 3]])
    np.testing.assert_allclose(target.get_xydata(), [[0, 0], [1, 1], [2, 4]])
    assert (net.get_color(), target.get_color()) == (plots.PALETTE[0], "k")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["network", "target"]


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
    true, a, b = ax.get_lines()
    for line, values in ((true, grid**2), (a, grid**2), (b, grid)):
        np.testing.assert_allclose(line.get_xdata(), grid)
        np.testing.assert_allclose(line.get_ydata(), values)
    assert true.get_linestyle() == "--" and true.get_color() == "k"
    assert (a.get_color(), b.get_color()) == plots.PALETTE[:2]
    assert a.get_linestyle() != b.get_linestyle()  # not told apart by colour alone
    (data,) = ax.collections  # the training data, as points
    np.testing.assert_allclose(data.get_offsets(), np.column_stack([x[:, 0], x[:, 0] ** 2]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "training data", "true function", "a", "b"]
    assert ax.get_title() == "fits" and ax.get_xlabel() == "x"
    _assert_legend_outside(ax)


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


def _right_of_zero(g):
    return (g[:, 0] > 0).astype(float)


def test_plot_decision_boundary_colours_markers_and_legend_per_class():
    ax = plots.plot_decision_boundary(_right_of_zero, X2, Y2, resolution=10,
                                      class_names=["left", "right"])
    class0, class1 = ax.collections[-2:]
    np.testing.assert_array_equal(np.asarray(class0.get_offsets()), X2[Y2 == 0])
    assert to_hex(class0.get_facecolor()[0]) == plots.PALETTE[0].lower()
    assert to_hex(class1.get_facecolor()[0]) == plots.PALETTE[1].lower()
    assert class0.get_paths()[0] != class1.get_paths()[0]  # different markers
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["left", "right"]
    _assert_legend_outside(ax)
    default = plots.plot_decision_boundary(_right_of_zero, X2, Y2, resolution=10, legend=None)
    assert default.get_legend() is None
    assert default.get_legend_handles_labels()[1] == ["class 0", "class 1"]


def test_plot_decision_boundary_draws_extra_zero_lines_with_legend_entries():
    cuts = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, -0.5])
    ax = plots.plot_decision_boundary(
        _right_of_zero, X2, Y2, resolution=41, legend="below",
        lines={"cuts": lambda g: g @ cuts[0] + cuts[1], "far": lambda g: g[:, 0] - 100})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["class 0", "class 1", "cuts", "far"]
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    # the filled regions, then x1 = 0 and x2 = 0.5; x1 = 100 is outside the view: not drawn
    assert [c.filled for c in contours] == [True, False, False]
    assert [c.get_linestyle()[0] for c in contours[1:]] == [contours[1].get_linestyle()[0]] * 2
    _assert_legend_outside(ax)


def test_plot_decision_boundary_ticks_do_not_crowd():
    x = np.array([[-0.6, -0.6], [1.6, 1.6]])
    ax = plots.plot_decision_boundary(_right_of_zero, x, [0, 1], resolution=10, margin=0.0)
    ax.figure.canvas.draw()
    lo, hi = ax.get_xlim()
    assert len([t for t in ax.get_xticks() if lo <= t <= hi]) <= 6


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"x": np.zeros((0, 2)), "y": []}, ValueError, "x must have shape"),
    ({"x": np.array([[0.0, np.nan], [1.0, 1.0]]), "y": [0, 1]}, ValueError, "finite"),
    ({"predict": lambda g: np.zeros(3)}, ValueError, "predict must return one row per grid"),
    ({"class_names": ["only one"]}, ValueError, "class_names must name all 2 classes"),
    ({"class_names": 3}, TypeError, "class_names must be a list of names"),
    ({"legend": "upper left"}, ValueError, "legend must be"),
    ({"lines": [lambda g: g]}, TypeError, "lines must be a dict"),
    ({"lines": {"bad": lambda g: np.zeros(2)}}, ValueError, "lines\\['bad'\\] must return"),
])
def test_plot_decision_boundary_rejects_bad_input(kwargs, error, match):
    args = {"predict": _right_of_zero, "x": X2, "y": Y2, **kwargs}
    with pytest.raises(error, match=match):
        plots.plot_decision_boundary(args.pop("predict"), args.pop("x"), args.pop("y"),
                                     resolution=10, **args)
