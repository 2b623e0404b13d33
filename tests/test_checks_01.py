"""Self-checks of notebook 01: correct and incorrect answers (with the right hint), placeholders."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


@pytest.fixture(scope="module")
def splits():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=[5.0, -1.0, 100.0], scale=[1.0, 0.2, 30.0], size=(60, 3))
    return x[:40], x[40:]


def test_standardised_test_placeholder(splits, capsys):
    x_train, x_test = splits
    for placeholder in (None, ...):
        result = checks.check_standardised_test(placeholder, x_train=x_train, x_test=x_test)
        assert result.status == "not attempted"
    assert "not attempted" in capsys.readouterr().out


@pytest.mark.parametrize("ddof", [0, 1])
def test_standardised_test_correct(splits, ddof, capsys):
    x_train, x_test = splits
    answer = (x_test - x_train.mean(axis=0)) / x_train.std(axis=0, ddof=ddof)
    result = checks.check_standardised_test(answer, x_train=x_train, x_test=x_test)
    assert result.correct
    assert "correct" in capsys.readouterr().out


def test_standardised_test_with_test_statistics(splits):
    x_train, x_test = splits
    wrong = (x_test - x_test.mean(axis=0)) / x_test.std(axis=0)
    result = checks.check_standardised_test(wrong, x_train=x_train, x_test=x_test, verbose=False)
    assert result.status == "incorrect"
    assert "test split itself" in result.hint


def test_standardised_test_with_all_data_statistics(splits):
    x_train, x_test = splits
    x_all = np.concatenate([x_train, x_test])
    wrong = (x_test - x_all.mean(axis=0)) / x_all.std(axis=0)
    result = checks.check_standardised_test(wrong, x_train=x_train, x_test=x_test, verbose=False)
    assert result.status == "incorrect"
    assert "leaks" in result.hint


@pytest.mark.parametrize("wrong", ["centred only", "transposed", "garbage", "string"])
def test_standardised_test_other_wrong_answers(splits, wrong):
    x_train, x_test = splits
    right = (x_test - x_train.mean(axis=0)) / x_train.std(axis=0)
    answer = {"centred only": x_test - x_train.mean(axis=0), "transposed": right.T,
              "garbage": np.zeros(3), "string": "standardised"}[wrong]
    result = checks.check_standardised_test(answer, x_train=x_train, x_test=x_test,
                                            verbose=False)
    assert result.status == "incorrect"
    assert result.hint
    expected = right.round(3).tolist()
    assert str(expected[0][0]) not in result.hint  # a hint never gives the value away
    if wrong == "transposed":
        assert "orientation" in result.hint


def test_standardised_test_bad_inputs():
    with pytest.raises(ValueError, match="same number of features"):
        checks.check_standardised_test(None, x_train=np.ones((4, 2)), x_test=np.ones((4, 3)))


# the point cloud `cloud` (200 x 3) comes from conftest.py


def _pca_zca(x, ddof=1):
    d, e = np.linalg.eigh(np.cov(x, rowvar=False, ddof=ddof))
    pca = e @ np.diag(d ** -0.5)
    return pca, pca @ e.T


def test_whitening_matrix_placeholder(cloud):
    assert checks.check_whitening_matrix(None, x=cloud, verbose=False).status == "not attempted"


@pytest.mark.parametrize("ddof", [0, 1])
def test_whitening_matrix_accepts_pca_and_zca(cloud, ddof):
    for w in _pca_zca(cloud, ddof):
        assert checks.check_whitening_matrix(w, x=cloud, verbose=False).correct
    rotation = np.linalg.qr(np.random.default_rng(3).normal(size=(3, 3)))[0]
    assert checks.check_whitening_matrix(_pca_zca(cloud)[0] @ rotation, x=cloud,
                                         verbose=False).correct


def test_whitening_matrix_rotation_only(cloud):
    _, e = np.linalg.eigh(np.cov(cloud, rowvar=False))
    result = checks.check_whitening_matrix(e, x=cloud, verbose=False)
    assert result.status == "incorrect"
    assert "rotation alone" in result.hint


def test_whitening_matrix_transposed(cloud):
    pca, _ = _pca_zca(cloud)
    result = checks.check_whitening_matrix(pca.T, x=cloud, verbose=False)
    assert result.status == "incorrect"
    assert "transposing" in result.hint


@pytest.mark.parametrize("answer", [np.eye(3), np.eye(2), "W", np.full((3, 3), np.nan)])
def test_whitening_matrix_wrong(cloud, answer, capsys):
    result = checks.check_whitening_matrix(answer, x=cloud)
    assert result.status == "incorrect"
    assert "incorrect, hint:" in capsys.readouterr().out


def test_whitening_matrix_wrong_shape_hint(cloud):
    result = checks.check_whitening_matrix(np.eye(2), x=cloud, verbose=False)
    assert "3 x 3" in result.hint


def test_whitening_matrix_bad_inputs():
    with pytest.raises(ValueError, match="n_samples >= 2"):
        checks.check_whitening_matrix(None, x=np.ones(5))
