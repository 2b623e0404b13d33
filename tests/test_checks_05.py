"""helpers.checks: notebook 05's self-checks (correct, incorrect and placeholder answers)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import checks


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_are_not_attempted(placeholder, capsys):
    results = [
        checks.check_update_count(placeholder, n_samples=100, batch_size=32, epochs=2),
        checks.check_max_stable_lr(placeholder, curvatures=(0.1, 5.0)),
        checks.check_adagrad_step(placeholder),
    ]
    assert all(r.status == "not attempted" for r in results)
    assert capsys.readouterr().out.count("not attempted") == 3


def test_update_count():
    kw = {"n_samples": 50_000, "batch_size": 128, "epochs": 3, "verbose": False}
    assert checks.check_update_count(math.ceil(50_000 / 128) * 3, **kw).correct
    assert checks.check_update_count(np.int64(1173), **kw).correct
    wrong = checks.check_update_count(50_000 // 128 * 3, **kw)  # forgot the last small batch
    assert wrong.status == "incorrect" and "batch" in wrong.hint
    assert not checks.check_update_count(3, **kw).correct  # epochs, not updates
    assert not checks.check_update_count("many", **kw).correct


def test_update_count_rejects_bad_settings():
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        checks.check_update_count(1, n_samples=10, batch_size=0, epochs=1)


def test_max_stable_lr():
    assert checks.check_max_stable_lr(0.4, curvatures=(0.1, 5.0), verbose=False).correct
    assert checks.check_max_stable_lr(2 / 3, curvatures=[3.0], verbose=False).correct
    wrong = checks.check_max_stable_lr(20.0, curvatures=(0.1, 5.0), verbose=False)
    assert wrong.status == "incorrect" and "coordinate" in wrong.hint
    assert not checks.check_max_stable_lr(0.2, curvatures=(0.1, 5.0), verbose=False).correct
    with pytest.raises(ValueError, match="curvatures must be positive"):
        checks.check_max_stable_lr(0.4, curvatures=(0.0, -1.0))


def test_adagrad_step():
    def keras_like(w, g, acc, lr, eps):
        acc = acc + g**2
        return w - lr * g / np.sqrt(acc + eps), acc

    def eps_outside(w, g, acc, lr, eps):
        acc = acc + g**2
        return w - lr * g / (np.sqrt(acc) + eps), acc

    def old_accumulator(w, g, acc, lr, eps):
        return w - lr * g / np.sqrt(acc + eps), acc + g**2

    assert checks.check_adagrad_step(keras_like, verbose=False).correct
    for wrong in (eps_outside, old_accumulator, lambda w, g, a, lr, e: w):
        result = checks.check_adagrad_step(wrong, verbose=False)
        assert result.status == "incorrect" and "accumulator" in result.hint
    assert not checks.check_adagrad_step("not a function", verbose=False).correct


def test_adagrad_stub_returning_none_is_not_attempted():
    def adagrad_step(w, g, accumulator, lr, eps=1e-7):
        return None

    assert checks.check_adagrad_step(adagrad_step, verbose=False).status == "not attempted"
