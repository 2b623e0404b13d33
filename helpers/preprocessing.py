"""Standardising and whitening in NumPy, fitted on the training split and applied to the others.

Notebook 01 writes every formula out by hand first; this module is the reusable version that
later cells and notebooks call. Both transformers follow scikit-learn's shape of things::

    scaler = preprocessing.Standardiser().fit(x_train)      # statistics from the training split
    x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)

    white = preprocessing.Whitener(method="zca", eps=1e-2).fit(x_train)
    x_val_w = white.transform(x_val)

Conventions (the same as scikit-learn, so results can be compared with it):

- data are arrays of shape (n_samples, n_features): one row per example;
- :class:`Standardiser` divides by the population standard deviation (``ddof=0``), like
  ``StandardScaler`` and ``keras.layers.Normalization``;
- :class:`Whitener` uses the sample covariance (``ddof=1``), like ``np.cov`` and
  ``PCA(whiten=True)``, and fixes each eigenvector's sign so that its largest entry (in absolute
  value) is positive, as scikit-learn's PCA does;
- computations run in float64; the output keeps a float input's dtype (float32 stays float32),
  integer input gives float64.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as check

__all__ = ["Standardiser", "Whitener", "covariance", "sorted_eigh"]

WHITENING_METHODS = ("pca", "zca")


def _as_data(x, name: str = "x", *, min_samples: int = 1) -> np.ndarray:
    """Validate a data matrix: 2-D, real numbers, finite, enough rows. Return it as an array."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        if not isinstance(x, (np.ndarray, list, tuple)):
            x = check._to_numpy(x, name)  # backend tensors, also on a GPU
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}") from exc
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != 2:
        hint = (" (flatten images first: x.reshape(len(x), -1))" if arr.ndim > 2
                else " (one row per sample: x.reshape(-1, 1) for a single feature)")
        raise ValueError(
            f"{name} must have shape (n_samples, n_features), got shape {arr.shape}{hint}")
    if arr.shape[0] < min_samples:
        raise ValueError(f"{name} needs at least {min_samples} samples (rows), got {arr.shape[0]}")
    if arr.shape[1] < 1:
        raise ValueError(f"{name} needs at least 1 feature (column), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or impute them first")
    return arr


def _out_dtype(arr: np.ndarray):
    return arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64


def _check_eps(eps) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.integer, np.floating)):
        raise TypeError(f"eps must be a number, got {type(eps).__name__}")
    if not np.isfinite(eps) or eps < 0:
        raise ValueError(f"eps must be a finite number >= 0, got {eps}")
    return float(eps)


def covariance(x: ArrayLike, *, ddof: int = 1) -> np.ndarray:
    """The covariance matrix of the columns of ``x``: Σ = (X - μ)ᵀ (X - μ) / (n - ddof).

    Args:
        x: array of shape (n_samples, n_features).
        ddof: 1 for the sample covariance (``np.cov``'s default), 0 for the population one.

    Returns:
        Array of shape (n_features, n_features), float64.

    Raises:
        TypeError: if ``x`` does not hold real numbers.
        ValueError: if ``x`` is not 2-D, holds NaN/inf, or has no more than ``ddof`` rows.

    Example:
        >>> preprocessing.covariance([[0.0, 0.0], [2.0, 2.0]])
        array([[2., 2.],
               [2., 2.]])
    """
    ddof = check.integer(ddof, "ddof")
    if ddof not in (0, 1):
        raise ValueError(f"ddof must be 0 or 1, got {ddof!r}")
    arr = _as_data(x, min_samples=ddof + 1).astype(np.float64)
    centred = arr - arr.mean(axis=0)
    return centred.T @ centred / (len(arr) - ddof)


def sorted_eigh(cov: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Eigendecomposition Σ = E D Eᵀ of a covariance matrix, largest eigenvalue first.

    Signs are fixed as in scikit-learn's PCA: each eigenvector's largest entry (in absolute
    value) is positive, so the result does not depend on the LAPACK build.

    Args:
        cov: a symmetric array of shape (n_features, n_features).

    Returns:
        ``(eigenvalues, eigenvectors)``: array of shape (n_features,), sorted descending, and
        array of shape (n_features, n_features) whose *columns* are the eigenvectors.

    Raises:
        ValueError: if ``cov`` is not square, not symmetric, or holds NaN/inf.
    """
    c = _as_data(cov, "cov").astype(np.float64)
    if c.shape[0] != c.shape[1]:
        raise ValueError(f"cov must be square, got shape {c.shape}")
    if not np.allclose(c, c.T, rtol=1e-8, atol=1e-12 * max(1.0, np.abs(c).max())):
        raise ValueError("cov must be symmetric (is it a covariance matrix?)")
    values, vectors = np.linalg.eigh((c + c.T) / 2)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    biggest = np.argmax(np.abs(vectors), axis=0)
    signs = np.sign(vectors[biggest, np.arange(vectors.shape[1])])
    signs[signs == 0] = 1.0
    return values, vectors * signs


class _Fitted:
    """Shared plumbing: the fitted check and the feature-count check of ``transform``."""

    n_features_in_: int

    def _check_fitted(self) -> None:
        if not hasattr(self, "n_features_in_"):
            raise RuntimeError(
                f"this {type(self).__name__} is not fitted yet: call .fit(x_train) first")

    def _check_input(self, x, name: str = "x") -> np.ndarray:
        self._check_fitted()
        arr = _as_data(x, name)
        if arr.shape[1] != self.n_features_in_:
            raise ValueError(
                f"{name} has {arr.shape[1]} features but this {type(self).__name__} was fitted "
                f"on {self.n_features_in_}")
        return arr

    def fit_transform(self, x) -> np.ndarray:
        """``fit(x)`` then ``transform(x)``."""
        return self.fit(x).transform(x)


class Standardiser(_Fitted):
    """Per-feature standardisation z = (x - mean) / sqrt(var + eps), statistics from ``fit``.

    With ``eps=0`` (the default) this equals scikit-learn's ``StandardScaler``: a feature with
    zero variance is only centred (its scale is 1). A small ``eps > 0`` keeps near-constant
    features (an image's border pixels) from being blown up.

    Args:
        eps: added to each variance before the square root; >= 0.

    Attributes:
        mean_: array of shape (n_features,), the training means.
        var_: array of shape (n_features,), the training variances (``ddof=0``).
        scale_: array of shape (n_features,), what ``transform`` divides by.
        n_features_in_: number of features seen by ``fit``.

    Example:
        >>> scaler = preprocessing.Standardiser().fit(x_train)
        >>> x_test_s = scaler.transform(x_test)     # the training statistics, never the test's
    """

    def __init__(self, *, eps: float = 0.0) -> None:
        self.eps = _check_eps(eps)

    def fit(self, x: ArrayLike) -> Standardiser:
        """Learn the mean and standard deviation of each column of ``x`` (the training split).

        Raises:
            TypeError: if ``x`` does not hold real numbers.
            ValueError: if ``x`` is not of shape (n_samples, n_features) or holds NaN/inf.
        """
        arr = _as_data(x, "x").astype(np.float64)
        self.mean_ = arr.mean(axis=0)
        self.var_ = arr.var(axis=0)
        scale = np.sqrt(self.var_ + self.eps)
        scale[scale == 0] = 1.0
        self.scale_ = scale
        self.n_features_in_ = arr.shape[1]
        return self

    def transform(self, x: ArrayLike) -> np.ndarray:
        """Standardise ``x`` (any split) with the statistics learnt by :meth:`fit`."""
        arr = self._check_input(x)
        return ((arr - self.mean_) / self.scale_).astype(_out_dtype(arr))

    def inverse_transform(self, z: ArrayLike) -> np.ndarray:
        """Undo :meth:`transform`: x = z * scale + mean."""
        arr = self._check_input(z, "z")
        return (arr * self.scale_ + self.mean_).astype(_out_dtype(arr))


class Whitener(_Fitted):
    """PCA or ZCA whitening, y = (x - mean) @ W, with W fitted on the training split.

    With Σ = E D Eᵀ the training covariance (``ddof=1``):

    - ``method="pca"``: W = E (D + eps I)^(-1/2). Row by row this is the lecture's
      Y = D^(-1/2) Eᵀ X for data stored as columns. Outputs are the principal components,
      each scaled to unit variance, largest-variance direction first.
    - ``method="zca"``: W = E (D + eps I)^(-1/2) Eᵀ, the PCA whitening rotated back: of all
      whitening matrices it changes the data least, so whitened images still look like images.

    ``eps`` keeps directions with (nearly) zero variance from being divided by (nearly) zero;
    with ``eps > 0`` the output covariance is D / (D + eps) instead of exactly I.

    Args:
        method: ``"pca"`` or ``"zca"``.
        eps: added to every eigenvalue before the inverse square root; >= 0.

    Attributes:
        mean_: array of shape (n_features,).
        eigenvalues_: array of shape (n_features,), the covariance's eigenvalues, descending.
        eigenvectors_: array of shape (n_features, n_features), eigenvectors as columns.
        matrix_: array of shape (n_features, n_features), the whitening matrix W.
        n_features_in_: number of features seen by ``fit``.

    Example:
        >>> white = preprocessing.Whitener(method="pca", eps=1e-5).fit(x_train)
        >>> np.cov(white.transform(x_train), rowvar=False).round(3)   # ≈ identity
    """

    def __init__(self, method: str = "zca", *, eps: float = 1e-5) -> None:
        if not isinstance(method, str):
            raise TypeError(f"method must be one of {WHITENING_METHODS}, got "
                            f"{type(method).__name__}")
        if method not in WHITENING_METHODS:
            raise ValueError(f"method must be one of {WHITENING_METHODS}, got {method!r}")
        self.method = method
        self.eps = _check_eps(eps)

    def fit(self, x: ArrayLike) -> Whitener:
        """Learn the mean, the covariance's eigendecomposition and W from ``x``.

        Raises:
            TypeError: if ``x`` does not hold real numbers.
            ValueError: if ``x`` is not of shape (n_samples >= 2, n_features), holds NaN/inf,
                or its covariance has an eigenvalue that ``eps`` does not lift above zero
                (a constant or duplicated feature with ``eps=0``).
        """
        arr = _as_data(x, "x", min_samples=2).astype(np.float64)
        values, vectors = sorted_eigh(covariance(arr))
        lifted = values + self.eps
        tiny = 1e-12 * max(float(values[0]), 1e-300)
        if np.any(lifted <= tiny):
            raise ValueError(
                f"the covariance of x is singular (smallest eigenvalue {values[-1]:.3g}): some "
                f"direction has no variance (a constant or duplicated feature, or fewer samples "
                f"than features). Use eps > 0, e.g. Whitener(method={self.method!r}, eps=1e-5)")
        scaled = vectors / np.sqrt(lifted)  # E (D + eps)^(-1/2): column i scaled by 1/sqrt(d_i)
        self.mean_ = arr.mean(axis=0)
        self.eigenvalues_ = values
        self.eigenvectors_ = vectors
        self.matrix_ = scaled if self.method == "pca" else scaled @ vectors.T
        self.n_features_in_ = arr.shape[1]
        return self

    def transform(self, x: ArrayLike) -> np.ndarray:
        """Whiten ``x`` (any split) with the mean and W learnt by :meth:`fit`."""
        arr = self._check_input(x)
        return ((arr - self.mean_) @ self.matrix_).astype(_out_dtype(arr))

    def inverse_transform(self, y: ArrayLike) -> np.ndarray:
        """Undo :meth:`transform`: x = y @ W⁻¹ + mean."""
        arr = self._check_input(y, "y")
        lifted = np.sqrt(self.eigenvalues_ + self.eps)
        unscale = (self.eigenvectors_ * lifted).T  # (E (D+eps)^(1/2))ᵀ = inverse of the PCA W
        inverse = unscale if self.method == "pca" else self.eigenvectors_ @ unscale
        return (arr @ inverse + self.mean_).astype(_out_dtype(arr))
