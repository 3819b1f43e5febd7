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


def test_inplace_on_leaf_raises_and_rebinding_stalls_training():
    d = sh.in_place()
    assert d.inplace.error_type == "RuntimeError"
    assert "leaf Variable that requires grad" in d.inplace.error
    assert d.rebind_is_leaf is False and d.rebind_grad == "None"
    # w0 = ones, w = w0 + 1 = 2s: loss = 3 * 2^2 = 12 before and after the step,
    # because the step moves w0 (to 1 - 0.1 * 2 * 2 = 0.6), not w.
    assert d.loss_before.item() == d.loss_after.item() == 12
    w0 = d.rebind.names["opt"].param_groups[0]["params"][0]
    assert w0.detach().cpu().tolist() == pytest.approx([0.6] * 3)
    for way in (d.no_grad_way, d.add_way):
        assert way.value.tolist() == [2, 2, 2] and way.value.is_leaf
        assert way.value.requires_grad


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
