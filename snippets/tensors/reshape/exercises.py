"""Exercises of the page on changing shape: the code shown with them, and their solutions."""
# %% view_setup
import torch


def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


t = torch.arange(24).reshape(2, 3, 4).transpose(1, 2)  # not contiguous
print(t.shape, t.stride(), t.is_contiguous())
shapes = [(8, 3), (2, 12), (2, 2, 2, 3), (2, 4, 3, 1)]  # which can t.view(shape) give?
# %% view_solution
works = {}
for shape in shapes:
    try:
        v = t.view(shape)
    except RuntimeError:
        works[shape] = False
        print(f"{shape!s:14} fails")
    else:
        works[shape] = True
        print(f"{shape!s:14} works: strides {v.stride()}, shares t's memory: {same_storage(v, t)}")
# %% channels_setup
def to_channels_first(image):
    """An H×W×C image as C×H×W, the order nn.Conv2d expects (this version has a bug)."""
    height, width, channels = image.shape
    return image.reshape(channels, height, width)


# A 2×2 image with 3 channels; the pixel at row h, column w of channel c holds 100c + 10h + w.
image = torch.tensor([[[0, 100, 200], [1, 101, 201]],
                      [[10, 110, 210], [11, 111, 211]]])
chw = to_channels_first(image)
print(chw.shape)
chw[0]  # channel 0 should be [[0, 1], [10, 11]]
# %% channels_solution
def to_channels_first(image):
    """An H×W×C image as C×H×W, the order nn.Conv2d expects."""
    return image.permute(2, 0, 1)  # dimension 2 (channels) first, then height, then width


chw = to_channels_first(image)
print(chw.shape)
print(chw[0])
print(chw.is_contiguous(), same_storage(chw, image))  # a view: call contiguous() if you need one
# %% board_setup
template = torch.zeros(1, 4)  # one empty row
board = template.expand(3, 4)  # three rows "copied" from the template, as the notes say
board[1, 2] = 1.0  # mark one cell
print(board)
template
# %% board_solution
template = torch.zeros(1, 4)
board = template.repeat(3, 1)  # three real copies of the row (or template.expand(3, 4).clone())
board[1, 2] = 1.0
print(board)
print(template)
print(board.stride(), same_storage(board, template))
