"""helpers.plots' house style: large text, a colour-blind-safe palette with line styles, and
legends that never sit on the data."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from helpers import plots

OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}


@pytest.fixture
def styled():
    with mpl.rc_context(plots.house_style()):
        yield


def _text_sizes(fig):
    fig.canvas.draw()
    return [t.get_fontsize() for t in fig.findobj(mpl.text.Text) if t.get_text().strip()]


def test_import_changes_no_setting():
    before = dict(mpl.rcParams)
    import importlib

    importlib.reload(plots)
    assert dict(mpl.rcParams) == before


def test_palette_is_okabe_ito_with_distinct_line_styles():
    assert {c.lower() for c in plots.PALETTE} == OKABE_ITO
    assert len(set(map(str, plots.LINESTYLES))) == len(plots.PALETTE) == len(plots.MARKERS)
    cycle = plots.house_style()["axes.prop_cycle"].by_key()
    assert [c.lower() for c in cycle["color"]] == [c.lower() for c in plots.PALETTE]
    assert len(set(map(str, cycle["linestyle"]))) == len(plots.PALETTE)


def test_sample_figure_text_is_large_and_lines_differ_beyond_colour(styled):
    fig, ax = plt.subplots()
    for k in range(3):
        ax.plot(np.arange(5), np.arange(5) * k, label=f"run {k}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("validation loss")
    ax.set_title("three runs")
    plots.legend_outside(ax)
    sizes = _text_sizes(fig)
    assert sizes and min(sizes) >= plots.MIN_FONT_PT, sizes
    lines = ax.get_lines()
    assert [to_hex(line.get_color()) for line in lines] == [c.lower() for c in plots.PALETTE[:3]]
    assert len({str(line.get_linestyle()) for line in lines}) == 3
    assert fig.get_size_inches()[0] <= 10


def test_legend_outside_does_not_overlap_the_axes(styled):
    for loc in ("right", "below"):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], label="a")
        legend = plots.legend_outside(ax, loc=loc)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = legend.get_window_extent(renderer)
        axes_box = ax.get_window_extent(renderer)
        assert not box.overlaps(axes_box), (loc, box, axes_box)
    with pytest.raises(ValueError, match="loc"):
        plots.legend_outside(ax, loc="inside")


def test_integer_ticks(styled):
    _, ax = plt.subplots()
    ax.plot([1, 2, 3], [1, 0.5, 0.2])
    plots.integer_ticks(ax)
    ticks = ax.get_xticks()
    assert np.allclose(ticks, np.round(ticks))
    with pytest.raises(ValueError, match="axis"):
        plots.integer_ticks(ax, axis="z")
