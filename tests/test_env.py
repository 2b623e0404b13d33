"""helpers.env: quiet start-up, the report, seeding, build_dir."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import env


def test_quiet_startup_leaves_no_stderr_in_a_fresh_interpreter():
    code = "from helpers import env; env.quiet_startup(); import keras; print(keras.__version__)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TF_CPP", "TF_ENABLE"))}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=clean, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", f"start-up noise on stderr: {proc.stderr[:500]!r}"
    assert proc.stdout.strip()


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_setup_is_silent_on_every_backend(backend):
    # keras.utils.set_random_seed imports TensorFlow lazily even on JAX: no line may leak
    code = "from helpers import env; env.quiet_startup(); import keras; env.setup(seed=1)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TF_CPP", "TF_ENABLE"))}
    clean["KERAS_BACKEND"] = backend
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=clean, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", f"noise on stderr with {backend}: {proc.stderr[:500]!r}"
    assert f"backend {backend}" in proc.stdout


def test_quiet_startup_respects_user_settings(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    env.quiet_startup()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1"


def test_report_names_versions_backend_and_device():
    import keras

    info = env.report(seed=3)
    assert info.keras == keras.__version__
    assert info.backend == keras.backend.backend() == env.backend()
    assert info.devices and all(isinstance(d, str) for d in info.devices)
    text = str(info)
    assert f"Keras {keras.__version__}" in text and info.backend in text
    assert "device: " in text and "seed: 3" in text
    if not info.accelerated:
        assert "CPU only" in text


def test_setup_prints_the_report(capsys):
    info = env.setup(seed=7)
    out = capsys.readouterr().out
    assert out.strip() == str(info)
    assert info.seed == 7


def test_set_seed_makes_keras_random_reproducible():
    import keras

    env.set_seed(11)
    a = keras.random.normal((4,))
    b = np.random.rand(3)  # noqa: NPY002 (set_random_seed seeds NumPy's global generator)
    env.set_seed(11)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(keras.random.normal((4,))),
                                  keras.ops.convert_to_numpy(a))
    np.testing.assert_array_equal(np.random.rand(3), b)  # noqa: NPY002


@pytest.mark.parametrize(("seed", "error", "match"), [
    (-1, ValueError, "seed must be >= 0"),
    (1.5, TypeError, "seed must be an int"),
    (True, TypeError, "seed must be an int"),
])
def test_set_seed_bad_input(seed, error, match):
    with pytest.raises(error, match=match):
        env.set_seed(seed)


def test_build_dir_is_under_the_ignored_build_folder():
    folder = env.build_dir("test-env")
    assert folder.is_dir() and folder.name == "test-env" and folder.parent.name == "build"
    folder.rmdir()


def _fake_gpu(monkeypatch):
    import keras

    monkeypatch.setattr(keras.distribution, "list_devices", lambda *a, **k: ["gpu:0", "cpu:0"])


def test_set_seed_on_a_gpu_does_not_enable_what_would_raise(monkeypatch):
    import keras

    _fake_gpu(monkeypatch)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        def refuse():
            raise AssertionError("op determinism enabled on a GPU")

        monkeypatch.setattr(tf.config.experimental, "enable_op_determinism", refuse)
    env.set_seed(3)
    info = env.report(seed=3)
    if keras.backend.backend() in ("tensorflow", "jax"):
        assert "deterministic ops: off on the GPU" in str(info)
    env.set_seed(3, deterministic=False)
    assert env.report().determinism is None


def test_report_on_cpu_has_no_determinism_line():
    env.set_seed(5)
    info = env.report(seed=5)
    if not info.accelerated:
        assert info.determinism is None and "deterministic" not in str(info)


@pytest.mark.parametrize(("variable", "where"), [("COLAB_RELEASE_TAG", "Colab"),
                                                 ("KAGGLE_KERNEL_RUN_TYPE", "Kaggle")])
def test_cloud_report_says_how_to_get_a_gpu(monkeypatch, variable, where):
    for name in ("COLAB_RELEASE_TAG", "KAGGLE_KERNEL_RUN_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "1")
    assert env.cloud() == where
    info = env.report()
    if not info.accelerated:
        assert f"no GPU attached: none is needed here; to use one in {where}" in str(info)
        assert env.GPU_HOWTO[where] in str(info)


def test_no_cloud_hint_locally(monkeypatch):
    for name in ("COLAB_RELEASE_TAG", "KAGGLE_KERNEL_RUN_TYPE"):
        monkeypatch.delenv(name, raising=False)
    if "google.colab" not in sys.modules:
        assert env.cloud() is None and "no GPU attached" not in str(env.report())


def test_setup_refuses_an_untested_backend(monkeypatch):
    monkeypatch.setattr(env, "backend", lambda: "torch")
    with pytest.raises(RuntimeError, match="tensorflow and jax.*not on 'torch'"):
        env.setup(seed=0, verbose=False)


def test_keras_array_pipeline_has_tf_data_autotuning_off():
    pytest.importorskip("tensorflow")
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    assert env._tf_data_without_autotuning() is True
    wrapped = ArrayDataAdapter.get_tf_dataset
    assert env._tf_data_without_autotuning() is True
    assert ArrayDataAdapter.get_tf_dataset is wrapped  # a second call does not wrap again
    x, y = np.zeros((10, 3), "float32"), np.arange(10)
    dataset = ArrayDataAdapter(x, y, batch_size=4, shuffle=True).get_tf_dataset()
    assert dataset.options().autotune.enabled is False
    import tensorflow as tf  # Keras' own options are kept: with_options merges

    policy = dataset.options().experimental_distribute.auto_shard_policy
    assert policy == tf.data.experimental.AutoShardPolicy.DATA
    batches = [b[1].numpy() for b in dataset]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))  # every example, once


def test_set_seed_switches_autotuning_off_on_tensorflow_only(monkeypatch):
    calls = []
    monkeypatch.setattr(env, "_tf_data_without_autotuning", lambda: calls.append(1) or True)
    env.set_seed(0)
    assert len(calls) == (1 if env.backend() == "tensorflow" else 0)


def test_autotuning_wrapper_leaves_anything_but_a_dataset_alone(monkeypatch):
    pytest.importorskip("tensorflow")
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    def future_keras(self):
        """A future Keras' pipeline that is not a tf.data.Dataset."""
        return ["not", "a", "dataset"]

    monkeypatch.setattr(ArrayDataAdapter, "get_tf_dataset", future_keras)
    assert env._tf_data_without_autotuning() is True
    wrapped = ArrayDataAdapter.get_tf_dataset
    assert wrapped is not future_keras and wrapped.__doc__ == future_keras.__doc__
    assert wrapped(None) == ["not", "a", "dataset"]
