# Solutions of notebook 00's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% a4dfb781
# Solution. Each Dense layer holds n_in * n_out weights plus n_out biases:
# 784 -> 128, 128 -> 64 and 64 -> 10.
answer = (784 * 128 + 128) + (128 * 64 + 64) + (64 * 10 + 10)
result = checks.check_parameter_count(answer, layer_sizes=(784, 128, 64, 10))
assert result.correct, result

# %% e8fba49d
# Solution. Keras is channels-last: (batch, height, width, channels).
answer = (16, 32, 32, 3)
result = checks.check_batch_shape(answer, batch_size=16, height=32, width=32, channels=3)
assert result.correct, result

# %% 1cca604f
# Solution. NumPy subtracts and squares element by element; np.mean averages over all of them.
def mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


result = checks.check_vectorised_mse(mse)
assert result.correct, result
