"""Backend-neutral gradients, and (from notebook 04 on) per-layer statistics.

The notebooks compute gradients only through these functions, so the same cell runs on
TensorFlow and JAX, the two backends the course is tested on. Each backend's own machinery
(``tf.GradientTape``, ``jax.grad``) stays in here.

- :func:`grad`, :func:`model_gradients`, :func:`numerical_grad`: gradients of a function or of a
  model's loss, and finite differences to check them;
- :func:`activation_stats`: mean and standard deviation of every layer's output (forward pass);
- :func:`kernel_gradient_norms`: ``||dL/dW||`` of every Dense kernel (backward pass);
- :class:`GradientNormHistory`: a Keras callback recording those norms at the end of each epoch.

Importing this module does not import Keras; the callback class is created on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as check

if TYPE_CHECKING:  # Keras is imported on first use, never at import time
    import keras

__all__ = [
    "GradientNormHistory",  # noqa: F822 (made on first use by __getattr__ below)
    "activation_stats",
    "dense_layers",
    "grad",
    "kernel_gradient_norms",
    "model_gradients",
    "numerical_grad",
]


def _as_float_arrays(args: Sequence) -> list[np.ndarray]:
    arrays = []
    for i, a in enumerate(args):
        if isinstance(a, (str, bytes)) or a is None:
            raise TypeError(f"argument {i} must be a real number or array, got "
                            f"{type(a).__name__}")
        arr = check.array(a, f"argument {i}", dtype=None, non_empty=False)
        if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
            raise TypeError(f"argument {i} must be a real number or array, got dtype {arr.dtype}")
        arrays.append(arr.astype("float64" if arr.dtype == np.float64 else "float32"))
    return arrays


def grad(fn: Callable, *args: ArrayLike) -> list[np.ndarray]:
    """Gradients of a scalar function with respect to each of its arguments.

    ``fn`` must use ``keras.ops`` (not NumPy) so that the active backend can differentiate it.

    Args:
        fn: a function of ``len(args)`` tensors returning a scalar tensor.
        *args: numbers or arrays at which to differentiate.

    Returns:
        One NumPy array per argument, with that argument's shape.

    Raises:
        TypeError: if an argument is not numeric or ``fn`` is not callable, or if ``fn``'s
            output is not connected to its arguments (it was computed with NumPy, not
            ``keras.ops``), which would otherwise give silently zero gradients.
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
        grads = tape.gradient(out, tensors) if tf.is_tensor(out) else [None] * len(tensors)
        if all(g is None for g in grads):
            _not_differentiable(out)
        # An argument fn does not use has a zero gradient (as jax.grad returns for it).
        return [np.zeros_like(a) if g is None else keras.ops.convert_to_numpy(g)
                for a, g in zip(arrays, grads)]
    if backend == "jax":
        import jax

        def scalar(*xs):
            out = fn(*xs)
            _check_scalar(out)
            return out

        try:
            grads = jax.grad(scalar, argnums=tuple(range(len(arrays))))(*arrays)
        except (jax.errors.TracerArrayConversionError, jax.errors.ConcretizationTypeError) as err:
            _not_differentiable(None, cause=err)
        return [keras.ops.convert_to_numpy(g) for g in grads]
    raise NotImplementedError(
        f"gradients are implemented for TensorFlow and JAX, the backends this course is "
        f"tested on, not for {backend!r}")


def _not_differentiable(out, *, cause: BaseException | None = None) -> None:
    kind = "" if out is None else f" (it returned a {type(out).__name__})"
    raise TypeError(
        f"fn's output is not connected to its arguments{kind}, so the backend cannot "
        f"differentiate it: write fn with keras.ops (ops.sum, ops.exp, ...), not NumPy "
        f"(np.sum, np.exp, ...) or float(...)") from cause


def _check_scalar(out) -> None:
    shape = tuple(getattr(out, "shape", ()))
    if int(np.prod(shape)) != 1:
        raise ValueError(f"fn must return a scalar, got a tensor of shape {shape}")


def model_gradients(model: keras.Model, x: ArrayLike, y: ArrayLike, loss: Callable | str, *,
                    training: bool = True) -> list[np.ndarray]:
    """Gradients of ``loss(y, model(x))`` with respect to the model's trainable weights.

    The loss is averaged over the batch, as in training: a loss given by name or as a plain
    function (which returns one value per sample) is reduced with a mean, so the gradients do
    not grow with the batch size and every backend gets a scalar to differentiate.

    Args:
        model: a built Keras model.
        x: a batch of inputs, array of shape (n_samples, ...).
        y: the matching targets.
        loss: a Keras loss object, function or name (``"mse"``, ...).
        training: run layers such as Dropout and BatchNormalization in training mode.

    Returns:
        One NumPy array per entry of ``model.trainable_weights``, in that order.

    Raises:
        TypeError: if ``model`` is not a Keras model, ``x``/``y`` are not numeric or ``loss``
            is not a loss.
        ValueError: if the model is not built, ``x`` does not match the model's input shape,
            ``x`` and ``y`` differ in length or are empty, or hold NaNs.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.built:
        raise ValueError("the model is not built yet: call it on a batch or give it keras.Input")
    loss_fn = _get_loss(loss)
    if getattr(model, "inputs", None) and len(model.inputs) == 1:
        x = _check_batch(model, x)
    else:
        x = check.array(x, "x", dtype="float32")
        if x.ndim == 0:
            raise ValueError(f"x must be a batch of shape (n_samples, ...), got a scalar {x}")
    y = check.array(y, "y", dtype=None)
    if y.ndim == 0:
        raise ValueError(f"y must be a batch of shape (n_samples, ...), got a scalar {y}")
    check.same_length(x=x, y=y)
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            value = keras.ops.mean(loss_fn(y, model(x, training=training)))
        grads = tape.gradient(value, model.trainable_weights)
        return [np.zeros(tuple(w.shape), dtype="float32") if g is None
                else keras.ops.convert_to_numpy(g)
                for w, g in zip(model.trainable_weights, grads)]
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        frozen = [v.value for v in model.non_trainable_variables]

        def compute(tv):
            y_pred, _ = model.stateless_call(tv, frozen, x, training=training)
            return keras.ops.mean(loss_fn(y, y_pred))

        return [keras.ops.convert_to_numpy(g) for g in jax.grad(compute)(trainable)]
    raise NotImplementedError(
        f"gradients are implemented for TensorFlow and JAX, the backends this course is "
        f"tested on, not for {backend!r}")


def numerical_grad(fn: Callable[[np.ndarray], float], x: ArrayLike, *, eps: float = 1e-5
                   ) -> np.ndarray:
    """Central finite differences of a scalar NumPy function, for gradient checks.

    Args:
        fn: maps an array of ``x``'s shape to a float.
        x: the point, array-like of floats (computed in float64).
        eps: the step.

    Returns:
        An array of ``x``'s shape: (fn(x + eps e_i) - fn(x - eps e_i)) / (2 eps) for each i.
    """
    check.callable_(fn, "fn")
    eps = check.number(eps, "eps", positive=True)
    x = np.array(check.array(x, "x", non_empty=False), dtype=np.float64)
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


# --------------------------------------------------------------------- per-layer statistics (04)


def _check_model(model) -> None:
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.built or not getattr(model, "inputs", None):
        raise ValueError("the model has no symbolic inputs: build it with keras.Input(shape=...) "
                         "as its first layer")
    if len(model.inputs) != 1:
        raise ValueError(f"the model must have one input, got {len(model.inputs)}")


def _check_batch(model, x) -> np.ndarray:
    """``x`` as float32, with its per-sample shape checked against the model's input."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"x must be a numeric array, got {type(x).__name__}")
    arr = x if isinstance(x, np.ndarray) else check._to_numpy(x, "x")
    arr = np.asarray(arr)
    if not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"x must be a numeric array, got dtype {arr.dtype}")
    expected = tuple(model.inputs[0].shape[1:])
    got = tuple(arr.shape[1:])
    compatible = len(got) == len(expected) and all(
        e is None or e == g for e, g in zip(expected, got))
    if arr.ndim < 1 or len(arr) == 0 or not compatible:
        raise ValueError(f"x must be a non-empty batch of shape (n_samples, "
                         f"{', '.join(str(e) for e in expected)}), got {arr.shape}")
    return check.array(arr, "x", dtype="float32")


def _get_loss(loss) -> Callable:
    import keras

    if not (isinstance(loss, str) or callable(loss)):
        raise TypeError(f"loss must be a Keras loss, function or name, got {type(loss).__name__}")
    try:
        return keras.losses.get(loss)
    except (ValueError, TypeError) as err:
        raise ValueError(f"loss must be a Keras loss, function or name, got {loss!r} ({err})"
                         ) from None


def _flat_layers(model) -> list:
    """The model's layers in order, nested models (a Sequential inside a Model) expanded."""
    import keras

    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            layers.extend(_flat_layers(layer))
        else:
            layers.append(layer)
    return layers


def dense_layers(model: keras.Model) -> list[Any]:
    """The ``keras.layers.Dense`` layers of a model, input side first.

    Raises:
        TypeError: if ``model`` is not a ``keras.Model``.
        ValueError: if the model holds no Dense layer.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    found = [layer for layer in _flat_layers(model) if isinstance(layer, keras.layers.Dense)]
    if not found:
        raise ValueError(f"model {model.name!r} holds no Dense layer")
    return found


def activation_stats(model: keras.Model, x: ArrayLike, *, layers: Sequence | None = None
                     ) -> dict[str, Any]:
    """Mean and standard deviation of every layer's output for one batch (the forward pass).

    A ``keras.Model`` that returns the output of each layer is built on the model's inputs and
    called once on ``x``; for a ``Dense`` layer with an activation, its output is the activation
    ``a = f(x W + b)``.

    Args:
        model: a Keras model built with ``keras.Input`` (Sequential or functional).
        x: a batch of inputs, array of shape (n_samples, ...) matching the model's input.
        layers: the layers to report, in order; defaults to every layer of the model
            (``model.layers``; layers inside a nested model cannot be reported).

    Returns:
        A dict with ``"names"`` (list of layer names), ``"mean"`` and ``"std"`` (arrays of
        shape (n_layers,), over all samples and units of each layer's output).

    Raises:
        TypeError: if ``model`` is not a Keras model or ``x`` is not numeric.
        ValueError: if the model has no symbolic input, ``x`` has the wrong shape, or
            ``layers`` is empty or names a layer that is not in the model.

    Example:
        >>> stats = diagnostics.activation_stats(model, x_train[:512])
        >>> stats["std"]             # one value per layer, input side first
    """
    import keras

    _check_model(model)
    x = _check_batch(model, x)
    chosen = list(model.layers) if layers is None else list(layers)
    if not chosen:
        raise ValueError("layers must name at least one layer")
    known = {id(layer) for layer in model.layers}
    for layer in chosen:
        if id(layer) not in known:
            raise ValueError(f"layer {getattr(layer, 'name', layer)!r} is not a layer of model "
                             f"{model.name!r} (layers inside a nested model are not supported)")
    probe = keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in chosen])
    outputs = probe(x, training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    values = [np.asarray(keras.ops.convert_to_numpy(o), dtype=np.float64) for o in outputs]
    return {
        "names": [layer.name for layer in chosen],
        "mean": np.array([v.mean() for v in values]),
        "std": np.array([v.std() for v in values]),
    }


def _kernel_indices(model) -> list[int]:
    """Positions of the Dense kernels in ``model.trainable_weights``, input side first."""
    weights = model.trainable_weights
    indices = []
    for layer in dense_layers(model):
        hit = [i for i, w in enumerate(weights) if w is layer.kernel]
        if not hit:
            raise ValueError(f"the kernel of layer {layer.name!r} is not trainable")
        indices.append(hit[0])
    return indices


def kernel_gradient_norms(model: keras.Model, x: ArrayLike, y: ArrayLike, loss: Callable | str,
                          *, training: bool = False) -> np.ndarray:
    """L2 norm of the loss gradient with respect to each Dense kernel (the backward pass).

    Args:
        model: a built Keras model holding Dense layers.
        x: a batch of inputs, array of shape (n_samples, ...).
        y: the matching targets.
        loss: a Keras loss object, function or name.
        training: run layers such as Dropout in training mode.

    Returns:
        An array of shape (n_dense_layers,): ``||dL/dW||`` for each Dense layer, input side
        first (biases are left out).

    Raises:
        TypeError, ValueError: as :func:`model_gradients`, and if the model holds no Dense
            layer.

    Example:
        >>> norms = diagnostics.kernel_gradient_norms(model, x, y,
        ...                                            "sparse_categorical_crossentropy")
    """
    indices = _kernel_indices(model)
    grads = model_gradients(model, x, y, loss, training=training)
    return np.array([_l2_norm(grads[i]) for i in indices])


def _l2_norm(values: ArrayLike) -> float:
    """The L2 norm, summed in float64.

    In float32 the squares of entries below about 1e-20 underflow to 0 long before the entries
    do, and the norm of a tiny gradient would read 0.
    """
    return float(np.linalg.norm(np.asarray(values, dtype=np.float64)))


def _make_gradient_norm_history():
    import keras

    class GradientNormHistory(keras.callbacks.Callback):
        """Records ``||dL/dW||`` of every Dense kernel on a fixed batch at the end of each epoch.

        Backend-neutral: the gradients come from :func:`kernel_gradient_norms`, so the same
        callback runs on TensorFlow and JAX.

        Args:
            x: the fixed batch of inputs, array of shape (n_samples, ...).
            y: its targets, array of shape (n_samples, ...).
            loss: the loss to differentiate (a Keras loss object, function or name); ``None``
                uses the loss the model was compiled with.
            training: run layers such as Dropout in training mode for the measurement.

        Attributes:
            norms: array of shape (n_epochs, n_dense_layers), one row per finished epoch.
            layer_names: the Dense layers' names, one per column of ``norms``.

        Raises:
            ValueError: if ``x`` and ``y`` differ in length or are empty; when training starts,
                if the model holds no Dense layer or has no loss to differentiate.

        Example:
            >>> recorder = diagnostics.GradientNormHistory(x_train[:256], y_train[:256])
            >>> history = model.fit(x_train, y_train, epochs=5, callbacks=[recorder], verbose=0)
            >>> recorder.norms.shape     # (5, number of Dense layers)
        """

        def __init__(self, x: ArrayLike, y: ArrayLike, *, loss: Callable | str | None = None,
                     training: bool = False) -> None:
            super().__init__()
            x_arr = check.array(x, "x", dtype=None, non_empty=False)
            y_arr = check.array(y, "y", dtype=None, non_empty=False)
            if x_arr.ndim < 1 or y_arr.ndim < 1 or len(x_arr) == 0:
                raise ValueError(f"x and y must be non-empty batches, got shapes {x_arr.shape} "
                                 f"and {y_arr.shape}")
            if len(x_arr) != len(y_arr):
                raise ValueError(f"x and y must have the same length, got {len(x_arr)} and "
                                 f"{len(y_arr)}")
            if loss is not None and not (isinstance(loss, str) or callable(loss)):
                raise TypeError(f"loss must be a Keras loss, function or name, got "
                                f"{type(loss).__name__}")
            self.x, self.y = x_arr, y_arr
            self.loss, self.training = loss, training
            self.layer_names: list[str] = []
            self._rows: list[np.ndarray] = []

        @property
        def norms(self) -> np.ndarray:
            if not self._rows:
                return np.zeros((0, len(self.layer_names)))
            return np.stack(self._rows)

        def _loss(self):
            loss = self.loss if self.loss is not None else getattr(self.model, "loss", None)
            if loss is None:
                raise ValueError("GradientNormHistory needs a loss: pass loss=... or compile "
                                 "the model with one")
            return loss

        def on_train_begin(self, logs: dict | None = None) -> None:
            self.layer_names = [layer.name for layer in dense_layers(self.model)]
            self._loss()
            self._rows = []

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            self._rows.append(kernel_gradient_norms(self.model, self.x, self.y, self._loss(),
                                                    training=self.training))

    GradientNormHistory.__module__ = __name__
    return GradientNormHistory


def __getattr__(name: str):
    # The callback subclasses keras.callbacks.Callback; it is created on first use so that
    # importing this module never imports Keras (and its backend's start-up noise).
    if name == "GradientNormHistory":
        from helpers import env

        env.quiet_startup()
        cls = _make_gradient_norm_history()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
