"""Speed hacks and final exam: torch's behaviour against the guide's claims."""

import torch

from tensors import speed_hacks as sh


def test_zeros_like_copies_shape_dtype_and_device():
    d = sh.zeros_like()
    assert d.shape == ((2, 3), (2, 3))
    assert d.dtype == ("torch.float64", "torch.float64")
    assert d.device[0] == d.device[1]
    assert d.run.value.abs().sum().item() == 0


def test_no_grad_builds_no_graph():
    d = sh.no_grad()
    assert d.tracked.requires_grad and d.tracked.grad_fn == "MulBackward0"
    assert not d.untracked.requires_grad and d.untracked.grad_fn == "None"


def test_inplace_on_leaf_raises_and_rebinding_works():
    d = sh.in_place()
    assert d.inplace.error_type == "RuntimeError"
    assert "leaf Variable that requires grad" in d.inplace.error
    assert d.rebind.value.tolist() == [2, 2, 2]
    assert d.rebind_tracking.grad_fn == "AddBackward0" and not d.rebind_is_leaf
    assert d.optimizer_way.value.tolist() == [2, 2, 2] and d.optimizer_way_is_leaf


def test_bchw():
    assert sh.mental_models().bchw_shape == (8, 3, 32, 32)


def test_final_exam_answers():
    e = sh.final_exam()
    assert (e.space.rows, e.space.cols) == (3, 4)
    assert e.transpose.product_shape == (2, 4) and e.transpose.shape == (4, 2)
    b = e.backward
    assert b.before == "None"
    # loss = (w . [1, 2] + 0)^2, so dL/dw = 2 (w . [1, 2]) [1, 2] and dL/db = 2 (w . [1, 2]).
    w = b.weight.cpu().reshape(-1).tolist()
    out = w[0] * 1 + w[1] * 2
    assert torch.allclose(b.weight_grad.cpu().reshape(-1),
                          torch.tensor([2 * out, 4 * out]), atol=1e-5)
    assert abs(b.bias_grad.item() - 2 * out) < 1e-5
    assert e.device.output_device.startswith(e.device.device)
    assert (e.device.mismatch is None) == (not torch.cuda.is_available())
