"""Argument checks for the public functions of ``helpers`` (private: not part of the API).

Every check names the argument, says what was expected and what came, and raises ``TypeError``
for a wrong type and ``ValueError`` for a wrong value, so that a student's bad input stops at the
boundary of the helper they called, not deep inside NumPy, matplotlib or Keras. Each returns the
value converted to the type the caller works with.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence

import numpy as np

__all__ = [
    "array",
    "arrays",
    "axes",
    "callable_",
    "choice",
    "flag",
    "history",
    "integer",
    "labels",
    "mapping",
    "names",
    "number",
    "probability",
    "returns_shape",
    "same_length",
    "text",
]


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value) -> str:
    return type(value).__name__


def integer(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """An int (Python or NumPy, not bool, not float), optionally within [minimum, maximum]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral,)):
        raise TypeError(f"{name} must be an int, got {_kind(value)}: {_show(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def number(value, name: str, *, positive: bool = False, minimum: float | None = None,
           maximum: float | None = None) -> float:
    """A finite real number (int or float, Python or NumPy; not bool, not a string)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_kind(value)}: {_show(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def probability(value, name: str, *, allow_one: bool = False) -> float:
    """A number in [0, 1) (or [0, 1] with ``allow_one``)."""
    value = number(value, name)
    if value < 0 or value > 1 or (value == 1 and not allow_one):
        interval = "[0, 1]" if allow_one else "[0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value}")
    return value


def array(value, name: str, *, ndim: int | Sequence[int] | None = None,
          shape: Sequence[int | None] | None = None, finite: bool = True,
          non_empty: bool = True, dtype=float) -> np.ndarray:
    """A numeric array, optionally of a given rank or shape (``None`` in ``shape``: any size).

    Backend tensors (TensorFlow, JAX, PyTorch, also on a GPU) are converted through
    ``keras.ops.convert_to_numpy``; strings and objects are refused.
    """
    if value is None or isinstance(value, (str, bytes, Mapping)):
        raise TypeError(f"{name} must be an array of numbers, got {_kind(value)}")
    if not isinstance(value, (np.ndarray, list, tuple, numbers.Number)):
        value = _to_numpy(value, name)
    try:
        out = np.asarray(value)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {err}") from None
    if out.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {out.dtype}")
    if dtype is not None:
        out = out.astype(dtype, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if out.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must be an array of rank {want}, got shape {out.shape}")
    if shape is not None:
        wrong = any(w is not None and w != g for w, g in zip(shape, out.shape))
        if out.ndim != len(shape) or wrong:
            parts = ["n" if w is None else str(w) for w in shape]
            want = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
            raise ValueError(f"{name} must have shape {want}, got {out.shape}")
    if non_empty and out.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {out.shape}")
    if finite and out.dtype.kind == "f" and not np.all(np.isfinite(out)):
        bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
        raise ValueError(f"{name} must hold finite numbers, found {bad} NaN or infinite value(s)")
    return out


def _to_numpy(value, name: str) -> np.ndarray:
    try:
        from keras import ops

        return ops.convert_to_numpy(value)
    except Exception:  # noqa: BLE001 - anything Keras cannot convert is not an array here
        try:
            return np.asarray(value)
        except Exception as err:  # noqa: BLE001
            raise TypeError(f"{name} must be an array of numbers, got {_kind(value)}") from err


def labels(value, name: str, *, num_classes: int | None = None) -> np.ndarray:
    """Integer class labels of shape (n,), in [0, num_classes) when ``num_classes`` is given.

    One-hot labels (rank 2) are refused with the fix (``argmax(axis=1)``); whole-valued floats
    are accepted, strings and fractions are not.
    """
    out = array(value, name, dtype=None)
    if out.ndim == 2 and out.shape[1] > 1:
        raise ValueError(
            f"{name} must be integer labels of shape (n,), got shape {out.shape}: "
            f"one-hot labels? Pass {name}.argmax(axis=1)")
    if out.ndim != 1:
        raise ValueError(f"{name} must be integer labels of shape (n,), got shape {out.shape}")
    if out.dtype.kind == "f":
        if not np.all(out == np.round(out)):
            raise ValueError(f"{name} must hold whole numbers (class labels), got fractions")
    out = out.astype(np.int64)
    if out.min() < 0:
        raise ValueError(f"{name} must be >= 0, got a label {out.min()}")
    if num_classes is not None and out.max() >= num_classes:
        raise ValueError(
            f"{name} must be in [0, {num_classes}) for {num_classes} classes, got a label "
            f"{out.max()}")
    return out


def same_length(**arrays) -> int:
    """All arguments have the same length; returns it. Call as ``same_length(x=x, y=y)``."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        parts = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"{' and '.join(lengths)} must have the same length: {parts}")
    return next(iter(lengths.values()))


def mapping(value, name: str, *, non_empty: bool = True) -> Mapping:
    """A mapping (e.g. name -> series), non-empty by default."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping (a dict of name -> values), got "
                        f"{_kind(value)}")
    if non_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def choice(value, name: str, options: Sequence) -> object:
    """One of ``options``."""
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {_show(value)}")
    return value


def callable_(value, name: str) -> Callable:
    """A callable (a function, a model, ...)."""
    if not callable(value):
        raise TypeError(f"{name} must be a callable (a function), got {_kind(value)}")
    return value


def returns_shape(fn: Callable, name: str, args: tuple, *, shape: Sequence[int | None],
                  finite: bool = True) -> np.ndarray:
    """Call ``fn(*args)`` and check that it returns a numeric array of ``shape``."""
    out = fn(*args)
    return array(out, f"the output of {name}", shape=shape, finite=finite)


def flag(value, name: str) -> bool:
    """True or False (a Python or NumPy bool; not 0/1, not a string)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_kind(value)}: {_show(value)}")
    return bool(value)


def text(value, name: str, *, optional: bool = True) -> str | None:
    """A string (a title, a label, a key); ``None`` too when ``optional``."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        allowed = "a string or None" if optional else "a string"
        raise TypeError(f"{name} must be {allowed}, got {_kind(value)}: {_show(value)}")
    return value


def axes(value, name: str = "ax", *, optional: bool = True):
    """A matplotlib ``Axes`` (``None`` too when ``optional``: the function makes a figure)."""
    if value is None and optional:
        return None
    from matplotlib.axes import Axes

    if not isinstance(value, Axes):
        hint = (": pass one Axes, e.g. axes[0], not the array of them"
                if isinstance(value, np.ndarray) else "")
        raise TypeError(f"{name} must be a matplotlib Axes{' or None' if optional else ''}, "
                        f"got {_kind(value)}{hint}")
    return value


def names(value, name: str, *, at_least: int | None = None, exactly: int | None = None,
          optional: bool = True) -> list[str] | None:
    """A list of names (class names, layer names): a sequence of strings, not one string."""
    if value is None and optional:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of names, got {_kind(value)}: {_show(value)}")
    out = [str(v) for v in value]
    if exactly is not None and len(out) != exactly:
        raise ValueError(f"{name} must have {exactly} names, got {len(out)}")
    if at_least is not None and len(out) < at_least:
        raise ValueError(f"{name} must name all {at_least} classes, got {len(out)}: {out}")
    return out


def history(value, name: str, *, keys: Sequence[str] = ()) -> dict[str, np.ndarray]:
    """A ``keras.callbacks.History`` or a dict of metric -> values, as metric -> 1-D arrays.

    NaN and inf are allowed (a run can diverge). The series among ``keys`` that are present
    must be non-empty and of one length (one value per epoch).
    """
    values = getattr(value, "history", value)
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a keras History or a dict of metric -> list, got "
                        f"{_kind(value)}")
    out = {}
    for key, series in values.items():
        out[key] = array(series, f"{name}[{key!r}]", ndim=1, finite=False, non_empty=False)
    present = {k: out[k] for k in keys if k in out}
    for key, series in present.items():
        if series.size == 0:
            raise ValueError(f"{name}[{key!r}] is empty: no epoch was recorded")
    if len({len(s) for s in present.values()}) > 1:
        parts = ", ".join(f"{k!r} has {len(s)}" for k, s in present.items())
        raise ValueError(f"{name}: the series must have one value per epoch, the same number: "
                         f"{parts}")
    return out


def arrays(value, name: str, *, ndim: int | Sequence[int] | None = None, finite: bool = True,
           non_empty: bool = True) -> dict[str, np.ndarray]:
    """A mapping of name -> numeric array (one line, panel or run each), as str -> arrays."""
    mapping(value, name, non_empty=False)
    return {str(k): array(v, f"{name}[{k!r}]", ndim=ndim, finite=finite, non_empty=non_empty)
            for k, v in value.items()}
