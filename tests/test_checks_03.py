"""Notebook 03's self-checks: correct, incorrect and placeholder answers, and bad set-up."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ------------------------------------------------------------------ check_swish_derivative


def _swish_derivative(z, beta):
    s = _sigmoid(beta * z)
    return s * (1 + beta * z * (1 - s))


def test_swish_derivative_correct_matches_finite_differences():
    z, h = np.linspace(-3, 3, 13), 1e-6
    for beta in (0.5, 2.0):
        def swish(t, beta=beta):
            return t * _sigmoid(beta * t)

        numeric = (swish(z + h) - swish(z - h)) / (2 * h)
        np.testing.assert_allclose(_swish_derivative(z, beta), numeric, rtol=1e-6, atol=1e-8)
    assert checks.check_swish_derivative(_swish_derivative, verbose=False).correct


@pytest.mark.parametrize("wrong", [
    lambda z, beta: _sigmoid(beta * z) * (1 + z * (1 - _sigmoid(beta * z))),  # forgot beta once
    lambda z, beta: _sigmoid(beta * z),  # only the first term of the product rule
    lambda z, beta: 1.0,  # a number, not one value per point
])
def test_swish_derivative_incorrect(wrong, capsys):
    result = checks.check_swish_derivative(wrong)
    assert result.status == "incorrect" and "product rule" in result.hint
    assert "incorrect, hint" in capsys.readouterr().out


def test_swish_derivative_placeholders_and_stub():
    assert checks.check_swish_derivative(None, verbose=False).status == "not attempted"
    assert checks.check_swish_derivative(lambda z, beta: None,
                                         verbose=False).status == "not attempted"


def test_swish_derivative_that_raises_is_incorrect():
    result = checks.check_swish_derivative(lambda z: z, verbose=False)  # missing beta
    assert result.status == "incorrect" and "TypeError" in result.hint


@pytest.mark.parametrize("betas", [(), (1.0, -2.0), (0.0,), (float("nan"),)])
def test_swish_derivative_rejects_bad_betas(betas):
    with pytest.raises(ValueError, match="betas must be one or more positive numbers"):
        checks.check_swish_derivative(_swish_derivative, betas=betas)


# --------------------------------------------------------------- check_softmax_temperature


def _temperature_for(logits, target):
    """Bisection on log T, independent of the check's own code."""
    z = np.asarray(logits, dtype=float)
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        p = np.exp((z - z.max()) / np.exp(mid))
        if p.max() / p.sum() > target:
            lo = mid
        else:
            hi = mid
    return float(np.exp(lo))


@pytest.mark.parametrize("logits, target", [([0.1, 1.0, 5.0], 0.5), ([2.0, -1.0], 0.9),
                                            ([0.0, 0.5, 1.0, 3.0], 0.3)])
def test_softmax_temperature_correct(logits, target):
    t = _temperature_for(logits, target)
    assert checks.check_softmax_temperature(t, logits=logits, target=target,
                                            verbose=False).correct
    assert checks.check_softmax_temperature(np.array([t]), logits=logits, target=target,
                                            verbose=False).correct


@pytest.mark.parametrize("answer", [1.0, 10.0, 0.0, -2.5, float("inf"), float("nan"), "hot"])
def test_softmax_temperature_incorrect(answer):
    result = checks.check_softmax_temperature(answer, logits=[0.1, 1.0, 5.0], target=0.5,
                                              verbose=False)
    assert result.status == "incorrect" and "flattens" in result.hint


def test_softmax_temperature_placeholders():
    for placeholder in (None, ...):
        result = checks.check_softmax_temperature(placeholder, logits=[0.1, 1.0, 5.0],
                                                  target=0.5, verbose=False)
        assert result.status == "not attempted"


@pytest.mark.parametrize("logits, target, match", [
    ([1.0], 0.5, "at least two finite numbers"),
    ([1.0, float("nan")], 0.7, "at least two finite numbers"),
    ([2.0, 2.0, 1.0], 0.4, "single largest value"),
    ([0.1, 1.0, 5.0], 0.2, "strictly between 1/3 and 1"),
    ([0.1, 1.0, 5.0], 1.0, "strictly between 1/3 and 1"),
])
def test_softmax_temperature_rejects_bad_setup(logits, target, match):
    with pytest.raises(ValueError, match=match):
        checks.check_softmax_temperature(1.0, logits=logits, target=target)


# --------------------------------------------------------------- check_sigmoid_chain_bound


def test_sigmoid_chain_bound_correct_is_attained_at_zero_preactivations():
    # the bound (w/4)^L is reached when every pre-activation is 0 (biases cancel w * a)
    depth, w = 6, 3.0
    a, grad = 0.0, 1.0
    for _ in range(depth):
        b = -w * a  # makes the pre-activation zero
        s = _sigmoid(w * a + b)
        grad *= w * s * (1 - s)
        a = s
    assert checks.check_sigmoid_chain_bound(grad, depth=depth, weight=w, verbose=False).correct
    assert checks.check_sigmoid_chain_bound(0.25 ** 4, depth=4, weight=-1.0,
                                            verbose=False).correct


@pytest.mark.parametrize("answer", [0.25 ** 6, 3.0 * 0.25 ** 6, 0.75 ** 5, "0.5", [1, 2]])
def test_sigmoid_chain_bound_incorrect(answer):
    result = checks.check_sigmoid_chain_bound(answer, depth=6, weight=3.0, verbose=False)
    assert result.status == "incorrect" and "chain rule" in result.hint


def test_sigmoid_chain_bound_placeholders(capsys):
    result = checks.check_sigmoid_chain_bound(None, depth=6, weight=3.0)
    assert result.status == "not attempted"
    assert "not attempted" in capsys.readouterr().out


@pytest.mark.parametrize("kwargs, match", [
    ({"depth": 0, "weight": 1.0}, "depth must be a positive integer"),
    ({"depth": 2.5, "weight": 1.0}, "depth must be a positive integer"),
    ({"depth": True, "weight": 1.0}, "depth must be a positive integer"),
    ({"depth": 3, "weight": float("inf")}, "weight must be a finite number"),
])
def test_sigmoid_chain_bound_rejects_bad_setup(kwargs, match):
    with pytest.raises(ValueError, match=match):
        checks.check_sigmoid_chain_bound(0.1, **kwargs)


# ------------------------------------------------------------------------ check_ring_units
# The check trains with helpers.playground; on the default rings (tanh, 25 epochs) one hidden
# layer of 2 units reaches 0.725, 0.76, 0.695 at seeds 0, 1, 2 (at most 0.80 over seeds 0-5) and
# 3 units reach 0.975 at seed 0 (the same on TensorFlow and JAX: the playground draws its
# initial weights with NumPy).


@pytest.fixture(scope="module")
def rings():
    from helpers import env, playground

    env.quiet_startup()
    return playground.PlaygroundConfig()


@pytest.mark.parametrize("answer", [3, 3.0, np.int64(3)])
def test_ring_units_correct(rings, answer):
    assert checks.check_ring_units(answer, config=rings, verbose=False).correct


def test_ring_units_too_few_and_too_many_get_their_hints(rings):
    few = checks.check_ring_units(2, config=rings, verbose=False)
    assert few.status == "incorrect" and "how many lines" in few.hint
    many = checks.check_ring_units(4, config=rings, verbose=False)
    assert many.status == "incorrect" and "fewer units also reach" in many.hint
    one = checks.check_ring_units(1, config=rings, verbose=False)  # a single line
    assert one.status == "incorrect" and "how many lines" in one.hint


@pytest.mark.parametrize("answer", [0, 17, 2.5, "3", [3], float("nan")])
def test_ring_units_not_a_number_of_units(rings, answer):
    result = checks.check_ring_units(answer, config=rings, verbose=False)
    assert result.status == "incorrect" and "whole number of units" in result.hint


def test_ring_units_placeholder(rings):
    assert checks.check_ring_units(None, config=rings, verbose=False).status == "not attempted"
    assert checks.check_ring_units(..., config=rings, verbose=False).status == "not attempted"


def test_ring_units_rejects_a_bad_setup(rings):
    with pytest.raises(TypeError, match="config"):
        checks.check_ring_units(3, config={"dataset": "circles"})
    with pytest.raises(ValueError, match="config"):
        checks.check_ring_units(3, config=rings.replace(activation="linear"))
    with pytest.raises(ValueError, match="seeds"):
        checks.check_ring_units(3, config=rings, seeds=())
    with pytest.raises(ValueError, match="seeds"):
        checks.check_ring_units(3, config=rings, seeds=(0, -1))
    with pytest.raises(TypeError, match="seeds"):
        checks.check_ring_units(3, config=rings, seeds="012")
    with pytest.raises(TypeError, match="seeds"):
        checks.check_ring_units(3, config=rings, seeds=(0.5,))
    for target in (0.5, 1.5, float("nan")):
        with pytest.raises(ValueError, match="target"):
            checks.check_ring_units(3, config=rings, target=target)
