"""The facts that the data page states: Dataset, transforms, DataLoader, the traffic-light example.

Tests that need a heavy snippet module (``helpers.HEAVY_MODULES``) are in the full tier.
"""

from __future__ import annotations

import gc
import json
import warnings

import pytest
import torch
from PIL import Image
from torch.utils.data import DataLoader

from tests.helpers import assert_sections_present, readers_environment, run_by_region


def test_sections_present():
    assert_sections_present(["data", "data.example"])


# --- data/basics.py ---------------------------------------------------------------------------

def test_tiny_dataset_and_loader(snippet):
    ns = snippet("data/basics.py")
    squares = ns["squares"]
    assert len(squares) == 10
    x, y = squares[3]
    assert x.item() == 3.0 and y.item() == 9.0
    torch.manual_seed(0)
    batches = list(ns["loader"])
    assert [len(x) for x, _ in batches] == [4, 4, 2]
    seen = torch.cat([x for x, _ in batches])
    assert sorted(seen.tolist()) == list(range(10)) and seen.tolist() != list(range(10))  # shuffled
    assert all(torch.equal(y, x * x) for x, y in batches)


def test_dataset_without_len_loads_with_a_sampler(snippet):
    """The notes' (可选): __len__ is optional. Only the default samplers need it: the sequential
    one fails at the first batch, shuffle=True when the DataLoader is created; a sampler of one's
    own loads the data set."""
    ns = snippet("data/basics.py")
    no_length = ns["NoLength"]
    assert no_length()[5] == 5  # indexing alone works
    loader = DataLoader(no_length(), batch_size=2)  # creating it works ...
    with pytest.raises(TypeError, match="has no len"):
        next(iter(loader))  # ... the default sampler fails at the first batch
    with pytest.raises(TypeError, match="has no len"):
        DataLoader(no_length(), batch_size=2, shuffle=True)
    assert [batch.tolist() for batch in ns["by_sampler"]] == [[0, 1], [2, 3], [4, 5]]
    import inspect

    import torch.utils.data.dataset as dataset_module  # PyTorch's own docstring calls __len__ optional
    assert "optionally overwrite\n    :meth:`__len__`" in inspect.getsource(dataset_module)


def test_notes_loop_runs_through_with_1000_batches():
    """The notes' loop (1000 batches from one iterator) stops only when the data set has fewer."""
    from torch.utils.data import TensorDataset

    def notes_loop(samples):
        data_iter = iter(DataLoader(TensorDataset(torch.arange(samples)), batch_size=4, shuffle=True))
        for step in range(1000):
            next(data_iter)
        return step

    assert notes_loop(4000) == 999  # 1000 batches: the loop runs through
    assert notes_loop(3997) == 999  # 999 full batches and one of 1: still 1000 batches
    with pytest.raises(StopIteration):
        notes_loop(3996)  # 999 batches: StopIteration at step 999


def test_torchvision_dataset_without_files(snippet, tmp_path):
    ns = snippet("data/basics.py")
    with pytest.raises(RuntimeError, match="Dataset not found.*download=True"):
        ns["datasets"].CIFAR10(tmp_path, train=True, download=False)


# --- data/traffic_lights.py -------------------------------------------------------------------

@pytest.fixture(scope="module")
def lights(snippet):
    return snippet("data/traffic_lights.py")


@pytest.fixture()
def root(lights, tmp_path):
    """A fresh copy of the page's data set (the page removes its own at the end)."""
    lights["make_traffic_lights"](str(tmp_path))
    return tmp_path


@pytest.mark.full
def test_generated_layout_and_annotations(lights, root):
    names = sorted(p.name for p in (root / "img").iterdir())
    assert len(names) == 18 and (root / "img" / "0.jpg").is_file() and (root / "img" / "17.jpg").is_file()
    assert sorted(p.name for p in (root / "json").iterdir()) == sorted(n.replace(".jpg", ".json") for n in names)
    sizes = set()
    for index in range(18):
        annotation = json.loads((root / "json" / f"{index}.json").read_text(encoding="utf-8"))
        assert annotation["color"] == ["red", "yellow", "green"][index % 3]
        with Image.open(root / "img" / f"{index}.jpg") as image:
            width, height = image.size
            x0, y0, x1, y1 = annotation["box"]
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
            # The lamp of the annotated colour is the bright one.
            lamp_y = {"red": 1, "yellow": 3, "green": 5}[annotation["color"]]
            r, g, b = image.convert("RGB").getpixel(((x0 + x1) // 2, y0 + (y1 - y0) * lamp_y // 6))
            assert max(r, g, b) > 200
        sizes.add((width, height))
        assert height == 2 * width
    assert sizes == {(120, 240), (160, 320), (200, 400)}


@pytest.mark.full
def test_generation_is_deterministic(lights, root, tmp_path_factory):
    again = tmp_path_factory.mktemp("again")
    lights["make_traffic_lights"](str(again))
    for index in range(18):
        assert (root / "img" / f"{index}.jpg").read_bytes() == (again / "img" / f"{index}.jpg").read_bytes()


@pytest.mark.full
def test_page_values(lights):
    assert len(lights["dataset"]) == 18 and len(lights["dataloader"]) == 5
    assert lights["img"].shape == (3, 480, 240) and lights["img"].dtype == torch.float32
    assert lights["leaks"] == ["ResourceWarning: unclosed file <_io.TextIOWrapper"]
    assert lights["same"] is True and lights["caught"] == []
    assert lights["stopped_at"] == 5 == len(lights["dataloader"])
    assert lights["images"].shape == (2, 3, 480, 240)  # the last batch of the last epoch
    assert not __import__("os").path.exists(lights["root"])  # the page removed its folder


@pytest.mark.full
def test_samples_shapes_and_ranges(lights, root):
    dataset = lights["TrafficLights"](root, transforms=lights["dataset"].transforms)
    notes = lights["MyData"](str(root / "img"), str(root / "json"), transforms=lights["dataset"].transforms)
    assert len(dataset) == len(notes) == 18
    for index in range(18):
        torch.manual_seed(index)
        img, annotation = dataset[index]
        torch.manual_seed(index)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            notes_img, notes_annotation = notes[index]
        assert torch.equal(img, notes_img) and annotation == notes_annotation
        assert img.shape == (3, 480, 240) and img.dtype == torch.float32
        assert -1.0 <= img.min() < 0 < img.max() <= 1.0


@pytest.mark.full
def test_notes_dataset_leaks_and_fixed_one_does_not(lights, root):
    transforms = lights["dataset"].transforms
    for cls, args, expected in ((lights["MyData"], (str(root / "img"), str(root / "json")), 1),
                                (lights["TrafficLights"], (root,), 0)):
        gc.collect()  # what earlier tests left to the cycle collector is not counted below
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            cls(*args, transforms=transforms)[0]
            gc.collect()
        assert sum(issubclass(w.category, ResourceWarning) for w in caught) == expected, cls


@pytest.mark.full
def test_seeded_flips_in_the_picture_include_both(lights, root):
    """The before/after picture shows flipped and unflipped samples: replay its six draws with
    the page's own transforms, noting each decision of its RandomHorizontalFlip."""
    pipeline = lights["dataset"].transforms
    [flip] = [t for t in pipeline.transforms if type(t).__name__ == "RandomHorizontalFlip"]
    decisions = []

    def recording(img):  # draws exactly as RandomHorizontalFlip.forward does: once per sample
        decisions.append(bool(torch.rand(1) < flip.p))
        return img

    flip.forward = recording
    dataset = lights["TrafficLights"](root, transforms=pipeline)
    try:
        torch.manual_seed(0)  # as the before_after region does
        for index in range(6):
            dataset[index]
    finally:
        del flip.forward
    assert len(decisions) == 6 and any(decisions) and not all(decisions)


@pytest.mark.full
def test_v2_moves_the_box(lights):
    x0, y0, x1, y1 = lights["box"]
    width = lights["sizes"][0][0]
    scale = 240 / width
    expected = [240 - x1 * scale, y0 * scale, 240 - x0 * scale, y1 * scale]
    got = lights["new_boxes"].tolist()[0]
    assert all(abs(a - b) <= 1 for a, b in zip(got, expected)), (got, expected)
    assert got == lights["modern_boxes"].tolist()[0]  # flipped in both: seed 0 draws a flip
    assert lights["modern_img"].shape == (3, 480, 240) and lights["modern_img"].dtype == torch.float32
    assert -1.0 <= lights["modern_img"].min() and lights["modern_img"].max() <= 1.0


@pytest.mark.full
def test_batches_and_collated_annotations(lights, root):
    dataset = lights["TrafficLights"](root, transforms=lights["dataset"].transforms)
    torch.manual_seed(0)
    images, annotations = next(iter(DataLoader(dataset, batch_size=4, shuffle=False)))
    assert images.shape == (4, 3, 480, 240) and images.dtype == torch.float32
    assert -1.0 <= images.min() and images.max() <= 1.0
    assert set(annotations) == {"color", "box"}
    assert annotations["color"] == ["red", "yellow", "green", "red"]
    assert isinstance(annotations["box"], list) and len(annotations["box"]) == 4
    assert all(t.shape == (4,) and t.dtype == torch.int64 for t in annotations["box"])
    boxes = torch.stack(annotations["box"], dim=1)
    expected = [json.loads((root / "json" / f"{i}.json").read_text())["box"] for i in range(4)]
    assert boxes.tolist() == expected


@pytest.mark.full
def test_page_batch_boxes_are_rows(lights):
    first = lights["annotations"]  # the last batch of the page's last epoch: 2 samples
    assert len(first["color"]) == 2 and len(first["box"]) == 4
    assert torch.stack(first["box"], dim=1).shape == (2, 4)


@pytest.mark.full
def test_different_sizes_do_not_stack(lights):
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        lights["default_collate"]([torch.zeros(3, 480, 240), torch.zeros(3, 240, 320)])


@pytest.mark.full
def test_one_pass_per_iterator(lights, root):
    dataset = lights["TrafficLights"](root, transforms=lights["dataset"].transforms)
    loader = DataLoader(dataset, batch_size=4, shuffle=True)
    iterator = iter(loader)
    for _ in range(len(loader)):
        next(iterator)
    with pytest.raises(StopIteration):
        next(iterator)


# --- data/workers.py --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workers(snippet):
    return snippet("data/workers.py")


@pytest.mark.full
def test_workers_need_the_main_guard(workers):
    """Without the guard, spawn and forkserver (Linux's default from Python 3.14) both import the
    script again in each worker and stop there; with it, each batch comes from another process."""
    assert workers["multiprocessing"].get_start_method() in ("fork", "spawn", "forkserver")
    assert sorted(workers["unguarded"]) == ["forkserver", "spawn"]
    for method, unguarded in workers["unguarded"].items():
        assert unguarded.returncode != 0, method
        assert "current process has finished its bootstrapping phase" in unguarded.stderr, method
        assert "if __name__ == '__main__':" in unguarded.stderr, method  # Python's own hint
        assert "RuntimeError: DataLoader worker (pid(s)" in unguarded.stderr, method
    guarded = workers["guarded"]
    assert guarded.returncode == 0, guarded.stderr
    assert guarded.stdout.splitlines() == [
        "[0, 1, 4, 9] from worker 0 | another process: True",
        "[16, 25, 36, 49] from worker 1 | another process: True",
    ]


@pytest.mark.full
def test_code_without_a_file_cannot_share_its_dataset_with_spawned_workers(workers):
    """The guarded code run with python -c (as a notebook runs it): the spawned workers cannot find
    the Dataset class; imported from a module file, it loads."""
    interactive = workers["interactive"]
    assert interactive.returncode != 0
    assert "AttributeError: Can't get attribute 'Squares' on <module '__main__' (built-in)>" in interactive.stderr
    imported = workers["imported"]
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == workers["guarded"].stdout


# fork first: spawn and forkserver start fresh interpreters, which an earlier fork cannot change.
START_METHODS = ("fork", "spawn", "forkserver")


@pytest.fixture(scope="module")
def notebook_loaders():
    """A notebook that defines a Dataset class, then loads it with two workers started by each
    start method in turn (START_METHODS), executed in one Jupyter kernel: what each load printed."""
    import nbformat
    from nbclient import NotebookClient

    define = (
        "from torch.utils.data import DataLoader, Dataset\n\n"
        "class Squares(Dataset):\n"
        "    def __len__(self):\n        return 8\n\n"
        "    def __getitem__(self, index):\n        return index * index\n"
    )
    loads = [
        f"loader = DataLoader(Squares(), batch_size=4, num_workers=2, multiprocessing_context={method!r})\n"
        "try:\n    print([batch.tolist() for batch in loader])\n"
        "except RuntimeError as error:\n    print('RuntimeError:', error)\n"
        for method in START_METHODS
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in (define, *loads)])
    with readers_environment():  # the kernel a reader's Jupyter starts
        NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return {method: "".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stdout")
            for method, cell in zip(START_METHODS, notebook.cells[1:])}


@pytest.mark.full
@pytest.mark.parametrize("method", START_METHODS)
def test_notebook_dataset_and_workers(notebook_loaders, method):
    """What the page says about notebooks, in a Jupyter kernel: a Dataset class defined in the
    notebook reaches forked workers, and not spawned or forkserver ones."""
    printed = notebook_loaders[method]
    if method == "fork":
        assert printed == "[[0, 1, 4, 9], [16, 25, 36, 49]]\n"
    else:
        assert printed.startswith("RuntimeError: DataLoader worker (pid(s)"), printed


def test_default_start_methods_as_the_correction_says():
    """The num_workers correction: Python 3.11 forks on Linux and spawns on Windows and macOS
    (the source line it cites is the 'fork' one)."""
    import inspect
    import multiprocessing.context as context
    import sys

    assert sys.version_info[:2] == (3, 11)
    if sys.platform.startswith("linux"):
        assert context._default_context._default_context._name == "fork"
    lines = [line.strip() for line in inspect.getsource(context).splitlines()]
    defaults = [(i, line) for i, line in enumerate(lines) if line.startswith("_default_context = DefaultContext(")]
    # In the order of the source: macOS, the other POSIX systems, Windows.
    assert [line.split("[")[1] for _, line in defaults] == ["'spawn'])", "'fork'])", "'spawn'])"]
    assert lines[defaults[0][0] - 3] == "if sys.platform == 'darwin':"


# --- the page's exercises (snippets/data/exercises.py) -----------------------------------------


@pytest.fixture(scope="module")
def exercises():
    """Each region's namespace (a shallow copy) and printed output, region by region as the page runs them."""
    return {name: (dict(ns), out) for name, ns, out in run_by_region("data/exercises.py")}


def test_exercise_dtype_numpy_rows_collate_to_float64_and_the_fix_fits_the_model(exercises):
    """data-ex-dtype: NumPy's float64 rows become float64 batches, which a float32 Linear refuses;
    converted to float32 tensors once in __init__, every batch fits and the values are kept."""
    import numpy as np

    ns, out = exercises["dtype_setup"]
    assert ns["Measurements"]().x.dtype == np.float64
    assert ns["x"].dtype == ns["y"].dtype == torch.float64 and ns["y"].shape == (4, 1)
    assert out == "RuntimeError: mat1 and mat2 must have the same dtype, but got Double and Float\n"
    with pytest.raises(RuntimeError, match="same dtype"):
        ns["model"](ns["x"])
    ns, out = exercises["dtype_solution"]
    fixed, original = ns["Measurements32"](), ns["Measurements"]()
    model = ns["model"]
    for x, y in DataLoader(fixed, batch_size=4):
        assert x.dtype == y.dtype == torch.float32 and y.shape == (len(x), 1)
        assert torch.isfinite(torch.nn.functional.mse_loss(model(x), y))
    assert torch.allclose(fixed.x, torch.from_numpy(original.x).float()) and torch.allclose(fixed.y, torch.from_numpy(original.y).float())
    assert out == "torch.float32 torch.float32 torch.float32\n"
    from torch.utils.data import default_collate  # the solution's words: Python floats too; model.double()

    assert default_collate([0.5, 1.5]).dtype == torch.float64
    x64, _ = next(iter(DataLoader(original, batch_size=4)))
    assert model.double()(x64).dtype == torch.float64
    model.float()


def test_exercise_collate_keeps_mixed_sizes_and_boxes_rows(exercises):
    """data-ex-collate: the default collate cannot stack three sizes; the collate_fn gives a list of
    the images as they are, the colours as a list and the boxes as one (N, 4) tensor per batch."""
    ns, out = exercises["collate_setup"]
    assert out.startswith("RuntimeError: stack expects each tensor to be equal size")
    ns, _ = exercises["collate_solution"]
    pictures = ns["pictures"]
    assert {tuple(image.shape) for image, _ in pictures} == {(3, 24, 12), (3, 32, 16), (3, 40, 20)}
    start = 0
    batches = list(ns["loader"])
    assert [len(images) for images, _ in batches] == [4, 2]
    for images, annotations in batches:
        samples = [pictures[i] for i in range(start, start + len(images))]
        assert isinstance(images, list)
        assert all(image is sample for image, (sample, _) in zip(images, samples, strict=True))
        assert annotations["color"] == [a["color"] for _, a in samples]
        assert annotations["box"].shape == (len(images), 4)
        assert annotations["box"].tolist() == [a["box"] for _, a in samples]
        start += len(images)


def test_exercise_drop_last_sees_16_of_18_and_leaves_out_others_each_epoch(exercises):
    """data-ex-drop-last: 4 batches, 16 samples an epoch; shuffled, the 2 left out change from epoch
    to epoch (seeded: 11 and 16, then 0 and 17); without shuffle, 16 and 17 would never be seen."""
    ns, out = exercises["drop_last_solution"]
    assert len(ns["loader"]) == 4
    assert out.splitlines() == ["4 batches per epoch",
                                "epoch 0: 16 samples seen, left out: [11, 16]",
                                "epoch 1: 16 samples seen, left out: [0, 17]"]
    torch.manual_seed(0)  # the same shuffled order without drop_last: the last two are left out
    order = torch.cat([batch for (batch,) in DataLoader(ns["numbers"], batch_size=4, shuffle=True)]).tolist()
    assert sorted(order[-2:]) == [11, 16]
    in_order = DataLoader(ns["numbers"], batch_size=4, drop_last=True)
    assert torch.cat([batch for (batch,) in in_order]).tolist() == list(range(16))
    left_out = set()
    torch.manual_seed(0)
    for _ in range(20):
        seen = torch.cat([batch for (batch,) in ns["loader"]])
        assert len(seen) == 16 and len(set(seen.tolist())) == 16
        left_out |= set(range(18)) - set(seen.tolist())
    assert len(left_out) > 2  # different samples each epoch
