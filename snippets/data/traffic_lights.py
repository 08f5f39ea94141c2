"""The notes' traffic-light example on a small generated data set: Dataset, transforms, DataLoader.

The first region draws the data set into a temporary folder in the notes' layout
(img/0.jpg, json/0.json, ...); the last region removes it.
"""
# %% make_dataset
import json
import os
import random
import tempfile

from PIL import Image, ImageDraw

LAMPS = {  # lit and unlit colour of each lamp, top to bottom
    "red": ((240, 50, 40), (70, 22, 20)),
    "yellow": ((250, 200, 40), (72, 58, 18)),
    "green": ((40, 220, 100), (16, 62, 34)),
}


def draw_traffic_light(width, height, color, rng):
    """A dark street with one traffic light; returns the image and the light's box."""
    image = Image.new("RGB", (width, height), (16, 20, 34))
    draw = ImageDraw.Draw(image)
    road = height * 5 // 6
    draw.rectangle([0, road, width, height], fill=(38, 38, 42))
    w = rng.randint(width * 3 // 10, width * 9 // 20)  # the housing's size
    h = w * 5 // 2
    x0 = rng.randint(24, width - w - 4)
    y0 = rng.randint(4, road - h - 8)
    box = [x0, y0, x0 + w, y0 + h]
    middle = x0 + w // 2
    # The light hangs from the arm of a pole near the left edge.
    arm = y0 + h // 4
    draw.rectangle([6, arm - 2, x0, arm + 2], fill=(80, 80, 86))
    draw.rectangle([6, arm - 2, 12, road], fill=(80, 80, 86))
    draw.rounded_rectangle(box, radius=w // 5, fill=(26, 26, 28),
                           outline=(96, 96, 100), width=2)
    r = w * 3 // 10
    for k, (name, (lit, unlit)) in enumerate(LAMPS.items()):
        cy = y0 + h * (2 * k + 1) // 6
        if name == color:  # a soft glow around the lit lamp
            g = r + 3
            glow = tuple(c // 2 for c in lit)
            draw.ellipse([middle - g, cy - g, middle + g, cy + g], fill=glow)
        fill = lit if name == color else unlit
        draw.ellipse([middle - r, cy - r, middle + r, cy + r], fill=fill)
    return image, box


def make_traffic_lights(root, count=18, seed=0):
    """Write img/0.jpg, json/0.json, ... for `count` images under the folder `root`."""
    os.makedirs(os.path.join(root, "img"))
    os.makedirs(os.path.join(root, "json"))
    rng = random.Random(seed)
    for index in range(count):
        color = list(LAMPS)[index % 3]
        width = rng.choice([120, 160, 200])
        image, box = draw_traffic_light(width, 2 * width, color, rng)
        image.save(os.path.join(root, "img", f"{index}.jpg"), quality=90)
        path = os.path.join(root, "json", f"{index}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"color": color, "box": box}, f)


folder = tempfile.TemporaryDirectory()  # removed at the end of the example
root = folder.name
make_traffic_lights(root)
for sub in ("img", "json"):
    names = sorted(os.listdir(os.path.join(root, sub)),
                   key=lambda name: int(name.split(".")[0]))
    print(f"{sub}/", *names[:3], "...", names[-1])
with open(os.path.join(root, "json", "0.json"), encoding="utf-8") as f:
    print("json/0.json:", f.read())
# %% show_dataset
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

fig, axes = plt.subplots(1, 6, figsize=(9, 3.4))
sizes = []
for index, ax in enumerate(axes):
    with Image.open(os.path.join(root, "img", f"{index}.jpg")) as image:
        ax.imshow(image)
        sizes.append(image.size)
    path = os.path.join(root, "json", f"{index}.json")
    with open(path, encoding="utf-8") as f:
        x0, y0, x1, y1 = json.load(f)["box"]
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0,
                           fill=False, edgecolor="white"))
    ax.axis("off")
plt.show()
print("width x height:", *(f"{w}x{h}" for w, h in sizes))
# %% my_data
import torch
from torch.utils.data import DataLoader, Dataset


class MyData(Dataset):
    def __init__(self, img_path, annotation_path, transforms=None):
        # remember where the data set is
        self.annotation_path = annotation_path
        self.img_path = img_path
        self.transforms = transforms

    def __len__(self):
        return len(os.listdir(self.img_path))

    def __getitem__(self, index):
        annotation = json.load(open(self.annotation_path + '/' + str(index) + '.json'))
        img = Image.open(self.img_path + '/' + str(index) + '.jpg')
        # plt.imshow(img)
        if self.transforms:
            img = self.transforms(img)

        return img, annotation
# %% compose
from torchvision import transforms

dataset = MyData(os.path.join(root, 'img'), os.path.join(root, 'json'),
                 transforms=transforms.Compose([
                     # shorter side to 240 pixels, aspect ratio kept
                     transforms.Resize(240),
                     # mirror left-right with probability 0.5
                     transforms.RandomHorizontalFlip(),
                     # PIL image -> float tensor C x H x W in [0, 1]
                     transforms.ToTensor(),
                     # (x - mean) / std = (x - 0.5) / 0.5, into [-1, 1]
                     transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
                 ]))
len(dataset)
# %% sample
torch.manual_seed(0)  # RandomHorizontalFlip draws from the global generator
img, annotation = dataset[0]
print(img.shape, img.dtype)
print(img.min(), img.max())
annotation
# %% before_after
torch.manual_seed(0)
fig, axes = plt.subplots(2, 6, figsize=(9, 6.4))
for index in range(6):
    with Image.open(os.path.join(root, "img", f"{index}.jpg")) as image:
        axes[0, index].imshow(image)
    img, _ = dataset[index]
    shown = (img * 0.5 + 0.5).permute(1, 2, 0)  # undo Normalize; H x W x C
    axes[1, index].imshow(shown.numpy())
for ax in axes.flat:
    ax.axis("off")
plt.show()
# %% leaked_handle
import gc
import warnings

with warnings.catch_warnings(record=True) as caught:
    # Python hides these by default.
    warnings.simplefilter("always", ResourceWarning)
    dataset[0]
    gc.collect()
# Each message, without the file's (temporary) path:
leaks = [f"{w.category.__name__}: {str(w.message).split(' name=')[0]}"
         for w in caught]
leaks
# %% fixed_dataset
from pathlib import Path


class TrafficLights(Dataset):
    """The notes' MyData, closing every file it opens."""

    def __init__(self, root, transforms=None):
        self.root = Path(root)
        self.transforms = transforms
        # Count the images only.
        self.size = len(list((self.root / "img").glob("*.jpg")))

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        with open(self.root / "json" / f"{index}.json", encoding="utf-8") as f:
            annotation = json.load(f)
        with Image.open(self.root / "img" / f"{index}.jpg") as image:
            # Read the pixels while the file is open.
            image = image.convert("RGB")
        if self.transforms:
            image = self.transforms(image)
        return image, annotation


fixed = TrafficLights(root, transforms=dataset.transforms)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", ResourceWarning)
    torch.manual_seed(0)
    fixed_img, fixed_annotation = fixed[0]
    gc.collect()
torch.manual_seed(0)
img, annotation = dataset[0]
same = torch.equal(fixed_img, img) and fixed_annotation == annotation
print(len(caught), "warnings; the same sample:", same)
dataset = fixed  # from here on
# %% boxes_follow
from torchvision import tv_tensors
from torchvision.transforms import v2
from torchvision.utils import draw_bounding_boxes

with Image.open(os.path.join(root, "img", "0.jpg")) as image:
    image = image.convert("RGB")
box = annotation["box"]  # sample 0
# p=1.0: always flip, to see what happens to the box
old = transforms.Compose([transforms.Resize(240),
                          transforms.RandomHorizontalFlip(p=1.0)])
new = v2.Compose([v2.Resize(240), v2.RandomHorizontalFlip(p=1.0)])

old_image = old(image)  # the box is not part of the call
boxes = tv_tensors.BoundingBoxes([box], format="XYXY",
                                 canvas_size=(image.height, image.width))
new_image, new_boxes = new(image, boxes)
print(box, "->", new_boxes.tolist()[0])

panels = [(image, [box]), (old_image, [box]), (new_image, new_boxes.tolist())]
fig, axes = plt.subplots(1, 3, figsize=(6, 4.2))
for ax, (picture, drawn) in zip(axes, panels):
    pixels = v2.functional.to_image(picture)  # uint8 tensor C x H x W
    framed = draw_bounding_boxes(pixels, torch.tensor(drawn),
                                 colors="cyan", width=3)
    ax.imshow(framed.permute(1, 2, 0).numpy())
    ax.axis("off")
plt.show()
# %% transforms_v2
modern = v2.Compose([
    v2.Resize(240),
    v2.RandomHorizontalFlip(),
    v2.ToImage(),  # with ToDtype: replaces ToTensor
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
])
torch.manual_seed(0)
modern_img, modern_boxes = modern(image, boxes)
print(type(modern_img).__name__, modern_img.shape, modern_img.dtype)
modern_boxes
# %% dataloader
dataloader = DataLoader(dataset, batch_size=4, shuffle=True)
torch.manual_seed(0)  # the shuffled order and the flips
images, annotations = next(iter(dataloader))
len(dataloader), images.shape, images.dtype
# %% batch_annotations
annotations
# %% batch_boxes
torch.stack(annotations["box"], dim=1)  # one row [x0, y0, x1, y1] per image
# %% batch_picture
from torchvision.utils import make_grid

# Undo Normalize, then lay the batch out side by side.
grid = make_grid(images * 0.5 + 0.5, nrow=4, padding=4, pad_value=1.0)
plt.figure(figsize=(8, 4.4))
plt.imshow(grid.permute(1, 2, 0).numpy())
plt.axis("off")
plt.show()
# %% sizes_must_match
from torch.utils.data import default_collate

try:
    default_collate([torch.zeros(3, 480, 240), torch.zeros(3, 240, 320)])
except RuntimeError as error:
    print("RuntimeError:", error)
# %% notes_loop
torch.manual_seed(0)
data_iter = iter(dataloader)
try:
    for step in range(1000):
        data = next(data_iter)
        # train the network with data here
except StopIteration:
    stopped_at = step
    print(f"StopIteration at step {stopped_at};",
          f"len(dataloader) = {len(dataloader)}")
# %% epoch_loop
torch.manual_seed(0)
for epoch in range(2):
    for step, (images, annotations) in enumerate(dataloader):
        pass  # train the network with (images, annotations) here
    print(f"epoch {epoch}: {step + 1} batches,",
          f"the last one {tuple(images.shape)}")
# %% cleanup
plt.close("all")
folder.cleanup()  # delete the generated data set
os.path.exists(root)
