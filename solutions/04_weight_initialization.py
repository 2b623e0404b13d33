# Solutions of notebook 04's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% a21c09e9
# Solution. Glorot's variance is 2 / (fan_in + fan_out); Uniform(-a, a) has variance a^2 / 3,
# so a = sqrt(3 * 2 / (fan_in + fan_out)) = sqrt(6 / (300 + 128)).
answer = np.sqrt(6 / (300 + 128))
result = checks.check_glorot_limit(answer, fan_in=300, fan_out=128)
assert result.correct, result

# %% bd71e282
# Solution. Each layer multiplies the error by w * sigmoid'(0) = 3 * 1/4; twelve layers.
answer = (3.0 * 0.25) ** 12
result = checks.check_chain_factor(answer, w=3.0, depth=12, activation="sigmoid")
assert result.correct, result

# %% caf48405
# Solution. VarianceScaling draws weights of variance scale / fan; He's variance is 2 / fan_in.
answer = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", seed=SEED)
result = checks.check_he_initializer(answer, fan_in=500, fan_out=400)
assert result.correct, result
