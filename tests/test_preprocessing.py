"""helpers.preprocessing: standardising and PCA/ZCA whitening against the math and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_wine
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from helpers import preprocessing as pp


@pytest.fixture(scope="module")
def wine():
    x, _ = load_wine(return_X_y=True)
    return x[:120], x[120:]


@pytest.fixture(scope="module")
def correlated():
    rng = np.random.default_rng(0)
    return rng.multivariate_normal([1.0, -2.0, 3.0], [[4, 1.5, 0.5], [1.5, 1, 0.2],
                                                       [0.5, 0.2, 0.5]], size=500)


# ------------------------------------------------------------------ covariance and eigh


def test_covariance_matches_numpy(correlated):
    np.testing.assert_allclose(pp.covariance(correlated), np.cov(correlated, rowvar=False))
    np.testing.assert_allclose(pp.covariance(correlated, ddof=0),
                               np.cov(correlated, rowvar=False, ddof=0))


def test_covariance_by_hand():
    np.testing.assert_allclose(pp.covariance([[0.0, 0.0], [2.0, 2.0]]), [[2.0, 2.0], [2.0, 2.0]])


def test_sorted_eigh_reconstructs_and_sorts(correlated):
    cov = pp.covariance(correlated)
    d, e = pp.sorted_eigh(cov)
    assert np.all(np.diff(d) <= 0)
    np.testing.assert_allclose(e @ np.diag(d) @ e.T, cov, atol=1e-12)
    np.testing.assert_allclose(e.T @ e, np.eye(3), atol=1e-12)
    biggest = np.abs(e).argmax(axis=0)
    assert np.all(e[biggest, np.arange(3)] > 0)  # scikit-learn's sign convention


@pytest.mark.parametrize("bad, match", [
    (np.ones((2, 3)), "square"),
    (np.array([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
    (np.array([[1.0, np.nan], [np.nan, 1.0]]), "NaN"),
])
def test_sorted_eigh_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        pp.sorted_eigh(bad)


# ------------------------------------------------------------------ Standardiser


def test_standardiser_matches_by_hand_and_sklearn(wine):
    x_train, x_test = wine
    scaler = pp.Standardiser().fit(x_train)
    by_hand = (x_test - x_train.mean(axis=0)) / x_train.std(axis=0)
    np.testing.assert_allclose(scaler.transform(x_test), by_hand)
    np.testing.assert_allclose(scaler.transform(x_test),
                               StandardScaler().fit(x_train).transform(x_test), atol=1e-12)
    z = scaler.transform(x_train)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(x_test)), x_test)


def test_standardiser_uses_training_statistics_only(wine):
    x_train, x_test = wine
    scaler = pp.Standardiser().fit(x_train)
    before = scaler.transform(x_test[:5])
    scaler.transform(x_test * 100)  # transforming other data must not refit
    np.testing.assert_allclose(scaler.transform(x_test[:5]), before)


def test_standardiser_constant_feature_and_eps():
    x = np.c_[np.arange(5.0), np.full(5, 3.0)]
    z = pp.Standardiser().fit_transform(x)
    np.testing.assert_allclose(z[:, 1], 0)  # centred, not divided by zero (like StandardScaler)
    scaler = pp.Standardiser(eps=0.5).fit(x)
    np.testing.assert_allclose(scaler.scale_, np.sqrt(x.var(axis=0) + 0.5))


def test_standardiser_keeps_float32_and_casts_int():
    x32 = np.arange(12, dtype=np.float32).reshape(6, 2)
    assert pp.Standardiser().fit_transform(x32).dtype == np.float32
    assert pp.Standardiser().fit_transform(np.arange(12).reshape(6, 2)).dtype == np.float64


@pytest.mark.parametrize("bad, exc, match", [
    (np.arange(5.0), ValueError, r"shape \(n_samples, n_features\).*reshape\(-1, 1\)"),
    (np.zeros((4, 28, 28)), ValueError, r"flatten images"),
    (np.array([["a", "b"]]), TypeError, "real numbers"),
    (np.array([[True, False]]), TypeError, "real numbers"),
    (np.array([[1.0, np.inf]]), ValueError, "NaN or infinite"),
    (np.zeros((0, 3)), ValueError, "at least 1 samples"),
])
def test_standardiser_bad_input(bad, exc, match):
    with pytest.raises(exc, match=match):
        pp.Standardiser().fit(bad)


def test_standardiser_bad_eps_and_state(wine):
    with pytest.raises(ValueError, match="eps must be a finite number >= 0"):
        pp.Standardiser(eps=-1.0)
    with pytest.raises(TypeError, match="eps must be a number"):
        pp.Standardiser(eps="small")
    with pytest.raises(RuntimeError, match=r"not fitted yet.*fit\(x_train\)"):
        pp.Standardiser().transform(wine[0])
    scaler = pp.Standardiser().fit(wine[0])
    with pytest.raises(ValueError, match="has 12 features but this Standardiser was fitted on 13"):
        scaler.transform(wine[1][:, :12])


# ------------------------------------------------------------------ Whitener


@pytest.mark.parametrize("method", ["pca", "zca"])
def test_whitener_gives_identity_covariance(correlated, method):
    white = pp.Whitener(method, eps=0.0).fit(correlated)
    y = white.transform(correlated)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(np.cov(y, rowvar=False), np.eye(3), atol=1e-10)
    np.testing.assert_allclose(white.inverse_transform(y), correlated, atol=1e-10)


def test_whitener_matches_the_formulas(correlated):
    cov = np.cov(correlated, rowvar=False)
    d, e = np.linalg.eigh(cov)
    d, e = d[::-1], e[:, ::-1]
    eps = 1e-3
    pca = pp.Whitener("pca", eps=eps).fit(correlated)
    zca = pp.Whitener("zca", eps=eps).fit(correlated)
    np.testing.assert_allclose(pca.eigenvalues_, d)
    # eigenvectors are defined up to sign: compare |columns| of the PCA matrix, the ZCA exactly
    np.testing.assert_allclose(np.abs(pca.matrix_), np.abs(e @ np.diag(1 / np.sqrt(d + eps))))
    np.testing.assert_allclose(zca.matrix_, e @ np.diag(1 / np.sqrt(d + eps)) @ e.T, atol=1e-12)
    # with eps the covariance becomes D / (D + eps) in the PCA basis
    y = pca.transform(correlated)
    np.testing.assert_allclose(np.cov(y, rowvar=False), np.diag(d / (d + eps)), atol=1e-10)


def test_whitener_matches_sklearn_pca_whiten(wine):
    x_train, x_test = wine
    mine = pp.Whitener("pca", eps=0.0).fit(x_train)
    theirs = PCA(whiten=True).fit(x_train)
    np.testing.assert_allclose(mine.transform(x_test), theirs.transform(x_test), atol=1e-6)


def test_zca_is_symmetric_and_closest_to_the_data(correlated):
    zca = pp.Whitener("zca", eps=0.0).fit(correlated)
    pca = pp.Whitener("pca", eps=0.0).fit(correlated)
    np.testing.assert_allclose(zca.matrix_, zca.matrix_.T, atol=1e-12)
    centred = correlated - correlated.mean(axis=0)
    dist = {m: np.mean((w.transform(correlated) - centred) ** 2) for m, w in
            (("zca", zca), ("pca", pca))}
    assert dist["zca"] < dist["pca"]


def test_whitener_singular_covariance_needs_eps():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(50, 1))
    x = np.c_[a, 7.89 * a, rng.normal(size=(50, 1))]  # the same feature in two units
    with pytest.raises(ValueError, match=r"singular.*eps > 0"):
        pp.Whitener("pca", eps=0.0).fit(x)
    y = pp.Whitener("pca", eps=1e-5).fit_transform(x)
    assert np.all(np.isfinite(y)) and np.abs(y).max() < 100


def test_whitener_fewer_samples_than_features_needs_eps():
    x = np.random.default_rng(2).normal(size=(3, 5))
    with pytest.raises(ValueError, match="singular"):
        pp.Whitener("zca", eps=0.0).fit(x)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"method": "ica"}, ValueError, r"method must be one of \('pca', 'zca'\)"),
    ({"eps": -1e-3}, ValueError, "eps must be a finite number >= 0"),
    ({"eps": float("nan")}, ValueError, "eps must be a finite number >= 0"),
    ({"eps": None}, TypeError, "eps must be a number"),
])
def test_whitener_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        pp.Whitener(**kwargs)


def test_whitener_bad_data_and_state(wine):
    with pytest.raises(ValueError, match="at least 2 samples"):
        pp.Whitener().fit(np.ones((1, 3)))
    with pytest.raises(ValueError, match="flatten images"):
        pp.Whitener().fit(np.zeros((10, 4, 4)))
    with pytest.raises(RuntimeError, match="not fitted yet"):
        pp.Whitener().transform(wine[1])
    white = pp.Whitener().fit(wine[0])
    with pytest.raises(ValueError, match="has 3 features but this Whitener was fitted on 13"):
        white.transform(wine[1][:, :3])
    with pytest.raises(ValueError, match="NaN or infinite"):
        white.transform(np.full((2, 13), np.nan))
