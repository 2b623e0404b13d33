# Solutions of notebook 09's exercises: one block per exercise cell, keyed by the cell's id.
# tools/instructor.py puts each block in place of its exercise cell (make instructor).

# %% f0679e92
# Solution. With 'valid' padding (p = 0) the formula of section 3 gives
# floor((n - k) / s) + 1: after its first position (columns 0-6) the 7x7 kernel has
# 28 - 7 = 21 columns left, room for 10 whole strides of 2 (the last column is left over),
# so 1 + 10 = 11 positions.
answer = (28 - 7) // 2 + 1
result = checks.check_conv_output_size(answer, size=28, kernel_size=7, strides=2,
                                       padding="valid")
assert result.correct, result

# %% 828c4398
# Solution. Each of the 32 filters has a 5x5 weight for each of the 16 input channels, plus
# one bias: k * k * C_in * C_out + C_out. The image size does not enter: the same weights
# slide over every position.
answer = 5 * 5 * 16 * 32 + 32
result = checks.check_conv_parameter_count(answer, kernel_size=5, in_channels=16, filters=32)
assert result.correct, result

# %% f4191ee0
# Solution. Section 5 ends with a 7x7 field and a spacing of 4 after the second convolution.
# The third 3x3 convolution adds (3 - 1) * 4 = 8 pixels, and its stride doubles the spacing
# to 8 (which only matters for a layer after it).
answer = 7 + (3 - 1) * 4
result = checks.check_receptive_field(answer, layers=[(3, 2), (3, 2), (3, 2)])
assert result.correct, result
