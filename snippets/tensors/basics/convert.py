"""Type conversion: .double() and friends, .type(), .type_as(), and .to()."""
# %% source
import torch

torch.manual_seed(0)
a = torch.randn(2, 2)
a
# %% double
b = a.double()
b
# %% type
c = a.type(torch.DoubleTensor)
c
# %% type_as
d = a.type_as(b)  # whatever type b has
d
# %% to_dtype
e = a.to(torch.float64)  # the modern spelling; .to() also moves between devices
e.dtype, a.int().dtype, a.float().dtype
