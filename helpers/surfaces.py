"""2-D loss surfaces and optimizer trajectories driven by real ``keras.optimizers``.

Three classic test functions of a point ``w = (x, y)``, written with ``keras.ops`` so that every
backend can differentiate them:

- ``"canyon"``: an ill-conditioned quadratic, ``0.05 x**2 + 2.5 y**2`` (curvatures 0.1 and 5,
  condition number 50): steep walls, a nearly flat floor;
- ``"rosenbrock"``: ``(1 - x)**2 + 100 (y - x**2)**2``, a curved, flat-bottomed valley with its
  minimum at (1, 1);
- ``"saddle"``: ``0.5 x**2 + 0.25 y**4 - 0.5 y**2``, a saddle point at the origin between two
  minima at (0, -1) and (0, 1).

:func:`run_optimizer` moves a ``keras.Variable`` of shape (2,) across a surface with a real Keras
optimizer: each step computes the gradient with :func:`helpers.diagnostics.grad` and calls
``optimizer.apply_gradients``, exactly what ``model.fit`` does for every weight::

    from helpers import surfaces
    path = surfaces.run_optimizer("adam", "rosenbrock", steps=300, learning_rate=0.05)
    path.points.shape    # (301, 2)
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from helpers import _validate as check
from helpers import diagnostics

__all__ = [
    "OPTIMIZER_NAMES",
    "SURFACE_NAMES",
    "Surface",
    "Trajectory",
    "get_surface",
    "loss_grid",
    "make_optimizer",
    "run_optimizer",
    "steps_to_tolerance",
]

#: The optimizer names :func:`make_optimizer` and :func:`run_optimizer` accept.
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam")

#: Momentum used by the "momentum" and "nesterov" names.
MOMENTUM = 0.9


def _canyon(w):
    from keras import ops

    return 0.05 * ops.square(w[..., 0]) + 2.5 * ops.square(w[..., 1])


def _rosenbrock(w):
    from keras import ops

    x, y = w[..., 0], w[..., 1]
    return ops.square(1.0 - x) + 100.0 * ops.square(y - ops.square(x))


def _saddle(w):
    from keras import ops

    x, y = w[..., 0], w[..., 1]
    return 0.5 * ops.square(x) + 0.25 * ops.square(ops.square(y)) - 0.5 * ops.square(y)


@dataclass(frozen=True)
class Surface:
    """A 2-D test function and what is known about it.

    Attributes:
        name: the registry name ("canyon", "rosenbrock", "saddle").
        fn: maps a tensor of shape (..., 2) to a tensor of shape (...), written with
            ``keras.ops``.
        minimum: a global minimum, array of shape (2,) (the saddle has two: (0, ±1)).
        min_value: the function's value there.
        start: the default starting point, array of shape (2,).
        xlim: the x range of the default plotting window.
        ylim: the y range of the default plotting window.
        description: one line for tables and titles.
    """

    name: str
    fn: Callable = field(repr=False)
    minimum: np.ndarray = field(repr=False)
    min_value: float
    start: np.ndarray = field(repr=False)
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    description: str = ""

    def __post_init__(self):
        for name in ("minimum", "start"):  # shared by every caller: keep them read-only
            arr = np.array(getattr(self, name), dtype=float)
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    def value(self, w: ArrayLike) -> float:
        """The function at one point ``w``, array-like of shape (2,), as a float."""
        w = _as_point(w, "w")
        from keras import ops

        return float(ops.convert_to_numpy(self.fn(ops.convert_to_tensor(w))))

    def gradient(self, w: ArrayLike) -> np.ndarray:
        """The gradient at one point ``w`` (shape (2,)), by automatic differentiation.

        Uses :func:`helpers.diagnostics.grad`, so it runs on every Keras backend.
        """
        return diagnostics.grad(self.fn, _as_point(w, "w"))[0]

    def values(self, points: ArrayLike) -> np.ndarray:
        """The function at many points: array of shape (..., 2) -> array of shape (...)."""
        points = check.array(points, "points", dtype="float32")
        if points.ndim < 1 or points.shape[-1] != 2:
            raise ValueError(f"points must have shape (..., 2), got {points.shape}")
        from keras import ops

        return np.asarray(ops.convert_to_numpy(self.fn(ops.convert_to_tensor(points))))


_SURFACES: dict[str, Surface] = {
    "canyon": Surface(
        "canyon", _canyon, np.array([0.0, 0.0]), 0.0, np.array([-9.0, 1.5]),
        (-10.0, 10.0), (-2.5, 2.5), "ill-conditioned quadratic 0.05 x² + 2.5 y²"),
    "rosenbrock": Surface(
        "rosenbrock", _rosenbrock, np.array([1.0, 1.0]), 0.0, np.array([-1.2, 1.0]),
        (-2.0, 2.0), (-1.0, 3.0), "Rosenbrock (1 - x)² + 100 (y - x²)²"),
    "saddle": Surface(
        "saddle", _saddle, np.array([0.0, 1.0]), -0.25, np.array([-1.5, 0.01]),
        (-2.0, 2.0), (-1.6, 1.6), "saddle 0.5 x² + 0.25 y⁴ - 0.5 y²"),
}

#: The surface names :func:`get_surface` accepts.
SURFACE_NAMES = tuple(_SURFACES)


def _as_point(w, name: str) -> np.ndarray:
    try:
        arr = check.array(w, name, dtype="float32", finite=False)
    except TypeError as exc:
        raise TypeError(f"{name} must be a pair of numbers (x, y), got {w!r}") from exc
    except ValueError as exc:  # ragged
        raise ValueError(f"{name} must have shape (2,) — one (x, y) point — got {w!r}") from exc
    if arr.shape != (2,):
        raise ValueError(f"{name} must have shape (2,) — one (x, y) point — got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers, got {arr.tolist()}")
    return arr


def get_surface(surface: str | Surface) -> Surface:
    """Look a surface up by name (a :class:`Surface` is returned as it is).

    Args:
        surface: one of :data:`SURFACE_NAMES`, or a :class:`Surface`.

    Returns:
        The :class:`Surface`.

    Raises:
        ValueError: for an unknown name; the message lists the known ones.
        TypeError: for anything that is neither a string nor a Surface.

    Example:
        >>> surfaces.get_surface("rosenbrock").minimum
        array([1., 1.])
    """
    if isinstance(surface, Surface):
        return surface
    if not isinstance(surface, str):
        raise TypeError(f"surface must be a name or a Surface, got {type(surface).__name__}")
    key = surface.strip().lower()
    if key not in _SURFACES:
        raise ValueError(f"unknown surface {surface!r}; choose one of {list(SURFACE_NAMES)}")
    return _SURFACES[key]


def loss_grid(surface: str | Surface, *, resolution: int = 200,
              xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The surface on a regular grid, for contour plots.

    Args:
        surface: a name from :data:`SURFACE_NAMES` or a :class:`Surface`.
        resolution: grid points per axis (>= 2).
        xlim: the x range; defaults to the surface's window.
        ylim: the y range; defaults to the surface's window.

    Returns:
        ``(X, Y, Z)``, three arrays of shape (resolution, resolution) as from ``np.meshgrid``,
        with ``Z`` the function's values.

    Raises:
        ValueError: if ``resolution`` < 2 or a range is not (low, high) with low < high.

    Example:
        >>> X, Y, Z = surfaces.loss_grid("canyon", resolution=100)
        >>> plt.contour(X, Y, Z)
    """
    surf = get_surface(surface)
    resolution = check.integer(resolution, "resolution", minimum=2)
    ranges = []
    for name, lim, default in (("xlim", xlim, surf.xlim), ("ylim", ylim, surf.ylim)):
        lim = default if lim is None else check.array(lim, name, shape=(2,))
        if not float(lim[0]) < float(lim[1]):
            raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
        ranges.append(np.linspace(float(lim[0]), float(lim[1]), int(resolution)))
    X, Y = np.meshgrid(*ranges)
    Z = surf.values(np.stack([X, Y], axis=-1))
    return X, Y, Z.astype("float64")


def make_optimizer(name: str, learning_rate: float | Any | None = None) -> Any:
    """A fresh Keras optimizer from a short name.

    Args:
        name: one of :data:`OPTIMIZER_NAMES`: "sgd" (plain), "momentum" (SGD with momentum
            0.9), "nesterov" (SGD with Nesterov momentum 0.9), "adagrad", "rmsprop", "adam",
            "nadam".
        learning_rate: the rate (a float or a ``keras.optimizers.schedules`` schedule); None
            keeps Keras' default for that class.

    Returns:
        A new ``keras.optimizers.Optimizer``.

    Raises:
        ValueError: for an unknown name (the message lists the known ones) or a rate <= 0.

    Example:
        >>> surfaces.make_optimizer("nesterov", 0.01)
    """
    import keras

    if not isinstance(name, str):
        raise TypeError(f"optimizer name must be a string, got {type(name).__name__}")
    key = name.strip().lower()
    if key not in OPTIMIZER_NAMES:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {list(OPTIMIZER_NAMES)} "
                         "or pass a keras.optimizers.Optimizer")
    kwargs = {}
    if learning_rate is not None:
        if isinstance(learning_rate, (str, bytes, bool, np.bool_)):
            raise TypeError(f"learning_rate must be a number or a schedule, got "
                            f"{type(learning_rate).__name__}: {learning_rate!r}")
        if isinstance(learning_rate, numbers.Real):
            learning_rate = check.number(learning_rate, "learning_rate")
            if not learning_rate > 0:
                raise ValueError(f"learning_rate must be > 0, got {learning_rate}")
        elif not callable(learning_rate):
            raise TypeError(f"learning_rate must be a number or a schedule, got "
                            f"{type(learning_rate).__name__}")
        kwargs["learning_rate"] = learning_rate
    opt = keras.optimizers
    if key == "sgd":
        return opt.SGD(**kwargs)
    if key == "momentum":
        return opt.SGD(momentum=MOMENTUM, **kwargs)
    if key == "nesterov":
        return opt.SGD(momentum=MOMENTUM, nesterov=True, **kwargs)
    return {"adagrad": opt.Adagrad, "rmsprop": opt.RMSprop, "adam": opt.Adam,
            "nadam": opt.Nadam}[key](**kwargs)


@dataclass(frozen=True)
class Trajectory:
    """The path of one optimizer run.

    Attributes:
        points: array of shape (steps + 1, 2): the start, then the point after each step. Rows
            after the run left the finite numbers (diverged) are NaN.
        losses: array of shape (steps + 1,): the surface's value at each point.
        optimizer: the optimizer's class name (with "momentum"/"nesterov" where set).
        surface: the surface's name.
        min_value: the surface's minimum value (used by :func:`steps_to_tolerance`).
    """

    points: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)
    optimizer: str
    surface: str
    min_value: float

    @property
    def diverged(self) -> bool:
        """True if the run produced a non-finite point or loss."""
        return bool(~np.isfinite(self.losses).all())

    @property
    def final(self) -> np.ndarray:
        """The last point, array of shape (2,)."""
        return self.points[-1]


def _describe(optimizer) -> str:
    name = type(optimizer).__name__
    if name == "SGD" and getattr(optimizer, "momentum", 0):
        name += " + Nesterov" if optimizer.nesterov else " + momentum"
    return name


def _fresh_copy(optimizer):
    """An unused optimizer with the same configuration (a used one is bound to its variables)."""
    with warnings.catch_warnings():  # Keras' get_config reads a Variable via NumPy's __array__
        warnings.simplefilter("ignore", DeprecationWarning)
        return type(optimizer).from_config(optimizer.get_config())


def _compiled_step(opt, var, fn):
    """One compiled update ``noise -> new point`` for TensorFlow and JAX; None elsewhere.

    The same Keras optimizer does the same arithmetic as in eager mode; compiling the step
    (``tf.function`` / ``jax.jit``) only removes Python overhead, which dominates at this size.
    """
    import keras

    backend = keras.backend.backend()
    opt.build([var])
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function
        def tf_step(noise):
            with tf.GradientTape() as tape:
                loss = fn(var.value)
            opt.apply_gradients([(tape.gradient(loss, var.value) + noise, var)])
            return var.value

        return lambda noise: keras.ops.convert_to_numpy(tf_step(tf.constant(noise)))
    if backend == "jax":
        import jax

        state = {"opt": [v.value for v in opt.variables], "w": var.value}

        @jax.jit
        def jax_step(opt_values, w, noise):
            g = jax.grad(fn)(w) + noise
            (new_w,), new_opt = opt.stateless_apply(opt_values, [g], [w])
            return new_opt, new_w

        def step(noise):
            state["opt"], state["w"] = jax_step(state["opt"], state["w"], noise)
            return keras.ops.convert_to_numpy(state["w"])

        return step
    return None


def run_optimizer(optimizer: str | Any, surface: str | Surface = "canyon", *, steps: int = 100,
                  start: ArrayLike | None = None, learning_rate: float | None = None,
                  noise: float = 0.0,
                  seed: int | None = None, compiled: bool = True) -> Trajectory:
    """Move a point across a surface with a real Keras optimizer.

    Each step computes the gradient of the surface at the current point (plus Gaussian noise of
    standard deviation ``noise``, a stand-in for mini-batch noise) and lets the optimizer
    update a ``keras.Variable`` ``w`` of shape (2,): ``optimizer.apply_gradients([(g, w)])``,
    exactly what ``model.fit`` does for every weight. The run stops early, filling the
    remaining rows with NaN, once the point or its loss stops being finite (divergence).

    Args:
        optimizer: a name from :data:`OPTIMIZER_NAMES` or a ``keras.optimizers.Optimizer``. An
            instance is copied from its config first, so it can be reused and every run starts
            with fresh optimizer state.
        surface: a name from :data:`SURFACE_NAMES` or a :class:`Surface`.
        steps: the number of updates (>= 1).
        start: the starting point, array-like of shape (2,); defaults to ``surface.start``.
        learning_rate: the rate for a named optimizer (None: Keras' default for the class).
            Set it on the optimizer itself when passing an instance.
        noise: standard deviation of the Gaussian noise added to every gradient component.
        seed: seed of that noise; the same seed gives the same trajectory.
        compiled: on TensorFlow and JAX, compile the step (``tf.function`` / ``jax.jit``
            around the gradient and ``apply_gradients`` / ``stateless_apply``), about ten
            times faster. ``False`` runs it eagerly, the gradient from
            :func:`helpers.diagnostics.grad`; both give the same points.

    Returns:
        A :class:`Trajectory` with ``points`` of shape (steps + 1, 2) and ``losses`` of shape
        (steps + 1,).

    Raises:
        ValueError: for an unknown optimizer or surface name, a start that is not of shape
            (2,), steps < 1, negative noise, or a learning_rate given with an instance.
        TypeError: if ``optimizer`` is neither a name nor a Keras optimizer.

    Example:
        >>> path = surfaces.run_optimizer("momentum", "canyon", steps=50, learning_rate=0.05)
        >>> path.points.shape, path.losses.shape
        ((51, 2), (51,))
    """
    import keras
    from keras import ops

    surf = get_surface(surface)
    if isinstance(optimizer, str):
        opt = make_optimizer(optimizer, learning_rate)
    elif isinstance(optimizer, keras.optimizers.Optimizer):
        if learning_rate is not None:
            raise ValueError("learning_rate is only for optimizer names; set it on the "
                             "optimizer instance instead")
        opt = _fresh_copy(optimizer)
    else:
        raise TypeError("optimizer must be a name from "
                        f"{list(OPTIMIZER_NAMES)} or a keras.optimizers.Optimizer, "
                        f"got {type(optimizer).__name__}")
    if check.integer(steps, "steps") < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    noise = check.number(noise, "noise", minimum=0)
    if seed is not None:
        check.integer(seed, "seed", minimum=0)
    w0 = _as_point(surf.start if start is None else start, "start")
    rng = np.random.default_rng(seed)

    var = keras.Variable(w0, dtype="float32", name="w")
    step = _compiled_step(opt, var, surf.fn) if compiled else None
    points = np.full((steps + 1, 2), np.nan)
    points[0] = w0
    for k in range(1, steps + 1):
        eps = (rng.normal(0.0, noise, size=2) if noise else np.zeros(2)).astype("float32")
        if step is not None:
            w = step(eps)
        else:
            g = diagnostics.grad(surf.fn, points[k - 1].astype("float32"))[0] + eps
            if not np.isfinite(g).all():
                break
            opt.apply_gradients([(ops.convert_to_tensor(g), var)])
            w = ops.convert_to_numpy(ops.copy(var))
        w = np.asarray(w, dtype="float64")
        if not np.isfinite(w).all():
            break
        points[k] = w
    with np.errstate(over="ignore", invalid="ignore"):
        losses = surf.values(np.nan_to_num(points, nan=0.0)).astype("float64")
    bad = ~np.isfinite(losses) | np.isnan(points).any(axis=1)
    if bad.any():
        first = int(np.argmax(bad))
        points[first:], losses[first:] = np.nan, np.nan
    return Trajectory(points, losses, _describe(opt), surf.name, float(surf.min_value))


def steps_to_tolerance(trajectory: Trajectory, *, tol: float = 1e-3) -> int | None:
    """The first step at which the loss is within ``tol`` of the surface's minimum.

    Args:
        trajectory: a :class:`Trajectory` from :func:`run_optimizer`.
        tol: the tolerance on ``loss - min_value`` (> 0).

    Returns:
        The step number (0 means the start was already close enough), or None if the run never
        got there (or diverged first).

    Example:
        >>> surfaces.steps_to_tolerance(path, tol=1e-3)
        37
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError("expected a Trajectory from run_optimizer, got "
                        f"{type(trajectory).__name__}")
    if not check.number(tol, "tol") > 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    with np.errstate(invalid="ignore"):
        close = np.flatnonzero(trajectory.losses - trajectory.min_value <= tol)
    return int(close[0]) if close.size else None

