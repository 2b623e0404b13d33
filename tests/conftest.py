"""Shared fixtures of the unit tests: figures are drawn off-screen and closed after each test."""

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere in the tests

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
