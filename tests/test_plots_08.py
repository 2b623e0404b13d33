"""helpers.plots, notebook 08's figures: class counts, confusion matrix, probabilities."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402

NAMES = ("cat", "dog", "owl")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_class_counts_draws_one_bar_per_class_and_split():
    y = {"train": np.array([0, 0, 1, 2, 2, 2]), "test": np.array([1, 2])}
    ax = plots.plot_class_counts(y, class_names=NAMES)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [2, 1, 3, 0, 1, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(NAMES)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train (6)", "test (2)"]
    assert ax.get_ylabel() == "images"


def test_plot_class_counts_rejects_bad_input():
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.plot_class_counts({}, class_names=NAMES)
    with pytest.raises(ValueError, match=r"integers in \[0, 3\)"):
        plots.plot_class_counts({"train": np.array([0, 3])}, class_names=NAMES)
    with pytest.raises(ValueError, match=r"integers in \[0, 3\)"):
        plots.plot_class_counts({"train": np.array([0.5, 1])}, class_names=NAMES)


def test_plot_confusion_matrix_writes_every_cell():
    cm = np.array([[5, 1, 0], [2, 3, 0], [0, 0, 4]])
    ax = plots.plot_confusion_matrix(cm, class_names=NAMES)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["5", "1", "0", "2", "3", "0", "0", "0", "4"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_yticklabels()] == list(NAMES)
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)


def test_plot_confusion_matrix_normalized_rows():
    cm = np.array([[3, 1], [0, 2]])
    ax = plots.plot_confusion_matrix(cm, class_names=["a", "b"], normalize=True)
    assert [t.get_text() for t in ax.texts] == ["75", "25", "0", "100"]  # percent of each row
    np.testing.assert_allclose(ax.images[0].get_array(), [[75, 25], [0, 100]])
    assert ax.images[0].get_clim() == (0, 100)
    assert min(t.get_fontsize() for t in ax.texts) >= plots.MIN_FONT_PT


def test_plot_confusion_matrix_rejects_bad_input():
    with pytest.raises(ValueError, match="square matrix"):
        plots.plot_confusion_matrix(np.ones((2, 3)), class_names=["a", "b"])
    with pytest.raises(ValueError, match="non-negative"):
        plots.plot_confusion_matrix(-np.ones((2, 2)), class_names=["a", "b"])
    with pytest.raises(ValueError, match="one name per class"):
        plots.plot_confusion_matrix(np.ones((2, 2)), class_names=NAMES)


def test_plot_prediction_probabilities_colours_true_and_wrong_bars():
    images = np.zeros((2, 4, 4))
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    fig = plots.plot_prediction_probabilities(images, probs, np.array([0, 1]),
                                              class_names=NAMES)
    axes = np.array(fig.axes).reshape(2, 2)
    assert axes[0, 0].get_title() == "true:\ncat"
    assert axes[1, 0].get_title() == "predicted:\ncat\np = 0.70"
    assert axes[1, 1].get_title() == "predicted:\nowl\np = 0.60, wrong"
    widths = [p.get_width() for p in axes[1, 1].patches]
    np.testing.assert_allclose(widths, probs[1])
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in axes[1, 1].patches]
    assert colours[1] == matplotlib.colors.to_hex(plots.PALETTE[0])  # the true class
    assert colours[2] == matplotlib.colors.to_hex(plots.PALETTE[3])  # the wrong prediction
    assert [p.get_hatch() or "" for p in axes[1, 1].patches] == ["", "", "//"]  # not colour alone
    assert fig.get_figwidth() <= 10
    assert [t.get_text() for t in axes[1, 0].get_yticklabels()] == list(NAMES)


def test_plot_prediction_probabilities_rejects_bad_input():
    images = np.zeros((2, 4, 4))
    good = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match="images must have shape"):
        plots.plot_prediction_probabilities(np.zeros((4, 4)), good, [0, 1], class_names=NAMES)
    with pytest.raises(ValueError, match="probabilities must have shape"):
        plots.plot_prediction_probabilities(images, good[:1], [0, 1], class_names=NAMES)
    with pytest.raises(ValueError, match="one entry per image"):
        plots.plot_prediction_probabilities(images, good, [0], class_names=NAMES)
    with pytest.raises(ValueError, match="sum to 1"):
        plots.plot_prediction_probabilities(images, good * 2, [0, 1], class_names=NAMES)


def test_plot_per_class_accuracy_groups_models():
    acc = {"baseline": [0.5, 0.9, 1.0], "final": [0.6, 0.95, 1.0]}
    ax = plots.plot_per_class_accuracy(acc, class_names=NAMES)
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, [0.5, 0.9, 1.0, 0.6, 0.95, 1.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["baseline", "final"]
    assert ax.get_xlabel() == "accuracy" and ax.get_xlim() == (0, 1)
    hatches = {p.get_hatch() for p in ax.patches[3:]}
    assert hatches == {"//"}  # the second model differs by hatch, not colour alone


def test_plot_per_class_accuracy_can_show_the_error_rate():
    acc = {"baseline": [0.5, 0.9, 1.0], "final": [0.6, 0.95, 1.0]}
    ax = plots.plot_per_class_accuracy(acc, class_names=NAMES, error=True)
    np.testing.assert_allclose([p.get_width() for p in ax.patches],
                               [0.5, 0.1, 0.0, 0.4, 0.05, 0.0], atol=1e-12)
    assert ax.get_xlabel() == "error rate (1 - accuracy)"
    assert ax.get_xlim()[0] == 0 and ax.get_xlim()[1] < 1
    with pytest.raises(TypeError, match="error"):
        plots.plot_per_class_accuracy(acc, class_names=NAMES, error="yes")


def test_plot_per_class_accuracy_rejects_bad_input():
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.plot_per_class_accuracy({}, class_names=NAMES)
    with pytest.raises(ValueError, match="one value per class"):
        plots.plot_per_class_accuracy({"m": [0.5, 0.5]}, class_names=NAMES)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        plots.plot_per_class_accuracy({"m": [0.5, 0.5, 1.5]}, class_names=NAMES)
