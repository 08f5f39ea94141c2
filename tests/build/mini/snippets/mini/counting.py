"""Counting, for the mini-site of the tests (imports no torch)."""
# %% numbers
numbers = list(range(5))
print(numbers)
# %% total
total = sum(numbers)
print("total", total)
