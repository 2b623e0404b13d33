"""Self-checks of notebook 07, and their reference rules replayed against Keras' own callbacks."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks

# Keras' ReduceLROnPlateau reads the rate with np.array(variable), which NumPy 2 flags; not ours.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

#: A hand-made noisy validation curve (the notebook's exercise uses one like it).
CURVE = [0.90, 0.72, 0.65, 0.66, 0.61, 0.605, 0.62, 0.64, 0.60, 0.63, 0.67, 0.70]


def _random_curves(n_curves=40, length=25, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(n_curves):
        trend = 1.0 / np.arange(1, length + 1) + 0.01 * np.arange(length)
        yield (trend + rng.normal(scale=0.03, size=length)).tolist()


@pytest.fixture(scope="module")
def keras_model():
    from helpers import env

    env.quiet_startup()
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


def _replay(callback, model, values) -> int:
    """Call the hooks fit() calls, on recorded values; return the epochs fit() would run."""
    model.stop_training = False
    callback.set_model(model)
    callback.on_train_begin()
    epoch = 0
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {"val_loss": float(value)})
        if model.stop_training:
            break
    callback.on_train_end()
    return epoch + 1


# ------------------------------------------------------------------ the early-stopping rule


def test_outcome_on_the_hand_made_curve():
    assert checks._early_stopping_outcome(CURVE, patience=3) == (12, 9)
    assert checks._early_stopping_outcome(CURVE, patience=3, min_delta=0.01) == (8, 5)
    assert checks._early_stopping_outcome(CURVE, patience=0) == (4, 3)
    assert checks._early_stopping_outcome(CURVE, patience=100) == (12, 9)


@pytest.mark.parametrize("patience, min_delta", [(0, 0.0), (1, 0.0), (3, 0.0), (5, 0.02),
                                                 (2, 0.05)])
def test_outcome_matches_keras_early_stopping(keras_model, patience, min_delta):
    import keras

    for values in _random_curves():
        es = keras.callbacks.EarlyStopping(patience=patience, min_delta=min_delta)
        ran = _replay(es, keras_model, values)
        assert checks._early_stopping_outcome(values, patience=patience,
                                             min_delta=min_delta) == (ran, es.best_epoch + 1)


@pytest.mark.parametrize("bad, match", [([], "non-empty"), ([0.5, np.nan], "finite")])
def test_outcome_rejects_bad_curves(bad, match):
    with pytest.raises(ValueError, match=match):
        checks._early_stopping_outcome(bad, patience=2)


@pytest.mark.parametrize("kwargs, match", [({"patience": -1}, "patience"),
                                           ({"patience": 1.5}, "patience"),
                                           ({"patience": 2, "min_delta": -0.1}, "min_delta")])
def test_outcome_rejects_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        checks._early_stopping_outcome(CURVE, **kwargs)


def test_check_early_stopping_verdicts(capsys):
    kw = dict(val_losses=CURVE, patience=3, min_delta=0.01)
    assert checks.check_early_stopping(None, **kw).status == "not attempted"
    assert checks.check_early_stopping(..., **kw).status == "not attempted"
    assert "not attempted" in capsys.readouterr().out
    assert checks.check_early_stopping((8, 5), **kw).correct
    assert checks.check_early_stopping([8, 5], **kw).correct
    assert "correct" in capsys.readouterr().out
    for wrong in [(12, 9), (8, 6), (7, 4), (8,), "8, 5", 8]:
        result = checks.check_early_stopping(wrong, verbose=False, **kw)
        assert result.status == "incorrect", wrong
        assert "min_delta" in result.hint
        assert "8" not in result.hint and "5" not in result.hint


# ------------------------------------------------------------------ ReduceLROnPlateau


def test_plateau_learning_rate_examples():
    lr = checks._plateau_learning_rate(initial_lr=1e-3, factor=0.5, patience=3, flat_epochs=10)
    assert lr == pytest.approx(1.25e-4)
    assert checks._plateau_learning_rate(initial_lr=1e-3, factor=0.5, patience=3,
                                        flat_epochs=2) == pytest.approx(1e-3)
    assert checks._plateau_learning_rate(initial_lr=1e-3, factor=0.1, patience=1, flat_epochs=5,
                                        min_lr=1e-5) == pytest.approx(1e-5)


@pytest.mark.parametrize("factor, patience, flat, min_lr", [(0.5, 3, 10, 0.0), (0.1, 2, 7, 0.0),
                                                           (0.2, 1, 6, 1e-4), (0.5, 4, 3, 0.0)])
def test_plateau_learning_rate_matches_keras(keras_model, factor, patience, flat, min_lr):
    import keras

    keras_model.optimizer.learning_rate = 1e-2
    cb = keras.callbacks.ReduceLROnPlateau(factor=factor, patience=patience, min_lr=min_lr)
    _replay(cb, keras_model, [1.0] + [2.0] * flat)
    got = float(keras.ops.convert_to_numpy(keras_model.optimizer.learning_rate))
    want = checks._plateau_learning_rate(initial_lr=1e-2, factor=factor, patience=patience,
                                        flat_epochs=flat, min_lr=min_lr)
    assert got == pytest.approx(want, rel=1e-5)


@pytest.mark.parametrize("kwargs, match", [
    ({"initial_lr": 0.0}, "initial_lr"), ({"factor": 1.0}, "factor"),
    ({"patience": -2}, "patience"), ({"flat_epochs": 2.5}, "flat_epochs")])
def test_plateau_learning_rate_rejects_bad_options(kwargs, match):
    options = dict(initial_lr=1e-3, factor=0.5, patience=3, flat_epochs=10) | kwargs
    with pytest.raises(ValueError, match=match):
        checks._plateau_learning_rate(**options)


def test_check_plateau_lr_verdicts(capsys):
    kw = dict(initial_lr=1e-3, factor=0.5, patience=3, flat_epochs=10)
    assert checks.check_plateau_lr(None, **kw).status == "not attempted"
    assert "not attempted" in capsys.readouterr().out
    assert checks.check_plateau_lr(1.25e-4, **kw).correct
    assert checks.check_plateau_lr(1e-3 * 0.5 ** 3, **kw).correct
    for wrong in [1e-3 * 0.5 ** 10, 1e-3 * 0.5 ** 4, 1e-3, "fast", [1.25e-4, 1.0]]:
        result = checks.check_plateau_lr(wrong, verbose=False, **kw)
        assert result.status == "incorrect", wrong
        assert "patience" in result.hint
