"""helpers.surfaces: 2-D test functions and trajectories of real Keras optimizers.

Runs on every backend: ``KERAS_BACKEND=jax python -m pytest tests/test_surfaces.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import diagnostics, env, surfaces

env.quiet_startup()
import keras  # noqa: E402


@pytest.mark.parametrize("name", surfaces.SURFACE_NAMES)
def test_known_minima(name):
    surf = surfaces.get_surface(name)
    assert surf.value(surf.minimum) == pytest.approx(surf.min_value, abs=1e-6)
    np.testing.assert_allclose(surf.gradient(surf.minimum), 0.0, atol=1e-5)
    # nothing on a grid around the window is lower than the minimum
    _, _, Z = surfaces.loss_grid(surf, resolution=61)
    assert Z.min() >= surf.min_value - 1e-6


@pytest.mark.parametrize("name", surfaces.SURFACE_NAMES)
def test_gradient_agrees_with_finite_differences(name):
    surf = surfaces.get_surface(name)
    rng = np.random.default_rng(0)
    for point in [surf.start, *rng.uniform(-1.0, 1.0, size=(3, 2))]:
        auto = surf.gradient(point)
        numeric = diagnostics.numerical_grad(surf.value, point, eps=1e-3)
        np.testing.assert_allclose(auto, numeric, rtol=2e-2, atol=2e-2)
        np.testing.assert_allclose(auto, diagnostics.grad(surf.fn, point)[0], rtol=1e-5)


def test_known_values():
    assert surfaces.get_surface("canyon").value([2.0, 1.0]) == pytest.approx(0.05 * 4 + 2.5)
    assert surfaces.get_surface("rosenbrock").value([0.0, 0.0]) == pytest.approx(1.0)
    assert surfaces.get_surface("saddle").value([0.0, 0.0]) == pytest.approx(0.0)
    np.testing.assert_allclose(surfaces.get_surface("saddle").gradient([0.0, 0.0]), 0.0)


def test_values_are_vectorised():
    surf = surfaces.get_surface("rosenbrock")
    pts = np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 2.0]])
    np.testing.assert_allclose(surf.values(pts), [surf.value(p) for p in pts], rtol=1e-6)
    assert surf.values(np.zeros((4, 5, 2))).shape == (4, 5)


def test_loss_grid():
    X, Y, Z = surfaces.loss_grid("canyon", resolution=11, xlim=(-1, 1), ylim=(0, 2))
    assert X.shape == Y.shape == Z.shape == (11, 11)
    assert (X[0, 0], X[0, -1], Y[0, 0], Y[-1, 0]) == (-1, 1, 0, 2)
    np.testing.assert_allclose(Z, 0.05 * X**2 + 2.5 * Y**2, rtol=1e-5)


def test_plain_sgd_step_is_w_minus_lr_grad():
    surf = surfaces.get_surface("rosenbrock")
    start = np.array([-1.2, 1.0])
    path = surfaces.run_optimizer("sgd", surf, steps=1, learning_rate=1e-3, start=start)
    assert path.points.shape == (2, 2) and path.losses.shape == (2,)
    np.testing.assert_allclose(path.points[1], start - 1e-3 * surf.gradient(start), rtol=1e-6)
    np.testing.assert_allclose(path.losses, surf.values(path.points), rtol=1e-6)


@pytest.mark.parametrize("name", surfaces.OPTIMIZER_NAMES)
def test_every_optimizer_runs_and_compiled_equals_eager(name):
    fast = surfaces.run_optimizer(name, "saddle", steps=8, learning_rate=0.05)
    slow = surfaces.run_optimizer(name, "saddle", steps=8, learning_rate=0.05, compiled=False)
    assert fast.points.shape == (9, 2) and not fast.diverged
    np.testing.assert_allclose(fast.points, slow.points, rtol=1e-5, atol=1e-6)


def test_make_optimizer_names():
    opt = surfaces.make_optimizer("nesterov", 0.1)
    assert isinstance(opt, keras.optimizers.SGD) and opt.nesterov and opt.momentum == 0.9
    assert float(opt.learning_rate) == pytest.approx(0.1)
    assert isinstance(surfaces.make_optimizer(" Adam "), keras.optimizers.Adam)
    assert float(surfaces.make_optimizer("rmsprop").learning_rate) == pytest.approx(1e-3)


def test_trajectories_reproducible_for_a_seed():
    kw = {"steps": 15, "learning_rate": 0.05, "noise": 0.5}
    a = surfaces.run_optimizer("momentum", "canyon", seed=3, **kw)
    b = surfaces.run_optimizer("momentum", "canyon", seed=3, **kw)
    c = surfaces.run_optimizer("momentum", "canyon", seed=4, **kw)
    np.testing.assert_array_equal(a.points, b.points)
    assert not np.allclose(a.points, c.points)


def test_instance_is_copied_not_consumed():
    opt = keras.optimizers.Adam(learning_rate=0.1)
    a = surfaces.run_optimizer(opt, "canyon", steps=5)
    b = surfaces.run_optimizer(opt, "canyon", steps=5)
    np.testing.assert_array_equal(a.points, b.points)
    assert int(keras.ops.convert_to_numpy(keras.ops.copy(opt.iterations))) == 0
    assert a.optimizer == "Adam"
    named = surfaces.run_optimizer("adam", "canyon", steps=5, learning_rate=0.1)
    np.testing.assert_allclose(a.points, named.points)


def test_divergence_is_cut_off_with_nan():
    path = surfaces.run_optimizer("sgd", "canyon", steps=200, learning_rate=1.0)
    assert path.diverged
    assert np.isnan(path.points[-1]).all() and np.isfinite(path.points[:10]).all()
    assert surfaces.steps_to_tolerance(path) is None


def test_steps_to_tolerance():
    path = surfaces.run_optimizer("momentum", "canyon", steps=60, learning_rate=0.1)
    k = surfaces.steps_to_tolerance(path, tol=1e-2)
    assert k is not None and 0 < k <= 60
    assert path.losses[k] - path.min_value <= 1e-2 < path.losses[k - 1] - path.min_value
    assert surfaces.steps_to_tolerance(path, tol=1e9) == 0
    with pytest.raises(ValueError, match="tol must be > 0"):
        surfaces.steps_to_tolerance(path, tol=0)
    with pytest.raises(TypeError, match="Trajectory"):
        surfaces.steps_to_tolerance(path.points)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: surfaces.get_surface("himmelblau"), ValueError, "unknown surface 'himmelblau'"),
        (lambda: surfaces.get_surface(3), TypeError, "surface must be a name"),
        (lambda: surfaces.run_optimizer("adamw", "canyon"), ValueError,
         "unknown optimizer 'adamw'"),
        (lambda: surfaces.run_optimizer(42, "canyon"), TypeError, "optimizer must be a name"),
        (lambda: surfaces.run_optimizer("sgd", "canyon", start=[1.0, 2.0, 3.0]), ValueError,
         r"start must have shape \(2,\)"),
        (lambda: surfaces.run_optimizer("sgd", "canyon", start=[[1.0, 2.0]]), ValueError,
         r"start must have shape \(2,\)"),
        (lambda: surfaces.run_optimizer("sgd", "canyon", start="ab"), TypeError,
         "pair of numbers"),
        (lambda: surfaces.run_optimizer("sgd", "canyon", steps=0), ValueError,
         "steps must be a positive int"),
        (lambda: surfaces.run_optimizer("sgd", "canyon", noise=-1.0), ValueError, "noise"),
        (lambda: surfaces.run_optimizer(keras.optimizers.SGD(), "canyon", learning_rate=0.1),
         ValueError, "set it on the optimizer"),
        (lambda: surfaces.make_optimizer("sgd", -0.1), ValueError, "learning_rate must be > 0"),
        (lambda: surfaces.get_surface("canyon").value([1.0]), ValueError, r"shape \(2,\)"),
        (lambda: surfaces.get_surface("canyon").values(np.zeros((3, 3))), ValueError,
         r"shape \(\.\.\., 2\)"),
        (lambda: surfaces.loss_grid("canyon", resolution=1), ValueError, "resolution"),
        (lambda: surfaces.loss_grid("canyon", xlim=(1, -1)), ValueError, "low < high"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_registry_points_are_read_only():
    surf = surfaces.get_surface("canyon")
    with pytest.raises(ValueError, match="read-only"):
        surf.start[0] = 5.0
