"""Exercises of the models page, with their solutions (small models: no VGG16 here)."""
# %% buffers_setup
import torch
from torch import nn, optim

torch.manual_seed(0)
small = nn.Sequential(
    nn.Conv2d(3, 8, 3),  # 3 x 8 x 8 images -> 8 x 6 x 6
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(8 * 6 * 6, 10),
)
# %% buffers_solution
params = [name for name, _ in small.named_parameters()]
print(len(params), "parameters:", params)
state = small.state_dict()
print(len(state), "state_dict entries; the others:",
      [key for key in state if key not in params])
# %% freeze_setup
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))
# Freeze the first two Linear layers (modules 0 to 2), as the notes do with VGG16:
for layer in range(3):
    net[layer].requires_grad = False
optimizer = optim.SGD(net.parameters(), lr=0.1)


def one_step(net, optimizer):
    """One training step on a seeded batch; returns the names of the parameters it changed."""
    before = {name: p.detach().clone() for name, p in net.named_parameters()}
    torch.manual_seed(1)
    x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
    optimizer.zero_grad()
    nn.functional.cross_entropy(net(x), y).backward()
    optimizer.step()
    return [name for name, p in net.named_parameters() if not torch.equal(p, before[name])]


changed = one_step(net, optimizer)
changed
# %% freeze_solution
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))
for layer in range(3):
    net[layer].requires_grad_(False)  # the method: every parameter of the module
trainable = [p for p in net.parameters() if p.requires_grad]
optimizer = optim.SGD(trainable, lr=0.1)
print("frozen:", [name for name, p in net.named_parameters() if not p.requires_grad])
changed = one_step(net, optimizer)
changed
# %% resume_setup
torch.manual_seed(0)
inputs = torch.randn(64, 3)
targets = inputs @ torch.tensor([[1.0], [-2.0], [0.5]])


def make_model_and_optimizer():
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    return model, optim.SGD(model.parameters(), lr=0.05, momentum=0.9)


def train(model, optimizer, epochs):
    for epoch in range(epochs):
        for x, y in zip(inputs.split(16), targets.split(16)):
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()


model, optimizer = make_model_and_optimizer()
train(model, optimizer, 4)  # 4 epochs without a break
reference = {k: v.clone() for k, v in model.state_dict().items()}
reference
# %% resume_solution
import os
import tempfile

model, optimizer = make_model_and_optimizer()
train(model, optimizer, 2)
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "checkpoint.pth")
    torch.save({"epoch": 2,
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict()}, path)
    checkpoint = torch.load(path)

# A new program: build the model and optimizer as before, then load the state.
resumed, resumed_optimizer = make_model_and_optimizer()
resumed.load_state_dict(checkpoint["model"])
resumed_optimizer.load_state_dict(checkpoint["optimizer"])
train(resumed, resumed_optimizer, 4 - checkpoint["epoch"])
same = all(torch.equal(v, reference[k]) for k, v in resumed.state_dict().items())
print("resumed after epoch", checkpoint["epoch"], "| equal to 4 epochs in one go:", same)

# Without the optimizer's state, the momentum starts again from zero:
forgetful, forgetful_optimizer = make_model_and_optimizer()
forgetful.load_state_dict(checkpoint["model"])
train(forgetful, forgetful_optimizer, 4 - checkpoint["epoch"])
forgetful_same = all(torch.equal(v, reference[k]) for k, v in forgetful.state_dict().items())
print("model state only | equal:", forgetful_same)
