"""Self-checks of notebook 04: correct answers, wrong answers (with their hints) and the
placeholder, plus clear errors for bad exercise parameters."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks, env

env.quiet_startup()
import keras  # noqa: E402

# ------------------------------------------------------------------------ Glorot uniform limit


def test_glorot_limit_correct_incorrect_and_placeholder():
    good = np.sqrt(6 / (300 + 128))
    assert checks.check_glorot_limit(good, fan_in=300, fan_out=128, verbose=False).correct
    assert checks.check_glorot_limit(np.float32(good), fan_in=300, fan_out=128,
                                     verbose=False).correct
    result = checks.check_glorot_limit(0.5, fan_in=300, fan_out=128, verbose=False)
    assert result.status == "incorrect" and "a²/3" in result.hint
    result = checks.check_glorot_limit(None, fan_in=300, fan_out=128, verbose=False)
    assert result.status == "not attempted"
    result = checks.check_glorot_limit("big", fan_in=300, fan_out=128, verbose=False)
    assert result.status == "incorrect"


def test_glorot_limit_hints_name_the_usual_mistakes_without_the_answer():
    std = np.sqrt(2 / 428)
    result = checks.check_glorot_limit(std, fan_in=300, fan_out=128, verbose=False)
    assert result.status == "incorrect" and "standard deviation" in result.hint
    lecture = 1 / np.sqrt(428)
    result = checks.check_glorot_limit(lecture, fan_in=300, fan_out=128, verbose=False)
    assert result.status == "incorrect" and "lecture-b" in result.hint
    assert f"{np.sqrt(6 / 428):.3f}" not in result.hint


def test_glorot_limit_prints_its_verdict(capsys):
    checks.check_glorot_limit(None, fan_in=10, fan_out=10)
    assert "not attempted" in capsys.readouterr().out


def test_glorot_limit_bad_parameters():
    with pytest.raises(ValueError, match="fan_in must be a positive integer"):
        checks.check_glorot_limit(0.1, fan_in=0, fan_out=10)
    with pytest.raises(ValueError, match="fan_out must be a positive integer"):
        checks.check_glorot_limit(0.1, fan_in=10, fan_out=2.5)


# ------------------------------------------------------------------- one-neuron chain factor


def test_chain_factor_correct_incorrect_and_placeholder():
    assert checks.check_chain_factor(0.25 ** 12, w=1.0, depth=12, activation="sigmoid",
                                     verbose=False).correct
    assert checks.check_chain_factor(1.1 ** 30, w=1.1, depth=30, activation="tanh",
                                     verbose=False).correct
    wrong = checks.check_chain_factor(1.0, w=1.0, depth=12, activation="sigmoid",
                                      verbose=False)
    assert wrong.status == "incorrect" and "σ'(0)" in wrong.hint
    assert checks.check_chain_factor(0.25 ** 11, w=1.0, depth=12, activation="sigmoid",
                                     verbose=False).status == "incorrect"
    assert checks.check_chain_factor(..., w=1.0, depth=12, activation="sigmoid",
                                     verbose=False).status == "not attempted"


def test_chain_factor_bad_parameters():
    with pytest.raises(ValueError, match="activation must be one of"):
        checks.check_chain_factor(1.0, w=1.0, depth=3, activation="relu")
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        checks.check_chain_factor(1.0, w=1.0, depth=0, activation="tanh")


# -------------------------------------------------------------------------- He initializer


def test_he_initializer_correct_incorrect_and_placeholder():
    kw = dict(fan_in=500, fan_out=400, verbose=False)
    assert checks.check_he_initializer(keras.initializers.HeNormal(seed=1), **kw).correct
    assert checks.check_he_initializer(keras.initializers.HeUniform(seed=1), **kw).correct
    assert checks.check_he_initializer(
        keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", seed=3), **kw).correct
    for wrong in (keras.initializers.GlorotNormal(seed=1), keras.initializers.LecunNormal(seed=1),
                  keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", seed=1),
                  keras.initializers.RandomNormal(mean=0.1, stddev=np.sqrt(2 / 500), seed=1)):
        result = checks.check_he_initializer(wrong, **kw)
        assert result.status == "incorrect" and "ReLU" in result.hint, wrong
    result = checks.check_he_initializer("he_normal", **kw)
    assert result.status == "incorrect" and "TypeError" in result.hint
    assert checks.check_he_initializer(None, **kw).status == "not attempted"


def test_he_initializer_bad_parameters():
    with pytest.raises(ValueError, match="fan_in must be a positive integer"):
        checks.check_he_initializer(keras.initializers.HeNormal(), fan_in=-3, fan_out=10)
