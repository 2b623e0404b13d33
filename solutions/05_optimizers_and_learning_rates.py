# Solutions of notebook 05's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% 7e90d143
# Solution. One update per batch; 50,000 / 128 = 390.6, and the last, smaller batch of 80
# samples still makes an update: 391 updates per epoch, 3 epochs.
answer = math.ceil(50_000 / 128) * 3
result = checks.check_update_count(answer, n_samples=50_000, batch_size=128, epochs=3)
assert result.correct, result

# %% 167ef04f
# Solution. A step multiplies coordinate i by (1 - lr * c_i); it diverges once that factor is
# below -1, i.e. lr > 2 / c_i. The largest curvature (5) goes first: lr = 2 / 5.
answer = 2 / 5.0
result = checks.check_max_stable_lr(answer, curvatures=(0.1, 5.0))
assert result.correct, result

# %% 943635fd
# Solution. Add this step's squared gradient first, then divide by the square root of the new
# accumulator, with epsilon under the square root as in Keras.
def adagrad_step(w, g, accumulator, lr, eps=1e-7):
    """Return (new_w, new_accumulator)."""
    accumulator = accumulator + g**2
    return w - lr * g / np.sqrt(accumulator + eps), accumulator


result = checks.check_adagrad_step(adagrad_step)
assert result.correct, result
