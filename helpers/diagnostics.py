"""Backend-neutral gradients, and (from notebook 04 on) per-layer statistics.

The notebooks compute gradients only through these functions, so the same cell runs on
TensorFlow, JAX and PyTorch. Each backend's own machinery (``tf.GradientTape``, ``jax.grad``,
``torch.autograd``) stays in here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["grad", "model_gradients", "numerical_grad"]


def _as_float_arrays(args: Sequence) -> list[np.ndarray]:
    arrays = []
    for i, a in enumerate(args):
        arr = np.asarray(a)
        if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
            raise TypeError(f"argument {i} must be a real number or array, got dtype {arr.dtype}")
        arrays.append(arr.astype("float64" if arr.dtype == np.float64 else "float32"))
    return arrays


def grad(fn: Callable, *args) -> list[np.ndarray]:
    """Gradients of a scalar function with respect to each of its arguments.

    ``fn`` must use ``keras.ops`` (not NumPy) so that the active backend can differentiate it.

    Args:
        fn: a function of ``len(args)`` tensors returning a scalar tensor.
        *args: numbers or arrays at which to differentiate.

    Returns:
        One NumPy array per argument, with that argument's shape.

    Raises:
        TypeError: if an argument is not numeric or ``fn`` is not callable.
        ValueError: if no argument is given or ``fn`` does not return a scalar.

    Example:
        >>> from keras import ops
        >>> diagnostics.grad(lambda w, x: ops.sum(w * x), [1.0, 2.0], [3.0, 4.0])
        [array([3., 4.], dtype=float32), array([1., 2.], dtype=float32)]
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    if not args:
        raise ValueError("grad needs at least one argument to differentiate with respect to")
    import keras

    arrays = _as_float_arrays(args)
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        tensors = [tf.constant(a) for a in arrays]
        with tf.GradientTape() as tape:
            for t in tensors:
                tape.watch(t)
            out = fn(*tensors)
        _check_scalar(out)
        grads = tape.gradient(out, tensors)
        return [np.zeros_like(a) if g is None else np.asarray(g) for a, g in zip(arrays, grads)]
    if backend == "jax":
        import jax

        def scalar(*xs):
            out = fn(*xs)
            _check_scalar(out)
            return out

        grads = jax.grad(scalar, argnums=tuple(range(len(arrays))))(*arrays)
        return [np.asarray(g) for g in grads]
    if backend == "torch":
        import torch

        tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
        out = fn(*tensors)
        _check_scalar(out)
        grads = torch.autograd.grad(out, tensors, allow_unused=True)
        return [np.zeros_like(a) if g is None else g.detach().cpu().numpy()
                for a, g in zip(arrays, grads)]
    raise NotImplementedError(f"gradients are not implemented for the {backend!r} backend")


def _check_scalar(out) -> None:
    shape = tuple(getattr(out, "shape", ()))
    if int(np.prod(shape)) != 1:
        raise ValueError(f"fn must return a scalar, got a tensor of shape {shape}")


def model_gradients(model, x, y, loss: Callable | str, *, training: bool = True
                    ) -> list[np.ndarray]:
    """Gradients of ``loss(y, model(x))`` with respect to the model's trainable weights.

    Args:
        model: a built Keras model.
        x: a batch of inputs, array of shape (n_samples, ...).
        y: the matching targets.
        loss: a Keras loss object, function or name (``"mse"``, ...).
        training: run layers such as Dropout and BatchNormalization in training mode.

    Returns:
        One NumPy array per entry of ``model.trainable_weights``, in that order.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.built:
        raise ValueError("the model is not built yet: call it on a batch or give it keras.Input")
    loss_fn = keras.losses.get(loss)
    x = np.asarray(x, dtype="float32")
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            value = loss_fn(y, model(x, training=training))
        grads = tape.gradient(value, model.trainable_weights)
        return [np.asarray(g) for g in grads]
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        frozen = [v.value for v in model.non_trainable_variables]

        def compute(tv):
            y_pred, _ = model.stateless_call(tv, frozen, x, training=training)
            return loss_fn(y, y_pred)

        return [np.asarray(g) for g in jax.grad(compute)(trainable)]
    if backend == "torch":
        import torch

        value = loss_fn(torch.as_tensor(y), model(x, training=training))
        params = [v.value for v in model.trainable_variables]
        grads = torch.autograd.grad(value, params, allow_unused=True)
        return [np.zeros(tuple(p.shape), dtype="float32") if g is None
                else g.detach().cpu().numpy() for p, g in zip(params, grads)]
    raise NotImplementedError(f"gradients are not implemented for the {backend!r} backend")


def numerical_grad(fn: Callable[[np.ndarray], float], x, *, eps: float = 1e-5) -> np.ndarray:
    """Central finite differences of a scalar NumPy function, for gradient checks.

    Args:
        fn: maps an array of ``x``'s shape to a float.
        x: the point, array-like of floats (computed in float64).
        eps: the step.

    Returns:
        An array of ``x``'s shape: (fn(x + eps e_i) - fn(x - eps e_i)) / (2 eps) for each i.
    """
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = float(fn(x))
        x[i] = old - eps
        minus = float(fn(x))
        x[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g
