"""The figures of notebook 06: what plot_weight_histograms and plot_train_val draw, and clear
errors for bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots

# ------------------------------------------------------------------ plot_weight_histograms


def test_weight_histograms_one_outline_per_run_on_shared_bins():
    rng = np.random.default_rng(0)
    weights = {"wide": rng.normal(scale=0.5, size=(30, 20)), "narrow": rng.normal(scale=0.1,
                                                                                   size=500)}
    ax = plots.plot_weight_histograms(weights, bins=21, title="layer 1")
    patches = ax.patches
    assert len(patches) == 2  # histtype="step": one outline per run
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["wide", "narrow"]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "weight value" and ax.get_title() == "layer 1"
    assert [p.get_edgecolor()[:3] for p in patches] == [
        pytest.approx(plt.matplotlib.colors.to_rgb(c)) for c in plots.PALETTE[:2]]
    assert patches[0].get_linestyle() != patches[1].get_linestyle()  # not colour alone
    ax.figure.canvas.draw()
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1  # off the data
    limit = max(np.abs(w).max() for w in weights.values())
    xs = [p.get_xy()[:, 0] for p in patches]
    for x in xs:  # both outlines span the same range
        np.testing.assert_allclose([x.min(), x.max()], [-limit, limit])


def test_weight_histograms_counts_every_value_in_range():
    w = np.array([-1.0, -0.5, 0.0, 0.0, 0.0, 0.5, 1.0])
    _, ax = plt.subplots()
    out = plots.plot_weight_histograms({"w": w}, ax=ax, bins=5, limit=1.0, logy=False, title=None)
    assert out is ax and ax.get_yscale() == "linear" and ax.get_title() == ""
    heights = ax.patches[0].get_xy()[:, 1]
    assert heights.max() == 3  # the three zeros share the middle bin


@pytest.mark.parametrize("weights, kwargs, match", [
    ({}, {}, "non-empty mapping"),
    ({"a": np.array([])}, {}, "non-empty array of finite"),
    ({"a": np.array([1.0, np.nan])}, {}, "non-empty array of finite"),
    ({"a": np.ones(3)}, {"bins": 0}, "bins must be a positive int"),
    ({"a": np.ones(3)}, {"limit": -1.0}, "limit must be > 0"),
])
def test_weight_histograms_bad_input(weights, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_weight_histograms(weights, **kwargs)


# ------------------------------------------------------------------ plot_train_val


def _history(train, val, key="accuracy"):
    return {key: list(train), f"val_{key}": list(val)}


def test_train_val_draws_solid_validation_and_dashed_training_per_run():
    runs = {"a": _history([0.5, 0.7, 0.9], [0.5, 0.6, 0.6]),
            "b": _history([0.4, 0.6, 0.7], [0.45, 0.6, 0.65])}
    ax = plots.plot_train_val(runs, metric="accuracy", ylim=(0, 1))
    lines = [line for line in ax.get_lines() if line.get_xdata().size]
    assert len(lines) == 4
    val_a, train_a, val_b, train_b = lines
    assert val_a.get_linestyle() == "-" and train_a.get_linestyle() == "--"
    assert val_a.get_color() == train_a.get_color() != val_b.get_color()
    np.testing.assert_allclose(train_b.get_ydata(), [0.4, 0.6, 0.7])
    np.testing.assert_allclose(val_a.get_xdata(), [1, 2, 3])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b", "validation (solid)", "training (dashed)"]
    assert ax.get_ylim() == (0, 1) and ax.get_title() == "accuracy"
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "accuracy"
    assert val_a.get_color() == plots.PALETTE[0] and val_b.get_color() == plots.PALETTE[1]
    assert val_a.get_marker() != val_b.get_marker()  # runs differ by marker, not colour alone
    assert all(float(t).is_integer() for t in ax.get_xticks())
    ax.figure.canvas.draw()
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1  # off the data


def test_train_val_accepts_history_objects():
    class FakeHistory:
        history = _history([1.0, 0.5], [1.1, 0.9], key="loss")

    _, ax = plt.subplots()
    out = plots.plot_train_val({"run": FakeHistory()}, metric="loss", ax=ax, title="t")
    assert out is ax and ax.get_title() == "t"


def test_train_val_bad_input():
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.plot_train_val({})
    with pytest.raises(KeyError, match="val_accuracy"):
        plots.plot_train_val({"a": {"accuracy": [0.5]}})
    with pytest.raises(TypeError, match="keras History or a dict"):
        plots.plot_train_val({"a": [0.5, 0.6]})


def test_weight_histograms_want_a_dict_not_a_list():
    with pytest.raises(TypeError, match="weights must be a mapping"):
        plots.plot_weight_histograms([np.ones(3)])
