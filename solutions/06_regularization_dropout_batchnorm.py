# Solutions of notebook 06's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% 773ad6f8
# Solution. Keras adds l1 * sum(|w|) + l2 * sum(w^2) to the loss (no factor 0.5): the slope of
# |w| is sign(w) and that of w^2 is 2 w.
def penalty_gradient(w, l1, l2):
    return l1 * np.sign(w) + 2 * l2 * w


result = checks.check_penalty_gradient(penalty_gradient)
assert result.correct, result

# %% e179b06a
# Solution. At inference batch norm computes gamma * (y - moving_mean) / sqrt(moving_variance +
# epsilon) + beta of y = x @ kernel + bias: per unit a scale s = gamma / sqrt(var + eps), so
# the kernel's columns are multiplied by s and the bias becomes (bias - mean) * s + beta.
def fold_batchnorm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon):
    scale = gamma / np.sqrt(moving_variance + epsilon)
    return kernel * scale, (bias - moving_mean) * scale + beta


result = checks.check_fold_batchnorm(fold_batchnorm, epsilon=1e-3)
assert result.correct, result
