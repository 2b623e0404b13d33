"""Self-checks for the exercises at the end of each notebook.

Every check answers in one of three ways, without revealing the answer:

- ``not attempted``: the answer is still the placeholder (``None`` or ``...``);
- ``correct``;
- ``incorrect, hint: ...``: a nudge towards the idea, never the value.

Checks compare a student's value or function with a reference computed here (from the exercise's
own inputs, so no answer is stored as a literal). A check prints its verdict and returns a
:class:`CheckResult`, which tests and notebooks can inspect::

    answer = None  # your code here
    result = checks.check_parameter_count(answer, layer_sizes=(4, 8, 3))

Each notebook's checks are grouped below under a heading with the notebook's number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["CheckResult", "is_placeholder"]

NOT_ATTEMPTED = "not attempted"
CORRECT = "correct"
INCORRECT = "incorrect"


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a check: ``status`` is "not attempted", "correct" or "incorrect"."""

    exercise: str
    status: str
    hint: str = ""

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        if self.status == CORRECT:
            return f"{self.exercise}: correct ✓"
        if self.status == NOT_ATTEMPTED:
            return f"{self.exercise}: not attempted yet — replace the placeholder and run again"
        return f"{self.exercise}: incorrect, hint: {self.hint}"


def is_placeholder(answer) -> bool:
    """True for the placeholders a notebook leaves for the student: ``None`` and ``...``."""
    return answer is None or answer is Ellipsis


def _report(exercise: str, status: str, hint: str = "", *, verbose: bool = True) -> CheckResult:
    result = CheckResult(exercise, status, hint)
    if verbose:
        print(result)
    return result


def verdict(exercise: str, answer, ok: Callable[[object], bool], hint: str, *,
            verbose: bool = True) -> CheckResult:
    """Building block: placeholder -> not attempted; ``ok(answer)`` -> correct; else the hint.

    ``ok`` may raise; an exception counts as incorrect and its type is added to the hint, so a
    wrong shape or type gets a verdict rather than a traceback.
    """
    if is_placeholder(answer):
        return _report(exercise, NOT_ATTEMPTED, verbose=verbose)
    try:
        good = bool(ok(answer))
    except Exception as exc:  # a student's answer may be of any type
        return _report(exercise, INCORRECT,
                       f"{hint} (checking it raised {type(exc).__name__})", verbose=verbose)
    return _report(exercise, CORRECT if good else INCORRECT, "" if good else hint,
                   verbose=verbose)


def check_close(exercise: str, answer, expected, *, hint: str, rtol: float = 1e-4,
                atol: float = 1e-6, verbose: bool = True) -> CheckResult:
    """Building block: an array or number that must match ``expected`` within tolerances."""

    def ok(value):
        got = np.asarray(value, dtype=float)
        want = np.asarray(expected, dtype=float)
        return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol)

    return verdict(exercise, answer, ok, hint, verbose=verbose)


def check_function(exercise: str, fn, reference: Callable, inputs: Iterable, *, hint: str,
                   rtol: float = 1e-4, atol: float = 1e-6, verbose: bool = True) -> CheckResult:
    """Building block: a student's function must agree with ``reference`` on every input.

    A function that still returns ``None`` (the notebook's stub) counts as not attempted.
    """
    inputs = list(inputs)
    if callable(fn) and _returns_none(fn, inputs[0]):
        fn = None  # the stub still returns None: nothing written yet

    def ok(f):
        if not callable(f):
            raise TypeError("not a function")
        for args in inputs:
            args = args if isinstance(args, tuple) else (args,)
            got = np.asarray(f(*args), dtype=float)
            want = np.asarray(reference(*args), dtype=float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
                return False
        return True

    return verdict(exercise, fn, ok, hint, verbose=verbose)


def _returns_none(fn, args) -> bool:
    """True when a student's function is still the notebook's stub (it returns None)."""
    args = args if isinstance(args, tuple) else (args,)
    try:
        return fn(*args) is None
    except Exception:  # a half-written function is an attempt; the check reports it
        return False


def check_choice(exercise: str, answer, expected: str | Iterable[str], *, hint: str,
                 verbose: bool = True) -> CheckResult:
    """Building block: a multiple-choice letter or word (case and spaces ignored)."""
    accepted = {expected} if isinstance(expected, str) else set(expected)
    accepted = {a.strip().lower() for a in accepted}
    return verdict(exercise, answer, lambda a: str(a).strip().lower() in accepted, hint,
                   verbose=verbose)


# --------------------------------------------------------------------------- 00 Keras basics


def _dense_params(layer_sizes) -> int:
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes must list >= 2 positive sizes (input first), got {sizes}")
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def check_parameter_count(answer, *, layer_sizes, verbose: bool = True) -> CheckResult:
    """00: the number of trainable parameters of a stack of Dense layers.

    Args:
        answer: the student's count (an int).
        layer_sizes: input size first, then the units of each Dense layer, e.g. (784, 512, 10).
    """
    expected = _dense_params(layer_sizes)
    return verdict(
        "parameter count", answer, lambda a: int(a) == expected and float(a) == int(a),
        "a Dense layer from n_in to n_out units holds a weight for every (input, unit) pair "
        "plus one bias per unit; add the layers up", verbose=verbose)


def check_batch_shape(answer, *, batch_size: int, height: int, width: int, channels: int,
                      verbose: bool = True) -> CheckResult:
    """00: the shape of a batch of images in Keras' channels-last layout."""
    expected = (batch_size, height, width, channels)
    return verdict(
        "batch shape", answer, lambda a: tuple(int(v) for v in a) == expected,
        "Keras puts the batch axis first and the colour channels last", verbose=verbose)


def check_vectorised_mse(fn, *, verbose: bool = True) -> CheckResult:
    """00: a loop-free mean squared error ``fn(y_true, y_pred)`` for 1-D arrays."""
    rng = np.random.default_rng(7)
    inputs = [(rng.normal(size=n), rng.normal(size=n)) for n in (1, 5, 1000)]
    inputs.append((np.arange(4.0), np.arange(4.0)))
    return check_function(
        "vectorised MSE", fn, lambda t, p: np.mean((t - p) ** 2), inputs,
        hint="square the element-wise differences, then average over all of them",
        verbose=verbose)


# ---------------------------------------------------------------- 01 Preprocessing and whitening


# ----------------------------------------------------------------------------- 02 Dense networks


# ----------------------------------------------------------------------- 03 Activation functions


# ---------------------------------------------------------------------- 04 Weight initialization


# -------------------------------------------------------------- 05 Optimizers and learning rates


# ----------------------------------------------------------------------------- 06 Regularization


# --------------------------------------------------------------- 07 Early stopping and callbacks


# ------------------------------------------------------------------------------ 08 Fashion-MNIST
