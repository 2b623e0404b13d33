"""The figures of notebook 05: what is drawn, and clear errors for bad input."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.contour import ContourSet

from helpers import plots


@pytest.fixture
def grid():
    X, Y = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-1, 1, 20))
    return X, Y, 0.5 * X**2 + 3 * Y**2


def _labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _assert_contours_of(ax, Z, levels=20):
    """The Axes holds one contour set of Z: ``levels`` levels spaced geometrically above its
    minimum, the highest at its maximum."""
    (contours,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    heights = np.asarray(contours.levels) - Z.min()
    assert len(heights) == levels and heights[0] > 0
    assert heights[-1] == pytest.approx(Z.max() - Z.min())
    np.testing.assert_allclose(np.diff(np.log(heights)), np.log(heights[1] / heights[0]))


# ------------------------------------------------------------------ curves


def test_curves_lines_labels_and_log_axes():
    x = np.arange(1, 11)
    ax = plots.plot_curves({"a": (x, 1 / x), "b": (x * 2, 2 / x)}, xlabel="update",
                           ylabel="loss", title="t", logx=True, logy=True, styles={"a": "o-"})
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    np.testing.assert_allclose(ax.get_lines()[1].get_xdata(), x * 2)
    assert ax.get_lines()[0].get_marker() == "o"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("update", "loss", "t")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_curves_take_the_style_cycles_line_styles_unless_given():
    x = np.arange(5)
    with mpl.rc_context(plots.house_style()):
        ax = plots.plot_curves({"a": (x, x), "b": (x, 2 * x), "c": (x, 3 * x)},
                               styles={"c": "o:"})
    a, b, c = ax.get_lines()
    assert a.get_linestyle() != b.get_linestyle()  # told apart without colour
    assert c.get_linestyle() == ":" and c.get_marker() == "o"


def test_curves_log_x_drops_zero_and_uses_given_ax():
    _, ax = plt.subplots()
    out = plots.plot_curves({"a": ([0, 1, 2], [3.0, 2.0, 1.0])}, ax=ax, logx=True)
    assert out is ax
    np.testing.assert_allclose(ax.get_lines()[0].get_xydata(), [[1, 2.0], [2, 1.0]])


@pytest.mark.parametrize(
    ("curves", "match"),
    [({}, "non-empty mapping"), ({"a": ([1, 2], [1])}, "same length"),
     ({"a": [1, 2, 3]}, r"\(x, y\) pair")],
)
def test_curves_bad_input(curves, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_curves(curves)


# ------------------------------------------------------------------ trajectories


class _FakeTrajectory:
    def __init__(self, points):
        self.points = points


def test_trajectories_contours_paths_start_and_minimum(grid):
    path = np.array([[-1.5, 0.8], [-1.0, -0.5], [0.0, 0.0]])
    diverged = np.array([[-1.5, 0.8], [1.0, 1.0], [np.nan, np.nan]])
    ax = plots.plot_trajectories(grid, {"sgd": path, "bad": _FakeTrajectory(diverged)},
                                 minimum=(0, 0), title="canyon")
    assert ax.get_title() == "canyon"
    assert _labels(ax) == ["sgd", "bad", "start", "minimum"]
    _assert_contours_of(ax, grid[2])
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["sgd"].get_xydata(), path)
    np.testing.assert_allclose(lines["bad"].get_xydata(), diverged[:2])  # the NaN row skipped
    assert (lines["sgd"].get_color(), lines["bad"].get_color()) == plots.PALETTE[:2]
    np.testing.assert_allclose(lines["start"].get_xydata(), path[:1])
    np.testing.assert_allclose(lines["minimum"].get_xydata(), [[0, 0]])
    assert ax.get_xlim() == (-2.0, 2.0)


def test_trajectories_keep_given_colours(grid):
    path = np.array([[-1.5, 0.8], [0.0, 0.0]])
    ax = plots.plot_trajectories(grid, {"a": path, "b": path}, colors={"b": "red"}, legend=False)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["b"].get_color() == "red" and lines["a"].get_color() == plots.PALETTE[0]
    assert ax.get_legend() is None


def test_trajectories_legend_beside_the_axes(grid):
    ax = plots.plot_trajectories(grid, {"a": np.array([[-1.5, 0.8], [0.0, 0.0]])})
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend_box = ax.get_legend().get_window_extent(renderer)
    assert not legend_box.overlaps(ax.get_window_extent(renderer))
    assert min(t.get_fontsize() for t in ax.get_legend().get_texts()) >= 10


# ------------------------------------------------------------------ trajectory panels


def test_trajectory_panels_one_path_per_panel(grid):
    paths = {f"opt{k}": np.array([[-1.5, 0.8], [-0.5 * k, 0.1 * k], [0.0, 0.0]])
             for k in range(4)}
    fig = plots.plot_trajectory_panels(grid, paths, minimum=(0, 0), titles={"opt1": "one"},
                                       suptitle="canyon")
    panels = [ax for ax in fig.axes if ax.axison]
    # 2 rows of 3 filled row by row: four panels, then two left over (switched off, empty)
    assert [ax.get_subplotspec().get_geometry() for ax in fig.axes] == [
        (2, 3, k, k) for k in range(6)]
    assert panels == fig.axes[:4]
    assert not fig.axes[5].get_lines() and not fig.axes[5].collections
    assert [ax.get_title() for ax in panels] == ["opt0", "one", "opt2", "opt3"]
    for k, ax in enumerate(panels):
        _assert_contours_of(ax, grid[2])  # the same contours in every panel
        path_line, start, end, star = ax.get_lines()
        np.testing.assert_allclose(path_line.get_xydata(), paths[f"opt{k}"])
        np.testing.assert_allclose(start.get_xydata(), paths[f"opt{k}"][:1])
        np.testing.assert_allclose(end.get_xydata(), paths[f"opt{k}"][-1:])
        np.testing.assert_allclose(star.get_xydata(), [[0, 0]])
        assert (path_line.get_color(), end.get_color()) == (plots.PALETTE[0], plots.PALETTE[3])
        assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-1.0, 1.0)
    legend = fig.axes[4].get_legend()  # the first free panel holds the legend
    assert [t.get_text() for t in legend.get_texts()] == ["path", "start", "end", "minimum"]
    assert fig.get_suptitle() == "canyon"
    assert fig.get_size_inches()[0] <= 10
    assert [ax.get_xlabel() for ax in panels] == ["", "x", "x", "x"]  # lowest of each column


def test_trajectory_panels_full_grid_puts_the_legend_below(grid):
    path = np.array([[-1.5, 0.8], [np.nan, np.nan]])
    fig = plots.plot_trajectory_panels(grid, {"a": path, "b": 2 * path}, ncols=2)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]  # no panel left over
    for ax, points in zip(fig.axes, (path, 2 * path)):
        np.testing.assert_allclose(ax.get_lines()[0].get_xydata(), points[:1])  # NaN skipped
        assert ax.get_legend() is None
    assert len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["path", "start", "end"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [({"trajectories": [np.zeros((2, 2))]}, TypeError, "trajectories"),
     ({"trajectories": {}}, ValueError, "trajectories"),
     ({"trajectories": {"p": np.zeros((3, 3))}}, ValueError, r"shape \(n_steps, 2\)"),
     ({"minimum": (0, 0, 0)}, ValueError, "minimum"),
     ({"titles": ["a"]}, TypeError, "titles"),
     ({"ncols": 0}, ValueError, "ncols"),
     ({"ncols": 2.5}, TypeError, "ncols"),
     ({"levels": 1}, ValueError, "levels"),
     ({"panel_size": -1}, ValueError, "panel_size"),
     ({"grid": ("a", "b")}, ValueError, "grid"),
     ({"grid": (np.zeros((3, 3)), np.zeros((3, 3)), np.zeros((3, 2)))}, ValueError,
      "one shape")],
)
def test_trajectory_panels_bad_input(grid, kwargs, error, match):
    args = {"grid": grid, "trajectories": {"p": np.zeros((2, 2))}} | kwargs
    with pytest.raises(error, match=match):
        plots.plot_trajectory_panels(args.pop("grid"), args.pop("trajectories"), **args)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [((("a", "b"), {"p": np.zeros((2, 2))}), {}, r"tuple \(X, Y, Z\)"),
     (((np.zeros((3, 3)), np.zeros((3, 3)), np.zeros((3, 2))), {"p": np.zeros((2, 2))}), {},
      "one shape"),
     (("GRID", {}), {}, "non-empty mapping"),
     (("GRID", {"p": np.zeros((3, 3))}), {}, r"shape \(n_steps, 2\)"),
     (("GRID", {"p": np.zeros((3, 2))}), {"minimum": (0, 0, 0)}, r"minimum must have shape")],
)
def test_trajectories_bad_input(grid, args, kwargs, match):
    args = tuple(grid if a == "GRID" else a for a in args[:1]) + args[1:]
    with pytest.raises(ValueError, match=match):
        plots.plot_trajectories(*args, **kwargs)


# ------------------------------------------------------------------ schedules


def test_lr_schedules_lines_and_log_axis():
    rates = {"constant": np.full(10, 0.1), "decay": 0.1 * 0.5 ** np.arange(10)}
    ax = plots.plot_lr_schedules(rates, logy=True, xlabel="epoch")
    assert [line.get_label() for line in ax.get_lines()] == ["constant", "decay"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), rates["decay"])
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), np.arange(10))
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "learning rate"


@pytest.mark.parametrize(
    ("rates", "logy", "match"),
    [({}, False, "non-empty mapping"), ({"a": np.zeros((2, 2))}, False, "1-D"),
     ({"a": [0.1, -0.1]}, False, "<= 0"), ({"a": [0.1, 0.0]}, True, "<= 0")],
)
def test_lr_schedules_bad_input(rates, logy, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_lr_schedules(rates, logy=logy)


# ------------------------------------------------------------------ range test


def test_lr_range_test_lines_and_markers():
    lrs = np.geomspace(1e-4, 10, 50)
    losses = np.r_[np.linspace(2.3, 0.5, 40), np.full(9, 5.0), np.nan]
    ax = plots.plot_lr_range_test(lrs, losses, smoothed=losses, explode_at=1.0, suggested=0.1)
    labels = _labels(ax)
    assert labels[:2] == ["loss per step", "smoothed"]
    assert any(t.startswith("explodes: 1") for t in labels)
    assert any(t.startswith("chosen: 0.1") for t in labels)
    per_step, smooth, explode, chosen = ax.get_lines()
    np.testing.assert_allclose(per_step.get_xdata(), lrs[:49])  # the NaN is skipped
    np.testing.assert_allclose(per_step.get_ydata(), losses[:49])
    np.testing.assert_allclose(smooth.get_xydata(), per_step.get_xydata())
    np.testing.assert_allclose(explode.get_xdata(), [1.0, 1.0])
    np.testing.assert_allclose(chosen.get_xdata(), [0.1, 0.1])
    assert ax.get_xscale() == "log" and ax.get_ylim()[0] == 0.0
    assert explode.get_linestyle() != chosen.get_linestyle()  # not colour alone
    assert (explode.get_color(), chosen.get_color()) == (plots.PALETTE[3], plots.PALETTE[2])
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert not ax.get_legend().get_window_extent(renderer).overlaps(
        ax.get_window_extent(renderer))


@pytest.mark.parametrize(
    ("lrs", "losses", "match"),
    [([0.1, 1.0], [1.0], "same length"), ([0.0, 1.0], [1.0, 2.0], "> 0")],
)
def test_lr_range_test_bad_input(lrs, losses, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_lr_range_test(lrs, losses)
