"""Exercises of the page on joining, splitting and indexing: the code shown with them, and their solutions."""
# %% share_setup
import torch


def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


t = torch.arange(12).reshape(3, 4)
right = torch.chunk(t, 2, dim=1)[1]  # the last two columns
stepped = t[:, ::2]  # columns 0 and 2, by a slice with a step
picked = t[:, [0, 2]]  # columns 0 and 2 again, by a list of integers
rejoined = torch.cat(torch.chunk(t, 3))  # the three rows cut apart, then joined again
# %% share_solution
results = {"right": right, "stepped": stepped, "picked": picked, "rejoined": rejoined}
shares = {}
for name, result in results.items():
    before = t.clone()
    result[0, 0] = -1  # write into the result...
    shares[name] = not torch.equal(t, before)  # ...and see whether t changed
    print(f"{name:8}  same storage: {same_storage(result, t)!s:5}  write reached t: {shares[name]}")
# %% mask_setup
def clip_negatives(x):
    """Set every negative element of x to 0, in place (this version has a bug)."""
    negatives = x[x < 0]  # "indexing shares memory", say the notes...
    negatives.zero_()  # ...so zeroing these should zero them in x
    return x


torch.manual_seed(0)
scores = torch.randn(2, 3)
clip_negatives(scores)
# %% mask_solution
def clip_negatives(x):
    """Set every negative element of x to 0, in place."""
    x[x < 0] = 0  # a mask on the LEFT of = writes into x itself
    return x


torch.manual_seed(0)
scores = torch.randn(2, 3)
clip_negatives(scores)
# %% unstack_setup
a = torch.arange(1, 5).reshape(2, 2)
b = torch.arange(5, 9).reshape(2, 2)
pairs = torch.stack([a, b], 1)  # row i of pairs: row i of a, then row i of b
pairs
# %% unstack_solution
a_back, b_back = torch.unbind(pairs, 1)  # removes dimension 1, as stack added it
print(a_back)
print(b_back)
print("equal to a and b:  ", torch.equal(a_back, a), torch.equal(b_back, b))
print("share pairs' memory:", same_storage(a_back, pairs), same_storage(b_back, pairs))
print("share a's memory:   ", same_storage(a_back, a))
