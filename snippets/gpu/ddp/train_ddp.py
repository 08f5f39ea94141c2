"""A complete DistributedDataParallel training script, started by torchrun (see launch.py).

Executing its regions in a notebook only defines the functions: training starts when
torchrun runs the file, one process per GPU (or per CPU worker with the gloo backend).
"""
# %% setup
import os

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


def setup():
    """Join the process group described by torchrun's environment variables; return our device."""
    local_rank = int(os.environ["LOCAL_RANK"])  # this process's number on this machine
    # NCCL when each process on this machine can have a GPU of its own, gloo on the CPU otherwise.
    use_cuda = torch.cuda.device_count() >= int(os.environ["LOCAL_WORLD_SIZE"]) > 0
    if use_cuda:
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)  # the collectives of this process run on its own GPU
    else:
        device = torch.device("cpu")
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return device
# %% data
def make_dataset(n=256):
    """y = 2 x0 - 3 x1 + 0.5 x2 + 1, plus a little noise: the same on every rank (seeded)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 3, generator=g)
    y = x @ torch.tensor([[2.0], [-3.0], [0.5]]) + 1.0 + 0.1 * torch.randn(n, 1, generator=g)
    return TensorDataset(x, y)


def make_loader(dataset, global_batch=32):
    # Each rank gets its own 1/world_size share of the samples, shuffled with a common seed.
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    # One step uses world_size batches (one per rank): keep their total fixed.
    return DataLoader(dataset, batch_size=global_batch // dist.get_world_size(), sampler=sampler)
# %% model
def make_model(device):
    torch.manual_seed(0)  # DDP copies rank 0's initial parameters to every rank anyway
    model = nn.Linear(3, 1).to(device)
    return DDP(model, device_ids=[device.index] if device.type == "cuda" else None)
# %% train
def train(model, loader, device, epochs=5):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        loader.sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on all ranks
        totals = torch.zeros(2, device=device)  # this rank's sum of losses and sample count
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()  # DDP averages the gradients over all ranks during backward
            optimizer.step()
            totals[0] += loss.detach() * len(x)
            totals[1] += len(x)
        dist.all_reduce(totals)  # sums over all ranks
        if dist.get_rank() == 0:
            print(f"epoch {epoch}: loss {(totals[0] / totals[1]).item():.4f}")
# %% verify
def check_replicas(model):
    """Gather every rank's parameters and compare them; rank 0 reports."""
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    gathered = [torch.empty_like(flat) for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, flat)
    identical = all(torch.equal(other, gathered[0]) for other in gathered)
    if dist.get_rank() == 0:
        print(f"{dist.get_backend()}, world size {dist.get_world_size()}: parameters identical on all ranks: {identical}")
        weight = [round(w, 2) for w in model.module.weight.flatten().tolist()]
        print(f"learned weight {weight}, bias {model.module.bias.item():.2f}")
    return identical
# %% main
def main():
    device = setup()
    loader = make_loader(make_dataset())
    model = make_model(device)
    train(model, loader, device)
    check_replicas(model)
    dist.destroy_process_group()


if __name__ == "__main__" and "LOCAL_RANK" in os.environ:  # started by torchrun
    main()
