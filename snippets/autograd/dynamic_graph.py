"""Autograd builds a new computational graph on every forward pass (a dynamic graph)."""
# %% dynamic_graph
import torch


def count_nodes(fn):
    """Count the Function nodes of the graph that produced ``fn``."""
    seen, stack = set(), [fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(next_fn for next_fn, _ in node.next_functions)
    return len(seen)


def double_until_large(x):
    y = x * 2
    while y.norm() < 10:  # ordinary Python control flow, decided by the data
        y = y * 2
    return y.sum()


small = torch.tensor([0.1, 0.2], requires_grad=True)
large = torch.tensor([3.0, 4.0], requires_grad=True)
small_graph = count_nodes(double_until_large(small).grad_fn)
large_graph = count_nodes(double_until_large(large).grad_fn)
print("graph nodes for the small input:", small_graph)
print("graph nodes for the large input:", large_graph)
