"""VGG16 from torchvision: its parts, pretrained weights, saving, loading, freezing layers.

One VGG16 is built at the start and used by every section of the page (building
one takes seconds and about 528 MiB); files go to temporary folders that are
removed at the end of the region that wrote them.
"""
# %% build
import torch
from torchvision import models

torch.manual_seed(0)
# The architecture with random weights: nothing is downloaded.
net = models.vgg16()
type(net.features), type(net.classifier)
# %% features_len
len(net.features)
# %% classifier_len
len(net.classifier)
# %% layer_types
from collections import Counter

print(Counter(type(layer).__name__ for layer in net.features))
print(Counter(type(layer).__name__ for layer in net.classifier))
# %% index_layer
net.classifier[-1]
# %% weights_enum
# A description of the weights; looking at it downloads nothing.
weights = models.VGG16_Weights.IMAGENET1K_V1
print(weights.url)
print(weights.meta["num_params"], sum(p.numel() for p in net.parameters()))
print(len(weights.meta["categories"]), weights.meta["categories"][:3])
print(models.VGG16_Weights.DEFAULT)
weights.transforms()  # the preprocessing these weights were trained with
# %% weights_call
def pretrained_vgg16():
    """VGG16 with ImageNet weights: the first call downloads 528 MiB."""
    return models.vgg16(weights=models.VGG16_Weights.IMAGENET1K_V1)
# %% pretrained_flag
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        # The notes' flag. ImageNet weights have 1000 classes, so asking
        # for 10 stops torchvision after it has translated the flag and
        # before it downloads anything.
        models.vgg16(pretrained=True, num_classes=10)
    except ValueError as error:
        refused = error
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
print(f"ValueError: {refused}")
# %% local_file
import os
import tempfile

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "vgg16.pth")
    # Stands in for the file downloaded from weights.url:
    torch.save(net.state_dict(), path)
    size_mib = round(os.path.getsize(path) / 2**20)
    print(f"{size_mib} MiB")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = models.vgg16(pretrained=False)  # the notes' call
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")

    state_dict = torch.load(path)

    def count_equal():
        return sum(torch.equal(v, state_dict[k])
                   for k, v in model.state_dict().items())

    equal_before = count_equal()
    print(model.load_state_dict(state_dict))
    equal_after = count_equal()
    print(f"tensors equal to the file's: {equal_before} of {len(state_dict)} "
          f"before, {equal_after} after")
    del state_dict  # 528 MiB: the model holds its own copy now
# %% state_dict_type
type(net.state_dict())
# %% state_dict_keys
for key in net.state_dict():
    print(key)
# %% state_dict_count
keys = list(net.state_dict())
# "features.0.weight" -> "features.0"
layers = {key.rsplit(".", 1)[0] for key in keys}
len(keys), len(layers)
# %% save_checkpoint
from torch import optim

optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "vgg16.pth")  # the notes: 'D:/vgg16.pth'
    torch.save({
        'model': net.state_dict(),
        'optimizer': optimizer.state_dict()},
        path)
    print(f"{round(os.path.getsize(path) / 2**20)} MiB")
    # Read it back before the folder goes (for the next section).
    checkpoint = torch.load(path)
print(checkpoint.keys())
optimizer_state = checkpoint["optimizer"]
print(optimizer_state)
# The next section starts from a new network: free 528 MiB first.
del optimizer, net
# %% load_filtered
torch.manual_seed(1)
net = models.vgg16()
net.load_state_dict({k: v for k, v in checkpoint['model'].items() if k in net.state_dict()})
# %% load_check
loaded_equal = all(torch.equal(v, checkpoint["model"][k])
                   for k, v in net.state_dict().items())
loaded_equal
# %% new_head
from torch import nn

# A new last layer for a 10-class task.
model.classifier[6] = nn.Linear(4096, 10)
try:
    model.load_state_dict({k: v for k, v in checkpoint['model'].items() if k in model.state_dict()})
except RuntimeError as error:
    mismatch = str(error)
    print(mismatch)
# %% new_head_fix
own = model.state_dict()
matching = {k: v for k, v in checkpoint["model"].items()
            if k in own and v.shape == own[k].shape}
result = model.load_state_dict(matching, strict=False)
print(result)
del model, own, matching, checkpoint  # free about 1 GiB
# %% freeze_loop
for layer in range(7):
    for p in net.features[layer].parameters():
        p.requires_grad = False
# %% frozen_layers
print(net.features[:7])
frozen = [name for name, p in net.named_parameters() if not p.requires_grad]
frozen
# %% frozen_backward
from torch.nn import functional as F

trainable = [p for p in net.parameters() if p.requires_grad]
optimizer = optim.SGD(trainable, lr=0.01)
before = {name: p.detach().clone() for name, p in net.named_parameters()}
torch.manual_seed(0)  # the input and the dropout masks
# Small: 32 x 32 is the least that VGG16's five max-pools accept.
x = torch.randn(1, 3, 32, 32)
loss = F.cross_entropy(net(x), torch.tensor([0]))
loss.backward()
no_grad = [name for name, p in net.named_parameters() if p.grad is None]
print(len(optimizer.param_groups[0]["params"]), "tensors in the optimizer")
no_grad
# %% frozen_step
optimizer.step()
same = {name: torch.equal(p, before[name])
        for name, p in net.named_parameters()}
unchanged = [name for name in same if same[name]]
changed = [name for name in same if not same[name]]
del before
print(len(changed), "tensors changed")
unchanged
