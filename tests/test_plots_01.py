"""The figures of notebook 01: what is drawn, and clear errors for bad input."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.markers import MarkerStyle

from helpers import plots

# the point cloud `cloud` (200 x 3) comes from conftest.py; these 2-D plots take two columns


# ------------------------------------------------------------------ point clouds


def test_point_clouds_panels_titles_and_covariance(cloud):
    xy = cloud[:, :2]
    fig = plots.plot_point_clouds({"raw": xy, "scaled": xy / 2}, c=np.arange(len(xy)) % 2,
                                  axis_labels=("x1", "x2"))
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert [ax.get_title().split("\n")[0] for ax in axes] == ["raw", "scaled"]
    assert all(ax.get_xlabel() == "x1" and ax.get_ylabel() == "x2" for ax in axes)
    np.testing.assert_allclose(axes[0].collections[0].get_offsets(), xy)
    np.testing.assert_allclose(axes[1].collections[0].get_offsets(), xy / 2)
    cov = np.cov(xy, rowvar=False)
    stats = axes[0].get_title().split("\n")[1]
    assert stats == f"var {cov[0, 0]:.2f}, {cov[1, 1]:.2f}; cov {cov[0, 1]:.2f}"
    assert not axes[0].texts  # nothing drawn over the points


def _marker_vertices(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform()).vertices


def test_point_clouds_class_names_give_colours_markers_and_a_legend(cloud):
    xy = cloud[:, :2]
    labels = np.arange(len(xy)) % 3
    fig = plots.plot_point_clouds({"raw": xy}, c=labels, class_names=["a", "b", "c"])
    ax = fig.axes[0]
    # one scatter per class: its points, its palette colour, its marker, its name
    assert [coll.get_label() for coll in ax.collections] == ["a", "b", "c"]
    for k, coll in enumerate(ax.collections):
        np.testing.assert_allclose(coll.get_offsets(), xy[labels == k])
        np.testing.assert_allclose(coll.get_facecolor()[0][:3],
                                   matplotlib.colors.to_rgb(plots.PALETTE[k]))
        np.testing.assert_allclose(coll.get_paths()[0].vertices,
                                   _marker_vertices(plots.MARKERS[k]))
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="integer labels 0..1"):
        plots.plot_point_clouds({"raw": xy}, c=labels, class_names=["a", "b"])
    with pytest.raises(ValueError, match="class_names needs c"):
        plots.plot_point_clouds({"raw": xy}, class_names=["a", "b"])


def test_point_clouds_per_panel_labels_and_grid(cloud):
    clouds = {f"c{i}": cloud[:, :2] * (i + 1) for i in range(3)}
    fig = plots.plot_point_clouds(clouds, axis_labels=[("a", "b"), ("c", "d"), ("e", "f")],
                                  ncols=2, show_cov=False)
    # a 2 x 2 grid filled row by row: three panels, each with its own cloud, the fourth off
    assert [ax.get_subplotspec().get_geometry() for ax in fig.axes] == [
        (2, 2, k, k) for k in range(4)]
    for ax, points in zip(fig.axes, clouds.values()):
        np.testing.assert_allclose(ax.collections[0].get_offsets(), points)
    assert [ax.get_xlabel() for ax in fig.axes[:3]] == ["a", "c", "e"]
    assert [ax.get_ylabel() for ax in fig.axes[:3]] == ["b", "d", "f"]
    assert not fig.axes[3].axison and not fig.axes[3].collections
    assert [ax.get_title() for ax in fig.axes[:3]] == ["c0", "c1", "c2"]  # show_cov=False


@pytest.mark.parametrize("kwargs, match", [
    ({"clouds": {}}, "non-empty mapping"),
    ({"clouds": {"a": np.zeros((3, 3))}}, r"cloud 'a' must be an array of shape \(n_points"),
    ({"clouds": {"a": np.zeros((3, 2))}, "c": [1, 2]}, "c has 2 entries"),
    ({"clouds": {"a": np.zeros((3, 2))}, "axis_labels": [("x", "y"), ("x", "y")]},
     "one .* pair or 1 pairs"),
])
def test_point_clouds_bad_input(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        plots.plot_point_clouds(**kwargs)


# ------------------------------------------------------------------ covariance heatmaps


def test_covariance_heatmaps_images_ticks_and_values():
    m = np.array([[2.0, -0.5], [-0.5, 1.0]])
    fig = plots.plot_covariance_heatmaps({"Σ": m, "I": np.eye(2)}, tick_labels=["a", "b"])
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["Σ", "I"]
    image = panels[0].images[0]
    np.testing.assert_allclose(image.get_array(), m)
    assert image.get_clim() == (-2.0, 2.0)  # symmetric: zero is white
    assert [t.get_text() for t in panels[0].get_xticklabels()] == ["a", "b"]
    assert "-0.50" in [t.get_text() for t in panels[0].texts]
    np.testing.assert_allclose(panels[1].images[0].get_array(), np.eye(2))
    # each panel has its own colour bar over its own symmetric range; no other axes
    bars = [ax.images[0].colorbar for ax in panels]
    assert [bar.ax.get_ylim() for bar in bars] == [(-2.0, 2.0), (-1.0, 1.0)]
    assert fig.axes == [panels[0], panels[1], bars[0].ax, bars[1].ax]
    with matplotlib.rc_context(plots.house_style()):  # tick labels follow the house style
        styled = plots.plot_covariance_heatmaps({"Σ": m}, tick_labels=["a", "b"])
    assert styled.axes[0].get_xticklabels()[0].get_fontsize() >= plots.MIN_FONT_PT


def test_covariance_heatmaps_rows_and_diagonal_values():
    d = np.diag([4.73, 2.5, 0.1])
    fig = plots.plot_covariance_heatmaps({"Σ": np.eye(3), "D": d, "I": np.eye(3)}, ncols=2,
                                         annotate="diagonal")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["Σ", "D", "I"]
    assert fig.get_size_inches()[0] == pytest.approx(2 * 4.2)  # two panels per row
    assert [t.get_text() for t in panels[1].texts] == ["4.7", "2.5", "0.1"]
    with pytest.raises(ValueError, match="annotate must be"):
        plots.plot_covariance_heatmaps({"x": np.eye(2)}, annotate="all")
    fig = plots.plot_covariance_heatmaps({"Σ": np.eye(3), "D": d}, annotate={"D": "diagonal"})
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert len(panels[0].texts) == 9  # not in the mapping: default, 3 x 3 gets every cell
    assert len(panels[1].texts) == 3
    # white numbers (dark cells) carry a black outline, so a part spilling over the cell's
    # edge onto the white background stays visible; black numbers need none
    for text in panels[1].texts:
        white = text.get_color() == "white"
        assert bool(text.get_path_effects()) == white, text.get_text()
    assert panels[1].texts[0].get_color() == "white"  # 4.73 is the darkest cell


def test_covariance_heatmaps_no_annotation_for_big_matrices():
    fig = plots.plot_covariance_heatmaps({"big": np.eye(8)})
    assert not fig.axes[0].texts


@pytest.mark.parametrize("matrices, kwargs, match", [
    ({}, {}, "non-empty mapping"),
    ({"a": np.ones((2, 3))}, {}, "must be square"),
    ({"a": np.eye(3)}, {"tick_labels": ["x", "y"]}, "tick_labels has 2 names"),
])
def test_covariance_heatmaps_bad_input(matrices, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_covariance_heatmaps(matrices, **kwargs)


# ------------------------------------------------------------------ eigenvalue spectrum


def test_eigenvalue_spectrum_sorted_line_and_eps():
    ax = plots.plot_eigenvalue_spectrum(np.array([0.1, 3.0, 1.0, 0.0]), eps=[1e-2, 1e-3])
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), [3.0, 1.0, 0.1])  # sorted, zero left off
    np.testing.assert_allclose(line.get_xdata(), [1, 2, 3])
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ε = 0.01", "ε = 0.001"]
    assert "eigenvalue" in ax.get_ylabel()


def test_eigenvalue_spectrum_several_linear():
    with matplotlib.rc_context(plots.house_style()):
        ax = plots.plot_eigenvalue_spectrum({"raw": [1.0, 2.0], "std": [0.0, 0.5]},
                                            logy=False, title="spectra")
    raw, std = ax.lines
    assert ax.get_title() == "spectra"
    np.testing.assert_allclose(raw.get_ydata(), [2.0, 1.0])  # largest first
    np.testing.assert_allclose(std.get_ydata(), [0.5, 0.0])  # a linear axis keeps the zero
    np.testing.assert_allclose(std.get_xdata(), [1, 2])
    assert [raw.get_color(), std.get_color()] == list(plots.PALETTE[:2])
    assert [raw.get_marker(), std.get_marker()] == list(plots.MARKERS[:2])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["raw", "std"]


@pytest.mark.parametrize("values, eps, match", [
    (np.ones((2, 2)), None, "non-empty 1-D array"),
    ([], None, "non-empty 1-D array"),
    ({}, None, "empty mapping"),
    ([1.0, 2.0], -1.0, "eps must be numbers > 0"),
])
def test_eigenvalue_spectrum_bad_input(values, eps, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_eigenvalue_spectrum(values, eps=eps)


# ------------------------------------------------------------------ loss contours


def _bowl(w):
    return (w[:, 0] - 1) ** 2 + 10 * (w[:, 1] + 0.5) ** 2


def test_loss_contours_path_optimum_and_labels():
    path = np.array([[0.0, 0.0], [0.5, -0.4], [1.0, -0.5]])
    ax = plots.plot_loss_contours(_bowl, (-1, 3), (-2, 1), path=path, optimum=[1, -0.5],
                                  xlabel="w alcohol", ylabel="w proline", title="bowl",
                                  resolution=50)
    assert ax.get_title() == "bowl" and ax.get_xlabel() == "w alcohol"
    np.testing.assert_allclose(ax.lines[0].get_xydata(), path)
    assert ax.lines[-1].get_marker() == "*"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["gradient descent (2 steps)", "start", "minimum"]
    assert all(t.get_fontsize() >= plots.MIN_FONT_PT for t in ax.texts)  # contour labels
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_aspect() == 1.0
    assert ax.collections  # the contour set


def test_loss_contours_free_aspect():
    ax = plots.plot_loss_contours(_bowl, (-1, 3), (-2, 1), equal_aspect=False, resolution=20)
    assert ax.get_aspect() == "auto"
    assert ax.get_legend() is None


@pytest.mark.parametrize("args, kwargs, exc, match", [
    (("not callable", (0, 1), (0, 1)), {}, TypeError, "loss must be (a )?callable"),
    ((_bowl, (1, 0), (0, 1)), {}, ValueError, "w0_range must be"),
    ((_bowl, (0, 1), (0, 1, 2)), {}, ValueError, "w1_range must be"),
    ((lambda w: w, (0, 1), (0, 1)), {}, ValueError, r"to shape \(n,\)"),
    ((_bowl, (0, 1), (0, 1)), {"path": np.zeros(3)}, ValueError, "path must have shape"),
    ((_bowl, (0, 1), (0, 1)), {"optimum": [1, 2, 3]}, ValueError, "optimum must have shape"),
])
def test_loss_contours_bad_input(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plots.plot_loss_contours(*args, resolution=10, **kwargs)


def test_covariance_heatmaps_tick_labels_per_panel():
    fig = plots.plot_covariance_heatmaps(
        {"features": np.eye(2), "components": np.eye(2)},
        tick_labels={"features": ["a", "b"], "components": ["PC 1", "PC 2"]})
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [t.get_text() for t in panels[1].get_yticklabels()] == ["PC 1", "PC 2"]
    with pytest.raises(ValueError, match="tick_labels has 1 names but matrix 'x'"):
        plots.plot_covariance_heatmaps({"x": np.eye(2)}, tick_labels={"x": ["a"]})


# ------------------------------------------------------------------ image grid (00, 01, 08)


def test_image_grid_titles_readable_and_figure_at_most_10_inches():
    images = np.zeros((20, 4, 4))
    names = ["T-shirt/top", "Ankle boot", "Bag"]
    fig = plots.plot_image_grid(images, np.arange(20) % 3, class_names=names, ncols=12,
                                size=1.4)  # 16.8 in asked for
    assert fig.get_figwidth() <= 10.0 + 1e-9
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert len(titles) == 20 and all(t.get_fontsize() >= plots.MIN_FONT_PT for t in titles)
    # too wide for a 0.83-in column at 13 pt: broken after "/" or at the space
    assert {t.get_text() for t in titles} == {"T-shirt/\ntop", "Ankle\nboot", "Bag"}


def test_image_grid_keeps_short_titles_and_predictions_layout():
    fig = plots.plot_image_grid(np.zeros((2, 4, 4)), [0, 1], class_names=["Ankle boot", "Bag"],
                                predictions=[1, 1], ncols=2, size=2.0)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["Bag\n(Ankle boot)", "Bag\n(Bag)"]
    assert fig.get_figwidth() == pytest.approx(4.0)


def test_image_grid_refuses_small_fonts():
    with pytest.raises(ValueError, match="fontsize"):
        plots.plot_image_grid(np.zeros((2, 4, 4)), [0, 1], fontsize=9)
    with pytest.raises(TypeError, match="fontsize"):
        plots.plot_image_grid(np.zeros((2, 4, 4)), [0, 1], fontsize="big")


def test_point_clouds_want_a_dict_not_a_list():
    with pytest.raises(TypeError, match="clouds must be a mapping"):
        plots.plot_point_clouds([np.zeros((3, 2))])
