"""helpers.checks, notebook 08's exercises: per-class precision, the final model's size."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


def test_per_class_precision_correct():
    assert checks.check_per_class_precision(
        lambda cm: np.diag(cm) / cm.sum(axis=0), verbose=False).correct
    loops = lambda cm: [cm[j, j] / sum(cm[i, j] for i in range(len(cm)))  # noqa: E731
                        for j in range(len(cm))]
    assert checks.check_per_class_precision(loops, verbose=False).correct


def test_per_class_precision_incorrect_recall_gets_a_hint(capsys):
    result = checks.check_per_class_precision(lambda cm: np.diag(cm) / cm.sum(axis=1))
    assert result.status == "incorrect" and "axis" in result.hint
    assert "incorrect, hint" in capsys.readouterr().out
    broken = checks.check_per_class_precision(lambda cm: cm.nope, verbose=False)
    assert broken.status == "incorrect" and "AttributeError" in broken.hint


@pytest.mark.parametrize("placeholder", [None, ...])
def test_per_class_precision_placeholders(placeholder):
    assert checks.check_per_class_precision(placeholder, verbose=False).status == "not attempted"

    def stub(cm):
        return None

    assert checks.check_per_class_precision(stub, verbose=False).status == "not attempted"


def test_final_parameter_count_matches_keras():
    from helpers import models

    recipe = models.Recipe(name="variant", hidden_units=(1024, 256), batch_size=32, epochs=1,
                           batch_norm=True, he_init=True, dropout=0.2)
    count = models.build(recipe, compile=False).count_params()
    assert checks.check_final_parameter_count(count, verbose=False).correct
    assert checks.check_final_parameter_count(float(count), verbose=False).correct
    assert checks.check_final_parameter_count(
        models.build_final(steps_per_epoch=1, compile=False).count_params(),
        hidden_units=(512, 512), verbose=False).correct


def test_final_parameter_count_incorrect_and_placeholder():
    trainable_only = 784 * 1024 + 2 * 1024 + 1024 * 256 + 2 * 256 + 256 * 10 + 10
    wrong = checks.check_final_parameter_count(trainable_only, verbose=False)
    assert wrong.status == "incorrect" and "four numbers" in wrong.hint
    assert checks.check_final_parameter_count("many", verbose=False).status == "incorrect"
    assert checks.check_final_parameter_count(None, verbose=False).status == "not attempted"
