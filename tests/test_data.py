"""helpers.data: Fashion-MNIST from the offline mirror, integrity errors, downloads, splits, toys.

No test touches the network: the download path is exercised against a ``file://`` URL of the
mirror. Tests that read the full dataset need the mirror (``DLB_DATA_DIR``, as CI sets it) and
are skipped with a message where it is absent.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers import data

MIRROR = Path(os.environ.get("DLB_DATA_DIR", Path(__file__).parents[2] / "shared" / "data"))
HAVE_MIRROR = (MIRROR / "fashion-mnist" / "train-labels-idx1-ubyte.gz").is_file()
needs_mirror = pytest.mark.skipif(not HAVE_MIRROR, reason=f"no Fashion-MNIST mirror at {MIRROR}")


@pytest.fixture
def mirror_env(monkeypatch):
    monkeypatch.setenv("DLB_DATA_DIR", str(MIRROR))
    monkeypatch.setenv("DLB_OFFLINE", "1")


def _copy_mirror(dest: Path, names=None) -> Path:
    folder = dest / "fashion-mnist"
    folder.mkdir(parents=True)
    for name in names or data.FASHION_MNIST_FILES:
        shutil.copy(MIRROR / "fashion-mnist" / name, folder / name)
    return folder


# --------------------------------------------------------------------------- the real files


@needs_mirror
@pytest.mark.slow
def test_full_dataset_shapes_dtypes_balance_and_checksums(mirror_env):
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60_000, 28, 28) and x_test.shape == (10_000, 28, 28)
    assert y_train.shape == (60_000,) and y_test.shape == (10_000,)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(y_train), np.full(10, 6_000))
    np.testing.assert_array_equal(np.bincount(y_test), np.full(10, 1_000))
    assert x_train.min() == 0 and x_train.max() == 255
    sums = data.verify_fashion_mnist(MIRROR / "fashion-mnist")
    assert sums == {name: md5 for name, (_, md5) in data.FASHION_MNIST_FILES.items()}
    assert len(data.CLASS_NAMES) == 10


@needs_mirror
@pytest.mark.slow
def test_splits_hold_validation_out_of_training_only(mirror_env):
    splits = data.load_fashion_mnist_splits(val_size=6_000, train_size=3_000, test_size=1_000)
    x_train, y_train, x_val, y_val, x_test, y_test = splits
    assert x_train.shape == (3_000, 28, 28) and x_val.shape == (6_000, 28, 28)
    assert x_test.shape == (1_000, 28, 28)
    np.testing.assert_array_equal(np.bincount(y_val), np.full(10, 600))
    np.testing.assert_array_equal(np.bincount(y_train), np.full(10, 300))
    np.testing.assert_array_equal(np.bincount(y_test), np.full(10, 100))
    # validation images come from the training file, never from the test file
    (full_train, _), (full_test, _) = data.load_fashion_mnist()
    train_rows = {row.tobytes() for row in full_train.reshape(len(full_train), -1)}
    assert all(img.tobytes() in train_rows for img in x_val[:200])
    again = data.load_fashion_mnist_splits(val_size=6_000, train_size=3_000, test_size=1_000)
    np.testing.assert_array_equal(again.x_val, x_val)
    assert "Splits(" in repr(splits)


# --------------------------------------------------------------------------- integrity errors


@needs_mirror
def test_corrupted_file_gives_one_clear_error_and_is_kept(tmp_path, monkeypatch):
    folder = _copy_mirror(tmp_path)
    target = folder / "train-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(target.read_bytes()))
    raw[100] ^= 0xFF
    target.write_bytes(gzip.compress(bytes(raw)))
    before = target.read_bytes()
    monkeypatch.setenv("DLB_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetError, match=r"train-labels-idx1-ubyte\.gz.*corrupted.*Fix:"):
        data.load_fashion_mnist()
    assert target.read_bytes() == before, "the user's file must not be touched"


@needs_mirror
def test_truncated_file_gives_one_clear_error(tmp_path, monkeypatch):
    folder = _copy_mirror(tmp_path)
    target = folder / "t10k-labels-idx1-ubyte.gz"
    target.write_bytes(target.read_bytes()[:2_000])
    monkeypatch.setenv("DLB_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist()
    message = str(info.value)
    assert "t10k-labels-idx1-ubyte.gz" in message and str(folder) in message
    assert "truncated" in message and "Fix:" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_not_gzip_gives_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for name in data.FASHION_MNIST_FILES:
        (folder / name).write_bytes(b"<html>not found</html>")
    monkeypatch.setenv("DLB_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetError, match="not a readable gzip file"):
        data.load_fashion_mnist()


def test_missing_offline_names_files_folder_and_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("DLB_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("DLB_OFFLINE", "1")
    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist()
    message = str(info.value)
    assert "train-labels-idx1-ubyte.gz" in message and "DLB_OFFLINE=1" in message
    assert str(tmp_path / "keras" / "datasets" / "fashion-mnist") in message
    assert "DLB_DATA_DIR" in message


def test_data_dir_pointing_at_wrong_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DLB_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DatasetError, match="folder that contains fashion-mnist/"):
        data.load_fashion_mnist()


def test_keras_cache_folder_follows_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert data.fashion_mnist_dir() == tmp_path / "datasets" / "fashion-mnist"


# --------------------------------------------------------------------------- download


@needs_mirror
def test_download_from_file_url_verifies_then_moves(tmp_path, monkeypatch):
    monkeypatch.delenv("DLB_OFFLINE", raising=False)
    dest = tmp_path / "cache" / "fashion-mnist"
    dest.mkdir(parents=True)
    keep = dest / "train-images-idx3-ubyte.gz"
    shutil.copy(MIRROR / "fashion-mnist" / keep.name, keep)
    mtime = keep.stat().st_mtime_ns
    origin = (MIRROR / "fashion-mnist").as_uri() + "/"
    data.download_fashion_mnist(dest, origin=origin)
    assert sorted(p.name for p in dest.iterdir()) == sorted(data.FASHION_MNIST_FILES)
    assert keep.stat().st_mtime_ns == mtime, "a file already present must be left alone"
    data.verify_fashion_mnist(dest)


def test_download_that_does_not_verify_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.delenv("DLB_OFFLINE", raising=False)
    bad = tmp_path / "origin"
    bad.mkdir()
    for name in data.FASHION_MNIST_FILES:
        (bad / name).write_bytes(gzip.compress(b"wrong content"))
    dest = tmp_path / "cache"
    with pytest.raises(data.DatasetError, match="did not verify"):
        data.download_fashion_mnist(dest, origin=bad.as_uri())
    assert list(dest.iterdir()) == [], "no partial or unverified file may stay"


def test_download_from_unreachable_origin(tmp_path, monkeypatch):
    monkeypatch.delenv("DLB_OFFLINE", raising=False)
    with pytest.raises(data.DatasetError, match="could not download"):
        data.download_fashion_mnist(tmp_path, origin=(tmp_path / "nowhere").as_uri())
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


def test_download_refused_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("DLB_OFFLINE", "1")
    with pytest.raises(data.DatasetError, match="forbids downloading"):
        data.download_fashion_mnist(tmp_path)


def test_checksum_table_matches_mirror_readme():
    readme = MIRROR / "README.md"
    if not readme.is_file():
        pytest.skip("no mirror README")
    text = readme.read_text()
    for name, (size, md5) in data.FASHION_MNIST_FILES.items():
        assert md5 in text and f"{size:,}" in text, name


# --------------------------------------------------------------------------- splits on arrays


def test_train_val_split_stratified_and_reproducible():
    x = np.arange(1000).reshape(500, 2)
    y = np.repeat(np.arange(5), 100)
    x_tr, y_tr, x_va, y_va = data.train_val_split(x, y, val_size=0.2, seed=3)
    assert len(x_va) == 100 and len(x_tr) == 400
    np.testing.assert_array_equal(np.bincount(y_va), np.full(5, 20))
    assert not set(x_tr[:, 0]) & set(x_va[:, 0])
    again = data.train_val_split(x, y, val_size=0.2, seed=3)
    np.testing.assert_array_equal(again[2], x_va)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"val_size": 0}, ValueError, "val_size must be >= 1"),
        ({"val_size": 1.5}, ValueError, r"in \(0, 1\)"),
        ({"val_size": 500}, ValueError, "smaller than the 500"),
        ({"val_size": "10"}, TypeError, "val_size must be an int"),
    ],
)
def test_train_val_split_bad_input(kwargs, error, match):
    x, y = np.zeros((500, 2)), np.zeros(500)
    with pytest.raises(error, match=match):
        data.train_val_split(x, y, **kwargs)


def test_train_val_split_length_mismatch():
    with pytest.raises(ValueError, match="same length"):
        data.train_val_split(np.zeros((5, 2)), np.zeros(4))


# --------------------------------------------------------------------------- toy sets


@pytest.mark.parametrize("maker", [data.make_moons, data.make_circles, data.make_spirals,
                                   data.make_xor, data.make_blobs])
def test_toy_2d_sets_are_deterministic_and_shaped(maker):
    x, y = maker(101, seed=5)
    assert x.shape == (101, 2) and x.dtype == np.float32
    assert y.shape == (101,) and set(np.unique(y)) <= {0, 1, 2}
    assert len(np.unique(y)) >= 2
    x2, y2 = maker(101, seed=5)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    x3, _ = maker(101, seed=6)
    assert not np.array_equal(x, x3)


def test_xor_labels_follow_the_quadrants():
    x, y = data.make_xor(400, noise=0.1, seed=0)
    np.testing.assert_array_equal(y, (np.sign(x[:, 0]) != np.sign(x[:, 1])).astype(int))


def test_regression_1d():
    x, y = data.make_regression_1d(50, fn="square", noise=0.0, low=-2, high=2)
    assert x.shape == (50, 1) and y.shape == (50,)
    np.testing.assert_allclose(y, x[:, 0] ** 2, rtol=1e-6)
    assert np.all(np.diff(x[:, 0]) >= 0)
    xs, ys = data.make_regression_1d(10, fn=np.cos, noise=0.0)
    np.testing.assert_allclose(ys, np.cos(xs[:, 0]), rtol=1e-6)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: data.make_moons(1), ValueError, "n_samples must be >= 2"),
        (lambda: data.make_moons(10.5), TypeError, "n_samples must be an int"),
        (lambda: data.make_circles(10, noise=-1), ValueError, "noise must be"),
        (lambda: data.make_circles(10, factor=2), ValueError, "factor"),
        (lambda: data.make_spirals(10, n_classes=1), ValueError, "n_classes"),
        (lambda: data.make_blobs(10, centers=[[0, 0, 0]]), ValueError, "centers must have"),
        (lambda: data.make_regression_1d(10, fn="cube"), ValueError, "fn must be one of"),
        (lambda: data.make_regression_1d(10, fn=3), TypeError, "fn must be a name"),
        (lambda: data.make_regression_1d(10, low=1, high=0), ValueError, "low must be < high"),
    ],
)
def test_toy_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
