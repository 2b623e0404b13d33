"""Unit tests of helpers.diagnostics: gradients against finite differences on the active backend
(run the file under KERAS_BACKEND=tensorflow and KERAS_BACKEND=jax), per-layer statistics, the
gradient-norm callback, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import diagnostics, env

env.quiet_startup()
import keras  # noqa: E402
from keras import ops  # noqa: E402

# make_tiny_mlp (3 -> Dense(4, tanh) -> Dense(2)) and no_dense_model come from conftest.py


def _weights(model: keras.Model) -> list[np.ndarray]:
    return [ops.convert_to_numpy(ops.copy(w)) for w in model.weights]


def _data(n: int = 8, seed: int = 1):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, 3)).astype("float32"),
            rng.normal(size=(n, 2)).astype("float32"))


# ------------------------------------------------------------------------------------- grad


def test_grad_agrees_with_finite_differences():
    w0 = np.array([0.3, -1.2, 0.7], dtype="float32")
    x0 = np.array([1.5, 0.4, -0.8], dtype="float32")

    def f(w, x):
        return ops.sum(ops.tanh(w * x)) + ops.sum(w ** 2) * ops.sum(ops.sigmoid(x))

    def f_np(w, x):
        return np.sum(np.tanh(w * x)) + np.sum(w ** 2) * np.sum(1 / (1 + np.exp(-x)))

    gw, gx = diagnostics.grad(f, w0, x0)
    assert gw.shape == w0.shape and gx.shape == x0.shape
    np.testing.assert_allclose(gw, diagnostics.numerical_grad(lambda w: f_np(w, x0), w0),
                               rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(gx, diagnostics.numerical_grad(lambda x: f_np(w0, x), x0),
                               rtol=1e-3, atol=1e-4)


def test_grad_of_a_scalar_argument():
    (g,) = diagnostics.grad(lambda a: a ** 3, 2.0)
    np.testing.assert_allclose(g, 12.0, rtol=1e-6)


def test_grad_bad_input():
    with pytest.raises(TypeError, match="callable"):
        diagnostics.grad("not a function", 1.0)
    with pytest.raises(ValueError, match="at least one argument"):
        diagnostics.grad(lambda: 1.0)
    with pytest.raises(TypeError, match="real number"):
        diagnostics.grad(lambda s: s, "text")
    with pytest.raises(ValueError, match="scalar"):
        diagnostics.grad(lambda v: v * 2, np.ones(3, dtype="float32"))


def test_numerical_grad_bad_eps():
    with pytest.raises(ValueError, match="eps"):
        diagnostics.numerical_grad(lambda v: float(np.sum(v)), [1.0], eps=0)


# -------------------------------------------------------------------------- model_gradients


def _numpy_mse(model: keras.Model, x: np.ndarray, y: np.ndarray):
    """The tiny MLP's MSE as a NumPy function of its flattened weights (float64)."""
    shapes = [tuple(w.shape) for w in model.trainable_weights]
    sizes = [int(np.prod(s)) for s in shapes]

    def unflatten(theta):
        parts = np.split(np.asarray(theta, dtype=np.float64), np.cumsum(sizes)[:-1])
        return [p.reshape(s) for p, s in zip(parts, shapes)]

    def loss(theta):
        w1, b1, w2, b2 = unflatten(theta)
        out = np.tanh(x.astype(np.float64) @ w1 + b1) @ w2 + b2
        return np.mean((out - y) ** 2)

    theta0 = np.concatenate([w.ravel() for w in _weights(model)])
    return loss, theta0, unflatten


def test_model_gradients_agree_with_finite_differences(make_tiny_mlp):
    model = make_tiny_mlp()
    x, y = _data()
    loss, theta0, unflatten = _numpy_mse(model, x, y)
    np.testing.assert_allclose(loss(theta0), np.mean((ops.convert_to_numpy(model(x)) - y) ** 2),
                               rtol=1e-5)
    grads = diagnostics.model_gradients(model, x, y, keras.losses.MeanSquaredError())
    expected = unflatten(diagnostics.numerical_grad(loss, theta0, eps=1e-6))
    assert len(grads) == len(expected) == 4
    for got, want in zip(grads, expected):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-5)


def test_model_gradients_average_over_the_batch_for_every_loss_form(make_tiny_mlp):
    model = make_tiny_mlp()
    x, y = _data()
    by_object = diagnostics.model_gradients(model, x, y, keras.losses.MeanSquaredError())
    for loss in ("mse", keras.losses.mean_squared_error):
        for got, want in zip(diagnostics.model_gradients(model, x, y, loss), by_object):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_model_gradients_bad_input(make_tiny_mlp):
    model = make_tiny_mlp()
    x, y = _data()
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.model_gradients("model", x, y, "mse")
    with pytest.raises(ValueError, match="same length"):
        diagnostics.model_gradients(model, x, y[:3], "mse")
    with pytest.raises(ValueError, match="not built"):
        diagnostics.model_gradients(keras.Sequential([keras.layers.Dense(2)]), x, y, "mse")


# ------------------------------------------------------------------- per-layer statistics


def test_activation_stats_match_numpy(make_tiny_mlp):
    model = make_tiny_mlp()
    x, _ = _data(n=64)
    stats = diagnostics.activation_stats(model, x)
    w1, b1, w2, b2 = _weights(model)
    hidden = np.tanh(x @ w1 + b1)
    out = hidden @ w2 + b2
    assert stats["names"] == [layer.name for layer in model.layers]
    np.testing.assert_allclose(stats["mean"], [hidden.mean(), out.mean()], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(stats["std"], [hidden.std(), out.std()], rtol=1e-4, atol=1e-6)


def test_activation_stats_of_chosen_layers_and_functional_models():
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(5, activation="relu", name="hidden")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden))
    x, _ = _data(n=16)
    stats = diagnostics.activation_stats(model, x, layers=[model.get_layer("hidden")])
    assert stats["names"] == ["hidden"]
    assert stats["std"].shape == (1,) and stats["mean"][0] >= 0


def test_activation_stats_bad_input(make_tiny_mlp):
    model = make_tiny_mlp()
    x, _ = _data()
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.activation_stats(np.eye(3), x)
    with pytest.raises(ValueError, match=r"shape \(n_samples, 3\)"):
        diagnostics.activation_stats(model, np.ones((4, 5)))
    with pytest.raises(ValueError, match="non-empty batch"):
        diagnostics.activation_stats(model, np.ones((0, 3)))
    with pytest.raises(TypeError, match="numeric"):
        diagnostics.activation_stats(model, np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError, match="at least one layer"):
        diagnostics.activation_stats(model, x, layers=[])
    with pytest.raises(ValueError, match="is not a layer of model"):
        diagnostics.activation_stats(model, x, layers=[keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="keras.Input"):
        diagnostics.activation_stats(keras.Sequential([keras.layers.Dense(2)]), x)


def test_dense_layers_and_kernel_gradient_norms(make_tiny_mlp, no_dense_model):
    model = make_tiny_mlp()
    x, y = _data()
    assert diagnostics.dense_layers(model) == list(model.layers)
    norms = diagnostics.kernel_gradient_norms(model, x, y, "mse")
    grads = diagnostics.model_gradients(model, x, y, "mse")
    np.testing.assert_allclose(norms, [np.linalg.norm(grads[0]), np.linalg.norm(grads[2])],
                               rtol=1e-6)
    with pytest.raises(ValueError, match="no Dense layer"):
        diagnostics.kernel_gradient_norms(no_dense_model, x, x, "mse")
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.dense_layers([1, 2])


# ---------------------------------------------------------------------- the callback


def test_gradient_norm_history_records_one_row_per_epoch(make_tiny_mlp):
    model = make_tiny_mlp()
    x, y = _data(n=32)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    recorder = diagnostics.GradientNormHistory(x[:16], y[:16])
    assert recorder.norms.shape == (0, 0)
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[recorder])
    assert recorder.norms.shape == (3, 2)
    assert recorder.layer_names == [layer.name for layer in model.layers]
    assert np.all(np.isfinite(recorder.norms)) and np.all(recorder.norms > 0)
    # the last row is measured on the weights training ended with
    np.testing.assert_allclose(recorder.norms[-1],
                               diagnostics.kernel_gradient_norms(model, x[:16], y[:16], "mse"),
                               rtol=1e-4)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[recorder])
    assert recorder.norms.shape == (2, 2)  # a new fit starts a new record


def test_gradient_norm_history_uses_an_explicit_loss(make_tiny_mlp):
    model = make_tiny_mlp()
    x, y = _data(n=16)
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mae")
    recorder = diagnostics.GradientNormHistory(x, y, loss="mse")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[recorder])
    np.testing.assert_allclose(recorder.norms[0],
                               diagnostics.kernel_gradient_norms(model, x, y, "mse"), rtol=1e-4)


def test_gradient_norm_history_bad_input(no_dense_model):
    x, y = _data(n=8)
    with pytest.raises(ValueError, match="same length"):
        diagnostics.GradientNormHistory(x, y[:5])
    with pytest.raises(ValueError, match="non-empty"):
        diagnostics.GradientNormHistory(np.ones((0, 3)), np.ones((0, 2)))
    with pytest.raises(TypeError, match="loss must be"):
        diagnostics.GradientNormHistory(x, y, loss=3)
    no_dense_model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="no Dense layer"):
        no_dense_model.fit(x, x, epochs=1, verbose=0,
                           callbacks=[diagnostics.GradientNormHistory(x, x)])


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute"):
        diagnostics.NoSuchThing  # noqa: B018


def test_gradient_norms_are_summed_in_float64():
    # 4,096 float32 entries of 1e-23: each is far above float32's smallest number, but their
    # squares underflow, so a norm summed in float32 (NumPy's for float32 input) reads 0
    tiny = np.full(4096, 1e-23, dtype=np.float32)
    assert diagnostics._l2_norm(tiny) == pytest.approx(64 * float(np.float32(1e-23)), rel=1e-6)
