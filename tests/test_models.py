"""helpers.models: the recipes notebook 08 and the Fashion-MNIST benchmark share."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from helpers import diagnostics, env, models

env.quiet_startup()
import keras  # noqa: E402


def _tiny(**changes) -> models.Recipe:
    fields = dict(name="tiny", hidden_units=(8,), batch_size=32, epochs=3)
    return models.Recipe(**{**fields, **changes})


def _data(n: int = 64, seed: int = 0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, 28, 28)).astype("float32"), rng.integers(0, 10, size=n))


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
    assert model.steps_per_execution == models.STEPS_PER_EXECUTION == 16  # less overhead per step
    assert models.BASELINE.batch_size == 32 and models.BASELINE.epochs == 5
    assert not models.build_baseline(compile=False).compiled


def test_final_uses_only_the_courses_techniques():
    final = models.FINAL
    assert final.patience and final.restore_best_weights
    assert not final.standardise and not final.he_init  # batch norm makes both moot
    model = models.build_final(steps_per_epoch=10)
    assert models.describe(model) == [
        "Flatten",
        "Dense(512, linear, no bias)", "BatchNormalization", "Activation(relu)",
        "Dropout(0.2)",
        "Dense(512, linear, no bias)", "BatchNormalization", "Activation(relu)",
        "Dropout(0.2)",
        "Dense(10, softmax)"]
    assert model.count_params() == 784 * 512 + 4 * 512 + 512 * 512 + 4 * 512 + 512 * 10 + 10
    config = model.optimizer.get_config()["learning_rate"]
    assert config["class_name"] == "CosineDecay"
    assert config["config"]["warmup_target"] == pytest.approx(final.learning_rate)
    assert config["config"]["warmup_steps"] == 10
    assert float(model.optimizer.learning_rate) == pytest.approx(0.0)  # step 0: warm-up start
    with pytest.raises(ValueError, match="needs steps_per_epoch"):
        models.build(models.FINAL)


def test_cosine_schedule_warms_up_then_decays_to_zero():
    recipe = dataclasses.replace(models.FINAL, epochs=5, learning_rate=0.01)
    schedule = models.learning_rate_schedule(recipe, steps_per_epoch=10)
    steps = np.arange(51, dtype="float32")
    lrs = keras.ops.convert_to_numpy(keras.ops.vectorized_map(schedule, steps))
    assert lrs[0] == pytest.approx(0.0, abs=1e-9)
    assert lrs[10] == pytest.approx(0.01)
    assert np.all(np.diff(lrs[:11]) > 0) and np.all(np.diff(lrs[10:]) <= 1e-9)
    assert lrs[50] == pytest.approx(0.0, abs=1e-9)
    by_hand = 0.01 * 0.5 * (1 + np.cos(np.pi * (steps[10:] - 10) / 40))
    np.testing.assert_allclose(lrs[10:], by_hand, atol=1e-7)
    assert models.learning_rate_schedule(models.BASELINE, 100) == pytest.approx(1e-3)


@pytest.mark.parametrize("steps, error", [(0, ValueError), (2.0, TypeError), ("5", TypeError)])
def test_schedule_rejects_bad_steps_per_epoch(steps, error):
    with pytest.raises(error, match="steps_per_epoch"):
        models.learning_rate_schedule(models.FINAL, steps)
    with pytest.raises(error, match="steps_per_epoch"):
        models.build(models.FINAL, steps_per_epoch=steps)


def test_prepare_scales_like_the_lecture_or_standardises_with_train_statistics():
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, size=(50, 28, 28), dtype=np.uint8)
    x_val = rng.integers(0, 128, size=(20, 28, 28), dtype=np.uint8)
    (lecture,) = models.prepare(models.BASELINE, x_train)
    np.testing.assert_allclose(lecture, x_train / 255.0 - 0.5, atol=1e-6)
    assert lecture.dtype == np.float32
    standardised = dataclasses.replace(models.BASELINE, standardise=True)
    train, val = models.prepare(standardised, x_train, x_val)
    assert abs(train.mean()) < 1e-4 and train.std() == pytest.approx(1.0, rel=1e-4)
    expected = (x_val - x_train.mean()) / x_train.std()
    np.testing.assert_allclose(val, expected, rtol=1e-4, atol=1e-5)


def test_prepare_rejects_bad_input():
    with pytest.raises(ValueError, match=r"x_train must have shape \(n, 28, 28\)"):
        models.prepare(models.FINAL, np.zeros((5, 784)))
    with pytest.raises(ValueError, match=r"others\[0\]"):
        models.prepare(models.FINAL, np.zeros((5, 28, 28)), np.zeros((5, 28, 27)))
    with pytest.raises(ValueError, match="x_train must not be empty"):
        models.prepare(models.FINAL, np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="x_train must hold finite"):
        models.prepare(models.FINAL, np.full((2, 28, 28), np.nan))
    with pytest.raises(TypeError, match="x_train"):
        models.prepare(models.FINAL, "images")
    with pytest.raises(ValueError, match="x_train must not be constant"):
        models.prepare(dataclasses.replace(models.FINAL, standardise=True),
                       np.ones((3, 28, 28)))
    with pytest.raises(TypeError, match="models.Recipe"):
        models.prepare({"standardise": True}, np.zeros((5, 28, 28)))


def test_recipe_is_keyword_only():
    with pytest.raises(TypeError):
        models.Recipe("tiny", (8,), 32, 3)  # noqa - positional fields are refused on purpose
    assert _tiny().hidden_units == (8,)
    assert _tiny(hidden_units=[4, 2]).hidden_units == (4, 2)  # a list becomes a tuple


@pytest.mark.parametrize("changes, error, message", [
    ({"hidden_units": ()}, ValueError, "hidden_units"),
    ({"hidden_units": (8, 0)}, ValueError, "hidden_units"),
    ({"hidden_units": 8}, TypeError, "hidden_units"),
    ({"hidden_units": (8.5,)}, TypeError, "hidden_units"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": "32"}, TypeError, "batch_size"),
    ({"epochs": 2.5}, TypeError, "epochs"),
    ({"epochs": True}, TypeError, "epochs"),
    ({"dropout": 1.0}, ValueError, "dropout"),
    ({"dropout": "0.2"}, TypeError, "dropout"),
    ({"learning_rate": 0.0}, ValueError, "learning_rate"),
    ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
    ({"schedule": "step"}, ValueError, "schedule"),
    ({"patience": 0}, ValueError, "patience"),
    ({"patience": 1.5}, TypeError, "patience"),
    ({"standardise": "yes"}, TypeError, "standardise"),
    ({"batch_norm": 1}, TypeError, "batch_norm"),
    ({"name": ""}, TypeError, "name"),
])
def test_recipe_rejects_bad_values(changes, error, message):
    with pytest.raises(error, match=message):
        dataclasses.replace(models.BASELINE, **changes)


def test_dense_flops_per_sample():
    assert models.dense_flops_per_sample([784, 512, 512, 10]) == 2 * 668_672
    # one layer: forward + the weights' gradient; no gradient for the data
    assert models.dense_flops_per_sample((3, 2), training=True) == 2 * 2 * 3 * 2
    # two layers: the second also passes a gradient back to the first
    assert models.dense_flops_per_sample((3, 2, 4), training=True) == 2 * (2 * 3 * 2 + 3 * 2 * 4)
    assert models.dense_flops_per_sample([784, 512, 512, 10], training=True) == 3_209_216
    with pytest.raises(ValueError, match="layer_sizes must list >= 2"):
        models.dense_flops_per_sample([784])
    with pytest.raises(ValueError, match="layer_sizes"):
        models.dense_flops_per_sample([784, 0])
    with pytest.raises(TypeError, match="layer_sizes"):
        models.dense_flops_per_sample("784, 10")
    with pytest.raises(TypeError, match="training"):
        models.dense_flops_per_sample([784, 10], training="yes")


def test_dense_layer_sizes_finds_dense_layers_as_diagnostics_does(no_dense_model):
    inner = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(16),
                              keras.layers.Dense(10)])
    outer = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), inner])
    assert models.dense_layer_sizes(outer) == [784, 16, 10]
    assert len(diagnostics.dense_layers(outer)) == 2
    with pytest.raises(TypeError, match="model"):
        models.dense_layer_sizes([784, 10])
    with pytest.raises(ValueError, match="no Dense layer"):
        models.dense_layer_sizes(no_dense_model)  # from conftest.py
    with pytest.raises(TypeError, match="model"):
        models.describe("model")


def test_build_rejects_bad_arguments():
    with pytest.raises(TypeError, match="recipe"):
        models.build("final")
    with pytest.raises(TypeError, match="compile"):
        models.build(models.BASELINE, compile="no")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # Keras on JAX
def test_early_stopping_stops_when_validation_accuracy_stalls():
    env.set_seed(0)
    x, y = _data()
    # a learning rate this small leaves every prediction unchanged, so validation accuracy
    # cannot improve after the first epoch: patience 1 must stop training after epoch 2
    stalled = _tiny(epochs=10, learning_rate=1e-12, patience=1, batch_norm=True, dropout=0.1,
                    schedule="cosine")
    model, history = models.train(stalled, x, y, validation_data=(x[:16], y[:16]))
    assert len(history.history["val_accuracy"]) == 2
    assert model.stop_training  # Keras' public flag, set by EarlyStopping
    assert model.output_shape == (None, 10)
    running = dataclasses.replace(stalled, patience=None)
    _, history = models.train(running, x, y)
    assert len(history.history["loss"]) == 10  # without patience all epochs run


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # Keras on JAX
def test_restore_best_weights_keeps_the_best_validation_epoch():
    env.set_seed(1)
    x, y = _data(128, seed=1)
    x_val, y_val = _data(64, seed=2)  # unrelated labels: accuracy wanders, the best is kept
    recipe = _tiny(hidden_units=(32,), epochs=6, learning_rate=0.05, patience=6,
                   restore_best_weights=True)
    model, history = models.train(recipe, x, y, validation_data=(x_val, y_val))
    val_acc = history.history["val_accuracy"]
    assert len(val_acc) == 6
    restored = model.evaluate(x_val, y_val, verbose=0)[1]
    assert restored == pytest.approx(max(val_acc))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"x_train": np.zeros((4, 784))}, ValueError, "x_train"),
    ({"y_train": np.zeros((4, 10))}, ValueError, "one-hot"),
    ({"y_train": np.array([0, 1, 2, 10])}, ValueError, "y_train"),
    ({"y_train": np.array([0, 1, 2])}, ValueError, "same length"),
    ({"validation_data": np.zeros((4, 28, 28))}, TypeError, "validation_data"),
    ({"validation_data": (np.zeros((4, 28, 28)), np.array([0, 1]))}, ValueError,
     "same length"),
    ({"callbacks": ["timer"]}, TypeError, "callbacks"),
    ({"verbose": 3}, ValueError, "verbose"),
])
def test_train_rejects_bad_arguments(kwargs, error, message):
    args = {"x_train": np.zeros((4, 28, 28)), "y_train": np.array([0, 1, 2, 3])}
    args.update(kwargs)
    x_train, y_train = args.pop("x_train"), args.pop("y_train")
    with pytest.raises(error, match=message):
        models.train(_tiny(), x_train, y_train, **args)
    with pytest.raises(ValueError, match="needs validation_data"):
        models.train(_tiny(patience=1), np.zeros((4, 28, 28)), np.array([0, 1, 2, 3]))


# ------------------------------------------------------------ 09 Convolutional networks


def test_cnn_is_notebook_09s_network():
    model = models.build_cnn(steps_per_epoch=10)
    assert models.describe(model) == [
        "Conv2D", "Conv2D", "Flatten", "Dropout(0.3)", "Dense(128, relu)", "Dense(10, softmax)"]
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [c.filters for c in convs] == list(models.CNN_FILTERS)
    assert all(c.use_bias and c.kernel_size == (3, 3) and c.strides == (2, 2)
               and c.padding == "same" and c.activation is keras.activations.relu for c in convs)
    assert [tuple(c.output.shape[1:3]) for c in convs] == [(14, 14), (7, 7)]
    assert model.count_params() == (9 * 32 + 32 + 9 * 32 * 64 + 64
                                    + 7 * 7 * 64 * 128 + 128 + 128 * 10 + 10) == 421_642
    with_bn = models.build_cnn(recipe=dataclasses.replace(models.CNN, batch_norm=True),
                               compile=False)
    assert models.describe(with_bn)[:3] == ["Conv2D", "BatchNormalization", "Activation(relu)"]
    assert not with_bn.layers[0].use_bias and with_bn.count_params() == 421_930
    assert model.outputs[0].shape[1:] == (10,) and model.inputs[0].shape[1:] == (28, 28, 1)
    config = model.optimizer.get_config()["learning_rate"]
    assert config["class_name"] == "CosineDecay"
    assert config["config"]["warmup_target"] == pytest.approx(models.CNN.learning_rate)
    plain = models.build_cnn(filters=(8,), recipe=_tiny(), compile=False)
    assert models.describe(plain) == ["Conv2D", "Flatten", "Dense(8, relu)", "Dense(10, softmax)"]
    assert plain.layers[0].strides == (2, 2) and plain.layers[0].use_bias
    assert not plain.compiled


def test_cnn_trains_on_a_tiny_set():
    env.set_seed(0)
    x, y = _data()
    model = models.build_cnn(recipe=_tiny(epochs=1), filters=(4,))
    history = model.fit(x[..., None], y, epochs=1, batch_size=32, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.parametrize(("kwargs", "error", "word"), [
    ({"filters": "16"}, TypeError, "filters"),
    ({"filters": ()}, ValueError, "filters"),
    ({"filters": (16, 0)}, ValueError, "filters"),
    ({"filters": (4, 4, 4, 4)}, ValueError, "filters"),
    ({"recipe": "cnn"}, TypeError, "recipe"),
    ({"compile": "yes"}, TypeError, "compile"),
    ({"steps_per_epoch": 0}, ValueError, "steps_per_epoch"),
    ({}, ValueError, "steps_per_epoch"),  # the CNN recipe has a schedule
])
def test_build_cnn_rejects_bad_input(kwargs, error, word):
    with pytest.raises(error, match=word):
        models.build_cnn(**kwargs)
