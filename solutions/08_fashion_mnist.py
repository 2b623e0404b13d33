# Solutions of notebook 08's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% c2822d1e
# Solution. Column j of cm holds the images predicted as class j; its diagonal entry holds
# those that are class j: divide the diagonal by the column sums.
def precision(cm):
    """Precision of every class, array of shape (n_classes,), from a confusion matrix."""
    return np.diag(cm) / cm.sum(axis=0)


result = checks.check_per_class_precision(precision)
assert result.correct, result

# %% 3c8e6e05
# Solution. Each hidden Dense layer has no bias (n_in * n_out weights) and its
# BatchNormalization keeps 4 numbers per unit (gamma, beta, moving mean, moving variance); the
# output layer has 10 biases.
answer = (784 * 1024 + 4 * 1024) + (1024 * 256 + 4 * 256) + (256 * 10 + 10)
result = checks.check_final_parameter_count(answer, hidden_units=(1024, 256))
assert result.correct, result
