# Solutions of notebook 01's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% fe37f6fe
ex_x = wine.data[["alcohol", "magnesium", "proline"]].to_numpy()
ex_train, ex_test = train_test_split(ex_x, test_size=58, stratify=wine.target,
                                     random_state=SEED)  # the rows are sorted by cultivar

# Solution. The mean and standard deviation come from the training split only, and the test
# split is scaled with them: the model must see test data scaled as its training data was.
mean, std = ex_train.mean(axis=0), ex_train.std(axis=0)
answer = (ex_test - mean) / std
result = checks.check_standardised_test(answer, x_train=ex_train, x_test=ex_test)
assert result.correct, result

# %% 203c739c
# Solution (PCA whitening). With the covariance C = U diag(lambda) U^T, the matrix
# W = U diag(1 / sqrt(lambda)) rotates the centred data onto the eigenvectors and divides each
# new coordinate by its standard deviation, so W^T C W = I.
eigenvalues, eigenvectors = np.linalg.eigh(np.cov(ex_train, rowvar=False))
answer = eigenvectors / np.sqrt(eigenvalues)  # column j divided by sqrt(lambda_j)
result = checks.check_whitening_matrix(answer, x=ex_train)
assert result.correct, result
