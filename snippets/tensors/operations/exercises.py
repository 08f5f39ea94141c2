"""Exercises of the page on sorting, extremes, memory and methods: the code shown with them, and their solutions."""
# %% shapes_setup
import torch

pairs = [((2, 1, 4), (3, 1)), ((5, 2), (5,)), ((4, 1), (4,)), ((0, 3), (1, 3))]
# %% shapes_solution
results = {}
for left, right in pairs:
    try:
        results[left, right] = (torch.ones(left) + torch.ones(right)).shape
    except RuntimeError as error:
        results[left, right] = None
        print(f"{left} + {right}: RuntimeError: {error}")
    else:
        print(f"{left} + {right}: {results[left, right]}")
# %% loss_setup
def mse(pred, target):
    """Mean squared error (this version has a bug)."""
    return ((pred - target) ** 2).mean()


pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])  # a model's output: one column, shape (4, 1)
target = torch.tensor([1.0, 2.0, 3.0, 5.0])  # the labels, shape (4,): only the last differs, by 1
mse(pred, target)
# %% loss_solution
def mse(pred, target):
    """Mean squared error of predictions of shape (N, 1) and targets of shape (N,)."""
    diff = pred.squeeze(1) - target  # (N,) - (N,): element by element, no broadcasting
    return (diff ** 2).mean()


print((pred - target).shape)  # what went wrong: (4, 1) - (4,) broadcasts to (4, 4)
mse(pred, target)
# %% top2_setup
torch.manual_seed(0)
a = torch.randn(3, 3)  # the tensor of the sort() section
a
# %% top2_solution
result = a.sort(dim=0, descending=True)
top_values = result.values[:2]  # the first two rows of each sorted column
top_rows = result.indices[:2]  # and the rows of a they came from
print(top_values)
print(top_rows)
best = torch.topk(a, 2, dim=0)  # the same in one call
print(torch.equal(best.values, top_values), torch.equal(best.indices, top_rows))
