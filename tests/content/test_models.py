"""The facts that the models page states: VGG16's parts, pretrained weights, saving, loading, freezing.

Tests that need a heavy snippet module (``helpers.HEAVY_MODULES``) are in the full tier.
"""

from __future__ import annotations

import collections
import os

import pytest
import torch
from torch import nn

from tests.helpers import assert_sections_present, run_by_region, run_snippet


def tv_models():
    """torchvision.models, imported by the tests that use it: its import (torch._dynamo with it)
    takes over a second, which every pytest worker would pay when it collects this file."""
    import torchvision.models._api

    return torchvision.models


# The notes' printout of VGG16's state_dict keys.
NOTES_KEYS = [
    f"{part}.{index}.{kind}"
    for part, indices in (("features", (0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28)),
                          ("classifier", (0, 3, 6)))
    for index in indices
    for kind in ("weight", "bias")
]
FROZEN = ["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
          "features.5.weight", "features.5.bias"]


def test_sections_present():
    assert_sections_present(["models", "models.transfer", "models.save", "models.load", "models.freeze"])


@pytest.fixture(scope="module")
def vgg(snippet):
    return snippet("models/vgg16.py")


@pytest.mark.full
def test_features_and_classifier(vgg):
    net = vgg["net"]
    assert isinstance(net.features, nn.Sequential) and isinstance(net.classifier, nn.Sequential)
    assert len(net.features) == 31 and len(net.classifier) == 7
    kinds = collections.Counter(type(layer).__name__ for layer in net.features)
    assert kinds == {"Conv2d": 13, "ReLU": 13, "MaxPool2d": 5}
    kinds = collections.Counter(type(layer).__name__ for layer in net.classifier)
    assert kinds == {"Linear": 3, "ReLU": 2, "Dropout": 2}
    last = net.classifier[-1]
    assert isinstance(last, nn.Linear) and (last.in_features, last.out_features) == (4096, 1000)


@pytest.mark.full
def test_weights_enum_describes_without_download(vgg):
    models = tv_models()
    weights = vgg["weights"]
    assert weights is models.VGG16_Weights.IMAGENET1K_V1 is models.VGG16_Weights.DEFAULT
    assert weights.url == "https://download.pytorch.org/models/vgg16-397923af.pth"
    assert weights.meta["num_params"] == sum(p.numel() for p in vgg["net"].parameters()) == 138357544
    assert len(weights.meta["categories"]) == 1000
    preprocess = weights.transforms()
    assert preprocess.crop_size == [224] and preprocess.resize_size == [256]


def test_pretrained_flag_warns_and_stops_before_downloading(monkeypatch):
    models = tv_models()

    def no_download(*args, **kwargs):
        raise AssertionError("tried to download")

    monkeypatch.setattr(models._api, "load_state_dict_from_url", no_download)
    with pytest.warns(UserWarning) as caught, pytest.raises(ValueError, match="num_classes.*1000.*10"):
        models.vgg16(pretrained=True, num_classes=10)
    messages = [str(w.message) for w in caught]
    assert any("'pretrained' is deprecated since 0.13" in m for m in messages)
    assert any("equivalent to passing `weights=VGG16_Weights.IMAGENET1K_V1`" in m for m in messages)


@pytest.mark.full
def test_pretrained_false_means_weights_none(vgg):
    assert isinstance(vgg["refused"], ValueError)
    messages = [str(w.message) for w in vgg["caught"]]  # the warnings of models.vgg16(pretrained=False)
    assert any("'pretrained' is deprecated" in m for m in messages)
    assert any("equivalent to passing `weights=None`" in m for m in messages)


@pytest.mark.full
def test_weights_call_loads_the_enum_url(vgg, monkeypatch):
    models = tv_models()
    asked = []

    def fake_download(url, *args, **kwargs):
        asked.append(url)
        return vgg["net"].state_dict()

    monkeypatch.setattr(models._api, "load_state_dict_from_url", fake_download)
    model = vgg["pretrained_vgg16"]()
    assert asked == [models.VGG16_Weights.IMAGENET1K_V1.url]
    assert all(torch.equal(v, vgg["net"].state_dict()[k]) for k, v in model.state_dict().items())


def test_hub_cache_default_location(monkeypatch):
    if torch.hub._hub_dir is not None:
        pytest.skip("torch.hub.set_dir() was called in this process")
    monkeypatch.delenv("TORCH_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert torch.hub.get_dir() == os.path.expanduser("~/.cache/torch/hub")


@pytest.mark.full
def test_local_file_route(vgg):
    assert vgg["size_mib"] == 528
    # Before loading only the 16 biases matched (VGG initialises biases to zero); afterwards all 32.
    assert vgg["equal_before"] == 16 and vgg["equal_after"] == 32
    for name in ("features.0.bias", "features.2.bias", "features.5.bias"):  # frozen, never updated
        assert not vgg["net"].state_dict()[name].any()


@pytest.mark.full
def test_state_dict(vgg):
    net = vgg["net"]
    assert type(net.state_dict()) is collections.OrderedDict
    assert list(net.state_dict()) == vgg["keys"] == NOTES_KEYS
    assert len(vgg["keys"]) == 32 and len(vgg["layers"]) == 16
    kinds = collections.Counter(type(net.get_submodule(layer)).__name__ for layer in vgg["layers"])
    assert kinds == {"Conv2d": 13, "Linear": 3}


@pytest.mark.full
def test_state_dict_shares_memory_with_parameters(vgg):
    net = vgg["net"]
    assert net.state_dict()["features.0.weight"].data_ptr() == net.features[0].weight.data_ptr()
    assert dict(net.named_parameters())["features.0.weight"].data_ptr() == net.features[0].weight.data_ptr()


@pytest.mark.full
def test_optimizer_state_in_checkpoint(vgg):
    state = vgg["optimizer_state"]
    assert state["state"] == {}  # no step taken, no momentum buffers yet
    group = state["param_groups"][0]
    assert group["params"] == list(range(32))
    assert group["lr"] == 0.01 and group["momentum"] == 0.9


@pytest.mark.full
def test_filtered_load(vgg):
    assert vgg["loaded_equal"] is True


@pytest.mark.full
def test_new_head_needs_a_shape_filter(vgg):
    mismatch = vgg["mismatch"]
    assert "size mismatch for classifier.6.weight" in mismatch
    assert "torch.Size([1000, 4096]) from checkpoint" in mismatch and "torch.Size([10, 4096])" in mismatch
    assert "size mismatch for classifier.6.bias" in mismatch
    assert vgg["result"].missing_keys == ["classifier.6.weight", "classifier.6.bias"]
    assert vgg["result"].unexpected_keys == []


@pytest.mark.full
def test_freezing_the_first_seven_modules(vgg):
    net = vgg["net"]
    assert [i for i, layer in enumerate(net.features[:7]) if isinstance(layer, nn.Conv2d)] == [0, 2, 5]
    assert vgg["frozen"] == FROZEN
    assert vgg["no_grad"] == FROZEN  # no gradient for the frozen parameters
    assert len(vgg["optimizer"].param_groups[0]["params"]) == 26
    assert vgg["unchanged"] == FROZEN
    assert len(vgg["changed"]) == 26 and not set(vgg["changed"]) & set(FROZEN)
    others = [name for name, p in net.named_parameters() if name not in FROZEN]
    assert all(net.get_parameter(name).grad is not None for name in others)


@pytest.mark.full
def test_range_7_holds_the_first_three_convolution_modules(vgg):
    """The notes: range(7) freezes "前三个卷积模组", the first three convolution modules (模组: module).
    Of features[0:7], exactly the first three Conv2d modules of the network hold parameters."""
    features = vgg["net"].features
    convolutions = [i for i, layer in enumerate(features) if isinstance(layer, nn.Conv2d)]
    with_parameters = [i for i in range(7) if any(True for _ in features[i].parameters())]
    assert with_parameters == convolutions[:3] == [0, 2, 5]
    assert not any(isinstance(features[i], nn.Conv2d) for i in range(7, convolutions[3]))


@pytest.mark.full
def test_first_three_blocks_end_at_index_16(vgg):
    blocks = vgg["net"].features[:17]
    assert isinstance(blocks[16], nn.MaxPool2d)
    assert sum(isinstance(layer, nn.MaxPool2d) for layer in blocks) == 3
    assert sum(isinstance(layer, nn.Conv2d) for layer in blocks) == 7


@pytest.mark.full
def test_requires_grad_one_liner_matches_the_loop(vgg):
    net = vgg["net"]
    flags = {name: p.requires_grad for name, p in net.named_parameters()}
    try:
        net.requires_grad_(True)
        net.features[:7].requires_grad_(False)
        assert [name for name, p in net.named_parameters() if not p.requires_grad] == FROZEN
    finally:
        for name, p in net.named_parameters():
            p.requires_grad_(flags[name])


@pytest.mark.full
def test_inputs_from_32_pixels_work(vgg):
    net = vgg["net"]
    with torch.no_grad():
        assert net.eval()(torch.zeros(1, 3, 32, 32)).shape == (1, 1000)
        with pytest.raises(RuntimeError):
            net.features(torch.zeros(1, 3, 31, 31))  # the fifth max-pool has nothing left to pool
    net.train()


@pytest.fixture(scope="module")
def safe(snippet):
    return snippet("models/safe_loading.py")


def test_checkpoint_resumes_with_default_load(safe):
    assert torch.equal(safe["resumed"].weight, safe["layer"].weight)
    assert torch.equal(safe["resumed"].bias, safe["layer"].bias)
    saved = safe["optimizer"].state_dict()["state"]
    resumed = safe["resumed_optimizer"].state_dict()["state"]
    assert sorted(resumed) == [0, 1]
    for index in (0, 1):
        assert torch.equal(resumed[index]["momentum_buffer"], saved[index]["momentum_buffer"])


def test_whole_module_refused_by_default(safe):
    excerpt = safe["excerpt"]
    assert excerpt[0].startswith("Weights only load failed.")
    assert "PyTorch 2.6" in excerpt[1] and "from `False` to `True`" in excerpt[1]
    assert "Unsupported global: GLOBAL torch.nn.modules.linear.Linear" in excerpt[2]
    assert "\x1b" not in safe["message"]


def test_trusted_ways_load_the_module(safe):
    for name in ("allowed", "trusted"):
        loaded = safe[name]
        assert isinstance(loaded, nn.Linear)
        assert torch.equal(loaded.weight, safe["layer"].weight)


def test_weights_only_default(tmp_path):
    layer = nn.Linear(2, 2)
    torch.save(layer.state_dict(), tmp_path / "state.pth")
    assert torch.equal(torch.load(tmp_path / "state.pth")["weight"], layer.weight)
    torch.save(layer, tmp_path / "whole.pth")
    with pytest.raises(Exception, match="Weights only load failed"):
        torch.load(tmp_path / "whole.pth")
    before = set(torch.serialization.get_safe_globals())  # a set in torch: its list order is not kept
    with torch.serialization.safe_globals([nn.Linear]):
        assert isinstance(torch.load(tmp_path / "whole.pth"), nn.Linear)
    assert set(torch.serialization.get_safe_globals()) == before  # the allowance ended with the block


def test_safe_loading_leaves_the_allowlist_alone():
    before = set(torch.serialization.get_safe_globals())  # a set in torch: its list order is not kept
    run_snippet("models/safe_loading.py")
    assert set(torch.serialization.get_safe_globals()) == before


def test_weights_only_loads_plain_values_and_containers(tmp_path):
    """The version note: with the default weights_only=True, tensors and plain Python values and
    containers load (not only dicts and lists), and objects of other classes are refused."""
    value = {"t": torch.ones(2), "tuple": (1, 2.5, "x", None, True), "set": {1, 2}, "list": [torch.zeros(1)]}
    torch.save(value, tmp_path / "plain.pth")
    loaded = torch.load(tmp_path / "plain.pth")
    assert loaded["tuple"] == value["tuple"] and loaded["set"] == value["set"]
    assert torch.equal(loaded["t"], value["t"]) and torch.equal(loaded["list"][0], value["list"][0])
    torch.save({"model": nn.Linear(1, 1)}, tmp_path / "object.pth")
    with pytest.raises(Exception, match="Weights only load failed"):
        torch.load(tmp_path / "object.pth")


# --- the page's exercises (snippets/models/exercises.py) ---------------------------------------


@pytest.fixture(scope="module")
def exercises():
    """Each region's namespace (a shallow copy) and printed output, region by region as the page runs them."""
    return {name: (dict(ns), out) for name, ns, out in run_by_region("models/exercises.py")}


def test_exercise_buffers_state_dict_holds_parameters_and_buffers(exercises):
    """models-ex-buffers: 6 parameters, 9 state_dict entries; the 3 others are BatchNorm2d's buffers."""
    small = exercises["buffers_setup"][0]["small"]
    params = ["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"]
    buffers = ["1.running_mean", "1.running_var", "1.num_batches_tracked"]
    assert [name for name, _ in small.named_parameters()] == params
    assert [name for name, _ in small.named_buffers()] == buffers
    assert list(small.state_dict()) == params[:4] + buffers + params[4:]
    assert exercises["buffers_solution"][1] == (
        f"6 parameters: {params}\n9 state_dict entries; the others: {buffers}\n")
    # The solution's words: not parameters, so no optimizer updates them; a training-mode forward does.
    layer = nn.BatchNorm2d(8)
    assert not any(b is p for b in layer.buffers() for p in layer.parameters())
    before = layer.running_mean.clone()
    layer.train()(torch.randn(2, 8, 6, 6))
    assert not torch.equal(layer.running_mean, before) and layer.num_batches_tracked.item() == 1
    assert layer.num_batches_tracked.dtype == torch.int64
    x = torch.randn(2, 8, 6, 6)  # evaluation mode normalises with the running statistics
    expected = (x - layer.running_mean[:, None, None]) / torch.sqrt(layer.running_var[:, None, None] + layer.eps)
    assert torch.allclose(layer.eval()(x), expected * layer.weight[:, None, None] + layer.bias[:, None, None], atol=1e-6)
    assert layer.num_batches_tracked.item() == 1  # counted in training mode only
    assert all(b.device.type == "meta" for b in layer.to("meta").buffers())  # .to() moves them


def test_exercise_freeze_attribute_freezes_nothing_and_the_method_does(exercises):
    """models-ex-freeze: module.requires_grad = False sets a plain attribute, so every parameter trains;
    requires_grad_(False) freezes the first two Linear layers and only the last one changes."""
    ns = exercises["freeze_setup"][0]
    assert not hasattr(nn.Linear(1, 1), "requires_grad")  # no such setting on a module
    assert ns["net"][0].__dict__["requires_grad"] is False  # just an attribute of the object
    assert all(p.requires_grad for p in ns["net"].parameters())
    everything = [name for name, _ in ns["net"].named_parameters()]
    assert ns["changed"] == everything and len(everything) == 6
    ns = exercises["freeze_solution"][0]
    assert [name for name, p in ns["net"].named_parameters() if not p.requires_grad] == [
        "0.weight", "0.bias", "2.weight", "2.bias"]
    assert ns["changed"] == ["4.weight", "4.bias"]
    assert len(ns["optimizer"].param_groups[0]["params"]) == 2


def test_exercise_resume_matches_training_without_a_break(exercises):
    """models-ex-resume: 2 epochs, a checkpoint, 2 more in a new model and optimizer equal 4 in one go,
    exactly; without the optimizer's state (its momentum buffers) they do not."""
    ns = exercises["resume_solution"][0]
    reference = exercises["resume_setup"][0]["reference"]
    assert ns["checkpoint"]["epoch"] == 2 and set(ns["checkpoint"]) == {"epoch", "model", "optimizer"}
    assert sorted(ns["checkpoint"]["optimizer"]["state"]) == [0, 1]
    assert all("momentum_buffer" in s for s in ns["checkpoint"]["optimizer"]["state"].values())
    for key, value in ns["resumed"].state_dict().items():
        assert torch.equal(value, reference[key]), key
    assert ns["same"] is True and ns["forgetful_same"] is False
    assert not torch.equal(ns["forgetful"].weight, reference["weight"])
    assert not os.path.exists(ns["path"])  # the temporary folder is gone
