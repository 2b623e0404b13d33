# Solutions of notebook 02's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% 0a8ee7f8
# Solution. Section 3's XOR net has hidden units h1 = relu(a + b), h2 = relu(a + b - 1) and
# output h1 - 2 h2. XNOR is 1 - XOR: negate the output weights and add 1 to the output bias.
answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0]),
          np.array([-1.0, 2.0]), 1.0)
result = checks.check_xnor_network(answer)
assert result.correct, result

# %% 74de4c1f
w_ex, x_ex = np.array([0.5, -1.0, 2.0]), np.array([1.0, 3.0])
# Solution. Forward: z = w0 x0 + w1 x1 + w2, f = sigmoid(z). Backward: df/dz = f (1 - f), and
# dz/dw = (x0, x1, 1), so df/dw = f (1 - f) * (x0, x1, 1).
z = w_ex[0] * x_ex[0] + w_ex[1] * x_ex[1] + w_ex[2]
f = 1 / (1 + np.exp(-z))
df_dz = f * (1 - f)
answer = df_dz * np.array([x_ex[0], x_ex[1], 1.0])
result = checks.check_neuron_gradient(answer, w=w_ex, x=x_ex)
assert result.correct, result

# %% 89e2cd39
# Solution. Subtracting each row's largest logit changes no softmax probability and keeps every
# exponent <= 0, so nothing overflows; then ln softmax(z)_j = z_j - ln(sum_l exp(z_l)).
def ce_from_logits(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(len(labels)), labels])


result = checks.check_cross_entropy_from_logits(ce_from_logits)
assert result.correct, result
