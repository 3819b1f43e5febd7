"""Speed hacks and final exam: torch's behaviour against the guide's claims."""

import pytest
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


def test_inplace_raises_on_a_leaf_and_where_backward_saved_the_value():
    d = sh.in_place()
    assert d.inplace.error_type == "RuntimeError"
    assert "leaf Variable that requires grad" in d.inplace.error
    # Oracle: plain torch. sigmoid keeps its output for backward (the same
    # storage as y), so changing y in place breaks backward ...
    x = torch.ones(3, requires_grad=True)
    y = x.sigmoid()
    assert y.grad_fn._saved_result.data_ptr() == y.data_ptr()
    y += 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    assert "y = x.sigmoid()\ny += 1" in d.saved.code
    assert d.saved.error_type == "RuntimeError"
    assert "modified by an inplace operation" in d.saved.error
    assert d.saved_raised.startswith("RuntimeError: one of the variables needed")
    # ... while x * 2 saves nothing of y: d(2x + 1)/dx = 2 for every element.
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    y += 1
    y.sum().backward()
    assert x.grad.tolist() == [2, 2, 2]
    assert "y = x * 2\ny += 1" in d.nothing_saved.code
    assert d.nothing_saved.error is None
    assert d.nothing_saved.value.tolist() == [2, 2, 2]
    for way in (d.no_grad_way, d.add_way):
        assert way.value.tolist() == [2, 2, 2] and way.value.is_leaf
        assert way.value.requires_grad


def test_in_place_check_says_right_for_saved_values_wrong_as_a_rule():
    said = sh.in_place_check()
    assert said.startswith("right for a tensor whose value backward needs")
    assert "Wrong as a rule" in said and "[2, 2, 2]" in said
    assert "torch.no_grad()" in said


def test_mental_models():
    m = sh.mental_models()
    assert m.bchw_shape == (8, 3, 32, 32) == m.cl_shape
    # channels_last stores B, H, W, C: C varies fastest.
    assert m.cl_strides == (32 * 32 * 3, 1, 32 * 3, 3)
    assert m.contiguous_strides == (3 * 32 * 32, 32 * 32, 32, 1)
    # loss = (3x)^2 at x = 2: dL/dy = 2 * 6 = 12 reaches y, x.grad = 12 * 3 = 36.
    assert (m.arrived.item(), m.local.item(), m.x_grad.item()) == (12, 3, 36)


def test_final_exam_answers():
    e = sh.final_exam()
    assert (e.space.rows, e.space.cols) == (3, 4)
    assert e.transpose.product_shape == (2, 4) and e.transpose.shape == (4, 2)
    b = e.backward
    assert b.before == "None"
    # loss = (w . [1, 2] + 0)^2, so dL/dw = 2 (w . [1, 2]) [1, 2]
    # and dL/db = 2 (w . [1, 2]).
    w = b.weight.cpu().reshape(-1).tolist()
    out = w[0] * 1 + w[1] * 2
    assert torch.allclose(b.weight_grad.cpu().reshape(-1),
                          torch.tensor([2 * out, 4 * out]), atol=1e-5)
    assert abs(b.bias_grad.item() - 2 * out) < 1e-5
    assert e.device.output_device.startswith(e.device.device)
    assert (e.device.mismatch is None) == (not torch.cuda.is_available())
    assert e.device.to_dtypes == ("torch.float32", "torch.float64")
    assert "randn" not in b.run.code.replace("torch.randn", "")


def test_final_exam_meta_model_fed_a_cpu_tensor_raises_on_any_machine():
    """Oracle: plain torch, no snippet: a module on 'meta' given a CPU input."""
    with pytest.raises(RuntimeError) as raised:
        torch.nn.Linear(2, 1).to("meta")(torch.ones(1, 2, device="cpu"))
    meta = sh.final_exam().device.meta
    assert meta.value is None and meta.error_type == "RuntimeError"
    assert meta.error == str(raised.value).strip()
    assert "meta" in meta.error and "cpu" in meta.error


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_final_exam_cuda_model_fed_a_cpu_tensor_raises():
    with pytest.raises(RuntimeError) as raised:
        torch.nn.Linear(2, 1).to("cuda")(torch.ones(1, 2, device="cpu"))
    mismatch = sh.final_exam().device.mismatch
    assert mismatch.error_type == "RuntimeError"
    assert mismatch.error == str(raised.value).strip()
