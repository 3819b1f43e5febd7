"""Device choice and seeded randomness that is the same on every device."""

import pytest
import torch

from tensors import device


def test_unknown_device_is_refused():
    with pytest.raises(device.DeviceError, match="choose one of"):
        device.resolve("tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda_says_so():
    with pytest.raises(device.DeviceError, match="no CUDA device"):
        device.resolve("cuda")


def test_random_draws_match_a_plain_cpu_generator():
    expected = torch.randn(5, generator=torch.Generator().manual_seed(device.SEED))
    drawn = device.randn(5)
    assert drawn.device.type == device.current().type
    assert torch.equal(drawn.cpu(), expected)
