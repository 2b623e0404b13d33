# Solutions of notebook 07's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% 28346e1c
VAL_LOSSES = [0.90, 0.72, 0.65, 0.66, 0.61, 0.605, 0.62, 0.64, 0.60, 0.63, 0.67, 0.70]
# Solution. An epoch improves only if its loss is more than min_delta = 0.01 below the best so
# far. Epochs 2, 3 and 5 improve (best 0.61 at epoch 5); 0.605 at epoch 6 is only 0.005 better,
# so epochs 6, 7, 8 are three without improvement and training stops after epoch 8, restoring
# epoch 5's weights (the 0.60 of epoch 9 is never reached).
answer = (8, 5)
result = checks.check_early_stopping(answer, val_losses=VAL_LOSSES, patience=3, min_delta=0.01)
assert result.correct, result

# %% 0060a9ad
# Solution. After every 3 epochs without improvement the rate is halved and the count starts
# again (no cooldown): epochs 3, 6 and 9 of the 10 each halve it, so 1e-3 / 2**3.
answer = 1e-3 * 0.5**3
result = checks.check_plateau_lr(answer, initial_lr=1e-3, factor=0.5, patience=3, flat_epochs=10)
assert result.correct, result
