"""Unit tests of helpers._validate, the argument checks every public helper uses."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import _validate as check
from helpers import env

env.quiet_startup()
from keras import ops  # noqa: E402


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_integer_accepts_python_and_numpy_ints(value):
    assert check.integer(value, "n") == 3 and type(check.integer(value, "n")) is int


@pytest.mark.parametrize(("value", "error", "match"), [
    (True, TypeError, "n must be an int, got bool"),
    (3.0, TypeError, "n must be an int, got float"),
    ("3", TypeError, "n must be an int, got str: '3'"),
    (None, TypeError, "n must be an int, got NoneType"),
    (0, ValueError, "n must be >= 1, got 0"),
    (11, ValueError, "n must be <= 10, got 11"),
])
def test_integer_rejects(value, error, match):
    with pytest.raises(error, match=match):
        check.integer(value, "n", minimum=1, maximum=10)


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.int32(2)])
def test_number_accepts_reals(value):
    assert isinstance(check.number(value, "lr"), float)


@pytest.mark.parametrize(("value", "kwargs", "error", "match"), [
    ("0.1", {}, TypeError, "lr must be a number, got str"),
    (None, {}, TypeError, "lr must be a number, got NoneType"),
    (np.bool_(True), {}, TypeError, "lr must be a number, got bool"),
    (float("nan"), {}, ValueError, "lr must be a finite number, got nan"),
    (float("inf"), {}, ValueError, "finite"),
    (0.0, {"positive": True}, ValueError, "lr must be > 0, got 0.0"),
    (-1, {"minimum": 0}, ValueError, "lr must be >= 0"),
    (2, {"maximum": 1}, ValueError, "lr must be <= 1"),
])
def test_number_rejects(value, kwargs, error, match):
    with pytest.raises(error, match=match):
        check.number(value, "lr", **kwargs)


def test_probability_bounds():
    assert check.probability(0.0, "p") == 0.0
    assert check.probability(1, "p", allow_one=True) == 1.0
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\), got 1.0"):
        check.probability(1.0, "p")
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        check.probability(-0.1, "p", allow_one=True)


def test_array_converts_lists_and_backend_tensors():
    np.testing.assert_array_equal(check.array([[1, 2]], "x"), [[1.0, 2.0]])
    assert check.array([[1, 2]], "x").dtype == float
    tensor = ops.convert_to_tensor(np.arange(3.0))
    np.testing.assert_array_equal(check.array(tensor, "x"), [0.0, 1.0, 2.0])
    assert check.array(np.arange(3, dtype=np.uint8), "x", dtype=None).dtype == np.uint8


@pytest.mark.parametrize(("value", "kwargs", "error", "match"), [
    ("abc", {}, TypeError, "x must be an array of numbers, got str"),
    (None, {}, TypeError, "x must be an array of numbers, got NoneType"),
    ({"a": 1}, {}, TypeError, "got dict"),
    (np.array(["a", "b"]), {}, TypeError, "x must hold numbers"),
    ([[1.0], [1.0, 2.0]], {}, ValueError, "x must be a rectangular array"),
    (np.zeros((0, 2)), {}, ValueError, r"x must not be empty, got shape \(0, 2\)"),
    (np.zeros((0, 0)), {}, ValueError, "must not be empty"),
    ([1.0, np.nan, np.inf], {}, ValueError, r"x must hold finite numbers, found 2 NaN"),
    (np.zeros(3), {"ndim": 2}, ValueError, r"x must be an array of rank 2, got shape \(3,\)"),
    (np.zeros(3), {"ndim": (2, 3)}, ValueError, "rank 2 or 3"),
    (np.zeros((3, 3)), {"shape": (None, 2)}, ValueError,
     r"x must have shape \(n, 2\), got \(3, 3\)"),
    (np.zeros(2), {"shape": (None, 2)}, ValueError, "must have shape"),
])
def test_array_rejects(value, kwargs, error, match):
    with pytest.raises(error, match=match):
        check.array(value, "x", **kwargs)


def test_array_options_let_through_what_is_asked_for():
    assert check.array([], "x", non_empty=False).size == 0
    assert np.isnan(check.array([np.nan], "x", finite=False)[0])


def test_labels():
    np.testing.assert_array_equal(check.labels([0, 2, 1.0], "y", num_classes=3), [0, 2, 1])
    with pytest.raises(ValueError, match=r"y must be integer labels .* one-hot labels\? Pass "
                                         r"y.argmax\(axis=1\)"):
        check.labels(np.eye(3), "y")
    with pytest.raises(ValueError, match="y must hold whole numbers"):
        check.labels([0.5, 1.0], "y")
    with pytest.raises(TypeError, match="y must hold numbers"):
        check.labels(["cat", "dog"], "y")
    with pytest.raises(ValueError, match="y must be >= 0"):
        check.labels([0, -1], "y")
    with pytest.raises(ValueError, match=r"y must be in \[0, 2\) for 2 classes, got a label 2"):
        check.labels([0, 2], "y", num_classes=2)
    with pytest.raises(ValueError, match="y must be integer labels of shape"):
        check.labels(np.zeros((2, 1, 1)), "y")


def test_same_length():
    assert check.same_length(x=[1, 2], y=[3, 4]) == 2
    with pytest.raises(ValueError, match="x and y must have the same length: x has 2, y has 1"):
        check.same_length(x=[1, 2], y=[3])


def test_mapping_choice_callable():
    assert check.mapping({"a": 1}, "m") == {"a": 1}
    with pytest.raises(TypeError, match="m must be a mapping"):
        check.mapping([1], "m")
    with pytest.raises(ValueError, match="m must not be empty"):
        check.mapping({}, "m")
    assert check.mapping({}, "m", non_empty=False) == {}
    assert check.choice("a", "c", ("a", "b")) == "a"
    with pytest.raises(ValueError, match=r"c must be one of \['a', 'b'\], got 'z'"):
        check.choice("z", "c", ("a", "b"))
    assert check.callable_(len, "f") is len
    with pytest.raises(TypeError, match="f must be a callable"):
        check.callable_("len", "f")


def test_returns_shape():
    out = check.returns_shape(lambda a: a * 2, "fn", (np.ones(3),), shape=(3,))
    np.testing.assert_array_equal(out, [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match=r"the output of fn must have shape \(3,\)"):
        check.returns_shape(lambda a: a[:2], "fn", (np.ones(3),), shape=(3,))
    with pytest.raises(ValueError, match="the output of fn must hold finite numbers"):
        check.returns_shape(lambda a: a * np.nan, "fn", (np.ones(3),), shape=(3,))


def test_flag_and_text():
    assert check.flag(np.bool_(True), "logy") is True
    with pytest.raises(TypeError, match="logy must be True or False, got int: 1"):
        check.flag(1, "logy")
    assert check.text(None, "title") is None and check.text("t", "title") == "t"
    with pytest.raises(TypeError, match="title must be a string or None, got int"):
        check.text(3, "title")
    with pytest.raises(TypeError, match="metric must be a string, got NoneType"):
        check.text(None, "metric", optional=False)


def test_axes():
    fig, axs = plt.subplots(1, 2)
    assert check.axes(axs[0]) is axs[0] and check.axes(None) is None
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, got ndarray: "
                                        r"pass one Axes"):
        check.axes(axs)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes, got NoneType"):
        check.axes(None, optional=False)
    with pytest.raises(TypeError, match="got Figure"):
        check.axes(fig)


def test_names():
    assert check.names(("a", "b"), "class_names") == ["a", "b"]
    assert check.names(None, "class_names") is None
    with pytest.raises(TypeError, match="class_names must be a list of names, got str"):
        check.names("ab", "class_names")
    with pytest.raises(ValueError, match="class_names must name all 3 classes, got 2"):
        check.names(["a", "b"], "class_names", at_least=3)
    with pytest.raises(ValueError, match="class_names must have 3 names, got 2"):
        check.names(["a", "b"], "class_names", exactly=3)


def test_history():
    class FakeHistory:
        history = {"loss": [1.0, np.nan], "val_loss": [1.0, 0.5]}

    out = check.history(FakeHistory(), "history", keys=("loss", "val_loss", "accuracy"))
    assert set(out) == {"loss", "val_loss"} and np.isnan(out["loss"][1])
    with pytest.raises(TypeError, match="history must be a keras History or a dict"):
        check.history([1.0], "history")
    with pytest.raises(ValueError, match=r"history: .* 'loss' has 2, 'val_loss' has 1"):
        check.history({"loss": [1, 2], "val_loss": [1]}, "history", keys=("loss", "val_loss"))
    with pytest.raises(ValueError, match=r"history\['loss'\] is empty"):
        check.history({"loss": []}, "history", keys=("loss",))
    with pytest.raises(TypeError, match=r"history\['loss'\] must hold numbers"):
        check.history({"loss": ["a"]}, "history")
    with pytest.raises(ValueError, match=r"history\['loss'\] must be an array of rank 1"):
        check.history({"loss": [[1.0]]}, "history")


def test_arrays():
    out = check.arrays({1: [1.0, 2.0]}, "runs")
    assert list(out) == ["1"]
    with pytest.raises(ValueError, match=r"runs\[1\] must hold finite numbers"):
        check.arrays({1: [np.nan]}, "runs")
    with pytest.raises(TypeError, match="runs must be a mapping"):
        check.arrays([[1.0]], "runs")
