"""Shared fixtures of the unit tests: figures are drawn off-screen and closed after each test;
one point cloud and the small Keras models that several test files build.

Keras is imported inside the model fixtures, not here, so that collecting the tests that need
no model (plots, checks, data) does not pay for starting a backend.
"""

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere in the tests

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def cloud():
    """200 points of a correlated 3-D Gaussian, shape (200, 3), the same in every test.

    Its three variances differ and its three covariances are non-zero, so centring, whitening
    and the plots of notebook 01 all have something to show; 2-D plots use its first two
    columns (variances 3 and 2, covariance 1).
    """
    rng = np.random.default_rng(1)
    return rng.multivariate_normal([0, 2, -1], [[3, 1, 0.4], [1, 2, 0.3], [0.4, 0.3, 1]],
                                   size=200)


def _keras():
    from helpers import env

    env.quiet_startup()
    import keras

    return keras


@pytest.fixture
def make_tiny_mlp():
    """A factory of the tests' small MLP: 3 inputs -> Dense(4, tanh) -> Dense(2), not compiled.

    ``make_tiny_mlp(seed=0)`` seeds Keras, then builds the model: the same seed gives the same
    weights. Both biases start random (not zero), so gradient tests see every parameter at work.
    """
    keras = _keras()

    def make(seed: int = 0):
        keras.utils.set_random_seed(seed)
        return keras.Sequential([
            keras.Input(shape=(3,)),
            keras.layers.Dense(4, activation="tanh", bias_initializer="random_normal"),
            keras.layers.Dense(2, bias_initializer="random_normal"),
        ])

    return make


@pytest.fixture
def no_dense_model():
    """A built model of 3 inputs with no Dense layer (a Rescaling by 2), for "no Dense" errors."""
    keras = _keras()
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Rescaling(2.0)])
