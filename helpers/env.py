"""The notebook environment: quiet start-up, a version and device report, seeding.

Every notebook's Setup cell starts with::

    from helpers import env
    env.quiet_startup()          # before Keras is imported
    import keras
    ...
    env.setup(seed=SEED)         # prints versions and device, seeds everything

Backend-specific code (device queries, op determinism) lives here, behind one function each,
so the notebooks stay on ``keras`` and ``keras.ops``.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import platform
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "EnvReport",
    "backend",
    "build_dir",
    "cloud",
    "devices",
    "quiet_startup",
    "report",
    "set_seed",
    "setup",
]

#: Environment variables that keep TensorFlow's C++ start-up lines out of notebook outputs.
#: ``TF_CPP_MIN_LOG_LEVEL`` hides TensorFlow's own log; only ``TF_ENABLE_ONEDNN_OPTS=0``
#: removes the oneDNN notice. absl prints a few lines before its logging is set up; those are
#: silenced by importing Keras with file descriptor 2 pointed at the null device.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


#: The Keras backends every notebook is tested on (nbval on both).
SUPPORTED_BACKENDS = ("tensorflow", "jax")


@contextlib.contextmanager
def _stderr_silenced():
    """Point file descriptor 2 (C-level stderr) at the null device for the block."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_startup() -> None:
    """Import Keras (and its backend) without the backend's start-up noise.

    Call it before the first ``import keras`` of a session. It sets :data:`QUIET_ENV` (values
    already set by the user win), imports Keras, and TensorFlow where it is installed, with
    C-level stderr silenced, and lowers the TensorFlow and absl Python loggers to errors.
    Calling it again is harmless.

    Example:
        >>> from helpers import env
        >>> env.quiet_startup()
        >>> import keras
    """
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)
    with _stderr_silenced(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras  # noqa: F401

        # On every backend Keras imports TensorFlow lazily when it is installed (for example in
        # keras.utils.set_random_seed), which would print the start-up lines later: import it now.
        if "tensorflow" in sys.modules or importlib.util.find_spec("tensorflow") is not None:
            import tensorflow as tf

            tf.get_logger().setLevel("ERROR")
    with contextlib.suppress(ImportError):
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)


def backend() -> str:
    """Return the name of the active Keras backend ("tensorflow" or "jax" in this course)."""
    import keras

    return keras.backend.backend()


def devices() -> list[str]:
    """Return the devices the active backend will compute on, accelerators first.

    Returns:
        A list of device names such as ``["gpu:0"]`` or ``["cpu:0"]``, from
        ``keras.distribution.list_devices()``, with a human-readable GPU model where the backend
        can tell it (for example ``"gpu:0 (NVIDIA H100 80GB HBM3)"``).
    """
    import keras

    names = list(keras.distribution.list_devices())
    gpus = [d for d in names if d.lower().startswith(("gpu", "cuda"))]
    others = [d for d in names if d not in gpus]
    described = []
    for i, dev in enumerate(gpus):
        model = _gpu_model(i)
        described.append(f"{dev} ({model})" if model else dev)
    return described + others


def _gpu_model(index: int) -> str | None:
    """The GPU's marketing name on the active backend, or None if it cannot tell."""
    name = backend()
    try:
        if name == "jax":
            import jax

            return jax.devices("gpu")[index].device_kind
        if name == "tensorflow":
            import tensorflow as tf

            gpu = tf.config.list_physical_devices("GPU")[index]
            return tf.config.experimental.get_device_details(gpu).get("device_name")
    except Exception:  # a report must never break the Setup cell
        return None
    return None


@dataclass(frozen=True)
class EnvReport:
    """What :func:`report` found. Printing it gives the one-paragraph Setup summary."""

    python: str
    keras: str
    backend: str
    backend_version: str
    devices: list[str] = field(default_factory=list)
    seed: int | None = None
    cloud: str | None = None
    determinism: str | None = None

    @property
    def accelerated(self) -> bool:
        """True when a GPU (or other accelerator) will run the work."""
        return any(not d.lower().startswith("cpu") for d in self.devices)

    def __str__(self) -> str:
        where = ", ".join(self.devices) if self.accelerated else "CPU only"
        lines = [
            f"Python {self.python} · Keras {self.keras} · "
            f"backend {self.backend} {self.backend_version}",
            f"device: {where}",
        ]
        if self.seed is not None:
            lines.append(f"seed: {self.seed}")
        if self.determinism:
            lines.append(f"deterministic ops: {self.determinism}")
        if self.cloud and not self.accelerated:
            lines.append(f"no GPU attached: none is needed here; to use one in {self.cloud}, "
                         f"{GPU_HOWTO[self.cloud]}")
        return "\n".join(lines)


#: How to attach a GPU where the notebooks are most often run (shown there when none is).
GPU_HOWTO = {
    "Colab": "Runtime > Change runtime type > a GPU (for example T4), then run all cells again",
    "Kaggle": "Settings > Accelerator > a GPU (for example GPU T4 x2), then run all again",
}


def cloud() -> str | None:
    """Return "Colab" or "Kaggle" when running there (from their environment), else None."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "Colab"
    if "KAGGLE_KERNEL_RUN_TYPE" in os.environ:
        return "Kaggle"
    return None


def _backend_version(name: str) -> str:
    module = {"tensorflow": "tensorflow", "jax": "jax"}.get(name)
    if module is None:
        return "?"
    try:
        return __import__(module).__version__
    except ImportError:
        return "?"


def report(*, seed: int | None = None) -> EnvReport:
    """Collect Python, Keras and backend versions and the device that will run the work."""
    import keras

    name = keras.backend.backend()
    return EnvReport(
        python=platform.python_version(),
        keras=keras.__version__,
        backend=name,
        backend_version=_backend_version(name),
        devices=devices(),
        seed=seed,
        cloud=cloud(),
        determinism=_determinism,
    )


#: Set by :func:`set_seed` when op determinism was asked for but is off (shown in the report).
_determinism: str | None = None


def set_seed(seed: int, *, deterministic: bool = True) -> None:
    """Seed Python, NumPy and the backend; optionally ask the backend for deterministic ops.

    On TensorFlow it also switches tf.data's autotuning off in the input pipeline Keras builds
    for NumPy arrays: on the 2-core machine measured, that autotuning added seconds of waiting
    at the end of many epochs, and it does not change the numbers computed.

    Args:
        seed: a non-negative integer.
        deterministic: also make the backend's ops deterministic where that cannot break a
            notebook: TensorFlow's op determinism on CPU. JAX is deterministic on CPU already.
            On a GPU, TensorFlow's op determinism makes ops without a deterministic GPU kernel
            raise an error, so it is left off there, and the report says so: seeded runs can
            then differ slightly.

    Raises:
        TypeError: if ``seed`` is not an integer.
        ValueError: if ``seed`` is negative.
    """
    from helpers import _validate as check

    seed = check.integer(seed, "seed", minimum=0)
    _check_flag(deterministic, "deterministic")
    import keras

    global _determinism
    keras.utils.set_random_seed(seed)
    _determinism = None
    if keras.backend.backend() == "tensorflow":
        _tf_data_without_autotuning()
    if not deterministic:
        return
    name = keras.backend.backend()
    on_gpu = any(d.lower().startswith(("gpu", "cuda")) for d in keras.distribution.list_devices())
    if name == "tensorflow" and on_gpu:
        _determinism = ("off on the GPU (TensorFlow would raise an error for ops without a "
                        "deterministic GPU kernel); seeded runs can differ slightly")
    elif name == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    elif name == "jax" and on_gpu:
        _determinism = ("off on the GPU (JAX is deterministic there only when started with "
                        "XLA_FLAGS=--xla_gpu_deterministic_ops=true)")


def _tf_data_without_autotuning() -> bool:
    """On TensorFlow, switch tf.data's autotuning off in the pipeline Keras builds for arrays.

    Keras feeds NumPy arrays to TensorFlow through a ``tf.data`` pipeline with autotuning on
    and makes a new iterator each epoch. On the 2-core machine measured, the iterator's
    destructor then often waited about 2.4 s for the autotuning thread, which nearly doubled
    the time of a short epoch (benchmarks/RESULTS.md, "TensorFlow's two speeds"). Autotuning
    only sizes buffers and thread counts, so the numbers computed do not change. Keras has no
    setting for it, so this wraps ``ArrayDataAdapter.get_tf_dataset``; where a Keras version
    lacks that method, or it returns something other than a ``tf.data.Dataset``, nothing is
    done. Called by :func:`set_seed`; calling it again does nothing.

    Returns:
        True if Keras' array pipeline now has autotuning off.
    """
    try:
        import tensorflow as tf
        from keras.src.trainers.data_adapters import array_data_adapter
    except ImportError:
        return False
    adapter = getattr(array_data_adapter, "ArrayDataAdapter", None)
    original = getattr(adapter, "get_tf_dataset", None)
    if original is None:
        return False
    if getattr(original, "_dlb_without_autotuning", False):
        return True

    @functools.wraps(original)
    def get_tf_dataset(self):
        dataset = original(self)
        if not isinstance(dataset, tf.data.Dataset):  # a future Keras: leave it as it is
            return dataset
        options = tf.data.Options()
        options.autotune.enabled = False
        return dataset.with_options(options)

    get_tf_dataset._dlb_without_autotuning = True
    adapter.get_tf_dataset = get_tf_dataset
    return True


def _check_flag(value, name: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}: {value!r}")


def setup(*, seed: int = 42, deterministic: bool = True, verbose: bool = True) -> EnvReport:
    """The Setup cell's one call: seed everything and report versions and the device.

    Args:
        seed: the run's seed (see :func:`set_seed`).
        deterministic: passed to :func:`set_seed`.
        verbose: print the report.

    Returns:
        The :class:`EnvReport`.

    Raises:
        RuntimeError: on a Keras backend the course is not tested on (PyTorch, OpenVINO).

    Example:
        >>> info = env.setup(seed=42)
        Python 3.11.7 · Keras 3.15.1 · backend tensorflow 2.21.0
        device: CPU only
        seed: 42
    """
    _check_flag(verbose, "verbose")
    quiet_startup()
    if backend() not in SUPPORTED_BACKENDS:
        raise RuntimeError(
            f"this course is tested on the {' and '.join(SUPPORTED_BACKENDS)} backends, not on "
            f"{backend()!r}: set KERAS_BACKEND=tensorflow or jax before starting Jupyter")
    set_seed(seed, deterministic=deterministic)
    info = report(seed=seed)
    if verbose:
        print(info)
    return info


def build_dir(*parts: str) -> Path:
    """A folder under the project's ``build/`` (git-ignored), created if needed.

    Inside a checkout this is ``<project>/build``; where the helpers are installed without the
    project around them (Colab, a wheel), it is ``./build`` under the current folder.

    Example:
        >>> path = env.build_dir("models") / "best.keras"
    """
    for part in parts:
        if not isinstance(part, str):
            raise TypeError(f"parts must be folder names (str), got {type(part).__name__}: "
                            f"{part!r}")
        if not part or Path(part).is_absolute() or ".." in Path(part).parts:
            raise ValueError(f"parts must be relative folder names under build/ (non-empty, "
                             f"no '..'), got {part!r}")
    here = Path(__file__).resolve().parent.parent
    root = here if (here / "pyproject.toml").exists() else Path.cwd()
    folder = root.joinpath("build", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
