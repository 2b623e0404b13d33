"""helpers.checks: the three verdicts, the building blocks and notebook 00's checks."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholder_is_not_attempted(placeholder, capsys):
    result = checks.check_parameter_count(placeholder, layer_sizes=(3, 2))
    assert result.status == "not attempted" and not result.correct
    assert "not attempted" in capsys.readouterr().out


def test_verdict_turns_exceptions_into_incorrect_with_hint():
    result = checks.verdict("x", "abc", lambda a: int(a) == 3, "think", verbose=False)
    assert result.status == "incorrect" and "think" in result.hint and "ValueError" in result.hint


def test_check_close_and_shapes():
    assert checks.check_close("c", [1.0, 2.0], [1.0, 2.00001], hint="h", verbose=False).correct
    assert not checks.check_close("c", [1.0], [1.0, 2.0], hint="h", verbose=False).correct
    assert not checks.check_close("c", 1.1, 1.0, hint="h", verbose=False).correct


def test_check_function():
    ok = checks.check_function("f", np.square, lambda v: v * v, [np.arange(3.0)], hint="h",
                               verbose=False)
    assert ok.correct
    bad = checks.check_function("f", np.abs, lambda v: v * v, [np.arange(3.0)], hint="h",
                                verbose=False)
    assert bad.status == "incorrect"
    assert not checks.check_function("f", 3, np.abs, [1.0], hint="h", verbose=False).correct


def test_parameter_count(capsys):
    assert checks.check_parameter_count(784 * 512 + 512 + 512 * 10 + 10,
                                        layer_sizes=(784, 512, 10)).correct
    wrong = checks.check_parameter_count(784 * 512 + 512 * 10, layer_sizes=(784, 512, 10))
    assert wrong.status == "incorrect" and "bias" in wrong.hint
    out = capsys.readouterr().out
    assert "correct ✓" in out and "incorrect, hint:" in out
    assert str(784 * 512 + 512 + 512 * 10 + 10) not in out, "a hint must not reveal the answer"
    assert not checks.check_parameter_count(2.5, layer_sizes=(1, 1), verbose=False).correct
    with pytest.raises(ValueError, match="layer_sizes"):
        checks.check_parameter_count(3, layer_sizes=(4,))


def test_batch_shape():
    kwargs = {"batch_size": 32, "height": 28, "width": 28, "channels": 1, "verbose": False}
    assert checks.check_batch_shape((32, 28, 28, 1), **kwargs).correct
    assert not checks.check_batch_shape((32, 1, 28, 28), **kwargs).correct
    assert not checks.check_batch_shape((28, 28, 1), **kwargs).correct


def test_vectorised_mse():
    def good(t, p):
        return np.mean((np.asarray(t) - np.asarray(p)) ** 2)

    def forgot_square(t, p):
        return np.mean(np.asarray(t) - np.asarray(p))

    assert checks.check_vectorised_mse(good, verbose=False).correct
    assert not checks.check_vectorised_mse(forgot_square, verbose=False).correct
    stub = checks.check_vectorised_mse(lambda t, p: None, verbose=False)
    assert stub.status == "not attempted"


def test_public_names_are_the_checks_and_their_building_blocks():
    public = {name for name in dir(checks) if callable(getattr(checks, name))
              and getattr(getattr(checks, name), "__module__", "") == checks.__name__
              and not name.startswith("_")}
    assert set(checks.__all__) == public  # help(checks) lists every check_... function
    # the functions that compute an exercise's answer are private, not offered to students
    assert not {"early_stopping_outcome", "plateau_learning_rate"} & set(dir(checks))
