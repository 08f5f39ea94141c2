"""The facts that the tensor chapter (combine, reshape, operations pages) states, asserted.

Memory claims are checked two ways: the storages' addresses, and a write through
one tensor read back through the other.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.helpers import assert_sections_present, run_by_region

SECTIONS = [
    "tensor.cat", "tensor.split", "tensor.index", "tensor.view", "tensor.contiguous",
    "tensor.resize", "tensor.squeeze", "tensor.expand", "tensor.transpose", "tensor.sort",
    "tensor.max", "tensor.memory", "tensor.numpy", "tensor.broadcast", "tensor.where",
    "tensor.methods",
]


def same_storage(x: torch.Tensor, y: torch.Tensor) -> bool:
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


def test_sections_present():
    assert_sections_present(SECTIONS)


# --- combine: cat, split, index -------------------------------------------------------


def test_cat_and_stack(snippet):
    ns = snippet("tensors/combine/cat.py")
    a, b = ns["a"], ns["b"]
    assert a.tolist() == [[1, 2], [3, 4]] and b.tolist() == [[5, 6], [7, 8]]
    assert torch.cat([a, b], 0).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert torch.cat([a, b], 1).tolist() == [[1, 2, 5, 6], [3, 4, 7, 8]]
    assert ns["stacked0"].tolist() == [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
    assert ns["stacked1"].tolist() == [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]
    assert ns["stacked2"].tolist() == [[[1, 5], [2, 6]], [[3, 7], [4, 8]]]
    for name in ("stacked0", "stacked1", "stacked2"):
        assert ns[name].shape == (2, 2, 2)
    assert torch.cat([a, ns["row"]], 0).shape == (3, 2)
    with pytest.raises(RuntimeError, match="Sizes of tensors must match except in dimension 0"):
        torch.cat([a, ns["wide_row"]], 0)


def test_cat_and_stack_copy(snippet):
    ns = snippet("tensors/combine/cat.py")
    a = ns["a"]
    assert not same_storage(ns["joined"], a) and not same_storage(ns["stacked"], a)
    # The snippet wrote 100 into both results; a did not change.
    assert ns["joined"][0, 0].item() == 100 and ns["stacked"][0, 0, 0].item() == 100
    assert a.tolist() == [[1, 2], [3, 4]]


def test_chunk_and_split(snippet):
    ns = snippet("tensors/combine/split.py")
    a = ns["a"]
    assert [p.tolist() for p in torch.chunk(a, 2, 0)] == [[[0, 1, 2]], [[3, 4, 5]]]
    # Uneven: the last chunk is smaller.
    assert [p.tolist() for p in torch.chunk(a, 2, 1)] == [[[0, 1], [3, 4]], [[2], [5]]]
    assert [len(p) for p in torch.chunk(torch.arange(5), 3)] == [2, 2, 1]
    # chunk may return fewer pieces than asked for; tensor_split never does.
    assert [len(p) for p in torch.chunk(torch.arange(6), 4)] == [2, 2, 2]
    assert [len(p) for p in torch.tensor_split(torch.arange(6), 4)] == [2, 2, 1, 1]
    whole = torch.split(a, 2, 0)
    assert len(whole) == 1 and torch.equal(whole[0], a)
    assert [p.shape[1] for p in torch.split(a, 2, 1)] == [2, 1]
    first, rest = torch.split(a, [1, 2], 1)
    assert first.tolist() == [[0], [3]] and rest.tolist() == [[1, 2], [4, 5]]
    with pytest.raises(RuntimeError, match="sum exactly to 3"):  # the sizes must add up to the dimension
        torch.split(a, [1, 1], 1)


def test_chunk_and_split_share_memory(snippet):
    ns = snippet("tensors/combine/split.py")
    t = ns["t"]
    for piece in (ns["left"], ns["right"], ns["first"], ns["rest"]):
        assert same_storage(piece, t)
    assert t.tolist() == [[0, 1, 20], [3, 4, 5]]  # the write into `right` reached t
    ns["first"][1, 0] = -3
    assert t[1, 0].item() == -3


def test_indexing(snippet):
    ns = snippet("tensors/combine/index.py")
    a = ns["a"]
    torch.manual_seed(0)
    assert torch.equal(a, torch.randn(2, 2))
    assert torch.equal(a[~(a > 0)], a[a <= 0]) and (a[~(a > 0)] <= 0).all()
    x = ns["x"]
    assert x.shape == (8, 4) and x.tolist() == [[i] * 4 for i in range(8)]
    assert x[[4, 3, 0, 6]][:, 0].tolist() == [4, 3, 0, 6]
    assert x[[0, 3, 1, 2], :][:, 0].tolist() == [0, 3, 1, 2]
    assert x[[0, 1, 2, 3], [0, 1, 2, 3]].tolist() == [0, 1, 2, 3]


def test_indexing_copies_or_shares(snippet):
    ns = snippet("tensors/combine/index.py")
    t = ns["t"]
    assert same_storage(ns["sliced"], t)
    assert not same_storage(ns["masked"], t) and not same_storage(ns["fancy"], t)
    # Only the write through the slice (row 1, column 0) reached t; the masked
    # assignment then zeroed every element greater than 4.
    expected = [[0] * 4, [-1, 1, 1, 1], [2] * 4, [3] * 4, [4] * 4, [0] * 4, [0] * 4, [0] * 4]
    assert t.tolist() == expected


# --- reshape: view, contiguous, resize_, squeeze, expand, transpose -------------------


def test_view_and_reshape_share(snippet):
    ns = snippet("tensors/reshape/view.py")
    a = ns["a"]
    assert ns["viewed"].tolist() == ns["reshaped"].tolist() == [[0, 1], [2, 3]]
    assert same_storage(ns["viewed"], a) and same_storage(ns["reshaped"], a)
    ns["viewed"][1, 1] = 33
    assert a[3].item() == 33 and ns["reshaped"][1, 1].item() == 33


def test_reshape_copies_when_it_must(snippet):
    ns = snippet("tensors/reshape/view.py")
    t, flat = ns["t"], ns["flat"]
    assert not t.is_contiguous()
    assert not same_storage(flat, t)
    assert flat.tolist() == [100, 3, 1, 4, 2, 5]  # the write into flat...
    assert t.tolist() == [[0, 3], [1, 4], [2, 5]]  # ...did not reach t
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        t.view(6)


def test_contiguous(snippet):
    ns = snippet("tensors/reshape/contiguous.py")
    a, t, c = ns["a"], ns["t"], ns["c"]
    assert a.is_contiguous() and a.stride() == (3, 1)
    assert not t.is_contiguous() and t.stride() == (1, 3)
    assert not torch.zeros(2, 3, 4).permute(2, 0, 1).is_contiguous()
    assert c.is_contiguous() and c.stride() == (2, 1) and not same_storage(c, t)
    assert torch.equal(c, t)
    assert a.contiguous() is a


def test_view_needs_compatible_strides_not_contiguity(snippet):
    ns = snippet("tensors/reshape/contiguous.py")
    t = ns["t"]
    assert not t.is_contiguous()
    assert ns["v"].shape == (3, 2, 1) and same_storage(ns["v"], t)
    # reshape and contiguous().view(): equal values, different memory.
    assert torch.equal(ns["r"], ns["cv"])
    assert same_storage(ns["r"], t) and not same_storage(ns["cv"], t)
    # On a contiguous tensor both are views: "not always the same memory".
    a = ns["a"]
    assert same_storage(a.reshape(3, 2), a) and same_storage(a.contiguous().view(3, 2), a)


def test_resize_grows_shrinks_and_regrows(snippet):
    ns = snippet("tensors/reshape/resize.py")
    a = ns["a"]
    assert torch.equal(a, torch.arange(4))  # after grow (8), shrink (2), regrow (4)
    assert a.untyped_storage().nbytes() == 8 * 8  # the storage stayed at 8 elements
    # The hidden elements beyond 4 are the deterministic fill of the growth.
    a.resize_(8)
    assert a[4:].tolist() == [torch.iinfo(torch.int64).max] * 4
    assert a[:4].tolist() == [0, 1, 2, 3]


def test_resize_fill_and_storage_sizes():
    a = torch.arange(4).reshape(2, 2)
    assert a.untyped_storage().nbytes() == 32
    torch.use_deterministic_algorithms(True)
    try:
        a.resize_(8)
        f = torch.arange(4.0)
        f.resize_(6)
    finally:
        torch.use_deterministic_algorithms(False)
    assert a[4:].tolist() == [torch.iinfo(torch.int64).max] * 4
    assert torch.isnan(f[4:]).all() and f[:4].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert a.untyped_storage().nbytes() == 64
    a.resize_(2)
    assert a.tolist() == [0, 1] and a.untyped_storage().nbytes() == 64  # storage kept
    assert a.resize_(4).tolist() == [0, 1, 2, 3]


def test_resize_ignores_strides():
    t = torch.arange(6).reshape(2, 3).t()
    assert t.reshape(6).tolist() == [0, 3, 1, 4, 2, 5]
    same = torch.arange(6).reshape(2, 3).t()
    assert same.resize_(3, 2).stride() == (1, 3)  # unless the size stays the same: left as it is
    assert t.resize_(6).tolist() == [0, 1, 2, 3, 4, 5]  # storage order, strides ignored


def test_squeeze_unsqueeze(snippet):
    ns = snippet("tensors/reshape/squeeze.py")
    a, b = ns["a"], ns["b"]
    assert a.unsqueeze(0).shape == (1, 3) and a.unsqueeze(0).squeeze(0).shape == (3,)
    assert b.squeeze().shape == (3, 2)
    assert b.squeeze(1).shape == (1, 3, 1, 2)
    assert b.unsqueeze(-1).shape == (1, 3, 1, 2, 1)
    assert same_storage(a.unsqueeze(0), a) and same_storage(b.squeeze(), b)


def test_expand_is_a_view(snippet):
    ns = snippet("tensors/reshape/expand.py")
    a, e, b = ns["a"], ns["e"], ns["b"]
    assert e.shape == (2, 2, 3) and a.expand_as(b).shape == b.shape
    assert e.stride()[2] == 0 and same_storage(e, a)
    # The no_copy cell's write into a alone shows in all three positions of e's row.
    torch.manual_seed(0)
    src = torch.randn(2, 2, 1)
    view = src.expand(2, 2, 3)
    src[0, 0, 0] = 100.0
    assert view[0, 0].tolist() == [100.0] * 3 and torch.equal(view[1:], src[1:].expand(1, 2, 3))


def test_expand_in_place_writes_some_refused_some_written_through(snippet):
    """The reshape page: MOST in-place operations refuse an expanded tensor (add_, and an
    assignment to several positions that are one element), but fill_(), zero_() and an
    assignment to one position succeed and write through to the source."""
    a = torch.zeros(2, 2, 1)
    e = a.expand(2, 2, 3)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        e.add_(1)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        e[0, 1] = 3.0  # three positions, one memory location
    e.fill_(5.0)
    assert a.flatten().tolist() == [5.0] * 4
    e[0, 1, 2] = 7.0
    assert a.flatten().tolist() == [5.0, 7.0, 5.0, 5.0] and e[0, 1].tolist() == [7.0] * 3
    e.zero_()
    assert a.flatten().tolist() == [0.0] * 4
    # The page's cell did the same to its a, through its e: fill_(5), then 7 at [0, 1, 2], then zero_().
    ns = snippet("tensors/reshape/expand.py")
    assert same_storage(ns["e"], ns["a"]) and ns["a"].flatten().tolist() == [0.0] * 4


def test_repeat_copies(snippet):
    ns = snippet("tensors/reshape/expand.py")
    r, a, e = ns["r"], ns["a"], ns["e"]
    assert torch.equal(r, e) and not same_storage(r, a) and r.stride() == (6, 3, 1)
    assert torch.equal(ns["x_view"], ns["x_copy"])
    assert ns["x_view"].stride() == (1, 0) and ns["x_copy"].stride() == (4, 1)
    assert ns["x_view"].tolist() == [[i] * 4 for i in range(8)]


def test_transpose_permute(snippet):
    ns = snippet("tensors/reshape/transpose.py")
    a = ns["a"]
    tr, pm = a.transpose(0, 1), a.permute(2, 1, 0)
    for i in range(2):
        for j in range(2):
            for k in range(2):
                assert tr[j, i, k] == a[i, j, k]
                assert pm[k, j, i] == a[i, j, k]
    assert np.array_equal(pm.numpy(), a.numpy().transpose(2, 1, 0))
    assert not tr.is_contiguous() and not pm.is_contiguous()
    assert same_storage(tr, a) and same_storage(pm, a)


# --- operations: sort, max, memory, numpy, broadcast, where, methods -----------------


def test_sort(snippet):
    ns = snippet("tensors/operations/sorting.py")
    a, result = ns["a"], ns["result"]
    values, indices = a.sort(0, True)
    assert torch.equal(values, result.values) and torch.equal(indices, result.indices)
    assert (values[:-1] >= values[1:]).all()  # descending in every column
    assert indices.tolist() == [[0, 2, 2], [1, 0, 1], [2, 1, 0]]
    assert indices[0, 1].item() == 2  # column 1's largest value is in row 2
    assert torch.equal(a.gather(0, indices), values)


def test_max_min(snippet):
    ns = snippet("tensors/operations/extremes.py")
    a = ns["a"]
    values, indices = a.max(0)
    assert torch.equal(values, a.max(dim=0).values)
    assert indices.tolist() == [0, 2, 2]
    assert torch.equal(values, a[indices, torch.arange(3)])
    assert a.max().dim() == 0 and a.max().item() == max(a.flatten().tolist())
    assert a.min(dim=0).indices.tolist() == [2, 1, 0] and a.min().item() == min(a.flatten().tolist())


def test_max_elementwise_broadcasts(snippet):
    ns = snippet("tensors/operations/extremes.py")
    a, floor, m = ns["a"], ns["floor"], ns["m"]
    assert floor.shape == (3,) and m.shape == (3, 3)
    for i in range(3):
        for j in range(3):
            assert m[i, j].item() == max(a[i, j].item(), floor[j].item())
    assert torch.equal(torch.maximum(a, floor), m)
    assert torch.equal(torch.min(a, floor), torch.minimum(a, floor))
    # A plain int is a dimension, not a value.
    assert torch.equal(torch.max(a, 0).values, a.max(0).values)
    assert torch.equal(torch.maximum(a, torch.tensor(0.0)), a.clamp(min=0))


def test_add_inplace(snippet):
    ns = snippet("tensors/operations/memory.py")
    a, b, c = ns["a"], ns["b"], ns["c"]
    assert c is a
    assert torch.allclose(a, torch.ones(2, 2) + b)
    assert ns["d"].tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert torch.equal(ns["e"], a)


def test_in_place_without_an_underscore(snippet):
    """The operations page: += and index assignment change the tensor itself, with no underscore."""
    ns = snippet("tensors/operations/memory.py")
    f, alias, b = ns["f"], ns["alias"], ns["b"]
    assert f is alias
    expected = torch.ones(2, 2) + b
    expected[0, 0] = 0.0
    assert torch.equal(alias, expected)


EXPECTED_SHARING = {
    "torch.Tensor(src)": True,
    "torch.as_tensor(src)": True,
    "src.clone()": False,
    "torch.cat([src, src])": False,
    "torch.stack([src, src])": False,
    "torch.chunk(src, 3, 1)[2]": True,
    "torch.split(src, 1)[1]": True,
    "src[1]": True,
    "src[:, 1:]": True,
    "src[src > 2]": False,
    "src[[1, 0]]": False,
    "src.view(3, 2)": True,
    "src.reshape(3, 2)": True,
    "src.t().reshape(6)": False,
    "src.t().contiguous()": False,
    "src.unsqueeze(0)": True,
    "src.unsqueeze(0).squeeze()": True,
    "src[:, :1].expand(2, 4)": True,
    "src.transpose(0, 1)": True,
    "src.permute(1, 0)": True,
}


def test_share_table(snippet):
    ns = snippet("tensors/operations/memory.py")
    assert ns["shares"] == EXPECTED_SHARING


@pytest.mark.parametrize("name", list(EXPECTED_SHARING))
def test_share_table_by_writing(snippet, name):
    """Write into each result; the source changes exactly when the table says 'shares'."""
    ns = snippet("tensors/operations/memory.py")
    src = torch.arange(6.0).reshape(2, 3)
    out = eval(name, {"torch": torch, "src": src})
    before = src.clone()
    out[(0,) * out.dim()] = -1.0  # one element: allowed even in an expanded view
    assert (not torch.equal(src, before)) == ns["shares"][name]


def test_torch_tensor_copies():
    src = torch.arange(3.0)
    with pytest.warns(UserWarning, match="copy construct from a tensor"):
        copy = torch.tensor(src)
    assert not same_storage(copy, src)


def test_numpy_interop(snippet):
    ns = snippet("tensors/operations/numpy_interop.py")
    a, b, f, a32 = ns["a"], ns["b"], ns["f"], ns["a32"]
    assert a.dtype == torch.float64
    assert np.shares_memory(a.numpy(), b) and np.shares_memory(f.numpy(), b)
    assert b[0, 0] == 5.0 and a[0, 0].item() == 5.0  # the last write reached a
    assert b[1, 1] == 0.0  # written through f
    assert not np.shares_memory(a32.numpy(), b) and a32[0, 0].item() == 1.0
    assert ns["n"].tolist() == [2.0, 2.0] and np.shares_memory(ns["n"], ns["t"].numpy())
    np.random.seed(0)
    fresh = np.random.randn(2, 2)
    assert np.array_equal(b[0, 1], fresh[0, 1]) and np.array_equal(b[1, 0], fresh[1, 0])


def test_broadcasting(snippet):
    ns = snippet("tensors/operations/broadcast.py")
    col, row, m, bias, short = ns["col"], ns["row"], ns["m"], ns["bias"], ns["short"]
    assert col.shape == (3, 1) and row.shape == (4,)
    total = col + row
    assert total.shape == (3, 4) and total[2, 3].item() == 23
    assert torch.broadcast_shapes((3, 1), (4,)) == (3, 4)
    assert (m + bias).tolist() == [[2.0, 3.0, 4.0]] * 2
    with pytest.raises(RuntimeError, match=r"size of tensor a \(3\) must match the size of tensor b \(2\)"):
        m + short
    with pytest.raises(RuntimeError):
        torch.broadcast_shapes((2, 3), (2,))
    # In every dimension the result takes the size that is not 1 (not "the larger": 0 beats 1).
    assert torch.broadcast_shapes((0, 1), (1, 4)) == (0, 4) and torch.broadcast_shapes((1,), (1,)) == (1,)
    fixed = m + short.unsqueeze(1)
    assert fixed.shape == (2, 3) and fixed.tolist() == [[2.0] * 3, [3.0] * 3]


def test_where(snippet):
    ns = snippet("tensors/operations/where.py")
    x = ns["x"]
    assert x.tolist() == [[i] * 4 for i in range(8)]
    expected = [[i if i <= 4 else 1] * 4 for i in range(8)]
    assert torch.where(x > 4, torch.ones_like(x), x).tolist() == expected
    assert torch.where(x > 4, 1, x).tolist() == expected


def test_methods(snippet):
    ns = snippet("tensors/operations/methods.py")
    assert ns["x"].item() == 2.5 and isinstance(ns["x"].item(), float)
    assert ns["a"].clamp(1, 2).tolist() == [[1, 1], [2, 2]]
    v = ns["v"]
    assert v.abs().tolist() == [4.0, 1.0, 1.0, 9.0]
    assert v.abs().sqrt().tolist() == [2.0, 1.0, 1.0, 3.0]
    assert torch.isnan(v.sqrt()[:2]).all() and v.sqrt()[2:].tolist() == [1.0, 3.0]
    logs = torch.tensor([1.0, torch.e, 0.0]).log()
    assert logs[0].item() == 0.0 and logs[1].item() == pytest.approx(1.0) and logs[2].item() == -np.inf
    assert v.pow(2).tolist() == (v**2).tolist() == [16.0, 1.0, 1.0, 81.0]
    angles = ns["angles"]
    assert torch.allclose(angles.sin(), torch.tensor([0.0, 0.5, 1.0]))
    assert angles.cos()[2].abs().item() < 1e-6 and angles.cos()[2].item() != 0.0
    assert torch.allclose(angles.sin() ** 2 + angles.cos() ** 2, torch.ones(3))


def test_matmul_is_a_matrix_product(snippet):
    ns = snippet("tensors/operations/methods.py")
    A, B, u, w = ns["A"], ns["B"], ns["u"], ns["w"]
    product = A.matmul(B)
    assert product.shape == (2, 2) and product.tolist() == [[4.0, 5.0], [10.0, 11.0]]
    assert torch.equal(A @ B, product)
    assert torch.dot(u, w).item() == 32.0 == u.matmul(w).item()
    with pytest.raises(RuntimeError, match="1D tensors expected"):
        torch.dot(A, B)
    assert (A * A).tolist() == [[1.0, 4.0, 9.0], [16.0, 25.0, 36.0]]


# --- exercises: each solution has the property its exercise asks for ------------------


def state_after(relpath: str, region: str) -> dict:
    """The page's namespace right after ``region`` ran (a shallow copy: later regions rebind names)."""
    for name, ns, _ in run_by_region(relpath):
        if name == region:
            return dict(ns)
    raise AssertionError(f"{relpath} has no region {region}")


def test_exercise_combine_share(snippet):
    """Which results share memory with t: the chunk's piece and the stepped slice do; the
    integer-list index and the cat of t's own pieces do not."""
    ns = snippet("tensors/combine/exercises.py")
    expected = {"right": True, "stepped": True, "picked": False, "rejoined": False}
    assert ns["shares"] == expected
    for name, result in ns["results"].items():
        assert same_storage(result, ns["t"]) == expected[name]
    # The same answers on a fresh t, by writing into each result.
    t = torch.arange(12).reshape(3, 4)
    fresh = {"right": torch.chunk(t, 2, dim=1)[1], "stepped": t[:, ::2], "picked": t[:, [0, 2]],
             "rejoined": torch.cat(torch.chunk(t, 3))}
    assert torch.equal(fresh["stepped"], fresh["picked"])  # the same values: only memory differs
    assert fresh["stepped"].stride() == (4, 2)  # the step is a stride of 2 along the columns
    for name, result in fresh.items():
        before = t.clone()
        result[0, 0] = -1
        assert (not torch.equal(t, before)) == expected[name], name


def test_exercise_combine_mask():
    """The shown clip_negatives changes nothing (it zeroes a copy); the fixed one zeroes
    every negative element of its argument in place and leaves the others as they were."""
    shown = state_after("tensors/combine/exercises.py", "mask_setup")
    assert (shown["scores"] < 0).any()  # the bug: the negatives are still there
    fixed = state_after("tensors/combine/exercises.py", "mask_solution")["clip_negatives"]
    torch.manual_seed(1)
    for x in (torch.randn(4, 5), torch.randn(7), torch.tensor([-1.0, 0.0, 2.0])):
        original = x.clone()
        out = fixed(x)
        assert out is x  # in place: the same tensor, changed
        assert x.flatten().tolist() == [max(v, 0.0) for v in original.flatten().tolist()]
        assert torch.equal(original.clone().clamp_(min=0), x)  # the other fix the page names


def test_exercise_combine_unstack(snippet):
    """One call gives a and b back from torch.stack([a, b], 1), as views of the stacked
    tensor (not of a and b: stack copied)."""
    ns = snippet("tensors/combine/exercises.py")
    a, b, pairs = ns["a"], ns["b"], ns["pairs"]
    assert ns["a_back"].shape == a.shape and ns["b_back"].shape == b.shape
    assert torch.equal(ns["a_back"], a) and torch.equal(ns["b_back"], b)
    assert same_storage(ns["a_back"], pairs) and same_storage(ns["b_back"], pairs)
    assert not same_storage(ns["a_back"], a) and not same_storage(ns["b_back"], b)
    # The other ways the solution names: indexing gives the same views; chunk keeps dimension 1.
    assert torch.equal(pairs[:, 0], a) and torch.equal(pairs[:, 1], b) and same_storage(pairs[:, 0], pairs)
    assert [piece.dim() for piece in torch.chunk(pairs, 2, 1)] == [3, 3]


def test_exercise_reshape_view(snippet):
    """view of the non-contiguous t: merging dimensions fails, splitting one or adding a
    size-1 dimension works, and what works shares t's memory."""
    ns = snippet("tensors/reshape/exercises.py")
    t = ns["t"]
    assert t.shape == (2, 4, 3) and t.stride() == (12, 1, 4) and not t.is_contiguous()
    expected = {(8, 3): False, (2, 12): False, (2, 2, 2, 3): True, (2, 4, 3, 1): True}
    assert ns["works"] == expected
    for shape, ok in expected.items():
        if ok:
            assert same_storage(t.view(shape), t) and torch.equal(t.view(shape), t.reshape(shape))
        else:
            with pytest.raises(RuntimeError, match="view size is not compatible"):
                t.view(shape)
            assert not same_storage(t.reshape(shape), t)  # reshape gives it, by copying
    assert t.view(2, 2, 2, 3).stride() == (12, 2, 1, 4)


def test_exercise_reshape_channels():
    """to_channels_first puts channel c's pixel (h, w) at [c, h, w]: the shown reshape
    scrambles the pixels; the fix keeps them, for any image shape."""
    relpath = "tensors/reshape/exercises.py"
    shown = state_after(relpath, "channels_setup")
    assert shown["chw"][0].tolist() != [[0, 1], [10, 11]]  # the bug: the right shape, the wrong pixels
    fixed = state_after(relpath, "channels_solution")
    assert fixed["chw"][0].tolist() == [[0, 1], [10, 11]]
    to_channels_first = fixed["to_channels_first"]
    torch.manual_seed(0)
    for shape in ((2, 2, 3), (2, 3, 3), (4, 5, 1), (3, 2, 4)):
        image = torch.randn(shape)
        out = to_channels_first(image)
        expected = torch.stack([image[:, :, c] for c in range(shape[2])])  # channel by channel
        assert out.shape == (shape[2], shape[0], shape[1]) and torch.equal(out, expected), shape
    # nn.Conv2d reads an unbatched image as C×H×W: 3 channels first works, last does not.
    conv = torch.nn.Conv2d(3, 4, 1)
    assert conv(to_channels_first(torch.zeros(5, 6, 3))).shape == (4, 5, 6)
    with pytest.raises(RuntimeError, match="expected input.* to have 3 channels"):
        conv(torch.zeros(5, 6, 3))
    # The solution's remarks: a non-contiguous view; transpose(0, 2) swaps height and width.
    image, chw = fixed["image"], fixed["chw"]
    assert not chw.is_contiguous() and same_storage(chw, image)
    assert torch.equal(image.transpose(0, 2), chw.transpose(1, 2)) and not torch.equal(image.transpose(0, 2), chw)
    assert torch.zeros(5, 6, 3).transpose(0, 2).shape == (3, 6, 5)  # C×W×H: the right shape only when square


def test_exercise_reshape_board(snippet):
    """The shown expand marks the cell in every row and in the template; the fix marks one cell only."""
    shown = state_after("tensors/reshape/exercises.py", "board_setup")
    assert shown["board"][:, 2].tolist() == [1.0, 1.0, 1.0] and shown["template"][0, 2].item() == 1.0
    ns = snippet("tensors/reshape/exercises.py")
    board, template = ns["board"], ns["template"]
    expected = torch.zeros(3, 4)
    expected[1, 2] = 1.0
    assert torch.equal(board, expected)
    assert torch.equal(template, torch.zeros(1, 4)) and not same_storage(board, template)
    assert board.stride() == (4, 1)
    cloned = torch.zeros(1, 4).expand(3, 4).clone()  # the other fix the page names
    assert cloned.stride() == (4, 1)


def test_exercise_operations_shapes(snippet):
    """The broadcast shape of each pair, or None where the addition fails."""
    ns = snippet("tensors/operations/exercises.py")
    expected = {((2, 1, 4), (3, 1)): (2, 3, 4), ((5, 2), (5,)): None, ((4, 1), (4,)): (4, 4),
                ((0, 3), (1, 3)): (0, 3)}
    assert {pair: None if shape is None else tuple(shape) for pair, shape in ns["results"].items()} == expected
    for (left, right), shape in expected.items():
        if shape is None:
            with pytest.raises(RuntimeError):
                torch.broadcast_shapes(left, right)
        else:
            assert torch.broadcast_shapes(left, right) == shape


def test_exercise_operations_loss():
    """The shown mse broadcasts (4, 1) against (4,) and returns 3.5; the fixed one is the mean
    of the squared differences, 0.25 here, for any N. F.mse_loss warns about the same shapes."""
    relpath = "tensors/operations/exercises.py"
    shown = state_after(relpath, "loss_setup")
    pred, target = shown["pred"], shown["target"]
    assert shown["mse"](pred, target).item() == 3.5
    mse = state_after(relpath, "loss_solution")["mse"]
    assert mse(pred, target).item() == 0.25
    torch.manual_seed(0)
    for n in (1, 3, 10):
        p, y = torch.randn(n, 1), torch.randn(n)
        by_hand = sum((pi - yi) ** 2 for pi, yi in zip(p.flatten().tolist(), y.tolist())) / n
        assert mse(p, y).item() == pytest.approx(by_hand)
        assert torch.allclose(mse(p, y), torch.nn.functional.mse_loss(p.squeeze(1), y))
    with pytest.warns(UserWarning, match="different to the input size"):
        assert torch.nn.functional.mse_loss(pred, target).item() == 3.5


def test_exercise_operations_top2(snippet):
    """The two largest values of each column of a, largest first, and the rows they are in."""
    ns = snippet("tensors/operations/exercises.py")
    a, values, rows = ns["a"], ns["top_values"], ns["top_rows"]
    assert values.shape == rows.shape == (2, 3)
    for j in range(3):
        column = a[:, j].tolist()
        assert values[:, j].tolist() == sorted(column, reverse=True)[:2]
        assert [column[i] for i in rows[:, j].tolist()] == values[:, j].tolist()
    best = torch.topk(a, 2, dim=0)
    assert torch.equal(best.values, values) and torch.equal(best.indices, rows)
    assert isinstance(best, tuple) and torch.equal(best[0], best.values)  # a named tuple, as sort's
