"""helpers.models: the recipes notebook 08 and the Fashion-MNIST benchmark share."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from helpers import env, models

env.quiet_startup()
import keras  # noqa: E402


def test_baseline_is_the_lecture_model():
    model = models.build_baseline()
    assert model.count_params() == 669_706
    assert models.describe(model) == [
        "Flatten", "Dense(512, relu)", "Dense(512, relu)", "Dense(10, softmax)"]
    sizes = models.dense_layer_sizes(model)
    assert sizes == [784, 512, 512, 10] and sum(sizes) == 1_818
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)
    assert model.loss == "sparse_categorical_crossentropy"
    assert models.BASELINE.batch_size == 32 and models.BASELINE.epochs == 5
    assert not models.build_baseline(compile=False).compiled


def test_final_uses_only_the_courses_techniques():
    assert models.FINAL.patience and not models.FINAL.restore_best_weights
    model = models.build_final(steps_per_epoch=10)
    assert models.describe(model) == [
        "Flatten",
        "Dense(512, linear, HeNormal, no bias)", "BatchNormalization", "Activation(relu)",
        "Dropout(0.2)",
        "Dense(512, linear, HeNormal, no bias)", "BatchNormalization", "Activation(relu)",
        "Dropout(0.2)",
        "Dense(10, softmax)"]
    assert model.count_params() == 784 * 512 + 4 * 512 + 512 * 512 + 4 * 512 + 512 * 10 + 10
    assert isinstance(model.optimizer.learning_rate, keras.optimizers.schedules.CosineDecay) \
        or callable(getattr(model.optimizer, "_learning_rate", None))
    with pytest.raises(ValueError, match="needs steps_per_epoch"):
        models.build(models.FINAL)


def test_cosine_schedule_warms_up_then_decays_to_zero():
    recipe = dataclasses.replace(models.FINAL, epochs=5, learning_rate=0.01)
    schedule = models.learning_rate_schedule(recipe, steps_per_epoch=10)
    lrs = np.array([float(schedule(step)) for step in range(0, 51)])
    assert lrs[0] == pytest.approx(0.0, abs=1e-9)
    assert lrs[10] == pytest.approx(0.01)
    assert np.all(np.diff(lrs[:11]) > 0) and np.all(np.diff(lrs[10:]) <= 1e-9)
    assert lrs[50] == pytest.approx(0.0, abs=1e-9)
    assert models.learning_rate_schedule(models.BASELINE, 100) == pytest.approx(1e-3)
    with pytest.raises(ValueError, match="steps_per_epoch must be a positive int"):
        models.learning_rate_schedule(models.FINAL, 0)


def test_prepare_scales_like_the_lecture_or_standardises_with_train_statistics():
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, size=(50, 28, 28), dtype=np.uint8)
    x_test = rng.integers(0, 128, size=(20, 28, 28), dtype=np.uint8)
    (lecture,) = models.prepare(models.BASELINE, x_train)
    np.testing.assert_allclose(lecture, x_train / 255.0 - 0.5, atol=1e-6)
    assert lecture.dtype == np.float32
    train, test = models.prepare(models.FINAL, x_train, x_test)
    assert abs(train.mean()) < 1e-4 and train.std() == pytest.approx(1.0, rel=1e-4)
    expected = (x_test - x_train.mean()) / x_train.std()
    np.testing.assert_allclose(test, expected, rtol=1e-4, atol=1e-5)


def test_prepare_rejects_bad_input():
    with pytest.raises(ValueError, match=r"shape \(n_samples, 28, 28\)"):
        models.prepare(models.FINAL, np.zeros((5, 784)))
    with pytest.raises(TypeError, match="models.Recipe"):
        models.prepare({"standardize": True}, np.zeros((5, 28, 28)))


@pytest.mark.parametrize("changes, message", [
    ({"hidden_units": ()}, "hidden_units"),
    ({"batch_size": 0}, "batch_size"),
    ({"epochs": 2.5}, "epochs"),
    ({"dropout": 1.0}, "dropout"),
    ({"learning_rate": 0.0}, "learning_rate"),
    ({"schedule": "step"}, "schedule"),
    ({"patience": 0}, "patience"),
])
def test_recipe_rejects_bad_values(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(models.BASELINE, **changes)


def test_dense_flops_per_sample():
    assert models.dense_flops_per_sample([784, 512, 512, 10]) == 2 * 668_672
    assert models.dense_flops_per_sample((3, 2), training=True) == 3 * 2 * 3 * 2
    with pytest.raises(ValueError, match=">= 2 positive sizes"):
        models.dense_flops_per_sample([784])
    with pytest.raises(TypeError, match="Keras model"):
        models.dense_layer_sizes([784, 10])
    with pytest.raises(ValueError, match="no Dense layer"):
        models.dense_layer_sizes(keras.Sequential([keras.Input(shape=(4,)),
                                                   keras.layers.Flatten()]))
    with pytest.raises(TypeError, match="Keras model"):
        models.describe("model")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # Keras on JAX
def test_train_stops_early_and_keeps_the_recipe():
    env.set_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 28, 28)).astype("float32")
    y = rng.integers(0, 10, size=64)
    recipe = models.Recipe("tiny", hidden_units=(8,), batch_size=32, epochs=3, batch_norm=True,
                           dropout=0.1, schedule="cosine", patience=1)
    model, history = models.train(recipe, x, y, validation_data=(x[:16], y[:16]))
    assert 1 <= len(history.history["val_accuracy"]) <= 3
    assert model.output_shape == (None, 10)
    best = dataclasses.replace(recipe, restore_best_weights=True, epochs=2)
    _, history = models.train(best, x, y, validation_data=(x[:16], y[:16]))
    assert len(history.history["loss"]) <= 2
    with pytest.raises(ValueError, match="needs validation_data"):
        models.train(recipe, x, y)
