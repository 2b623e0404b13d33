"""Notebook 06's self-checks: correct, incorrect and placeholder answers."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks

# ------------------------------------------------------------------ check_penalty_gradient


def _penalty_gradient(w, l1, l2):
    return l1 * np.sign(w) + 2 * l2 * w


def test_penalty_gradient_correct_matches_finite_differences():
    w, h = np.array([[0.3, -1.2], [2.0, -0.05]]), 1e-6
    l1, l2 = 0.02, 0.1

    def penalty(v):
        return l1 * np.abs(v).sum() + l2 * (v**2).sum()

    numeric = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[i] = h
        numeric[i] = (penalty(w + step) - penalty(w - step)) / (2 * h)
    np.testing.assert_allclose(_penalty_gradient(w, l1, l2), numeric, rtol=1e-6)
    result = checks.check_penalty_gradient(_penalty_gradient, verbose=False)
    assert result.correct


@pytest.mark.parametrize("wrong", [
    lambda w, l1, l2: l1 * np.sign(w) + l2 * w,  # the lecture's 0.5 in front of the L2 term
    lambda w, l1, l2: 0.5 * l1 * np.sign(w) + 2 * l2 * w,  # a 0.5 in front of the L1 term
    lambda w, l1, l2: l1 * w + 2 * l2 * w,  # |w| differentiated as w
    lambda w, l1, l2: l1 * np.abs(w).sum() + l2 * (w**2).sum(),  # the penalty, not its gradient
])
def test_penalty_gradient_incorrect(wrong, capsys):
    result = checks.check_penalty_gradient(wrong)
    assert result.status == "incorrect"
    assert "slope" in result.hint
    assert "incorrect, hint" in capsys.readouterr().out


def test_penalty_gradient_placeholders_and_stub(capsys):
    assert checks.check_penalty_gradient(None, verbose=False).status == "not attempted"
    result = checks.check_penalty_gradient(lambda w, l1, l2: None)
    assert result.status == "not attempted"
    assert "not attempted" in capsys.readouterr().out


def test_penalty_gradient_not_a_function():
    result = checks.check_penalty_gradient(0.5, verbose=False)
    assert result.status == "incorrect" and "TypeError" in result.hint


# ------------------------------------------------------------------ check_fold_batchnorm


def _fold(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon):
    scale = gamma / np.sqrt(moving_variance + epsilon)
    return kernel * scale, (bias - moving_mean) * scale + beta


def test_fold_batchnorm_correct_and_equal_to_dense_then_bn():
    rng = np.random.default_rng(0)
    kernel, bias = rng.normal(size=(3, 4)), rng.normal(size=4)
    gamma, beta = rng.uniform(0.5, 2, 4), rng.normal(size=4)
    mean, var = rng.normal(size=4), rng.uniform(0.1, 2, 4)
    x = rng.normal(size=(6, 3))
    bn_out = gamma * (x @ kernel + bias - mean) / np.sqrt(var + 1e-3) + beta
    new_kernel, new_bias = _fold(kernel, bias, gamma, beta, mean, var, 1e-3)
    np.testing.assert_allclose(x @ new_kernel + new_bias, bn_out, rtol=1e-10)
    assert checks.check_fold_batchnorm(_fold, verbose=False).correct


def test_fold_batchnorm_uses_the_given_epsilon():
    result = checks.check_fold_batchnorm(
        lambda k, b, g, be, m, v, eps: _fold(k, b, g, be, m, v, 1e-3), epsilon=0.5,
        verbose=False)
    assert result.status == "incorrect"
    assert checks.check_fold_batchnorm(_fold, epsilon=0.5, verbose=False).correct


@pytest.mark.parametrize("wrong", [
    lambda k, b, g, be, m, v, eps: (k * g / np.sqrt(v + eps), b * g / np.sqrt(v + eps) + be),
    lambda k, b, g, be, m, v, eps: (k * g / (v + eps), (b - m) * g / (v + eps) + be),
    lambda k, b, g, be, m, v, eps: (k, b),
    lambda k, b, g, be, m, v, eps: _fold(k, b, g, be, m, v, eps)[0],  # only the kernel
])
def test_fold_batchnorm_incorrect(wrong, capsys):
    result = checks.check_fold_batchnorm(wrong)
    assert result.status == "incorrect"
    assert "affine" in result.hint
    assert "incorrect, hint" in capsys.readouterr().out


def test_fold_batchnorm_placeholders_and_stub():
    assert checks.check_fold_batchnorm(None, verbose=False).status == "not attempted"
    stub = checks.check_fold_batchnorm(lambda *args: None, verbose=False)
    assert stub.status == "not attempted"
    assert checks.check_fold_batchnorm("fold", verbose=False).status == "incorrect"
