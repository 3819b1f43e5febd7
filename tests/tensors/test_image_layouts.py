"""Image layouts (tensors.speed_hacks.image_layouts): what each loader gives,
checked where this machine can (PIL and NumPy), and torch's permute and conv."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from tensors.speed_hacks import image_layouts


def test_a_pil_image_as_numpy_is_height_width_channels():
    layouts = dict(image_layouts().loaders)
    height, width = 32, 48
    array = np.asarray(Image.new("RGB", (width, height)))  # PIL takes (W, H)
    assert array.shape == (height, width, 3)
    assert layouts["PIL image, as a NumPy array"] == "(H, W, C)"


def test_permute_makes_channels_first_with_a_batch_axis():
    im = image_layouts()
    h, w, c = im.hwc_shape
    assert im.nchw_shape == (1, c, h, w)
    img = torch.arange(h * w * c).reshape(h, w, c)
    x = img.permute(*im.order).unsqueeze(0)
    assert torch.equal(x[0, 1], img[:, :, 1])  # channel 1 is its own plane


def test_conv_takes_channels_at_dim_1():
    im = image_layouts()
    n, c, h, w = im.nchw_shape
    k = 3
    assert im.in_channels == c
    assert im.conv_shape == (n, im.out_channels, h - k + 1, w - k + 1)
    # Fed (N, H, W, C) instead, torch reads H as the channels and refuses.
    conv = torch.nn.Conv2d(c, im.out_channels, kernel_size=k)
    try:
        conv(torch.zeros(n, h, w, c))
    except RuntimeError as exc:
        assert f"to have {c} channels, but got {h} channels" in str(exc)
    else:
        raise AssertionError("Conv2d took an (N, H, W, C) tensor")
