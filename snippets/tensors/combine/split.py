"""Splitting with torch.chunk (a number of pieces) and torch.split (piece sizes); pieces are views."""
# %% source
import torch

a = torch.arange(6).reshape(2, 3)
a
# %% chunk_dim0
torch.chunk(a, 2, 0)  # two pieces along dim 0
# %% chunk_dim1
torch.chunk(a, 2, 1)  # 3 columns do not divide by 2: the last piece is smaller
# %% chunk_sizes
# chunk makes pieces of ceil(n / chunks) elements, so it may return FEWER pieces.
print([len(piece) for piece in torch.chunk(torch.arange(5), 3)])
print([len(piece) for piece in torch.chunk(torch.arange(6), 4)])
# tensor_split always returns exactly the number of pieces asked for.
print([len(piece) for piece in torch.tensor_split(torch.arange(6), 4)])
# %% split_dim0
torch.split(a, 2, 0)  # pieces of size 2 along dim 0, which has size 2: one piece
# %% split_dim1
torch.split(a, 2, 1)  # pieces of size 2 along dim 1
# %% split_list
torch.split(a, [1, 2], 1)  # the list gives the size of each piece
# %% pieces_are_views
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


t = torch.arange(6).reshape(2, 3)
left, right = torch.chunk(t, 2, 1)
first, rest = torch.split(t, [1, 2], 1)
print([same_storage(piece, t) for piece in (left, right, first, rest)])
right[0, 0] = 20  # write into a piece...
t  # ...and the source changes
