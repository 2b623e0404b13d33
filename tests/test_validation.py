"""Bad input to every public helper stops at the helper's boundary with a clear error.

Each case checks the exception type (TypeError for a wrong type, ValueError for a wrong value)
and that the message names the argument, so a student sees which argument to fix rather than a
traceback from deep inside NumPy, matplotlib or Keras. The last section checks that nothing
answers bad input with a silently wrong result.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import checks, data, diagnostics, env, plots, preprocessing, surfaces

env.quiet_startup()
import keras  # noqa: E402
from keras import ops  # noqa: E402

NAN = float("nan")
X2 = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
Y2 = np.array([0, 1, 1, 0])
IMAGES = np.zeros((2, 4, 4))
NAMES = ["a", "b", "c"]


def _path():
    return surfaces.run_optimizer("sgd", "canyon", steps=2, learning_rate=0.1)


def _numpy_square(w):
    return np.sum(np.asarray(w) ** 2)  # NumPy, not keras.ops: no gradient can flow


def _expect(call, error, argument, also=None):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error or isinstance(info.value, error)
    # the argument's name as a word, followed by what is wrong with it ("x must ...",
    # "x and y must ...", "history['loss'] is empty", "the output of predict must ...")
    named = rf"(?<![\w.'\[]){argument}(?=( must| has| is|: | and |\[|'s | cannot| contains| needs))"
    assert re.search(named, str(info.value)), (
        f"the message does not name {argument!r}: {info.value}")
    if also is not None:
        assert re.search(also, str(info.value)), f"no {also!r} in: {info.value}"


# --------------------------------------------------------------------------- data

DATA_CASES = {
    "make_moons noise=None": (lambda: data.make_moons(noise=None), TypeError, "noise"),
    "make_moons seed='a'": (lambda: data.make_moons(seed="a"), TypeError, "seed"),
    "make_moons seed<0": (lambda: data.make_moons(seed=-1), ValueError, "seed"),
    "make_moons n_samples str": (lambda: data.make_moons("10"), TypeError, "n_samples"),
    "make_circles factor str": (lambda: data.make_circles(factor="0.5"), TypeError, "factor"),
    "make_circles noise nan": (lambda: data.make_circles(noise=NAN), ValueError, "noise"),
    "make_spirals turns 0": (lambda: data.make_spirals(turns=0), ValueError, "turns"),
    "make_xor seed float": (lambda: data.make_xor(seed=1.5), TypeError, "seed"),
    "make_blobs std<0 named std": (lambda: data.make_blobs(std=-1.0), ValueError, "std"),
    "make_blobs std str": (lambda: data.make_blobs(std="big"), TypeError, "std"),
    "make_blobs centers str": (lambda: data.make_blobs(centers="ab"), TypeError, "centers"),
    "make_regression_1d low str": (lambda: data.make_regression_1d(low="a"), TypeError, "low"),
    "make_regression_1d fn wrong shape": (
        lambda: data.make_regression_1d(10, fn=lambda t: t[:3]), ValueError, "fn"),
    "train_val_split one-hot y": (
        lambda: data.train_val_split(np.zeros((10, 2)), np.eye(2)[np.arange(10) % 2]),
        ValueError, "y", r"argmax\(axis=1\)"),
    "train_val_split string y": (
        lambda: data.train_val_split(np.zeros((4, 2)), np.array(list("abab"))), TypeError, "y"),
    "train_val_split NaN x": (
        lambda: data.train_val_split(np.full((4, 2), NAN), np.arange(4) % 2), ValueError, "x"),
    "train_val_split empty x": (lambda: data.train_val_split([], []), ValueError, "x"),
    "train_val_split fraction np.float32 > 1": (
        lambda: data.train_val_split(np.zeros((10, 2)), np.arange(10) % 2,
                                     val_size=np.float32(1.5)), ValueError, "val_size"),
    "train_val_split seed str": (
        lambda: data.train_val_split(np.zeros((10, 2)), np.arange(10) % 2, seed="a"),
        TypeError, "seed"),
    "load_fashion_mnist_splits val_size str": (
        lambda: data.load_fashion_mnist_splits(val_size="10"), TypeError, "val_size"),
    "load_fashion_mnist_splits seed float": (
        lambda: data.load_fashion_mnist_splits(seed=1.5), TypeError, "seed"),
    "verify_fashion_mnist folder int": (lambda: data.verify_fashion_mnist(3), TypeError,
                                        "folder"),
    "download_fashion_mnist dest int": (lambda: data.download_fashion_mnist(3), TypeError,
                                        "dest"),
}


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_data_rejects_bad_input(case):
    _expect(*DATA_CASES[case])


@pytest.mark.parametrize("fraction", [np.float64(0.2), np.float32(0.2), 0.2])
def test_train_val_split_takes_numpy_fractions(fraction):
    x, y = np.arange(20).reshape(10, 2), np.arange(10) % 2
    assert len(data.train_val_split(x, y, val_size=fraction)[2]) == 2


# --------------------------------------------------------------------------- diagnostics

DIAGNOSTICS_CASES = {
    "grad of a NumPy function": (lambda: diagnostics.grad(_numpy_square, [1.0, 2.0]),
                                 TypeError, "fn", r"keras\.ops"),
    "grad argument str": (lambda: diagnostics.grad(ops.sum, "ab"), TypeError, "argument 0"),
    "grad argument NaN": (lambda: diagnostics.grad(ops.sum, [NAN]), ValueError, "argument 0"),
    "numerical_grad fn str": (lambda: diagnostics.numerical_grad("f", [1.0]), TypeError, "fn"),
    "numerical_grad eps str": (lambda: diagnostics.numerical_grad(np.sum, [1.0], eps="a"),
                               TypeError, "eps"),
    "numerical_grad x str": (lambda: diagnostics.numerical_grad(np.sum, "ab"), TypeError, "x"),
    "dense_layers model int": (lambda: diagnostics.dense_layers(3), TypeError, "model"),
    "GradientNormHistory x str": (
        lambda: diagnostics.GradientNormHistory("abc", np.zeros(3)), TypeError, "x"),
}


@pytest.mark.parametrize("case", sorted(DIAGNOSTICS_CASES))
def test_diagnostics_rejects_bad_input(case):
    _expect(*DIAGNOSTICS_CASES[case])


# called with a model of 3 inputs and 2 outputs (make_tiny_mlp, conftest.py)
DIAGNOSTICS_MODEL_CASES = {
    "model_gradients x of the wrong shape": (
        lambda model: diagnostics.model_gradients(model, np.zeros((4, 5)), np.zeros((4, 2)), "mse"),
        ValueError, "x", r"\(n_samples, 3\)"),
    "model_gradients x NaN": (
        lambda model: diagnostics.model_gradients(model, np.full((4, 3), NAN), np.zeros((4, 2)),
                                                  "mse"), ValueError, "x"),
    "model_gradients y of another length": (
        lambda model: diagnostics.model_gradients(model, np.zeros((4, 3)), np.zeros((3, 2)), "mse"),
        ValueError, "x and y"),
    "model_gradients loss int": (
        lambda model: diagnostics.model_gradients(model, np.zeros((4, 3)), np.zeros((4, 2)), 3),
        TypeError, "loss"),
    "model_gradients unknown loss name": (
        lambda model: diagnostics.model_gradients(model, np.zeros((4, 3)), np.zeros((4, 2)),
                                                  "nope"), ValueError, "loss"),
    "activation_stats x str": (lambda model: diagnostics.activation_stats(model, "abc"),
                               TypeError, "x"),
    "kernel_gradient_norms y of another length": (
        lambda model: diagnostics.kernel_gradient_norms(model, np.zeros((4, 3)), np.zeros((2, 2)),
                                                        "mse"), ValueError, "x and y"),
}


@pytest.mark.parametrize("case", sorted(DIAGNOSTICS_MODEL_CASES))
def test_diagnostics_with_a_model_rejects_bad_input(case, make_tiny_mlp):
    call, *expected = DIAGNOSTICS_MODEL_CASES[case]
    model = make_tiny_mlp()
    _expect(lambda: call(model), *expected)


# --------------------------------------------------------------------------- checks

CHECKS_CASES = {
    "verdict ok str": (lambda: checks.verdict("ex", 1, "ok", "hint"), TypeError, "ok"),
    "verdict exercise None": (lambda: checks.verdict(None, 1, bool, "hint"), TypeError,
                              "exercise"),
    "check_close expected str": (lambda: checks.check_close("ex", 1.0, "1.0", hint="h"),
                                 TypeError, "expected"),
    "check_close rtol negative": (lambda: checks.check_close("ex", 1.0, 1.0, hint="h", rtol=-1),
                                  ValueError, "rtol"),
    "check_function no inputs": (lambda: checks.check_function("ex", abs, abs, [], hint="h"),
                                 ValueError, "inputs"),
    "check_function reference str": (
        lambda: checks.check_function("ex", abs, "abs", [1.0], hint="h"), TypeError,
        "reference"),
    "check_parameter_count layer_sizes str": (
        lambda: checks.check_parameter_count(1, layer_sizes="784"), TypeError, "layer_sizes"),
    "check_parameter_count a size str": (
        lambda: checks.check_parameter_count(1, layer_sizes=(4, "2")), TypeError,
        "layer_sizes"),
    "check_standardised_test x_train str": (
        lambda: checks.check_standardised_test(None, x_train="ab", x_test=X2), TypeError,
        "x_train"),
    "check_whitening_matrix x NaN": (
        lambda: checks.check_whitening_matrix(None, x=np.full((4, 2), NAN)), ValueError, "x"),
    "check_swish_derivative betas str": (
        lambda: checks.check_swish_derivative(None, betas="ab"), TypeError, "betas"),
    "check_batch_shape batch_size str": (
        lambda: checks.check_batch_shape((1, 2, 3, 4), batch_size="32", height=28, width=28,
                                         channels=1), TypeError, "batch_size"),
    "check_sigmoid_chain_bound weight str": (
        lambda: checks.check_sigmoid_chain_bound(1.0, depth=2, weight="3"), TypeError,
        "weight"),
    "check_chain_factor w str": (
        lambda: checks.check_chain_factor(1.0, w="1", depth=2, activation="tanh"), TypeError,
        "w"),
    "check_max_stable_lr curvatures str": (
        lambda: checks.check_max_stable_lr(0.1, curvatures="ab"), TypeError, "curvatures"),
    "early_stopping_outcome val_losses str": (
        lambda: checks._early_stopping_outcome("abc", patience=1), TypeError, "val_losses"),
    "early_stopping_outcome min_delta str": (
        lambda: checks._early_stopping_outcome([1.0, 0.5], patience=1, min_delta="0"),
        TypeError, "min_delta"),
    "plateau_learning_rate initial_lr str": (
        lambda: checks._plateau_learning_rate(initial_lr="0.1", factor=0.5, patience=1,
                                              flat_epochs=2), TypeError, "initial_lr"),
    "check_final_parameter_count hidden_units int": (
        lambda: checks.check_final_parameter_count(1, hidden_units=256), TypeError,
        "hidden_units"),
    "check_final_parameter_count n_classes 1": (
        lambda: checks.check_final_parameter_count(1, n_classes=1), ValueError, "n_classes"),
    # 09 Convolutional networks
    "check_conv_output_size padding full": (
        lambda: checks.check_conv_output_size(1, size=28, kernel_size=3, padding="full"),
        ValueError, "padding"),
    "check_conv_output_size size str": (
        lambda: checks.check_conv_output_size(1, size="28", kernel_size=3), TypeError, "size"),
    "check_conv_parameter_count filters 0": (
        lambda: checks.check_conv_parameter_count(1, kernel_size=3, in_channels=1, filters=0),
        ValueError, "filters"),
    "check_conv_parameter_count use_bias int": (
        lambda: checks.check_conv_parameter_count(1, kernel_size=3, in_channels=1, filters=2,
                                                  use_bias=1), TypeError, "use_bias"),
    "check_receptive_field layers str": (
        lambda: checks.check_receptive_field(1, layers="3,1"), TypeError, "layers"),
    "check_receptive_field layers empty": (
        lambda: checks.check_receptive_field(1, layers=[]), ValueError, "layers"),
}


@pytest.mark.parametrize("case", sorted(CHECKS_CASES))
def test_checks_reject_bad_settings(case):
    _expect(*CHECKS_CASES[case])


# --------------------------------------------------------------------------- env

ENV_CASES = {
    "set_seed str": (lambda: env.set_seed("a"), TypeError, "seed"),
    "set_seed deterministic str": (lambda: env.set_seed(1, deterministic="yes"), TypeError,
                                   "deterministic"),
    "setup verbose int": (lambda: env.setup(seed=1, verbose=1), TypeError, "verbose"),
    "build_dir part int": (lambda: env.build_dir(3), TypeError, "parts"),
    "build_dir part ..": (lambda: env.build_dir(".."), ValueError, "parts"),
    "build_dir absolute part": (lambda: env.build_dir("/tmp"), ValueError, "parts"),
}


@pytest.mark.parametrize("case", sorted(ENV_CASES))
def test_env_rejects_bad_input(case):
    _expect(*ENV_CASES[case])


def test_set_seed_takes_a_numpy_int():
    env.set_seed(np.int64(3), deterministic=False)


# --------------------------------------------------------------------------- preprocessing

PREPROCESSING_CASES = {
    "covariance ddof str": (lambda: preprocessing.covariance(X2, ddof="1"), TypeError, "ddof"),
    "covariance ddof bool": (lambda: preprocessing.covariance(X2, ddof=True), TypeError,
                             "ddof"),
    "covariance x str": (lambda: preprocessing.covariance("abc"), TypeError, "x"),
    "covariance 0 x 0": (lambda: preprocessing.covariance(np.zeros((0, 0))), ValueError, "x"),
    "sorted_eigh 0 x 0": (lambda: preprocessing.sorted_eigh(np.zeros((0, 0))), ValueError,
                          "cov"),
    "Whitener method int": (lambda: preprocessing.Whitener(method=3), TypeError, "method"),
    "Standardiser fit NaN": (lambda: preprocessing.Standardiser().fit([[NAN, 1.0]]),
                             ValueError, "x"),
    "Standardiser eps str": (lambda: preprocessing.Standardiser(eps="small"), TypeError,
                             "eps"),
}


@pytest.mark.parametrize("case", sorted(PREPROCESSING_CASES))
def test_preprocessing_rejects_bad_input(case):
    _expect(*PREPROCESSING_CASES[case])


# --------------------------------------------------------------------------- surfaces

SURFACES_CASES = {
    "run_optimizer steps str": (lambda: surfaces.run_optimizer("sgd", steps="5"), TypeError,
                                "steps"),
    "run_optimizer noise str": (lambda: surfaces.run_optimizer("sgd", noise="0.1"),
                                TypeError, "noise"),
    "run_optimizer seed str": (lambda: surfaces.run_optimizer("sgd", seed="a"), TypeError,
                               "seed"),
    "run_optimizer start NaN": (lambda: surfaces.run_optimizer("sgd", start=[NAN, 0.0]),
                                ValueError, "start"),
    "run_optimizer start str": (lambda: surfaces.run_optimizer("sgd", start="12"), TypeError,
                                "start"),
    "loss_grid xlim str": (lambda: surfaces.loss_grid("canyon", xlim="ab"), TypeError,
                           "xlim"),
    "loss_grid resolution float": (lambda: surfaces.loss_grid("canyon", resolution=2.0),
                                   TypeError, "resolution"),
    "loss_grid resolution 1": (lambda: surfaces.loss_grid("canyon", resolution=1),
                               ValueError, "resolution"),
    "make_optimizer learning_rate str": (lambda: surfaces.make_optimizer("sgd", "0.1"),
                                         TypeError, "learning_rate"),
    "steps_to_tolerance tol str": (lambda: surfaces.steps_to_tolerance(_path(), tol="a"),
                                   TypeError, "tol"),
    "Surface.values points str": (lambda: surfaces.get_surface("canyon").values("ab"),
                                  TypeError, "points"),
    "get_surface int": (lambda: surfaces.get_surface(3), TypeError, "surface"),
}


@pytest.mark.parametrize("case", sorted(SURFACES_CASES))
def test_surfaces_reject_bad_input(case):
    _expect(*SURFACES_CASES[case])


# --------------------------------------------------------------------------- plots


def _grid_axes():
    return plt.subplots(1, 2)[1]  # an array of two Axes: passing it as ax is a common slip


def _nan_predict(g):
    return np.full(len(g), NAN)


CURVE = {"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, 0.7, 0.6]}
GRID = surfaces.loss_grid("canyon", resolution=5)

PLOTS_CASES = {
    "legend_outside ax str": (lambda: plots.legend_outside("ax"), TypeError, "ax"),
    "integer_ticks ax None": (lambda: plots.integer_ticks(None), TypeError, "ax"),
    "plot_history series of different lengths": (
        lambda: plots.plot_history({"loss": [1.0, 0.5, 0.4], "val_loss": [1.0, 0.6]}),
        ValueError, "history"),
    "plot_history empty series": (lambda: plots.plot_history({"loss": []}), ValueError,
                                  r"history\['loss'\]"),
    "plot_history ax array": (lambda: plots.plot_history(CURVE, ax=_grid_axes()), TypeError,
                              "ax"),
    "plot_history logy str": (lambda: plots.plot_history(CURVE, logy="yes"), TypeError, "logy"),
    "plot_history title int": (lambda: plots.plot_history(CURVE, title=3), TypeError, "title"),
    "plot_histories xlabel int": (lambda: plots.plot_histories({"a": CURVE}, xlabel=3),
                                  TypeError, "xlabel"),
    "plot_histories strings in a series": (
        lambda: plots.plot_histories({"a": {"loss": ["x", "y"]}}), TypeError,
        r"histories\['a'\]"),
    "plot_train_val series of different lengths": (
        lambda: plots.plot_train_val({"a": {"accuracy": [0.5, 0.6], "val_accuracy": [0.5]}}),
        ValueError, r"histories\['a'\]"),
    "plot_history_with_lr series of different lengths": (
        lambda: plots.plot_history_with_lr({"val_loss": [1.0, 0.9], "learning_rate": [0.1]}),
        ValueError, "history"),
    "plot_early_stopping series of different lengths": (
        lambda: plots.plot_early_stopping({"val_loss": [1.0, 0.9, 0.8], "loss": [1.0, 0.9]},
                                          best_epoch=1), ValueError, "history"),
    "plot_early_stopping monitor int": (
        lambda: plots.plot_early_stopping(CURVE, best_epoch=1, monitor=3), TypeError,
        "monitor"),
    "plot_image_grid no images": (lambda: plots.plot_image_grid(np.zeros((0, 4, 4))),
                                  ValueError, "images"),
    "plot_image_grid too few class names": (
        lambda: plots.plot_image_grid(IMAGES, [0, 5], class_names=["a", "b"]), ValueError,
        "class_names"),
    "plot_image_grid string labels": (lambda: plots.plot_image_grid(IMAGES, ["a", "b"]),
                                      TypeError, "labels"),
    "plot_image_grid one-hot labels": (lambda: plots.plot_image_grid(IMAGES, np.eye(2)),
                                       ValueError, "labels"),
    "plot_image_grid ncols 0": (lambda: plots.plot_image_grid(IMAGES, ncols=0), ValueError,
                                "ncols"),
    "plot_image_grid class_names str": (
        lambda: plots.plot_image_grid(IMAGES, [0, 1], class_names="ab"), TypeError,
        "class_names"),
    "plot_decision_boundary empty x": (
        lambda: plots.plot_decision_boundary(_nan_predict, np.zeros((0, 2)), []), ValueError,
        "x"),
    "plot_decision_boundary NaN in x": (
        lambda: plots.plot_decision_boundary(_nan_predict, np.full((4, 2), NAN), Y2),
        ValueError, "x"),
    "plot_decision_boundary predict of the wrong length": (
        lambda: plots.plot_decision_boundary(lambda g: g[:10, 0], X2, Y2, resolution=5),
        ValueError, "predict"),
    "plot_decision_boundary predict returning NaN": (
        lambda: plots.plot_decision_boundary(_nan_predict, X2, Y2, resolution=5), ValueError,
        "predict"),
    "plot_decision_boundary predict str": (
        lambda: plots.plot_decision_boundary("model", X2, Y2), TypeError, "predict"),
    "plot_decision_boundary string labels": (
        lambda: plots.plot_decision_boundary(_nan_predict, X2, list("abba")), TypeError, "y"),
    "plot_decision_boundary resolution 1": (
        lambda: plots.plot_decision_boundary(_nan_predict, X2, Y2, resolution=1), ValueError,
        "resolution"),
    "plot_point_clouds NaN": (lambda: plots.plot_point_clouds({"a": np.full((3, 2), NAN)}),
                              ValueError, r"clouds\['a'\]"),
    "plot_point_clouds size 0": (lambda: plots.plot_point_clouds({"a": X2}, size=0),
                                 ValueError, "size"),
    "plot_covariance_heatmaps 0 x 0": (
        lambda: plots.plot_covariance_heatmaps({"a": np.zeros((0, 0))}), ValueError,
        r"matrices\['a'\]"),
    "plot_covariance_heatmaps NaN": (
        lambda: plots.plot_covariance_heatmaps({"a": [[NAN]]}), ValueError, "matrices"),
    "plot_eigenvalue_spectrum NaN": (lambda: plots.plot_eigenvalue_spectrum([NAN, 1.0]),
                                     ValueError, "eigenvalues"),
    "plot_eigenvalue_spectrum eps str": (
        lambda: plots.plot_eigenvalue_spectrum([2.0, 1.0], eps="a"), TypeError, "eps"),
    "plot_loss_contours loss returning NaN": (
        lambda: plots.plot_loss_contours(lambda w: np.full(len(w), NAN), (0, 1), (0, 1),
                                         resolution=5), ValueError, "loss"),
    "plot_loss_contours resolution 1": (
        lambda: plots.plot_loss_contours(lambda w: w[:, 0], (0, 1), (0, 1), resolution=1),
        ValueError, "resolution"),
    "plot_loss_contours range str": (
        lambda: plots.plot_loss_contours(lambda w: w[:, 0], "ab", (0, 1)), TypeError,
        "w0_range"),
    "plot_hyperplane b str": (lambda: plots.plot_hyperplane([1.0, 0.0], "0", X2, Y2),
                              TypeError, "b"),
    "plot_hyperplane string labels": (
        lambda: plots.plot_hyperplane([1.0, 0.0], 0.0, X2, list("abba")), TypeError, "y"),
    "plot_approximation NaN target": (
        lambda: plots.plot_approximation([0.0, 1.0], [NAN, 1.0], [0.0, 1.0]), ValueError,
        "target"),
    "plot_approximation error_ax str": (
        lambda: plots.plot_approximation([0.0, 1.0], [0.0, 1.0], [0.0, 1.0], error_ax="ax"),
        TypeError, "error_ax"),
    "plot_regression_fits NaN prediction": (
        lambda: plots.plot_regression_fits([0.0, 1.0], [0.0, 1.0], [0.0, 1.0],
                                           {"a": [NAN, 1.0]}), ValueError,
        r"predictions\['a'\]"),
    "plot_linear_regions extent str": (
        lambda: plots.plot_linear_regions(np.zeros((2, 2), int), extent="abcd"), TypeError,
        "extent"),
    "plot_linear_regions seed str": (
        lambda: plots.plot_linear_regions(np.zeros((2, 2), int), extent=(0, 1, 0, 1),
                                          seed="a"), TypeError, "seed"),
    "plot_activation_grid NaN z": (
        lambda: plots.plot_activation_grid([NAN, 0.0], {"f": [0.0, 0.0]}), ValueError, "z"),
    "plot_activation_grid panel_size 0": (
        lambda: plots.plot_activation_grid([0.0, 1.0], {"f": [0.0, 0.0]}, panel_size=0),
        ValueError, "panel_size"),
    "plot_curves logy str": (lambda: plots.plot_curves({"a": ([1, 2], [1, 2])}, logy="no"),
                             TypeError, "logy"),
    "plot_curves styles list": (
        lambda: plots.plot_curves({"a": ([1, 2], [1, 2])}, styles=["o-"]), TypeError,
        "styles"),
    "plot_trajectories levels 1": (
        lambda: plots.plot_trajectories(GRID, {"a": X2}, levels=1), ValueError, "levels"),
    "plot_trajectory_panels levels 1": (
        lambda: plots.plot_trajectory_panels(GRID, {"a": X2}, levels=1), ValueError, "levels"),
    "plot_trajectory_panels list": (lambda: plots.plot_trajectory_panels(GRID, [X2]),
                                    TypeError, "trajectories"),
    "plot_trajectories list": (lambda: plots.plot_trajectories(GRID, [X2]), TypeError,
                               "trajectories"),
    "plot_lr_schedules NaN": (lambda: plots.plot_lr_schedules({"a": [NAN, 0.1]}), ValueError,
                              r"schedules\['a'\]"),
    "plot_lr_range_test NaN rate": (
        lambda: plots.plot_lr_range_test([NAN, 0.1], [1.0, 1.0]), ValueError,
        "learning_rates"),
    "plot_lr_range_test explode_at str": (
        lambda: plots.plot_lr_range_test([0.01, 0.1], [1.0, 1.0], explode_at="a"), TypeError,
        "explode_at"),
    "plot_layer_stats strings": (lambda: plots.plot_layer_stats({"a": ["x", "y"]}), TypeError,
                                 r"values\['a'\]"),
    "plot_layer_epoch_heatmap layer_names str": (
        lambda: plots.plot_layer_epoch_heatmap(np.ones((2, 2)), layer_names="ab"), TypeError,
        "layer_names"),
    "plot_layer_epoch_heatmap first_epoch float": (
        lambda: plots.plot_layer_epoch_heatmap(np.ones((2, 2)), first_epoch=1.5), TypeError,
        "first_epoch"),
    "plot_class_counts string labels": (
        lambda: plots.plot_class_counts({"train": np.array(["a", "b"])}, class_names=NAMES),
        TypeError, r"labels\['train'\]"),
    "plot_class_counts class_names str": (
        lambda: plots.plot_class_counts({"train": [0, 1]}, class_names="abc"), TypeError,
        "class_names"),
    "plot_confusion_matrix 0 x 0": (
        lambda: plots.plot_confusion_matrix(np.zeros((0, 0)), class_names=[]), ValueError,
        "cm"),
    "plot_confusion_matrix class_names str": (
        lambda: plots.plot_confusion_matrix(np.eye(3), class_names="abc"), TypeError,
        "class_names"),
    "plot_prediction_probabilities NaN": (
        lambda: plots.plot_prediction_probabilities(IMAGES, np.full((2, 3), NAN), [0, 1],
                                                    class_names=NAMES), ValueError,
        "probabilities"),
    "plot_prediction_probabilities string labels": (
        lambda: plots.plot_prediction_probabilities(IMAGES, np.full((2, 3), 1 / 3), ["a", "b"],
                                                    class_names=NAMES), TypeError, "labels"),
    "plot_per_class_accuracy NaN": (
        lambda: plots.plot_per_class_accuracy({"a": [NAN, 0.5, 0.5]}, class_names=NAMES),
        ValueError, r"accuracies\['a'\]"),
    "plot_weight_histograms logy str": (
        lambda: plots.plot_weight_histograms({"a": np.ones(3)}, logy="x"), TypeError, "logy"),
    "plot_weight_histograms limit 0": (
        lambda: plots.plot_weight_histograms({"a": np.ones(3)}, limit=0), ValueError, "limit"),
}


@pytest.mark.parametrize("case", sorted(PLOTS_CASES))
def test_plots_reject_bad_input(case):
    _expect(*PLOTS_CASES[case])


def test_every_public_plot_function_has_a_case():
    public = {n for n in plots.__all__ if n.startswith(("plot_", "legend_", "integer_"))}
    covered = {case.split()[0] for case in PLOTS_CASES}
    assert public <= covered, f"no bad-input case for {sorted(public - covered)}"


# --------------------------------------------------------------------------- no silent answers


@pytest.mark.parametrize("answer", ["16", b"16", True, [16], 16.5])
def test_a_string_or_a_flag_is_not_a_count(answer):
    assert checks.check_parameter_count(answer, layer_sizes=(4, 2, 2), verbose=False).status \
        == "incorrect"
    assert checks.check_parameter_count(16, layer_sizes=(4, 2, 2), verbose=False).correct


@pytest.mark.parametrize(("check", "right"), [
    (lambda a: checks.check_update_count(a, n_samples=10, batch_size=4, epochs=2,
                                         verbose=False), 6),
    (lambda a: checks.check_final_parameter_count(a, hidden_units=(3,), n_inputs=2,
                                                  n_classes=2, verbose=False),
     2 * 3 + 4 * 3 + 3 * 2 + 2),
    (lambda a: checks.check_glorot_limit(a, fan_in=5, fan_out=5, verbose=False),
     float(np.sqrt(6 / 10))),
])
def test_checks_judge_strings_incorrect(check, right):
    assert check(right).correct
    assert check(str(right)).status == "incorrect"


def test_batch_shape_and_early_stopping_take_numbers_only():
    kw = {"batch_size": 32, "height": 28, "width": 28, "channels": 1, "verbose": False}
    assert checks.check_batch_shape((32, 28, 28, 1), **kw).correct
    assert not checks.check_batch_shape((32, 28, 28.5, 1), **kw).correct  # int() would pass it
    assert not checks.check_batch_shape(("32", "28", "28", "1"), **kw).correct
    curve = [0.9, 0.7, 0.8, 0.75, 0.72]
    assert checks.check_early_stopping((4, 2), val_losses=curve, patience=2,
                                       verbose=False).correct
    assert not checks.check_early_stopping(("4", "2"), val_losses=curve, patience=2,
                                           verbose=False).correct


def test_he_initializer_check_takes_backend_tensors():
    result = checks.check_he_initializer(keras.initializers.HeNormal(seed=1), fan_in=64,
                                         fan_out=400, verbose=False)
    assert result.correct


def test_grad_of_an_unused_argument_is_zero_not_an_error():
    g_w, g_x = diagnostics.grad(lambda w, x: ops.sum(w * 2.0), [1.0, 2.0], [3.0])
    np.testing.assert_allclose(g_w, [2.0, 2.0])
    np.testing.assert_allclose(g_x, [0.0])


def test_grad_refuses_a_python_float_result():
    with pytest.raises(TypeError, match="keras.ops"):
        diagnostics.grad(lambda w: float(ops.sum(w)), [1.0])
