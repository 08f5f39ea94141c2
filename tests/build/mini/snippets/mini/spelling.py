"""Numbers as words, for the mini-site of the tests (imports no torch)."""
# %% spelled
words = ["zero", "one", "two", "three", "four"]
print(" ".join(words))
