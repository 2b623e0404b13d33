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

import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as check

__all__ = [
    "CheckResult",
    "is_placeholder",
    "verdict",
    "check_close",
    "check_function",
    "check_parameter_count",
    "check_batch_shape",
    "check_vectorised_mse",
    "check_standardised_test",
    "check_whitening_matrix",
    "check_xnor_network",
    "check_neuron_gradient",
    "check_cross_entropy_from_logits",
    "check_swish_derivative",
    "check_softmax_temperature",
    "check_sigmoid_chain_bound",
    "check_ring_units",  # 03: the playground exercise
    "check_glorot_limit",
    "check_chain_factor",
    "check_he_initializer",
    "check_update_count",
    "check_max_stable_lr",
    "check_adagrad_step",
    "check_penalty_gradient",
    "check_fold_batchnorm",
    "check_early_stopping",
    "check_plateau_lr",
    "check_per_class_precision",
    "check_final_parameter_count",
    "check_conv_output_size",
    "check_conv_parameter_count",
    "check_receptive_field",
]

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
        """True when the answer was judged correct."""
        return self.status == CORRECT

    def __str__(self) -> str:
        if self.status == CORRECT:
            return f"{self.exercise}: correct ✓"
        if self.status == NOT_ATTEMPTED:
            return f"{self.exercise}: not attempted yet — replace the placeholder and run again"
        return f"{self.exercise}: incorrect, hint: {self.hint}"


def is_placeholder(answer: Any) -> bool:
    """True for the placeholders a notebook leaves for the student: ``None`` and ``...``."""
    return answer is None or answer is Ellipsis


def _as_numbers(value) -> np.ndarray:
    """A student's numeric answer as a float array; strings and booleans are not numbers.

    Backend tensors (also on a GPU) are converted through ``keras.ops.convert_to_numpy``.
    Raises TypeError (which :func:`verdict` reports as incorrect) for anything else.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"a string is not a number: {value!r}")
    if not isinstance(value, (np.ndarray, list, tuple, numbers.Number)):
        value = check._to_numpy(value, "answer")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"expected numbers, got an array of dtype {arr.dtype}")
    return arr.astype(float)


def _is_count(answer, expected: int) -> bool:
    """A single whole number equal to ``expected`` (26 or 26.0; not "26", not [26])."""
    value = _as_numbers(answer)
    return value.shape == () and float(value) == expected


def _report(exercise: str, status: str, hint: str = "", *, verbose: bool = True) -> CheckResult:
    result = CheckResult(exercise, status, hint)
    if verbose:
        print(result)
    return result


def verdict(exercise: str, answer: Any, ok: Callable[[object], bool], hint: str, *,
            verbose: bool = True) -> CheckResult:
    """Building block: placeholder -> not attempted; ``ok(answer)`` -> correct; else the hint.

    ``ok`` may raise; an exception counts as incorrect and its type is added to the hint, so a
    wrong shape or type gets a verdict rather than a traceback.
    """
    check.text(exercise, "exercise", optional=False)
    check.callable_(ok, "ok")
    check.text(hint, "hint", optional=False)
    if is_placeholder(answer):
        return _report(exercise, NOT_ATTEMPTED, verbose=verbose)
    try:
        good = bool(ok(answer))
    except Exception as exc:  # a student's answer may be of any type
        return _report(exercise, INCORRECT,
                       f"{hint} (checking it raised {type(exc).__name__})", verbose=verbose)
    return _report(exercise, CORRECT if good else INCORRECT, "" if good else hint,
                   verbose=verbose)


def check_close(exercise: str, answer: Any, expected: ArrayLike, *, hint: str, rtol: float = 1e-4,
                atol: float = 1e-6, verbose: bool = True) -> CheckResult:
    """Building block: an array or number that must match ``expected`` within tolerances."""
    check.array(expected, "expected", non_empty=False)
    check.number(rtol, "rtol", minimum=0)
    check.number(atol, "atol", minimum=0)

    def ok(value):
        got = _as_numbers(value)
        want = np.asarray(expected, dtype=float)
        return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol)

    return verdict(exercise, answer, ok, hint, verbose=verbose)


def check_function(exercise: str, fn: Any, reference: Callable, inputs: Iterable, *, hint: str,
                   rtol: float = 1e-4, atol: float = 1e-6, verbose: bool = True) -> CheckResult:
    """Building block: a student's function must agree with ``reference`` on every input.

    A function that still returns ``None`` (the notebook's stub) counts as not attempted.
    """
    check.callable_(reference, "reference")
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Iterable):
        raise TypeError(f"inputs must be a list of argument tuples, got {type(inputs).__name__}")
    inputs = list(inputs)
    if not inputs:
        raise ValueError("inputs must hold at least one input to test the function on")
    check.number(rtol, "rtol", minimum=0)
    check.number(atol, "atol", minimum=0)
    if callable(fn) and _returns_none(fn, inputs[0]):
        fn = None  # the stub still returns None: nothing written yet

    def ok(f):
        if not callable(f):
            raise TypeError("not a function")
        for args in inputs:
            args = args if isinstance(args, tuple) else (args,)
            if not _same(f(*args), reference(*args), rtol=rtol, atol=atol):
                return False
        return True

    return verdict(exercise, fn, ok, hint, verbose=verbose)


def _same(got, want, *, rtol: float, atol: float) -> bool:
    """Arrays (or tuples of arrays, element by element) equal in shape and within tolerance."""
    if isinstance(want, tuple):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_same(g, w, rtol=rtol, atol=atol) for g, w in zip(got, want)))
    got = _as_numbers(got)
    want = np.asarray(want, dtype=float)
    return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol)


def _returns_none(fn, args) -> bool:
    """True when a student's function is still the notebook's stub (it returns None)."""
    args = args if isinstance(args, tuple) else (args,)
    try:
        return fn(*args) is None
    except Exception:  # a half-written function is an attempt; the check reports it
        return False


# --------------------------------------------------------------------------- 00 Keras basics


def _dense_params(layer_sizes) -> int:
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Iterable):
        raise TypeError(f"layer_sizes must be a sequence of ints, got {type(layer_sizes).__name__}")
    sizes = [check.integer(s, "layer_sizes[...]") for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes must list >= 2 positive sizes (input first), got {sizes}")
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def check_parameter_count(answer: Any, *, layer_sizes: Sequence[int], verbose: bool = True
                          ) -> CheckResult:
    """00: the number of trainable parameters of a stack of Dense layers.

    Args:
        answer: the student's count (an int).
        layer_sizes: input size first, then the units of each Dense layer, e.g. (784, 512, 10).
        verbose: print the verdict (it is returned either way).
    """
    expected = _dense_params(layer_sizes)
    return verdict(
        "parameter count", answer, lambda a: _is_count(a, expected),
        "a Dense layer from n_in to n_out units holds a weight for every (input, unit) pair "
        "plus one bias per unit; add the layers up", verbose=verbose)


def check_batch_shape(answer: Any, *, batch_size: int, height: int, width: int, channels: int,
                      verbose: bool = True) -> CheckResult:
    """00: the shape of a batch of images in Keras' channels-last layout."""
    sizes = {"batch_size": batch_size, "height": height, "width": width, "channels": channels}
    expected = tuple(check.integer(v, k, minimum=1) for k, v in sizes.items())

    def ok(a):
        got = _as_numbers(a)
        return got.shape == (4,) and tuple(got) == expected

    return verdict(
        "batch shape", answer, ok,
        "Keras puts the batch axis first and the colour channels last", verbose=verbose)


def check_vectorised_mse(fn: Any, *, verbose: bool = True) -> CheckResult:
    """00: a loop-free mean squared error ``fn(y_true, y_pred)`` for 1-D arrays."""
    rng = np.random.default_rng(7)
    inputs = [(rng.normal(size=n), rng.normal(size=n)) for n in (1, 5, 1000)]
    inputs.append((np.arange(4.0), np.arange(4.0)))
    return check_function(
        "vectorised MSE", fn, lambda t, p: np.mean((t - p) ** 2), inputs,
        hint="square the element-wise differences, then average over all of them",
        verbose=verbose)


# ---------------------------------------------------------------- 01 Preprocessing and whitening


def _matches(value, want, *, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    """True when ``value`` is an array of ``want``'s shape and close to it; never raises."""
    try:
        got = _as_numbers(value)
    except (TypeError, ValueError):
        return False
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


def _standardised(x, stats_from, ddof: int) -> np.ndarray:
    return (x - stats_from.mean(axis=0)) / stats_from.std(axis=0, ddof=ddof)


def check_standardised_test(answer: Any, *, x_train: ArrayLike, x_test: ArrayLike,
                            verbose: bool = True) -> CheckResult:
    """01: the test split standardised feature by feature, the right way.

    Accepts either standard-deviation convention (``ddof=0`` as in NumPy, scikit-learn and
    Keras, or ``ddof=1`` as in pandas).

    Args:
        answer: the student's standardised test set, array of shape (n_test, n_features).
        x_train: the training split, array of shape (n_train, n_features).
        x_test: the test split, array of shape (n_test, n_features).
        verbose: print the verdict (it is returned either way).
    """
    x_train = check.array(x_train, "x_train", non_empty=False)
    x_test = check.array(x_test, "x_test", non_empty=False)
    if x_train.ndim != 2 or x_test.ndim != 2 or x_train.shape[1] != x_test.shape[1]:
        raise ValueError("x_train and x_test must be 2-D with the same number of features, got "
                         f"{x_train.shape} and {x_test.shape}")
    x_all = np.concatenate([x_train, x_test])
    right = [_standardised(x_test, x_train, d) for d in (0, 1)]
    hint = ("per feature (column): subtract a mean and divide by a standard deviation, and "
            "think about which split those statistics must come from")
    if not is_placeholder(answer):
        if any(_matches(answer, _standardised(x_test, x_test, d)) for d in (0, 1)):
            hint = ("your statistics come from the test split itself; at prediction time the "
                    "model must see data scaled exactly as its training data was")
        elif any(_matches(answer, _standardised(x_test, x_all, d)) for d in (0, 1)):
            hint = ("your statistics include the test rows: that leaks the test set into the "
                    "preprocessing")
        elif any(_matches(answer, w.T) for w in right if w.shape[0] != w.shape[1]):
            hint = "one row per test sample, one column per feature: check the orientation"
    return verdict("standardised test set", answer, lambda a: any(_matches(a, w) for w in right),
                   hint, verbose=verbose)


def check_whitening_matrix(answer: Any, *, x: ArrayLike, verbose: bool = True) -> CheckResult:
    """01: a whitening matrix W for the rows of ``x``: (x - mean) @ W has covariance I.

    Any whitening matrix is accepted (PCA, ZCA, or another rotation of them), computed with
    either covariance convention (``ddof=1`` as ``np.cov``, or ``ddof=0``) and a small eps.

    Args:
        answer: the student's W, array of shape (n_features, n_features).
        x: the data, array of shape (n_samples, n_features), one sample per row.
        verbose: print the verdict (it is returned either way).
    """
    x = check.array(x, "x", non_empty=False)
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"x must have shape (n_samples >= 2, n_features), got {x.shape}")
    centred = x - x.mean(axis=0)
    d = x.shape[1]
    eye = np.eye(d)

    def cov_after(w) -> np.ndarray:
        w = _as_numbers(w)
        if w.shape != (d, d) or not np.all(np.isfinite(w)):
            raise ValueError("not a finite square matrix of the right size")
        return np.cov(centred @ w, rowvar=False)

    def whitens(w) -> bool:
        return bool(np.allclose(cov_after(w), eye, atol=0.02))

    hint = ("after (x - mean) @ W the covariance must be the identity: decorrelate, then give "
            "every direction unit variance")
    if not is_placeholder(answer):
        try:
            w = _as_numbers(answer)
            if w.shape != (d, d):
                hint = f"W must be square with one row and one column per feature ({d} x {d})"
            elif not whitens(w) and whitens(w.T):
                hint = ("the check multiplies (x - mean) @ W with samples as rows; a formula "
                        "written for samples as columns needs transposing")
            else:
                c = cov_after(w)
                if np.allclose(c - np.diag(np.diag(c)), 0, atol=0.02) and not whitens(w):
                    hint = ("the result is decorrelated but the variances are not all 1: "
                            "a rotation alone gives D, not I")
        except (TypeError, ValueError):
            pass
    return verdict("whitening matrix", answer, whitens, hint, verbose=verbose)


# ----------------------------------------------------------------------------- 02 Dense networks

_GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _two_relu_network(answer, inputs: np.ndarray) -> np.ndarray:
    """Outputs of the 2-2-1 network (W1, b1, w2, b2) with ReLU hidden units, for the checks."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 4:
        raise TypeError("expected a tuple (W1, b1, w2, b2)")
    w1, b1, w2, b2 = (_as_numbers(v) for v in answer)
    if w1.shape != (2, 2) or b1.reshape(-1).shape != (2,) or w2.reshape(-1).shape != (2,) \
            or b2.size != 1:
        raise ValueError("expected W1 of shape (2, 2), b1 and w2 of 2 numbers, b2 one number")
    hidden = np.maximum(inputs @ w1 + b1.reshape(-1), 0.0)
    return hidden @ w2.reshape(-1) + float(b2.reshape(-1)[0])


def check_xnor_network(answer: Any, *, verbose: bool = True) -> CheckResult:
    """02: hand-set weights of a network with two hidden ReLUs that computes XNOR.

    XNOR(a, b) is 1 where the two inputs agree and 0 where they differ (NOT XOR).

    Args:
        answer: a tuple ``(W1, b1, w2, b2)``: ``W1`` of shape (2, 2) in Keras' kernel layout
            (inputs x hidden units), ``b1`` of shape (2,), the output weights ``w2`` of shape
            (2,) or (2, 1), and the output bias ``b2`` (one number). The network computes
            ``relu(x @ W1 + b1) @ w2 + b2`` with a linear output.
        verbose: print the verdict (it is returned either way).
    """
    expected = (_GATE_INPUTS[:, 0] == _GATE_INPUTS[:, 1]).astype(float)
    return verdict(
        "XNOR network", answer,
        lambda a: np.allclose(_two_relu_network(a, _GATE_INPUTS), expected, atol=1e-6),
        "evaluate your network on the four input pairs and compare with XNOR's truth table; "
        "the XOR network of section 3 is a good start (what must change to get 1 - XOR?)",
        verbose=verbose)


def _sigmoid_neuron_grad(w, x) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    if w.shape != (3,) or x.shape != (2,):
        raise ValueError(f"w must have shape (3,) and x shape (2,), got {w.shape} and {x.shape}")
    s = 1.0 / (1.0 + np.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])))
    return s * (1.0 - s) * np.array([x[0], x[1], 1.0])


def check_neuron_gradient(answer: Any, *, w: ArrayLike, x: ArrayLike, verbose: bool = True
                          ) -> CheckResult:
    """02: the gradient of f(w, x) = sigmoid(w0 x0 + w1 x1 + w2) with respect to w = (w0, w1, w2).

    Args:
        answer: the student's gradient, array of shape (3,).
        w: the weights of the exercise, array of shape (3,).
        x: the inputs of the exercise, array of shape (2,).
        verbose: print the verdict (it is returned either way).

    Raises:
        ValueError: if ``w`` or ``x`` have the wrong shape (a mistake in the notebook, not in
            the answer).
    """
    expected = _sigmoid_neuron_grad(w, x)
    return check_close(
        "gradient of the sigmoid neuron", answer, expected, rtol=1e-3, atol=1e-5,
        hint="run the forward pass stage by stage, then multiply the local gradients backwards "
             "from df/df = 1; the sigmoid's local gradient can be written with its own output",
        verbose=verbose)


def _sparse_ce_from_logits(logits, labels) -> float:
    z = np.asarray(logits, dtype=float)
    k = np.asarray(labels).astype(int).reshape(-1)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(k)), k].mean())


def check_cross_entropy_from_logits(fn: Any, *, verbose: bool = True) -> CheckResult:
    """02: ``fn(logits, labels)``, the mean sparse categorical cross-entropy computed from logits.

    It must agree with ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)`` and
    stay finite for logits in the hundreds or thousands.

    Args:
        fn: the student's function of ``logits`` (array of shape (n_samples, n_classes)) and
            integer ``labels`` (array of shape (n_samples,)), returning one number.
        verbose: print the verdict (it is returned either way).
    """
    rng = np.random.default_rng(2)
    inputs = [(rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)),
              (rng.normal(scale=3.0, size=(8, 10)), rng.integers(0, 10, size=8)),
              (np.array([[2.0, 1.0, 0.1]]), np.array([0])),
              (np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]]), np.array([2, 0]))]

    if callable(fn):  # a stub that still returns None counts as not attempted
        try:
            with np.errstate(all="ignore"):
                probe = fn(*inputs[0])
        except Exception:  # judged (as incorrect) below
            probe = 0.0
        if is_placeholder(probe):
            return _report("cross-entropy from logits", NOT_ATTEMPTED, verbose=verbose)

    def ok(f):
        if not callable(f):
            raise TypeError("not a function")
        with np.errstate(all="ignore"):
            for logits, labels in inputs:
                got = _as_numbers(f(logits, labels))
                want = _sparse_ce_from_logits(logits, labels)
                if got.size != 1 or not np.allclose(got.reshape(()), want, rtol=1e-4, atol=1e-6):
                    return False
        return True

    return verdict(
        "cross-entropy from logits", fn, ok,
        "compare with keras.losses.SparseCategoricalCrossentropy(from_logits=True) on small "
        "logits first, then on logits like [1000, 1001, 1002]: does anything overflow?",
        verbose=verbose)


# ----------------------------------------------------------------------- 03 Activation functions


def _swish_derivative(z, beta: float) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    s = 1.0 / (1.0 + np.exp(-beta * z))
    return s + beta * z * s * (1.0 - s)


def check_swish_derivative(fn: Any, *, betas: Sequence[float] = (0.5, 1.0, 1.702, 5.0),
                           verbose: bool = True) -> CheckResult:
    """03: ``fn(z, beta)``, the derivative of swish, ``z * sigmoid(beta * z)``, with respect to z.

    Args:
        fn: the student's function of ``z`` (array of shape (n_points,)) and ``beta`` (a
            positive number), returning the derivative at every point, shape (n_points,).
        betas: the values of ``beta`` the function is tested with.
        verbose: print the verdict (it is returned either way).

    Raises:
        ValueError: if ``betas`` is empty or holds a value that is not a positive number (a
            mistake in the notebook, not in the answer).

    Example:
        >>> checks.check_swish_derivative(swish_derivative)
    """
    betas = [float(b) for b in check.array(betas, "betas", non_empty=False,
                                           finite=False).reshape(-1)]
    if not betas or not all(np.isfinite(b) and b > 0 for b in betas):
        raise ValueError(f"betas must be one or more positive numbers, got {betas}")
    z = np.linspace(-6.0, 6.0, 49)
    return check_function(
        "swish derivative", fn, _swish_derivative, [(z, b) for b in betas], rtol=1e-4,
        atol=1e-6,
        hint="apply the product rule to z times sigmoid(beta z) and the chain rule to the inner "
             "beta z; sigmoid's derivative can be written with sigmoid's own output",
        verbose=verbose)


def _top_probability(logits: np.ndarray, temperature: float) -> float:
    z = logits / temperature
    e = np.exp(z - z.max())
    return float(e.max() / e.sum())


def check_softmax_temperature(answer: Any, *, logits: ArrayLike, target: float, atol: float = 5e-3,
                              verbose: bool = True) -> CheckResult:
    """03: a temperature T at which ``softmax(logits / T)``'s largest probability is ``target``.

    The largest probability falls steadily from 1 (T -> 0) to 1/n_classes (T -> infinity), so
    exactly one T > 0 gives ``target``; an answer counts as correct when its largest probability
    is within ``atol`` of ``target``.

    Args:
        answer: the student's temperature, a positive number.
        logits: the scores, array of shape (n_classes,) with a single largest value.
        target: the wanted largest probability, strictly between 1/n_classes and 1.
        atol: the tolerance on the largest probability.
        verbose: print the verdict (it is returned either way).

    Raises:
        ValueError: if ``logits`` has fewer than two finite values or a tied maximum, or
            ``target`` cannot be reached (mistakes in the notebook, not in the answer).

    Example:
        >>> checks.check_softmax_temperature(2.5, logits=[0.1, 1.0, 5.0], target=0.5)
    """
    z = np.asarray(logits, dtype=float).reshape(-1)
    if len(z) < 2 or not np.all(np.isfinite(z)):
        raise ValueError(f"logits must hold at least two finite numbers, got {z.tolist()}")
    if np.sum(z == z.max()) > 1:
        raise ValueError(f"logits must have a single largest value, got {z.tolist()}")
    if not 1.0 / len(z) < float(target) < 1.0:
        raise ValueError(f"target must lie strictly between 1/{len(z)} and 1, got {target}")

    def ok(a):
        t = float(_as_numbers(a).reshape(()))
        return bool(np.isfinite(t) and t > 0
                    and abs(_top_probability(z, t) - float(target)) <= atol)

    return verdict(
        "softmax temperature", answer, ok,
        "a higher temperature flattens the probabilities and a lower one sharpens them; compute "
        "the largest probability for a few temperatures and narrow the interval down",
        verbose=verbose)


def check_sigmoid_chain_bound(answer: Any, *, depth: int, weight: float, verbose: bool = True
                              ) -> CheckResult:
    """03: the largest factor by which a chain of sigmoid neurons can scale a gradient.

    The chain has ``depth`` layers of one neuron each, every weight equal to ``weight``:
    ``a_l = sigmoid(weight * a_(l-1) + b_l)``. The answer is the bound on |d a_depth / d a_0|.

    Args:
        answer: the student's bound, a number.
        depth: the number of sigmoid layers, a positive integer.
        weight: the weight of every layer.
        verbose: print the verdict (it is returned either way).

    Raises:
        ValueError: if ``depth`` is not a positive integer or ``weight`` is not finite.

    Example:
        >>> checks.check_sigmoid_chain_bound(answer, depth=6, weight=3.0)
    """
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    weight = check.number(weight, "weight")
    expected = (abs(weight) * 0.25) ** int(depth)
    return check_close(
        "sigmoid chain bound", answer, expected, rtol=1e-3, atol=0.0,
        hint="by the chain rule every layer multiplies the gradient by its weight times "
             "sigmoid's derivative at that layer; how large can sigmoid's derivative be?",
        verbose=verbose)


# 03: the playground exercise (helpers.playground)


def _reaches(config, units: int, seeds: Sequence[int], target: float) -> bool:
    """Whether one hidden layer of ``units`` units reaches ``target`` at one of ``seeds``."""
    from . import playground

    return any(playground.train(config, hidden_layers=1, units=units, seed=seed).val_accuracy
               >= target for seed in seeds)


def check_ring_units(answer: Any, *, config: Any, seeds: Sequence[int] = (0, 1, 2),
                     target: float = 0.9, verbose: bool = True) -> CheckResult:
    """03: the fewest units one hidden layer needs to reach ``target`` on the playground's rings.

    The check trains the answer with :func:`helpers.playground.train`: ``config`` with one
    hidden layer of ``answer`` units, at each of ``seeds`` until one run reaches a validation
    accuracy of at least ``target``; and ``answer - 1`` units at every seed, none of which may
    reach it. A small network's training depends on its start, so a number of units counts as
    enough when one of the seeds reaches ``target``.

    Args:
        answer: the student's number of units, a whole number.
        config: the :class:`helpers.playground.PlaygroundConfig` to train (its ``hidden_layers``,
            ``units`` and ``seed`` are replaced); its activation must not be ``"linear"``.
        seeds: the seeds tried, one or more non-negative integers.
        target: the validation accuracy to reach, in (0.5, 1].
        verbose: print the verdict (it is returned either way).

    Raises:
        TypeError: if ``config`` is not a PlaygroundConfig, or ``seeds`` does not hold integers.
        ValueError: if ``config`` has the linear activation, ``seeds`` is empty or negative, or
            ``target`` is out of range (mistakes in the notebook, not in the answer).

    Example:
        >>> checks.check_ring_units(answer, config=config)
    """
    from . import playground

    if not isinstance(config, playground.PlaygroundConfig):
        raise TypeError(f"config must be a playground.PlaygroundConfig, got "
                        f"{type(config).__name__}")
    if config.activation == "linear":
        raise ValueError("config must have a nonlinear activation, got 'linear'")
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"seeds must be a sequence of integers, got {type(seeds).__name__}")
    seeds = [check.integer(s, "seeds", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold one or more seeds, got none")
    target = check.number(target, "target", maximum=1)
    if target <= 0.5:
        raise ValueError(f"target must be in (0.5, 1], got {target}")
    top = 16  # the largest number of units a PlaygroundConfig allows
    hints = {
        "count": f"answer with a whole number of units, from 1 to {top}",
        "few": "that many units never reach the target at these seeds: each unit of the first "
               "hidden layer draws one straight line, and the output can only combine what "
               "lies on either side of those lines; how many lines enclose a region around the "
               "inner ring?",
        "many": "fewer units also reach the target: try one unit less",
    }
    state = {"hint": hints["count"]}

    def ok(a):
        n = _as_numbers(a)
        if n.shape != () or not float(n).is_integer() or not 1 <= float(n) <= top:
            return False
        n = int(n)
        if not _reaches(config, n, seeds, target):
            state["hint"] = hints["few"]
            return False
        if n > 1 and _reaches(config, n - 1, seeds, target):
            state["hint"] = hints["many"]
            return False
        return True

    if is_placeholder(answer):
        return _report("fewest units for the rings", NOT_ATTEMPTED, verbose=verbose)
    try:
        good = bool(ok(answer))
    except (TypeError, ValueError) as exc:  # a string, an array: not a number of units
        return _report("fewest units for the rings", INCORRECT,
                       f"{hints['count']} (checking it raised {type(exc).__name__})",
                       verbose=verbose)
    return _report("fewest units for the rings", CORRECT if good else INCORRECT,
                   "" if good else state["hint"], verbose=verbose)


# ---------------------------------------------------------------------- 04 Weight initialization


def _fan(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_glorot_limit(answer: Any, *, fan_in: int, fan_out: int, verbose: bool = True
                       ) -> CheckResult:
    """04: the limit ``a`` of Glorot uniform, ``W ~ Uniform(-a, a)``, for a given layer.

    Args:
        answer: the student's limit (a positive number).
        fan_in: inputs of the layer.
        fan_out: units of the layer.
        verbose: print the verdict (it is returned either way).
    """
    fan_in, fan_out = _fan(fan_in, "fan_in"), _fan(fan_out, "fan_out")
    variance = 2.0 / (fan_in + fan_out)
    expected = np.sqrt(3.0 * variance)
    hint = ("start from Glorot's variance and use the variance of a uniform distribution on "
            "[-a, a], which is a²/3")
    if not is_placeholder(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            value = None
        if isinstance(answer, (str, bytes)):
            value = None
        if value is not None and np.isclose(value, np.sqrt(variance), rtol=1e-3):
            hint = ("that is the standard deviation; the limit of a uniform distribution is "
                    "larger than its standard deviation")
        elif value is not None and np.isclose(value, 1 / np.sqrt(fan_in + fan_out), rtol=1e-3):
            hint = ("that is the limit from lecture-b's formula, which is wrong: derive it from "
                    "Glorot's variance instead")
    return check_close("Glorot uniform limit", answer, expected, hint=hint, rtol=1e-3,
                       verbose=verbose)


#: sigma'(0) of the activations the one-neuron chain exercise accepts.
_SLOPE_AT_ZERO = {"sigmoid": 0.25, "tanh": 1.0}


def check_chain_factor(answer: Any, *, w: float, depth: int, activation: str,
                       verbose: bool = True) -> CheckResult:
    """04: the factor by which the error changes through a one-neuron chain at z = 0.

    Args:
        answer: the student's factor, ``Δ_1 / Δ_L`` for a chain of ``depth`` layers.
        w: the weight of every layer.
        depth: the number of layers the error passes.
        activation: ``"sigmoid"`` or ``"tanh"``.
        verbose: print the verdict (it is returned either way).
    """
    if activation not in _SLOPE_AT_ZERO:
        raise ValueError(f"activation must be one of {sorted(_SLOPE_AT_ZERO)}, got "
                         f"{activation!r}")
    depth = _fan(depth, "depth")
    w = check.number(w, "w")
    expected = (w * _SLOPE_AT_ZERO[activation]) ** depth
    return check_close(
        "one-neuron chain factor", answer, expected, rtol=1e-3, atol=0.0,
        hint=f"each layer multiplies the error by w·σ'(z) with z = 0; look up σ'(0) of the "
             f"{activation} (it is not always 1) and count the layers", verbose=verbose)


def check_he_initializer(answer: Any, *, fan_in: int, fan_out: int, verbose: bool = True
                         ) -> CheckResult:
    """04: a Keras initializer that gives weights He's variance, 2 / fan_in, with mean 0.

    Samples a kernel of shape (fan_in, fan_out) from ``answer`` and compares its empirical
    mean and variance with He's (within 5 %).

    Args:
        answer: a Keras initializer (any callable taking ``shape=``).
        fan_in: inputs of the layer.
        fan_out: units of the layer (use a few hundred so the sample is large).
        verbose: print the verdict (it is returned either way).
    """
    fan_in, fan_out = _fan(fan_in, "fan_in"), _fan(fan_out, "fan_out")
    target = 2.0 / fan_in

    def ok(init):
        if not callable(init):
            raise TypeError("not an initializer")
        # keras.ops.convert_to_numpy (in _as_numbers): np.asarray fails on a GPU tensor.
        sample = _as_numbers(init(shape=(fan_in, fan_out)))
        if sample.shape != (fan_in, fan_out):
            return False
        return (abs(sample.var() / target - 1) < 0.05
                and abs(sample.mean()) < 0.05 * np.sqrt(target))

    return verdict(
        "He initializer", answer, ok,
        "ReLU zeroes about half of its inputs, so the weights need twice the variance that "
        "keeps a linear layer's signal; check scale, mode (which fan?) and that the mean is 0",
        verbose=verbose)


# -------------------------------------------------------------- 05 Optimizers and learning rates


def check_update_count(answer: Any, *, n_samples: int, batch_size: int, epochs: int,
                       verbose: bool = True) -> CheckResult:
    """05: how many optimizer updates ``model.fit`` makes (iterations, not epochs).

    Args:
        answer: the student's count (an int).
        n_samples: training samples.
        batch_size: samples per update.
        epochs: passes over the training data.
        verbose: print the verdict (it is returned either way).
    """
    sizes = {"n_samples": n_samples, "batch_size": batch_size, "epochs": epochs}
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    expected = -(-int(n_samples) // int(batch_size)) * int(epochs)
    return verdict(
        "update count", answer, lambda a: _is_count(a, expected),
        "one epoch visits every sample once, one batch per update; a last, smaller batch "
        "still makes an update", verbose=verbose)


def check_max_stable_lr(answer: Any, *, curvatures: ArrayLike, verbose: bool = True) -> CheckResult:
    """05: the learning rate above which plain gradient descent diverges on a quadratic.

    The quadratic is ``0.5 * sum(c_i * w_i**2)`` with curvatures (second derivatives) ``c_i``.

    Args:
        answer: the student's learning rate (a float).
        curvatures: the positive curvatures, e.g. (0.1, 5.0) for the canyon.
        verbose: print the verdict (it is returned either way).
    """
    c = check.array(curvatures, "curvatures", non_empty=False).reshape(-1)
    if c.size == 0 or not (c > 0).all():
        raise ValueError(f"curvatures must be positive numbers, got {curvatures!r}")
    expected = 2.0 / c.max()
    return check_close(
        "largest stable learning rate", answer, expected, rtol=1e-3, atol=0.0,
        hint="one step multiplies each coordinate by (1 - lr * c_i); it diverges once that "
             "factor drops below -1 for some coordinate — which one goes first?",
        verbose=verbose)


def _adagrad_reference(w, g, accumulator, lr, eps):
    accumulator = accumulator + g**2
    return np.stack([w - lr * g / np.sqrt(accumulator + eps), accumulator])


def check_adagrad_step(fn: Any, *, verbose: bool = True) -> CheckResult:
    """05: one AdaGrad update as Keras computes it.

    ``fn(w, g, accumulator, lr, eps)`` must return ``(new_w, new_accumulator)``, arrays of the
    shape of ``w``.
    """
    rng = np.random.default_rng(5)
    inputs = []
    for n in (1, 3, 8):
        inputs.append((rng.normal(size=n), rng.normal(size=n), rng.uniform(0.1, 2.0, size=n),
                       0.1, 1e-7))
    inputs.append((np.ones(2), np.array([1e-4, 0.0]), np.zeros(2), 0.5, 1e-7))
    return check_function(
        "AdaGrad step", fn, _adagrad_reference, inputs, rtol=1e-6, atol=1e-9,
        hint="add this step's squared gradient to the accumulator before using it, and put "
             "epsilon where Keras puts it (under the square root)", verbose=verbose)


# ----------------------------------------------------------------------------- 06 Regularization


def _penalty_gradient(w, l1, l2):
    w = np.asarray(w, dtype=float)
    return l1 * np.sign(w) + 2.0 * l2 * w


def check_penalty_gradient(fn: Any, *, verbose: bool = True) -> CheckResult:
    """06: the gradient that ``keras.regularizers.L1L2(l1, l2)`` adds to every weight.

    Args:
        fn: the student's ``fn(w, l1, l2)``, ``w`` an array of any shape, returning an array of
            the same shape (weights are never exactly zero in the test inputs).
        verbose: print the verdict (it is returned either way).
    """
    rng = np.random.default_rng(6)
    inputs = [(rng.normal(scale=0.1, size=(4, 3)), 0.01, 0.0),
              (rng.normal(scale=0.1, size=(4, 3)), 0.0, 0.01),
              (rng.normal(size=(5,)), 1e-3, 1e-2),
              (np.array([[-2.0, 0.5], [3.0, -0.25]]), 0.5, 0.25)]
    return check_function(
        "penalty gradient", fn, _penalty_gradient, inputs,
        hint="differentiate each penalty term separately: what is the slope of |w|, and of "
             "w squared? Keras writes the penalties without a factor 0.5 in front",
        verbose=verbose)


def _fold_batchnorm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon):
    scale = np.asarray(gamma, float) / np.sqrt(np.asarray(moving_variance, float) + epsilon)
    return (np.asarray(kernel, float) * scale,
            (np.asarray(bias, float) - moving_mean) * scale + beta)


def check_fold_batchnorm(fn: Any, *, epsilon: float = 1e-3, verbose: bool = True) -> CheckResult:
    """06: fold an inference-mode BatchNormalization into the Dense layer before it.

    Args:
        fn: the student's ``fn(kernel, bias, gamma, beta, moving_mean, moving_variance,
            epsilon)`` returning ``(new_kernel, new_bias)``, so that ``x @ new_kernel +
            new_bias`` equals the Dense layer followed by the BatchNormalization at inference.
            ``kernel`` has shape (n_inputs, n_units); the other arrays shape (n_units,).
        epsilon: the BatchNormalization's epsilon (Keras' default is 1e-3).
        verbose: print the verdict (it is returned either way).
    """
    rng = np.random.default_rng(60)
    cases = []
    for n_in, n_units in ((3, 4), (5, 2), (1, 1)):
        cases.append((rng.normal(size=(n_in, n_units)), rng.normal(size=n_units),
                      rng.uniform(0.5, 2.0, n_units), rng.normal(size=n_units),
                      rng.normal(size=n_units), rng.uniform(0.1, 3.0, n_units), epsilon))
    return check_function(
        "fold batch norm", fn, _fold_batchnorm, cases,
        hint="at inference batch norm is a fixed affine map per unit (a constant factor, then a "
             "constant shift): apply it to x @ kernel + bias and regroup the terms",
        verbose=verbose)


# --------------------------------------------------------------- 07 Early stopping and callbacks


def _as_losses(val_losses) -> np.ndarray:
    values = check.array(val_losses, "val_losses", non_empty=False, finite=False).reshape(-1)
    if len(values) == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"val_losses must be a non-empty list of finite numbers, got {values}")
    return values


def _early_stopping_outcome(val_losses: ArrayLike, *, patience: int, min_delta: float = 0.0
                            ) -> tuple[int, int]:
    """What ``keras.callbacks.EarlyStopping`` on a loss does with a recorded validation curve.

    The rule of Keras' callback (``mode="min"``, no baseline, ``start_from_epoch=0``): an epoch
    improves when its value is below the best so far by more than ``min_delta``; training
    stops at the first epoch that ends ``patience`` epochs (or more) after the last
    improvement; ``restore_best_weights=True`` restores the last improving epoch.

    Args:
        val_losses: the monitored value of each epoch, in order.
        patience: epochs without improvement tolerated before stopping (>= 0).
        min_delta: the smallest decrease that counts as an improvement (>= 0).

    Returns:
        ``(epochs_trained, restored_epoch)``, both counted from 1.

    Raises:
        ValueError: if ``val_losses`` is empty or not finite, or an option is negative.

    Example:
        >>> checks._early_stopping_outcome([0.9, 0.7, 0.8, 0.75, 0.72], patience=2)
        (4, 2)
    """
    values = _as_losses(val_losses)
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 0:
        raise ValueError(f"patience must be an int >= 0, got {patience!r}")
    min_delta = check.number(min_delta, "min_delta")
    if min_delta < 0:
        raise ValueError(f"min_delta must be a number >= 0, got {min_delta!r}")
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(values):
        wait += 1
        if best is None or value + min_delta < best:
            best, best_epoch, wait = value, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            return epoch + 1, best_epoch + 1
    return len(values), best_epoch + 1


def check_early_stopping(answer: Any, *, val_losses: ArrayLike, patience: int,
                         min_delta: float = 0.0, verbose: bool = True) -> CheckResult:
    """07: how many epochs EarlyStopping lets run, and which epoch it restores.

    Args:
        answer: the student's ``(epochs_trained, restored_epoch)``, both counted from 1.
        val_losses: the validation losses of the exercise, one per epoch.
        patience: the callback's ``patience``.
        min_delta: the callback's ``min_delta``.
        verbose: print the verdict (it is returned either way).
    """
    expected = _early_stopping_outcome(val_losses, patience=patience, min_delta=min_delta)

    def ok(a):
        got = _as_numbers(a)
        return got.shape == (2,) and tuple(got) == expected

    return verdict(
        "early stopping", answer, ok,
        "walk the epochs in order keeping the best value so far; a value counts as better only "
        "if it beats the best by more than min_delta; count the epochs since the last "
        "improvement and stop when that count reaches patience (epochs count from 1)",
        verbose=verbose)


def _plateau_learning_rate(*, initial_lr: float, factor: float, patience: int,
                           flat_epochs: int, min_lr: float = 0.0) -> float:
    """The learning rate ``keras.callbacks.ReduceLROnPlateau`` leaves after a plateau.

    The plateau is ``flat_epochs`` epochs in a row without improvement, right after an
    improving epoch; ``cooldown=0``. Each time ``patience`` of them have passed since the last
    improvement or cut, the rate is multiplied by ``factor`` (never below ``min_lr``) and the
    count starts again.

    Raises:
        ValueError: if an option is out of range.

    Example:
        >>> checks._plateau_learning_rate(initial_lr=0.1, factor=0.5, patience=2, flat_epochs=5)
        0.025
    """
    initial_lr = check.number(initial_lr, "initial_lr")
    factor = check.number(factor, "factor")
    min_lr = check.number(min_lr, "min_lr")
    if not initial_lr > 0 or not 0 < factor < 1 or not min_lr >= 0:
        raise ValueError(f"need initial_lr > 0, 0 < factor < 1 and min_lr >= 0, got "
                         f"{initial_lr}, {factor}, {min_lr}")
    for name, value in (("patience", patience), ("flat_epochs", flat_epochs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be an int >= 0, got {value!r}")
    lr, wait = float(initial_lr), 0
    for _ in range(flat_epochs):
        wait += 1
        if wait >= patience:
            if lr > min_lr:
                lr = max(lr * factor, min_lr)
            wait = 0
    return lr


def check_plateau_lr(answer: Any, *, initial_lr: float, factor: float, patience: int,
                     flat_epochs: int, min_lr: float = 0.0, verbose: bool = True
                     ) -> CheckResult:
    """07: the learning rate after ReduceLROnPlateau has seen ``flat_epochs`` flat epochs."""
    expected = _plateau_learning_rate(initial_lr=initial_lr, factor=factor, patience=patience,
                                      flat_epochs=flat_epochs, min_lr=min_lr)
    return check_close(
        "learning rate after the plateau", answer, expected, rtol=1e-6, atol=0.0,
        hint="count how many times `patience` flat epochs fit into the plateau (the count "
             "restarts after each cut), then multiply the rate by `factor` that many times",
        verbose=verbose)


# ------------------------------------------------------------------------------ 08 Fashion-MNIST


def _confusion_inputs() -> list[np.ndarray]:
    """Confusion matrices to test a student's function on (every column sum positive)."""
    rng = np.random.default_rng(8)
    mats = [rng.integers(1, 50, size=(k, k)) + np.diag(rng.integers(50, 500, size=k))
            for k in (2, 3, 10)]
    mats.append(np.array([[5, 0], [3, 2]]))
    return mats


def check_per_class_precision(fn: Any, *, verbose: bool = True) -> CheckResult:
    """08: ``fn(cm)`` returns each class's precision from a confusion matrix.

    ``cm[i, j]`` counts images of true class ``i`` predicted as ``j``; the precision of class
    ``j`` is the fraction of the images predicted as ``j`` that truly are ``j``.
    """
    return check_function(
        "per-class precision", fn, lambda cm: np.diag(cm) / cm.sum(axis=0),
        _confusion_inputs(),
        hint="precision starts from what the model predicted: which axis of cm holds the "
             "predictions, and what do you divide the correct counts by?",
        verbose=verbose)


def check_final_parameter_count(answer: Any, *, hidden_units: Sequence[int] = (1024, 256),
                                n_inputs: int = 784, n_classes: int = 10, verbose: bool = True
                                ) -> CheckResult:
    """08: ``count_params()`` of the final recipe's MLP with other hidden layer sizes.

    Each hidden layer is a Dense layer without bias followed by BatchNormalization (which
    keeps a scale, a shift, a moving mean and a moving variance per unit); the output layer
    is a Dense softmax layer with bias. Dropout has no parameters.
    """
    if isinstance(hidden_units, (str, bytes)) or not isinstance(hidden_units, Iterable):
        raise TypeError(f"hidden_units must be a sequence of ints, got "
                        f"{type(hidden_units).__name__}")
    sizes = [check.integer(n_inputs, "n_inputs", minimum=1),
             *(check.integer(u, "hidden_units[...]", minimum=1) for u in hidden_units)]
    n_classes = check.integer(n_classes, "n_classes", minimum=2)
    expected = sum(a * b + 4 * b for a, b in zip(sizes[:-1], sizes[1:]))
    expected += sizes[-1] * n_classes + n_classes
    return verdict(
        "final model's parameter count", answer,
        lambda a: _is_count(a, expected),
        "go layer by layer: a Dense layer without bias holds n_in × n_out weights; a "
        "BatchNormalization layer keeps four numbers per unit (count_params includes the "
        "non-trainable ones); the output layer still has its bias", verbose=verbose)


# ------------------------------------------------------------------- 09 Convolutional networks


def _conv_output_size(size: int, kernel_size: int, strides: int, padding: str) -> int:
    """The output length of a Keras convolution (or pooling) along one axis."""
    if padding == "same":
        return -(-size // strides)
    return (size - kernel_size) // strides + 1


def check_conv_output_size(answer: Any, *, size: int, kernel_size: int, strides: int = 1,
                           padding: str = "valid", verbose: bool = True) -> CheckResult:
    """09: the output height of a ``Conv2D(kernel_size, strides=, padding=)`` on size x size."""
    size = check.integer(size, "size", minimum=1)
    kernel_size = check.integer(kernel_size, "kernel_size", minimum=1)
    strides = check.integer(strides, "strides", minimum=1)
    check.choice(padding, "padding", ("valid", "same"))
    if padding == "valid" and kernel_size > size:
        raise ValueError(f"kernel_size must be <= size for 'valid' padding, got {kernel_size} "
                         f"> {size}")
    expected = _conv_output_size(size, kernel_size, strides, padding)
    return verdict(
        "convolution output size", answer, lambda a: _is_count(a, expected),
        "with 'valid' padding the kernel must fit inside the image: after its first position, "
        "count the whole strides that still fit (round down), then add that first position"
        if padding == "valid" else
        "with 'same' padding only the stride changes the size: divide and round up",
        verbose=verbose)


def _conv_params(kernel_size: int, in_channels: int, filters: int, use_bias: bool) -> int:
    return kernel_size * kernel_size * in_channels * filters + (filters if use_bias else 0)


def check_conv_parameter_count(answer: Any, *, kernel_size: int, in_channels: int, filters: int,
                               use_bias: bool = True, verbose: bool = True) -> CheckResult:
    """09: ``count_params()`` of ``Conv2D(filters, kernel_size, use_bias=)`` on ``in_channels``."""
    kernel_size = check.integer(kernel_size, "kernel_size", minimum=1)
    in_channels = check.integer(in_channels, "in_channels", minimum=1)
    filters = check.integer(filters, "filters", minimum=1)
    use_bias = check.flag(use_bias, "use_bias")
    expected = _conv_params(kernel_size, in_channels, filters, use_bias)
    return verdict(
        "convolution parameter count", answer, lambda a: _is_count(a, expected),
        "each filter has one weight per kernel position and input channel (the image size "
        "plays no part), and " + ("one bias" if use_bias else "no bias"), verbose=verbose)


def _receptive_field(layers: Sequence[tuple[int, int]]) -> int:
    """Receptive field width after a stack of (kernel size, stride) layers."""
    r, j = 1, 1
    for k, s in layers:
        r, j = r + (k - 1) * j, j * s
    return r


def check_receptive_field(answer: Any, *, layers: Sequence[tuple[int, int]],
                          verbose: bool = True) -> CheckResult:
    """09: the receptive-field width after ``layers``, a list of (kernel size, stride) pairs."""
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Iterable):
        raise TypeError(f"layers must be a list of (kernel_size, stride) pairs, got "
                        f"{type(layers).__name__}")
    pairs = []
    for pair in layers:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"layers must hold (kernel_size, stride) pairs, got {pair!r}")
        pairs.append((check.integer(pair[0], "layers[...][0]", minimum=1),
                      check.integer(pair[1], "layers[...][1]", minimum=1)))
    if not pairs:
        raise ValueError("layers must hold at least one (kernel_size, stride) pair")
    expected = _receptive_field(pairs)
    return verdict(
        "receptive field", answer, lambda a: _is_count(a, expected),
        "go layer by layer: a kernel of size k widens the field by k - 1 times the current "
        "spacing between neighbouring units, and a stride multiplies that spacing",
        verbose=verbose)
