"""helpers.checks, the exercises of notebook 02: correct, incorrect and placeholder answers."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks

XNOR = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0]), np.array([-1.0, 2.0]), 1.0)


# ---------------------------------------------------------------- check_xnor_network


def test_xnor_correct_in_several_layouts():
    assert checks.check_xnor_network(XNOR, verbose=False).correct
    w1, b1, w2, b2 = XNOR
    as_lists = (w1.tolist(), b1.tolist(), w2.reshape(2, 1).tolist(), [b2])  # Keras shapes
    assert checks.check_xnor_network(as_lists, verbose=False).correct


def test_xnor_another_correct_network():
    # relu(a - b) + relu(b - a) is XOR; one minus it is XNOR
    answer = ([[1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0], [-1.0, -1.0], 1.0)
    assert checks.check_xnor_network(answer, verbose=False).correct


@pytest.mark.parametrize("answer", [
    (np.eye(2), [0.0, -1.0], [1.0, -2.0], 0.0),  # XOR, not XNOR
    ([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0),  # the XOR network itself
    (np.ones((3, 2)), [0.0, 0.0], [1.0, 1.0], 0.0),  # wrong shape
    (np.ones((2, 2)), [0.0, 0.0], [1.0, 1.0]),  # three parts
    "weights",
])
def test_xnor_incorrect(answer, capsys):
    result = checks.check_xnor_network(answer)
    assert result.status == "incorrect"
    out = capsys.readouterr().out
    assert "XNOR network: incorrect, hint:" in out
    assert "truth table" in out


def test_xnor_placeholder(capsys):
    assert checks.check_xnor_network(None).status == "not attempted"
    assert "not attempted" in capsys.readouterr().out
    assert checks.check_xnor_network(..., verbose=False).status == "not attempted"


# ---------------------------------------------------------------- check_neuron_gradient


def _reference(w, x):
    z = w[0] * x[0] + w[1] * x[1] + w[2]
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s) * np.array([x[0], x[1], 1.0])


def test_neuron_gradient_lecture_numbers():
    w, x = [2.0, -3.0, -3.0], [-1.0, -2.0]
    assert checks.check_neuron_gradient([-0.19661193, -0.39322387, 0.19661193], w=w, x=x,
                                        verbose=False).correct


def test_neuron_gradient_exercise_point():
    w, x = np.array([0.5, -1.0, 2.0]), np.array([1.0, 3.0])
    assert checks.check_neuron_gradient(_reference(w, x), w=w, x=x, verbose=False).correct
    assert checks.check_neuron_gradient(list(_reference(w, x)), w=w, x=x,
                                        verbose=False).correct


@pytest.mark.parametrize("answer", [
    [0.1, 0.1, 0.1],
    [-0.20, -0.39, 0.20, 0.0],  # the right numbers plus one: wrong shape
    [-0.39, -0.20, 0.20],  # swapped
    "gradient",
])
def test_neuron_gradient_incorrect(answer, capsys):
    result = checks.check_neuron_gradient(answer, w=[2.0, -3.0, -3.0], x=[-1.0, -2.0])
    assert result.status == "incorrect"
    out = capsys.readouterr().out
    assert "local gradients" in out
    assert "0.20" not in out and "0.39" not in out  # the hint does not give the answer away


def test_neuron_gradient_placeholder():
    assert checks.check_neuron_gradient(None, w=[1, 2, 3], x=[1, 2],
                                        verbose=False).status == "not attempted"


def test_neuron_gradient_rejects_bad_exercise_inputs():
    with pytest.raises(ValueError, match="w must have shape \\(3,\\) and x shape \\(2,\\)"):
        checks.check_neuron_gradient([0, 0, 0], w=[1.0, 2.0], x=[1.0, 2.0])
    with pytest.raises(ValueError, match="got \\(3,\\) and \\(3,\\)"):
        checks.check_neuron_gradient([0, 0, 0], w=[1.0, 2.0, 3.0], x=[1.0, 2.0, 3.0])


# ---------------------------------------------------------------- check_cross_entropy_from_logits


def _stable(logits, labels):
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), np.asarray(labels)].mean()


def _naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.log(p[np.arange(len(labels)), labels]).mean()


def test_cross_entropy_correct():
    assert checks.check_cross_entropy_from_logits(_stable, verbose=False).correct


def test_cross_entropy_correct_with_keras():
    import keras

    def with_keras(logits, labels):
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        return float(loss(labels, logits.astype("float32")))

    assert checks.check_cross_entropy_from_logits(with_keras, verbose=False).correct


@pytest.mark.parametrize("fn", [
    _naive,  # right on small logits, overflows on large ones
    lambda z, k: _stable(z, k) * len(k),  # a sum, not a mean
    lambda z, k: np.full(len(k), _stable(z, k)),  # one value per sample, not one number
    lambda z, k: -_stable(z, k),  # the sign
    "not a function",
])
def test_cross_entropy_incorrect(fn, capsys):
    with np.errstate(all="raise"):  # the check must keep overflow warnings to itself
        result = checks.check_cross_entropy_from_logits(fn)
    assert result.status == "incorrect"
    out = capsys.readouterr().out
    assert "from_logits=True" in out and "overflow" in out


def test_cross_entropy_placeholders():
    def stub(logits, labels):
        return None

    assert checks.check_cross_entropy_from_logits(None, verbose=False).status == "not attempted"
    assert checks.check_cross_entropy_from_logits(stub, verbose=False).status == "not attempted"


def test_cross_entropy_function_that_raises_is_incorrect():
    def broken(logits, labels):
        raise IndexError("oops")

    result = checks.check_cross_entropy_from_logits(broken, verbose=False)
    assert result.status == "incorrect" and "IndexError" in result.hint
