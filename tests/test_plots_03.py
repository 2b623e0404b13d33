"""The figure of notebook 03: what plot_activation_grid draws, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import plots


@pytest.fixture
def z():
    return np.linspace(-4, 4, 81)


def _curves(ax):
    """The data lines of a panel (the two zero axes are drawn first)."""
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_grid_draws_one_panel_per_function_with_derivatives_and_dots(z):
    values = {"tanh": np.tanh(z), "relu": np.maximum(z, 0), "identity": z}
    derivs = {"tanh": 1 - np.tanh(z) ** 2, "relu": (z > 0).astype(float)}
    fig = plots.plot_activation_grid(z, values, derivs, autodiff={"tanh": derivs["tanh"]},
                                     ncols=2, every=10)
    axes = fig.axes
    assert len(axes) == 4  # 2 x 2 grid, the fourth panel hidden
    assert [ax.get_title() for ax in axes[:3]] == ["tanh", "relu", "identity"]
    assert not axes[3].axison
    tanh_lines = _curves(axes[0])
    assert [ln.get_label() for ln in tanh_lines] == ["f(z)", "f'(z) analytic", "f'(z) autodiff"]
    np.testing.assert_allclose(tanh_lines[0].get_ydata(), np.tanh(z))
    np.testing.assert_allclose(tanh_lines[2].get_xdata(), z[::10])  # dots at every 10th point
    assert [ln.get_label() for ln in _curves(axes[2])] == ["f(z)"]
    assert all(ax.get_xlabel() == "z" for ax in axes[:3])
    assert axes[0].get_ylim() == (-1.5, 2.5)
    legend = fig.legends[0]  # one legend for the figure, below the panels, not on a curve
    assert [t.get_text() for t in legend.get_texts()] == ["f(z)", "f'(z) analytic",
                                                         "f'(z) autodiff"]
    assert axes[0].get_legend() is None


def test_grid_single_panel_and_free_ylim(z):
    fig = plots.plot_activation_grid(list(z), {"identity": list(z)}, ylim=None, ncols=5)
    assert len(fig.axes) == 1
    assert fig.axes[0].get_ylim()[1] >= 4


@pytest.mark.parametrize("z_bad", [np.zeros((3, 2)), np.array([])])
def test_grid_rejects_bad_z(z_bad):
    with pytest.raises(ValueError, match="z must be a non-empty array of shape"):
        plots.plot_activation_grid(z_bad, {"f": np.zeros(3)})


def test_grid_rejects_bad_mappings(z):
    with pytest.raises(ValueError, match="values must hold at least one function"):
        plots.plot_activation_grid(z, {})
    with pytest.raises(TypeError, match="values must be a mapping"):
        plots.plot_activation_grid(z, [np.tanh(z)])
    with pytest.raises(ValueError, match=r"values\['tanh'\] has 3 values, z has 81"):
        plots.plot_activation_grid(z, {"tanh": [1, 2, 3]})
    with pytest.raises(ValueError, match=r"derivatives names functions .*\['relu'\]"):
        plots.plot_activation_grid(z, {"tanh": np.tanh(z)}, {"relu": z})
    with pytest.raises(ValueError, match=r"autodiff\['tanh'\] has 2 values"):
        plots.plot_activation_grid(z, {"tanh": np.tanh(z)}, autodiff={"tanh": [0, 1]})


@pytest.mark.parametrize("kwargs, match", [({"ncols": 0}, "ncols must be a positive integer"),
                                           ({"ncols": 2.0}, "ncols must be a positive integer"),
                                           ({"every": -1}, "every must be a positive integer")])
def test_grid_rejects_bad_options(z, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_activation_grid(z, {"tanh": np.tanh(z)}, **kwargs)
