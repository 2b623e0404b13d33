"""Plots added for notebook 04: per-layer statistics against depth, and layer × epoch heatmaps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots


def test_plot_layer_stats_draws_one_line_per_run():
    values = {"He": np.array([1.0, 0.9, 1.1]), "small": np.array([0.1, 1e-3, 1e-5])}
    ax = plots.plot_layer_stats(values, ylabel="activation std", title="ReLU")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["He", "small"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(lines[1].get_ydata(), values["small"])
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "activation std" and ax.get_title() == "ReLU"
    assert "layer" in ax.get_xlabel()
    plt.close(ax.figure)


def test_plot_layer_stats_leaves_gaps_for_values_a_log_axis_cannot_show():
    ax = plots.plot_layer_stats({"run": [1.0, 0.0, np.nan, 2.0]})
    y = ax.get_lines()[0].get_ydata()
    assert np.isnan(y[1]) and np.isnan(y[2]) and y[3] == 2.0
    plt.close(ax.figure)
    fig, ax = plt.subplots()
    out = plots.plot_layer_stats({"run": [-1.0, 1.0]}, ax=ax, logy=False)
    assert out is ax and out.get_yscale() == "linear"
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [-1.0, 1.0])
    plt.close(fig)


def test_plot_layer_stats_bad_input():
    with pytest.raises(TypeError, match="mapping"):
        plots.plot_layer_stats([1.0, 2.0])
    with pytest.raises(ValueError, match="at least one run"):
        plots.plot_layer_stats({})
    with pytest.raises(ValueError, match=r"shape \(n_layers,\)"):
        plots.plot_layer_stats({"run": np.ones((2, 2))})
    with pytest.raises(ValueError, match=r"shape \(n_layers,\)"):
        plots.plot_layer_stats({"run": []})
    plt.close("all")


def test_plot_layer_epoch_heatmap_puts_layers_up_and_epochs_across():
    norms = np.arange(1, 13, dtype=float).reshape(4, 3)  # 4 epochs, 3 layers
    ax = plots.plot_layer_epoch_heatmap(norms, layer_names=["d1", "d2", "d3"], title="He")
    image = ax.get_images()[0]
    np.testing.assert_array_equal(image.get_array(), norms.T)  # rows = layers
    assert image.norm.vmin == 1 and image.norm.vmax == 12
    assert type(image.norm).__name__ == "LogNorm"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d1", "d2", "d3"]
    assert ax.get_xlabel() == "epoch" and ax.get_title() == "He"
    assert len(ax.figure.axes) == 2  # the colour bar
    plt.close(ax.figure)


def test_plot_layer_epoch_heatmap_masks_nan_and_shares_scales():
    norms = np.array([[1.0, np.nan], [np.inf, 0.0]])
    ax = plots.plot_layer_epoch_heatmap(norms, vmin=1e-3, vmax=1e3)
    image = ax.get_images()[0]
    assert image.get_array().mask.sum() == 3
    assert image.norm.vmin == 1e-3 and image.norm.vmax == 1e3
    plt.close(ax.figure)
    ax = plots.plot_layer_epoch_heatmap(np.full((2, 2), np.nan))  # a run that diverged
    assert ax.get_images()[0].get_array().mask.all()
    assert "no finite value" in ax.texts[0].get_text()
    assert len(ax.figure.axes) == 1  # no colour bar for nothing
    plt.close(ax.figure)
    ax = plots.plot_layer_epoch_heatmap(np.array([[0.0, 1.0]]), log=False)
    assert type(ax.get_images()[0].norm).__name__ == "Normalize"
    plt.close(ax.figure)


def test_plot_layer_epoch_heatmap_bad_input():
    with pytest.raises(ValueError, match=r"shape \(n_epochs, n_layers\)"):
        plots.plot_layer_epoch_heatmap(np.ones(5))
    with pytest.raises(ValueError, match="one name per layer"):
        plots.plot_layer_epoch_heatmap(np.ones((2, 3)), layer_names=["a"])
    with pytest.raises(ValueError, match="> 0 on a log scale"):
        plots.plot_layer_epoch_heatmap(np.ones((2, 3)), vmin=0.0)
    plt.close("all")


def test_plot_layer_stats_tells_runs_apart_without_colour_and_keeps_the_legend_off_the_data():
    import matplotlib as mpl

    with mpl.rc_context(plots.house_style()):
        ax = plots.plot_layer_stats({"Glorot": [1.0, 0.5], "He": [1.0, 1.0], "small": [1, 0.1]})
        lines = ax.get_lines()
        assert len({str(line.get_linestyle()) for line in lines}) == 3
        assert len({line.get_marker() for line in lines}) == 3
        fig = ax.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legend_box = ax.get_legend().get_window_extent(renderer)
        assert not legend_box.overlaps(ax.get_window_extent(renderer))
        plt.close(fig)


def test_plot_layer_epoch_heatmap_draws_no_grid_over_the_cells():
    import matplotlib as mpl

    with mpl.rc_context(plots.house_style()):  # the house style turns grids on
        ax = plots.plot_layer_epoch_heatmap(np.ones((2, 3)))
        assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())
        plt.close(ax.figure)
