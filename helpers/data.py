"""Datasets: verified offline Fashion-MNIST, train/validation/test splits, and toy sets.

Fashion-MNIST lives in the Keras cache layout, the four IDX ``.gz`` files that
``keras.datasets.fashion_mnist.load_data()`` downloads to ``$KERAS_HOME/datasets/fashion-mnist/``.
Where the files are read from, in order:

1. ``$DLB_DATA_DIR/fashion-mnist/`` when ``DLB_DATA_DIR`` is set (a local mirror; CI uses it);
2. the Keras cache, ``$KERAS_HOME/datasets/fashion-mnist/`` (``KERAS_HOME`` defaults to
   ``~/.keras``), shared with ``keras.datasets``;
3. a download into the Keras cache, unless ``DLB_OFFLINE=1`` forbids the network.

Every file is checked against the official MD5 of its *decompressed* bytes. A missing, truncated
or corrupted file raises :class:`DatasetError` naming the file, the folder and the fix; nothing
the user has is deleted or overwritten, and a download is moved into place only once complete
and verified.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as check

__all__ = [
    "CLASS_NAMES",
    "FASHION_MNIST_FILES",
    "FASHION_MNIST_ORIGIN",
    "DatasetError",
    "Splits",
    "download_fashion_mnist",
    "fashion_mnist_dir",
    "load_fashion_mnist",
    "load_fashion_mnist_splits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_regression_1d",
    "make_spirals",
    "make_xor",
    "train_val_split",
    "verify_fashion_mnist",
]

#: The ten Fashion-MNIST classes, indexed by label.
CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip

#: File name -> (size in bytes, MD5) of the decompressed IDX file, as published with the dataset.
FASHION_MNIST_FILES = {
    "train-labels-idx1-ubyte.gz": (60_008, "9018921c3c673c538a1fc5bad174d6f9"),
    "train-images-idx3-ubyte.gz": (47_040_016, "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
    "t10k-labels-idx1-ubyte.gz": (10_008, "15d484375f8d13e6eb1aabb0c3f46965"),
    "t10k-images-idx3-ubyte.gz": (7_840_016, "8181f5470baa50b63fa0f6fddb340f0a"),
}

#: Where ``keras.datasets.fashion_mnist`` downloads from.
FASHION_MNIST_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

_FIX_OFFLINE = (
    "set DLB_DATA_DIR to a folder that holds fashion-mnist/ with the four official files "
    "(CI: DLB_DATA_DIR=../shared/data), or unset DLB_OFFLINE to download them"
)


class DatasetError(RuntimeError):
    """A dataset file is missing, truncated, corrupted, or cannot be downloaded."""


# --------------------------------------------------------------------------- Fashion-MNIST


def fashion_mnist_dir() -> Path:
    """The Keras cache folder for Fashion-MNIST: ``$KERAS_HOME/datasets/fashion-mnist``."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "fashion-mnist"


def _offline() -> bool:
    return os.environ.get("DLB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _read_verified(path: Path, name: str) -> bytes:
    """Decompress ``path`` and check size and MD5 (hashed once); raise DatasetError if not."""
    size, md5 = FASHION_MNIST_FILES[name]
    fix = (
        f"delete or replace {name} in {path.parent} with a good copy "
        f"(from the official release, or a folder given by DLB_DATA_DIR) and run again"
    )
    try:
        raw = gzip.decompress(path.read_bytes())
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        kind = "truncated" if isinstance(exc, EOFError) else "not a readable gzip file"
        raise DatasetError(
            f"Fashion-MNIST file {name} in {path.parent} is {kind} ({exc}). Fix: {fix}."
        ) from None
    if len(raw) != size or hashlib.md5(raw).hexdigest() != md5:
        raise DatasetError(
            f"Fashion-MNIST file {name} in {path.parent} is corrupted: its decompressed content "
            f"({len(raw):,} bytes) does not match the official checksum ({size:,} bytes, MD5 "
            f"{md5}). Fix: {fix}."
        )
    return raw


def download_fashion_mnist(
    dest: str | os.PathLike | None = None, *, origin: str = FASHION_MNIST_ORIGIN
) -> Path:
    """Download the missing Fashion-MNIST files into ``dest`` (default: the Keras cache).

    Each file goes to a temporary file in ``dest`` first and is moved into place only when it is
    complete and matches the official checksum. Files already present are left as they are.

    Args:
        dest: the folder to fill (``fashion-mnist/`` itself, not its parent).
        origin: base URL the four file names are appended to; a ``file://`` URL works too.

    Returns:
        The folder.

    Raises:
        DatasetError: if ``DLB_OFFLINE=1`` is set, or a download fails or does not verify.
    """
    if dest is not None and not isinstance(dest, (str, os.PathLike)):
        raise TypeError(f"dest must be a path (str or Path) or None, got {type(dest).__name__}")
    if not isinstance(origin, str):
        raise TypeError(f"origin must be a URL (str), got {type(origin).__name__}")
    folder = Path(dest) if dest is not None else fashion_mnist_dir()
    missing = [n for n in FASHION_MNIST_FILES if not (folder / n).exists()]
    if not missing:
        return folder
    if _offline():
        raise DatasetError(
            f"Fashion-MNIST files {', '.join(missing)} are missing from {folder} and "
            f"DLB_OFFLINE=1 forbids downloading them. Fix: {_FIX_OFFLINE}."
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name in missing:
        url = origin.rstrip("/") + "/" + name
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=60) as resp:
                shutil.copyfileobj(resp, out)
            _read_verified(tmp, name)
            os.replace(tmp, folder / name)
        except (urllib.error.URLError, OSError) as exc:
            raise DatasetError(
                f"could not download Fashion-MNIST file {name} from {url} into {folder} ({exc}). "
                f"Fix: check the network, or {_FIX_OFFLINE.split(', or')[0]}."
            ) from None
        except DatasetError as exc:
            raise DatasetError(f"the download from {url} did not verify: {exc}") from None
        finally:
            tmp.unlink(missing_ok=True)
    return folder


def _source_dir(*, download: bool) -> Path:
    """The folder to read from, following the order in the module docstring."""
    mirror = os.environ.get("DLB_DATA_DIR")
    if mirror:
        folder = Path(mirror).expanduser() / "fashion-mnist"
        missing = [n for n in FASHION_MNIST_FILES if not (folder / n).is_file()]
        if missing:
            raise DatasetError(
                f"DLB_DATA_DIR is set to {mirror}, but {folder} lacks {', '.join(missing)}. "
                f"Fix: point DLB_DATA_DIR at the folder that contains fashion-mnist/ "
                f"(not fashion-mnist/ itself), or unset it to use the Keras cache."
            )
        return folder
    folder = fashion_mnist_dir()
    if download:
        download_fashion_mnist(folder)
    return folder


def _verified_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, decompressed bytes)`` of the four files, each read and hashed once."""
    for name in FASHION_MNIST_FILES:
        path = folder / name
        if not path.is_file():
            raise DatasetError(f"Fashion-MNIST file {name} is missing from {folder}. "
                               f"Fix: {_FIX_OFFLINE}.")
        yield name, _read_verified(path, name)


def verify_fashion_mnist(folder: str | os.PathLike | None = None) -> dict[str, str]:
    """Check the four files in ``folder`` (default: the source in use); return name -> MD5.

    Args:
        folder: the ``fashion-mnist/`` folder to check; ``None``: the source the loaders use.

    Returns:
        File name -> MD5 of its decompressed content (the official sums, once verified).

    Raises:
        TypeError: if ``folder`` is not a path.
        DatasetError: naming the first file that is missing, truncated or corrupted.
    """
    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a path (str or Path) or None, got {type(folder).__name__}")
    folder = Path(folder) if folder is not None else _source_dir(download=False)
    # _read_verified checked each file against its official MD5, so that sum is the file's.
    return {name: FASHION_MNIST_FILES[name][1] for name, _ in _verified_files(folder)}


def _parse_idx(raw: bytes, name: str) -> np.ndarray:
    """Decode an IDX file (big-endian header, unsigned bytes) into a NumPy array."""
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


def load_fashion_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load Fashion-MNIST exactly as ``keras.datasets.fashion_mnist.load_data()`` returns it.

    The files are read from the first source in the module docstring's order and verified.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape (60000, 28, 28) and
        (10000, 28, 28), uint8 labels of shape (60000,) and (10000,).

    Raises:
        DatasetError: a file is missing (offline), truncated or corrupted; the message names the
            file, the folder and the fix.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
        >>> x_train.shape
        (60000, 28, 28)
    """
    folder = _source_dir(download=True)
    arrays = {name: _parse_idx(raw, name) for name, raw in _verified_files(folder)}
    return (
        (arrays["train-images-idx3-ubyte.gz"], arrays["train-labels-idx1-ubyte.gz"]),
        (arrays["t10k-images-idx3-ubyte.gz"], arrays["t10k-labels-idx1-ubyte.gz"]),
    )


# --------------------------------------------------------------------------- splits


def _check_count(value, name: str, *, minimum: int = 1) -> int:
    return check.integer(value, name, minimum=minimum)


def _check_seed(seed) -> int:
    return check.integer(seed, "seed", minimum=0)


def _stratified_indices(y: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` indices of ``y`` with the class proportions of ``y`` (largest remainder)."""
    classes, counts = np.unique(y, return_counts=True)
    quota = counts / counts.sum() * size
    take = np.floor(quota).astype(int)
    short = size - take.sum()
    take[np.argsort(-(quota - take), kind="stable")[:short]] += 1
    picked = [rng.permutation(np.flatnonzero(y == c))[:k] for c, k in zip(classes, take)]
    return np.sort(np.concatenate(picked))


def train_val_split(
    x: np.ndarray, y: np.ndarray, *, val_size: int | float = 0.1, seed: int = 0,
    stratify: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold a validation set out of training data (never out of the test set).

    Args:
        x: array of shape (n_samples, ...).
        y: array of shape (n_samples,) of labels.
        val_size: a count (int) or a fraction in (0, 1) of ``n_samples``.
        seed: seed of the shuffle.
        stratify: keep the class proportions in both parts.

    Returns:
        ``x_train, y_train, x_val, y_val``.

    Raises:
        TypeError: if ``x`` or ``y`` is not an array of numbers, or ``val_size``/``seed`` has
            the wrong type.
        ValueError: if the lengths differ, ``y`` is not integer labels of shape (n,) (one-hot
            labels included), or ``val_size`` leaves nothing on either side.
    """
    x = check.array(x, "x", dtype=None)  # dtype=None: uint8 images stay uint8
    if x.ndim == 0:
        raise ValueError(f"x must be an array of shape (n_samples, ...), got a scalar {x}")
    if stratify:  # class proportions need integer labels (one-hot would be split as numbers)
        check.labels(y, "y")
    y = check.array(y, "y", dtype=None)
    check.same_length(x=x, y=y)
    n = len(x)
    seed = _check_seed(seed)
    if isinstance(val_size, (float, np.floating)):
        if not 0.0 < val_size < 1.0:
            raise ValueError(f"a fractional val_size must be in (0, 1), got {val_size}")
        val_size = round(float(val_size) * n)
    val_size = _check_count(val_size, "val_size")
    if val_size >= n:
        raise ValueError(f"val_size must be smaller than the {n} samples, got {val_size}")
    rng = np.random.default_rng(seed)
    if stratify:
        val_idx = _stratified_indices(y, val_size, rng)
    else:
        val_idx = np.sort(rng.permutation(n)[:val_size])
    mask = np.ones(n, dtype=bool)
    mask[val_idx] = False
    return x[mask], y[mask], x[val_idx], y[val_idx]


@dataclass(frozen=True)
class Splits:
    """Train / validation / test arrays and the class names. Unpacks in that order."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...] = CLASS_NAMES

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.x_train, self.y_train, self.x_val, self.y_val, self.x_test, self.y_test))

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{n}={getattr(self, n).shape}" for n in ("x_train", "x_val", "x_test")
        )
        return f"Splits({parts}, {len(self.class_names)} classes)"


def load_fashion_mnist_splits(
    *, val_size: int = 10_000, train_size: int | None = None, test_size: int | None = None,
    seed: int = 0,
) -> Splits:
    """Fashion-MNIST as train / validation / test, the validation set held out of training.

    Args:
        val_size: images held out of the 60,000 training images for validation (stratified).
        train_size: keep only this many (stratified) of the remaining training images, for
            quick experiments; ``None`` keeps them all.
        test_size: keep only this many (stratified) test images; ``None`` keeps all 10,000.
        seed: seed of the split and the subsets.

    Returns:
        A :class:`Splits` of uint8 images (n, 28, 28) and uint8 labels.

    Example:
        >>> x_train, y_train, x_val, y_val, x_test, y_test = data.load_fashion_mnist_splits(
        ...     train_size=5000)
    """
    val_size = _check_count(val_size, "val_size")
    if train_size is not None:
        _check_count(train_size, "train_size")
    if test_size is not None:
        _check_count(test_size, "test_size")
    seed = _check_seed(seed)
    (x_full, y_full), (x_test, y_test) = load_fashion_mnist()
    x_train, y_train, x_val, y_val = train_val_split(x_full, y_full, val_size=val_size, seed=seed)
    rng = np.random.default_rng(seed + 1)
    if train_size is not None:
        _check_count(train_size, "train_size")
        if train_size > len(x_train):
            raise ValueError(f"train_size must be <= {len(x_train)}, got {train_size}")
        idx = _stratified_indices(y_train, train_size, rng)
        x_train, y_train = x_train[idx], y_train[idx]
    if test_size is not None:
        _check_count(test_size, "test_size")
        if test_size > len(x_test):
            raise ValueError(f"test_size must be <= {len(x_test)}, got {test_size}")
        idx = _stratified_indices(y_test, test_size, rng)
        x_test, y_test = x_test[idx], y_test[idx]
    return Splits(x_train, y_train, x_val, y_val, x_test, y_test)


# --------------------------------------------------------------------------- toy sets


def _toy_args(n_samples, noise: float, seed, *, noise_name: str = "noise") -> int:
    n = _check_count(n_samples, "n_samples", minimum=2)
    check.number(noise, noise_name, minimum=0)
    _check_seed(seed)
    return n


def make_moons(n_samples: int = 200, *, noise: float = 0.1, seed: int = 0
               ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles.

    Returns:
        ``x`` of shape (n_samples, 2) float32 and ``y`` of shape (n_samples,) int64 in {0, 1}.
    """
    n = _toy_args(n_samples, noise, seed)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    x = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    y = np.r_[np.zeros(n0), np.ones(n - n0)].astype(np.int64)
    x = x + rng.normal(scale=noise, size=x.shape)
    perm = rng.permutation(n)
    return x[perm].astype(np.float32), y[perm]


def make_circles(n_samples: int = 200, *, noise: float = 0.05, factor: float = 0.5,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0); ``factor`` is the radius ratio."""
    n = _toy_args(n_samples, noise, seed)
    factor = check.number(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = rng.uniform(0, 2 * np.pi, n0)
    t1 = rng.uniform(0, 2 * np.pi, n - n0)
    x = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]])
    y = np.r_[np.zeros(n0), np.ones(n - n0)].astype(np.int64)
    x = x + rng.normal(scale=noise, size=x.shape)
    perm = rng.permutation(n)
    return x[perm].astype(np.float32), y[perm]


def make_spirals(n_samples: int = 300, *, noise: float = 0.05, n_classes: int = 2,
                 turns: float = 1.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n_classes`` interleaved spiral arms in the unit disc."""
    n = _toy_args(n_samples, noise, seed)
    k = _check_count(n_classes, "n_classes", minimum=2)
    turns = check.number(turns, "turns", positive=True)
    rng = np.random.default_rng(seed)
    sizes = [n // k + (i < n % k) for i in range(k)]
    xs, ys = [], []
    for c, m in enumerate(sizes):
        r = np.linspace(0.05, 1.0, m)
        t = 2 * np.pi * turns * r + 2 * np.pi * c / k
        xs.append(np.c_[r * np.cos(t), r * np.sin(t)])
        ys.append(np.full(m, c))
    x = np.concatenate(xs) + rng.normal(scale=noise, size=(n, 2))
    y = np.concatenate(ys).astype(np.int64)
    perm = rng.permutation(n)
    return x[perm].astype(np.float32), y[perm]


def make_xor(n_samples: int = 200, *, noise: float = 0.1, seed: int = 0
             ) -> tuple[np.ndarray, np.ndarray]:
    """Points around the four corners (±1, ±1); class 1 where the signs differ (XOR)."""
    n = _toy_args(n_samples, noise, seed)
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(n, 2))
    x = signs + rng.normal(scale=noise, size=(n, 2))
    y = (signs[:, 0] != signs[:, 1]).astype(np.int64)
    return x.astype(np.float32), y


def make_blobs(n_samples: int = 200, *, centers: ArrayLike = ((-1.5, -1.0), (1.5, 1.0)),
               std: float = 0.6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs, one class per centre.

    Args:
        n_samples: points in all (>= 2), dealt to the classes in turn.
        centers: array-like of shape (n_classes, 2).
        std: the standard deviation of every blob (>= 0).
        seed: seed of the noise and the shuffle.

    Returns:
        ``x`` of shape (n_samples, 2) float32 and ``y`` of shape (n_samples,) int64.
    """
    n = _toy_args(n_samples, std, seed, noise_name="std")
    centers = check.array(centers, "centers", ndim=(1, 2, 3))
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) < 2:
        raise ValueError(f"centers must have shape (n_classes >= 2, 2), got {centers.shape}")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % len(centers)
    x = centers[y] + rng.normal(scale=std, size=(n, 2))
    perm = rng.permutation(n)
    return x[perm].astype(np.float32), y[perm].astype(np.int64)


def make_regression_1d(n_samples: int = 200, *, fn: str | Callable = "sine", noise: float = 0.1,
                       low: float = -3.0, high: float = 3.0, seed: int = 0
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Noisy samples of a 1-D function on [low, high], sorted by x.

    Args:
        n_samples: points (>= 2).
        fn: ``"sine"`` (sin x), ``"square"`` (x²), ``"abs"`` (|x|), ``"step"`` or a callable
            mapping an array to an array of the same shape.
        noise: standard deviation of the Gaussian noise added to y (>= 0).
        low: the smallest x.
        high: the largest x (> low).
        seed: seed of the inputs and the noise.

    Returns:
        ``x`` of shape (n_samples, 1) and ``y`` of shape (n_samples,), both float32.
    """
    n = _toy_args(n_samples, noise, seed)
    named = {"sine": np.sin, "square": np.square, "abs": np.abs,
             "step": lambda t: (t > 0).astype(float)}
    if isinstance(fn, str):
        if fn not in named:
            raise ValueError(f"fn must be one of {sorted(named)} or a callable, got {fn!r}")
        fn = named[fn]
    elif not callable(fn):
        raise TypeError(f"fn must be a name or a callable, got {type(fn).__name__}")
    low = check.number(low, "low")
    high = check.number(high, "high")
    if not low < high:
        raise ValueError(f"low must be < high, got low={low}, high={high}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, n))
    y = check.array(fn(x), "the output of fn", shape=(n,)) + rng.normal(scale=noise, size=n)
    return x[:, None].astype(np.float32), y.astype(np.float32)
