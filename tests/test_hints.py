"""Hints stay hints: for every check, the text a wrong answer gets does not contain the answer.

The correct answer of each exercise is its instructor solution (solutions/, run outside the
notebook by tools/instructor.py). Each check is called, as in its notebook, with wrong answers:
generic ones made from the correct answer (scaled, shifted, as a string; a function whose
results are scaled and shifted) and each check's typical mistakes, which trigger its special
hints. The printed verdict and ``str(result)`` must not contain the correct answer: its value
in the usual formats, or for a function exercise a line of the solution's code.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import checks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import instructor  # noqa: E402

import notebooks as nbtools  # noqa: E402

STEMS = [stem for stem, _ in nbtools.COURSE if (nbtools.NOTEBOOKS / f"{stem}.ipynb").exists()]
SOLVED = [(stem, cell_id) for stem in STEMS for cell_id in instructor.load_solutions(stem)]
BUILDING_BLOCKS = {"check_close", "check_function"}

#: Typical mistakes by exercise cell id: functions of the solution's namespace.
MISTAKES = {
    "a4dfb781": [lambda ns: 784 * 128 + 128 * 64 + 64 * 10],  # biases forgotten
    "e8fba49d": [lambda ns: (16, 3, 32, 32), lambda ns: (32, 32, 3)],
    "fe37f6fe": [  # statistics of the test split, of both splits; transposed
        lambda ns: (ns["ex_test"] - ns["ex_test"].mean(0)) / ns["ex_test"].std(0),
        lambda ns: (ns["ex_test"] - ns["ex_x"].mean(0)) / ns["ex_x"].std(0),
        lambda ns: ns["answer"].T],
    "203c739c": [lambda ns: np.eye(3), lambda ns: ns["eigenvectors"]],
    "0a8ee7f8": [lambda ns: (np.ones((2, 2)), np.array([0.0, -1.0]), np.array([1.0, -2.0]), 0.0)],
    "74de4c1f": [lambda ns: -ns["answer"], lambda ns: ns["answer"][:2]],
    "5f2bab85": [lambda ns: 1.0, lambda ns: 0.5, lambda ns: -ns["answer"]],
    "821c0dec": [lambda ns: 0.25**6, lambda ns: 3.0**6],
    "a21c09e9": [lambda ns: np.sqrt(2 / 428), lambda ns: 1 / np.sqrt(428)],  # std; lecture b
    "bd71e282": [lambda ns: 3.0**12, lambda ns: 0.25**12],
    "caf48405": [lambda ns: keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", seed=1),
                 lambda ns: keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", seed=1),
                 lambda ns: keras.initializers.GlorotUniform(seed=1)],
    "7e90d143": [lambda ns: 50_000 // 128 * 3, lambda ns: 3, lambda ns: 50_000 * 3 / 128],
    "167ef04f": [lambda ns: 2 / 0.1, lambda ns: 1 / 5.0],
    "28346e1c": [lambda ns: (9, 6), lambda ns: (12, 9), lambda ns: (8, 6), lambda ns: (7, 4)],
    "0060a9ad": [lambda ns: 1e-3 * 0.5**10, lambda ns: 1e-3 * 0.5**4, lambda ns: 1e-3],
    # 09: 'same' padding's size, the +1 forgotten, the stride ignored
    "f0679e92": [lambda ns: 28 // 2, lambda ns: (28 - 7) // 2, lambda ns: 28 - 7 + 1],
    # 09: input channels forgotten, the bias forgotten, one bias per input channel
    "828c4398": [lambda ns: 5 * 5 * 32 + 32, lambda ns: 5 * 5 * 16 * 32,
                 lambda ns: 5 * 5 * 16 * 32 + 16],
    # 09: the spacing ignored, the spacing taken after the third stride, kernels multiplied
    "f4191ee0": [lambda ns: 7 + 2, lambda ns: 7 + (3 - 1) * 8, lambda ns: 3 * 3 * 3],
    # functions with a typical mistake each
    "1cca604f": [lambda ns: lambda t, p: np.mean(np.abs(t - p)),
                 lambda ns: lambda t, p: np.sum((t - p) ** 2)],
    "89e2cd39": [lambda ns: lambda z, k: -np.mean(np.log(  # no shift: overflows at 1000
        np.exp(z)[np.arange(len(k)), k] / np.exp(z).sum(axis=1)))],
    "6f9f445e": [lambda ns: lambda z, beta: ns["sigmoid"](beta * z)],
    "943635fd": [lambda ns: lambda w, g, a, lr, eps=1e-7: (w - lr * g / (np.sqrt(a) + eps),
                                                           a + g**2)],
    "773ad6f8": [lambda ns: lambda w, l1, l2: l1 * np.sign(w) + l2 * w],
    "e179b06a": [lambda ns: lambda k, b, g, be, m, v, eps: (k * g / np.sqrt(v + eps),
                                                            (b - m) * g / np.sqrt(v + eps))],
    "c2822d1e": [lambda ns: lambda cm: np.diag(cm) / cm.sum(axis=1)],  # recall
    "3c8e6e05": [lambda ns: 784 * 1024 + 1024 + 1024 * 256 + 256 + 256 * 10 + 10,
                 lambda ns: (784 * 1024 + 2 * 1024) + (1024 * 256 + 2 * 256) + 256 * 10 + 10],
}


def _call(solution: str) -> tuple[str, str]:
    """The check's call statement in a solution, and the name of its first argument."""
    for node in ast.parse(solution).body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and ast.unparse(node.value.func).startswith("checks.check_")):
            return ast.get_source_segment(solution, node), node.value.args[0].id
    raise AssertionError(f"no checks.check_... call in\n{solution}")


def _shifted(value):
    """A wrong result made from a right one: scaled and shifted (tuples element by element)."""
    if isinstance(value, tuple):
        return tuple(_shifted(v) for v in value)
    return 2 * np.asarray(value, dtype=float) + 1


def _generic_mistakes(answer) -> list:
    if isinstance(answer, keras.initializers.Initializer):
        return []
    if callable(answer):
        return [lambda *args, **kwargs: _shifted(answer(*args, **kwargs))]
    wrong = [str(answer)]
    if isinstance(answer, tuple) and all(np.ndim(a) == 0 for a in answer):
        wrong += [tuple(a + 1 for a in answer), tuple(reversed(answer))]
    elif isinstance(answer, tuple):
        wrong.append(_shifted(answer))
    else:
        wrong += [_shifted(answer), np.asarray(answer) * 1.5]
    return wrong


def _forbidden(answer, solution: str) -> list[str]:
    """How the correct answer could show up in a text."""
    if isinstance(answer, keras.initializers.Initializer):  # He: the scale and the fan
        return ["fan_in", "scale=2", "scale 2", "scale of 2"]
    if callable(answer):  # a function: a line of the solution's code
        code = [line.strip() for line in solution.split("\n")]
        return [line for line in code if line and not line.startswith(("#", "def ", "result",
                                                                       "assert", '"""'))]
    if isinstance(answer, tuple) and all(np.ndim(a) == 0 for a in answer):
        return [str(answer), ", ".join(str(a) for a in answer)]
    if isinstance(answer, tuple):
        return [f"{x:.3f}" for a in answer for x in np.ravel(a) if abs(x) >= 0.01]
    values = np.ravel(np.asarray(answer, dtype=float))
    texts = set()
    for x in values:
        if abs(x) < 0.01 and x != 0:
            texts |= {f"{x:.3g}", f"{x:.2e}", f"{x:g}", repr(float(x))}
        elif float(x).is_integer() and values.size == 1:
            texts |= {str(int(x)), f"{int(x):,}", f"{int(x):_}"}
        else:
            texts |= {f"{x:.3f}", f"{x:.4g}", repr(float(x))}
            if values.size == 1:
                texts |= {f"{x:.2f}", f"{x:g}"}
    return sorted(texts)


def test_every_check_a_notebook_uses_is_covered():
    used = set()
    for stem in STEMS:
        for solution in instructor.load_solutions(stem).values():
            used.add(re.search(r"checks\.(check_\w+)\(", solution).group(1))
    offered = {n for n in checks.__all__ if n.startswith("check_")} - BUILDING_BLOCKS
    assert used == offered, (offered - used, used - offered)
    assert set(MISTAKES) <= {cell_id for _, cell_id in SOLVED}


@pytest.mark.parametrize(("stem", "cell_id"), SOLVED)
def test_wrong_answers_get_hints_without_the_answer(stem, cell_id):
    namespace = instructor.run_solution(stem, cell_id)
    solution = instructor.load_solutions(stem)[cell_id]
    call, name = _call(solution)
    answer = namespace[name]
    forbidden = _forbidden(answer, solution)
    assert forbidden, "nothing to look for"
    wrong = _generic_mistakes(answer) + [m(namespace) for m in MISTAKES.get(cell_id, [])]
    assert wrong, "no wrong answer to try"
    for value in wrong:
        scope = {**namespace, name: value}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), np.errstate(all="ignore"):
            exec(call, scope)  # noqa: S102  (the notebook's own call)
        result = scope["result"]
        assert result.status == "incorrect", (cell_id, value)
        shown = printed.getvalue() + str(result)
        assert result.hint and result.hint in shown
        leaked = [text for text in forbidden if text in shown]
        assert not leaked, f"{cell_id}: the text for a wrong answer shows {leaked}: {shown}"
