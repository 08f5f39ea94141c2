"""Memory sharing: in-place operations, and which operations share storage with their source."""
# %% add_inplace
import torch

a = torch.ones(2, 2)
torch.manual_seed(0)
b = torch.randn(2, 2)
print(b)
c = a.add_(b)  # the trailing underscore: in place, a itself changes
a
# %% same_object
c is a  # add_ returns a itself
# %% out_of_place
d = torch.ones(2, 2)
e = d.add(b)  # no underscore: a new tensor...
print(e)
d  # ...and d is unchanged
# %% in_place_without_underscore
f = torch.ones(2, 2)
alias = f
f += b  # an augmented assignment works in place too, without an underscore
print(f is alias)  # f is still the same tensor
f[0, 0] = 0.0  # and so does index assignment
alias
# %% share_table
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


src = torch.arange(6.0).reshape(2, 3)
results = {
    "torch.Tensor(src)": torch.Tensor(src),
    "torch.as_tensor(src)": torch.as_tensor(src),
    "src.clone()": src.clone(),
    "torch.cat([src, src])": torch.cat([src, src]),
    "torch.stack([src, src])": torch.stack([src, src]),
    "torch.chunk(src, 3, 1)[2]": torch.chunk(src, 3, 1)[2],
    "torch.split(src, 1)[1]": torch.split(src, 1)[1],
    "src[1]": src[1],
    "src[:, 1:]": src[:, 1:],
    "src[src > 2]": src[src > 2],
    "src[[1, 0]]": src[[1, 0]],
    "src.view(3, 2)": src.view(3, 2),
    "src.reshape(3, 2)": src.reshape(3, 2),
    "src.t().reshape(6)": src.t().reshape(6),
    "src.t().contiguous()": src.t().contiguous(),
    "src.unsqueeze(0)": src.unsqueeze(0),
    "src.unsqueeze(0).squeeze()": src.unsqueeze(0).squeeze(),
    "src[:, :1].expand(2, 4)": src[:, :1].expand(2, 4),
    "src.transpose(0, 1)": src.transpose(0, 1),
    "src.permute(1, 0)": src.permute(1, 0),
}
shares = {name: same_storage(out, src) for name, out in results.items()}
for name, shared in shares.items():
    print(f"{name:28} {'shares' if shared else 'copies'}")
