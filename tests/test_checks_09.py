"""helpers.checks, notebook 09's exercises: output size, parameters and receptive field of
convolutions, each checked against what Keras reports."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks, env

env.quiet_startup()
import keras  # noqa: E402


@pytest.mark.parametrize("kernel_size", [1, 3, 5])
@pytest.mark.parametrize("strides", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_output_size_matches_keras(kernel_size, strides, padding):
    layer = keras.layers.Conv2D(1, kernel_size, strides=strides, padding=padding)
    rows = layer.compute_output_shape((None, 28, 28, 1))[1]
    kw = dict(size=28, kernel_size=kernel_size, strides=strides, padding=padding, verbose=False)
    assert checks.check_conv_output_size(rows, **kw).correct
    assert checks.check_conv_output_size(float(rows), **kw).correct
    assert checks.check_conv_output_size(rows + 1, **kw).status == "incorrect"


def test_conv_output_size_typical_mistakes_get_hints():
    kw = dict(size=28, kernel_size=5, strides=2, verbose=False)
    no_floor = checks.check_conv_output_size((28 - 5) / 2 + 1, **kw)  # 12.5, not rounded down
    assert no_floor.status == "incorrect" and "round down" in no_floor.hint
    forgot_stride = checks.check_conv_output_size(28 - 5 + 1, **kw)
    assert forgot_stride.status == "incorrect"
    same = checks.check_conv_output_size(28, **kw, padding="same")
    assert same.status == "incorrect" and "round up" in same.hint
    assert checks.check_conv_output_size("12", **kw).status == "incorrect"
    assert checks.check_conv_output_size(None, **kw).status == "not attempted"


def test_conv_output_size_rejects_bad_settings():
    with pytest.raises(ValueError, match="padding"):
        checks.check_conv_output_size(1, size=28, kernel_size=3, padding="full")
    with pytest.raises(ValueError, match="kernel_size"):
        checks.check_conv_output_size(1, size=3, kernel_size=5)
    with pytest.raises(TypeError, match="strides"):
        checks.check_conv_output_size(1, size=28, kernel_size=3, strides=1.5)


@pytest.mark.parametrize(("kernel_size", "in_channels", "filters", "use_bias"),
                         [(5, 16, 32, True), (3, 1, 16, False), (1, 8, 4, True)])
def test_conv_parameter_count_matches_keras(kernel_size, in_channels, filters, use_bias):
    layer = keras.layers.Conv2D(filters, kernel_size, use_bias=use_bias)
    layer.build((None, 28, 28, in_channels))
    kw = dict(kernel_size=kernel_size, in_channels=in_channels, filters=filters,
              use_bias=use_bias, verbose=False)
    assert checks.check_conv_parameter_count(layer.count_params(), **kw).correct


def test_conv_parameter_count_mistakes_and_placeholder(capsys):
    kw = dict(kernel_size=5, in_channels=16, filters=32)
    no_bias = checks.check_conv_parameter_count(5 * 5 * 16 * 32, **kw)
    assert no_bias.status == "incorrect" and "bias" in no_bias.hint
    assert "incorrect, hint" in capsys.readouterr().out
    no_channels = checks.check_conv_parameter_count(5 * 5 * 32 + 32, **kw, verbose=False)
    assert no_channels.status == "incorrect" and "input channel" in no_channels.hint
    image_size = checks.check_conv_parameter_count(28 * 28 * 16 * 32 + 32, **kw, verbose=False)
    assert image_size.status == "incorrect"
    assert checks.check_conv_parameter_count(..., **kw, verbose=False).status == "not attempted"
    with pytest.raises(TypeError, match="use_bias"):
        checks.check_conv_parameter_count(1, **kw, use_bias=1)
    with pytest.raises(ValueError, match="filters"):
        checks.check_conv_parameter_count(1, kernel_size=3, in_channels=1, filters=0)


def _field_by_experiment(layers, size=64):
    """Width of the input window one output unit depends on, measured with a Keras stack."""
    stack = [keras.Input((size, size, 1))]
    for k, s in layers:
        stack.append(keras.layers.Conv2D(1, k, strides=s, kernel_initializer="ones",
                                         use_bias=False))
    model = keras.Sequential(stack)
    x = np.zeros((size, size, 1), "float32")
    base = keras.ops.convert_to_numpy(model(x[None]))[0, 0, 0, 0]
    seen = 0
    for col in range(size):  # a pixel of the first row changes unit (0, 0) only in its window
        y = x.copy()
        y[0, col] = 1.0
        seen += keras.ops.convert_to_numpy(model(y[None]))[0, 0, 0, 0] != base
    return seen


@pytest.mark.parametrize("layers", [[(3, 1), (2, 2), (3, 1), (2, 2)],
                                    [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1), (2, 2)],
                                    [(5, 2), (3, 1)],
                                    [(3, 2), (3, 2)], [(3, 2), (3, 2), (3, 2)]])
def test_receptive_field_matches_an_experiment(layers):
    width = _field_by_experiment(layers)
    assert checks.check_receptive_field(width, layers=layers, verbose=False).correct
    assert checks.check_receptive_field(width - 1, layers=layers, verbose=False).status \
        == "incorrect"


def test_receptive_field_mistakes_and_bad_settings():
    layers = [(3, 1), (2, 2), (3, 1), (2, 2)]
    no_spacing = 1 + 2 + 1 + 2 + 1  # kernel sizes added without the spacing
    wrong = checks.check_receptive_field(no_spacing, layers=layers, verbose=False)
    assert wrong.status == "incorrect" and "spacing" in wrong.hint
    assert checks.check_receptive_field(None, layers=layers, verbose=False).status \
        == "not attempted"
    with pytest.raises(TypeError, match="layers"):
        checks.check_receptive_field(1, layers="3,1")
    with pytest.raises(TypeError, match="layers"):
        checks.check_receptive_field(1, layers=[(3, 1, 1)])
    with pytest.raises(ValueError, match="layers"):
        checks.check_receptive_field(1, layers=[])
    with pytest.raises(ValueError, match="layers"):
        checks.check_receptive_field(1, layers=[(0, 1)])
