"""helpers.playground: the configuration's checks, real training runs, the figure, and the widget
panel driven headless (controls set programmatically, as a click would).

The runs are small (100 points, a few epochs) and share one Playground, so its cached compiled
models keep the file fast on TensorFlow and on JAX.
"""

import time

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import playground

SMALL = {"n_samples": 100, "epochs": 5}


@pytest.fixture(scope="module")
def pg():
    from helpers import env

    env.quiet_startup()
    return playground.Playground(resolution=30)


# ----------------------------------------------------------------------------- configuration


def test_default_config_matches_the_docstring():
    config = playground.PlaygroundConfig()
    assert (config.dataset, config.hidden_layers, config.units, config.activation) == (
        "circles", 2, 4, "tanh")
    assert config.learning_rate == 0.03 and config.l2 == 0 and config.batch_size == 10


@pytest.mark.parametrize("field, value, error", [
    ("dataset", "gaussian", ValueError), ("dataset", 3, TypeError),
    ("noise", -0.1, ValueError), ("noise", "0.1", TypeError),
    ("hidden_layers", 7, ValueError), ("hidden_layers", 2.0, TypeError),
    ("units", 0, ValueError), ("units", True, TypeError),
    ("activation", "softmax", ValueError), ("activation", None, TypeError),
    ("learning_rate", 0, ValueError), ("learning_rate", float("nan"), ValueError),
    ("l2", -1e-3, ValueError), ("l2", [0.1], TypeError),
    ("epochs", 0, ValueError), ("epochs", 501, ValueError),
    ("batch_size", 201, ValueError), ("batch_size", 0, ValueError),
    ("n_samples", 10, ValueError), ("seed", -1, ValueError), ("seed", "0", TypeError),
])
def test_config_rejects_bad_values_naming_the_field(field, value, error):
    with pytest.raises(error, match=field):
        playground.PlaygroundConfig(**{field: value})


def test_replace_checks_again_and_refuses_unknown_fields():
    config = playground.PlaygroundConfig()
    assert config.replace(units=8).units == 8 and config.units == 4
    with pytest.raises(ValueError, match="units"):
        config.replace(units=100)
    with pytest.raises(TypeError, match="neurons"):
        config.replace(neurons=3)


def test_make_data_splits_in_halves_and_blobs_noise_is_their_spread():
    for name in playground.DATASETS:
        x_train, y_train, x_val, y_val = playground.make_data(dataset=name, n_samples=101)
        assert x_train.shape == (50, 2) and x_val.shape == (51, 2)
        assert set(np.unique(np.r_[y_train, y_val])) == {0, 1}
    x, y, _, _ = playground.make_data(dataset="blobs", noise=0.0)
    assert len(np.unique(x, axis=0)) == 2  # no noise: every point on its blob's centre
    with pytest.raises(TypeError, match="config"):
        playground.make_data({"dataset": "xor"})


# ---------------------------------------------------------------------------------- training


def test_easy_dataset_is_learned_and_curves_have_one_value_per_epoch(pg):
    result = pg.run(dataset="blobs", **SMALL)
    assert result.val_accuracy > 0.95 and result.train_accuracy > 0.95, result
    assert result.train_loss.shape == result.val_loss.shape == (5,)
    assert result.train_loss[-1] < result.train_loss[0]
    assert result.probabilities.shape == (30, 30)
    assert np.all((result.probabilities >= 0) & (result.probabilities <= 1))
    assert result.grid_x.min() < result.x_train[:, 0].min()  # the grid covers the data


def test_a_linear_model_cannot_separate_circles_but_a_tanh_network_can(pg):
    # measured over seeds 0-9 (the same on TensorFlow and JAX): linear 0.32-0.60, tanh 0.94-1.00
    for seed in (0, 1, 2):
        linear = pg.run(dataset="circles", hidden_layers=0, n_samples=200, epochs=20, seed=seed)
        tanh = pg.run(dataset="circles", hidden_layers=2, units=6, n_samples=200, epochs=20,
                      seed=seed)
        assert linear.val_accuracy < 0.7 < 0.9 < tanh.val_accuracy, (
            seed, linear.val_accuracy, tanh.val_accuracy)


def test_reused_model_gives_the_same_run_as_a_new_one(pg):
    first = pg.run(dataset="xor", **SMALL)
    pg.run(dataset="moons", learning_rate=0.3, seed=3, **SMALL)  # the same architecture
    again = pg.run(dataset="xor", **SMALL)
    fresh = playground.Playground(resolution=30).run(dataset="xor", **SMALL)
    assert again.reused and not fresh.reused
    np.testing.assert_allclose(again.train_loss, first.train_loss, rtol=1e-5)
    np.testing.assert_allclose(fresh.val_loss, first.val_loss, rtol=1e-4, atol=1e-6)


def test_l2_penalty_shrinks_the_weights_effect(pg):
    # a strong penalty keeps the weights, and with them the confidence, small; the ratio of
    # the spreads is 0.06-0.36 over seeds 0-5 at 20 epochs (at 5 epochs it reached 0.94)
    spread = lambda r: np.abs(r.probabilities - 0.5).mean()  # noqa: E731
    for seed in (0, 1, 2):
        plain = pg.run(dataset="xor", n_samples=100, epochs=20, seed=seed)
        heavy = pg.run(dataset="xor", l2=0.3, n_samples=100, epochs=20, seed=seed)
        assert spread(heavy) < 0.5 * spread(plain), (seed, spread(heavy), spread(plain))


def test_run_and_train_check_their_arguments(pg):
    with pytest.raises(TypeError, match="config"):
        pg.run("circles")
    with pytest.raises(ValueError, match="epochs"):
        playground.train(epochs=0)
    with pytest.raises(TypeError, match="resolution"):
        playground.Playground(resolution=50.0)
    with pytest.raises(ValueError, match="margin"):
        playground.Playground(margin=-1)


# ------------------------------------------------------------------------------------ figure


def test_plot_result_draws_boundary_points_and_both_curves(pg):
    result = pg.run(dataset="xor", **SMALL)
    fig = playground.plot_result(result, class_names=["negative", "positive"])
    ax_map, ax_loss = fig.axes
    assert [t.get_text() for t in ax_map.get_legend().get_texts()] == ["negative", "positive"]
    assert len(ax_map.collections) >= 3  # tinted regions, the 0.5 contour, points per class
    lines = ax_loss.get_lines()
    assert [ln.get_label() for ln in lines] == ["training", "validation"]
    np.testing.assert_allclose(lines[1].get_ydata(), result.val_loss)
    assert ax_loss.get_xlabel() == "epoch"
    assert fig.get_size_inches()[0] <= 10


def test_plot_result_checks_its_arguments(pg):
    result = pg.run(dataset="xor", **SMALL)
    with pytest.raises(TypeError, match="result"):
        playground.plot_result({"grid": 1})
    with pytest.raises(TypeError, match="fig"):
        playground.plot_result(result, fig="figure")
    with pytest.raises(ValueError, match="class_names"):
        playground.plot_result(result, class_names=["a", "b", "c"])


# ------------------------------------------------------------------------------------- panel


def test_panel_retrains_and_redraws_on_every_change(pg):
    panel = playground.make_panel(playground.PlaygroundConfig(**SMALL), playground=pg)
    assert panel.redraws == 1 and isinstance(panel.figure, Figure)
    assert set(panel.controls) == {"dataset", "noise", "hidden_layers", "units", "activation",
                                   "learning_rate", "l2", "epochs", "seed"}
    seconds = []
    for name, value in [("dataset", "blobs"), ("epochs", 10), ("activation", "relu"),
                        ("units", 3)]:
        start = time.perf_counter()
        panel.controls[name].value = value
        seconds.append(time.perf_counter() - start)
        assert getattr(panel.result.config, name) == value
    assert panel.redraws == 5
    assert len(panel.result.train_loss) == 10  # the epochs slider
    assert panel.result.val_accuracy > 0.95  # blobs are easy
    np.testing.assert_allclose(panel.figure.axes[1].get_lines()[0].get_ydata(),
                               panel.result.train_loss)  # the figure is the latest run's
    assert "trained 10 epochs" in panel.status.value
    # a few seconds per change on a laptop; generous for a loaded CI machine
    assert max(seconds) < 30, seconds


def test_panel_starts_from_the_config_it_is_given(pg):
    # values outside the sliders' usual ranges: ipywidgets would clamp them silently
    config = playground.PlaygroundConfig(n_samples=100, epochs=3, noise=0.7, seed=12)
    panel = playground.make_panel(config, playground=pg)
    assert panel.config == config and panel.result.config == config
    assert len(panel.result.train_loss) == 3


def test_panel_checks_its_arguments():
    with pytest.raises(TypeError, match="config"):
        playground.make_panel({"dataset": "xor"})
    with pytest.raises(TypeError, match="playground"):
        playground.make_panel(playground=object())
