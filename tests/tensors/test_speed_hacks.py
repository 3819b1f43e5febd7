"""Speed hacks and final exam: torch's behaviour against the guide's claims."""

import mmap
import re
from pathlib import Path

import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode

from tensors import device
from tensors import speed_hacks as sh
from tests.tensors import recorded


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
    assert (e.device.mismatch is None) == (device.current().type != "cuda")
    assert e.device.to_dtypes == ("torch.float32", "torch.float64")
    assert "randn" not in b.run.code.replace("torch.randn", "")
    # One digit a second, down to 1: as many digits as seconds to think.
    assert e.countdown[0] == sh.QUICK_THINK_SECONDS == len(e.countdown)
    assert all(a - b == 1 for a, b in zip(e.countdown, e.countdown[1:]))
    assert e.countdown[-1] == 1


def test_final_exam_meta_model_fed_a_cpu_tensor_raises_on_any_machine():
    """Oracle: plain torch, no snippet: a module on 'meta' given a CPU input."""
    with pytest.raises(RuntimeError) as raised:
        torch.nn.Linear(2, 1).to("meta")(torch.ones(1, 2, device="cpu"))
    meta = sh.final_exam().device.meta
    assert meta.value is None and meta.error_type == "RuntimeError"
    assert meta.error == str(raised.value).strip()
    assert "meta" in meta.error and "cpu" in meta.error


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_final_exam_cuda_model_fed_a_cpu_tensor_raises(monkeypatch):
    monkeypatch.setenv(device.ENV_VAR, "cuda")
    with pytest.raises(RuntimeError) as raised:
        torch.nn.Linear(2, 1).to("cuda")(torch.ones(1, 2, device="cpu"))
    mismatch = sh.final_exam().device.mismatch
    assert mismatch.error_type == "RuntimeError"
    assert mismatch.error == str(raised.value).strip()


def test_final_exam_cuda_block_follows_the_lecture_device(monkeypatch):
    """``--device cpu`` on a GPU machine is the CPU lecture: no CUDA block."""
    monkeypatch.setenv(device.ENV_VAR, "cpu")
    assert sh.cuda_mismatch() is None and sh.final_exam().device.mismatch is None


# -- The recorded CUDA block (tests/tensors/recorded.py), checked on the CPU.

# torch's device-mismatch message (aten/src/ATen/core/adaption.cpp,
# common_device_check_failure), its fixed text around the four names it fills.
MISMATCH_FORMAT = ("Expected all tensors to be on the same device, but got ",
                   " is on ", ", different from other tensors on ",
                   " (when checking argument in method ", ")")


def mismatch_parts(message: str) -> dict[str, str]:
    pattern = r"(\S+?)".join(re.escape(p) for p in MISMATCH_FORMAT)
    found = re.fullmatch(pattern, message)
    assert found, f"not torch's device-mismatch format: {message!r}"
    return dict(zip(("argument", "on", "others_on", "method"), found.groups()))


def test_recording_is_of_the_code_the_lesson_runs():
    data = recorded.final_exam_cuda()
    assert data["runs"]["mismatch"]["code"] == sh.MISMATCH_CODE
    assert data["specimen"] in (True, False) and data["how_recorded"]
    kept = recorded.cuda_mismatch()
    assert kept.code == sh.MISMATCH_CODE and kept.value is None


def test_a_recording_of_other_code_is_refused(monkeypatch):
    monkeypatch.setitem(recorded.CODES, "mismatch", sh.MISMATCH_CODE + "\n1")
    with pytest.raises(recorded.StaleRecording, match="python -m tests.tensors"):
        recorded.cuda_mismatch()


def test_installed_torch_still_has_the_recorded_message_format():
    """The format's fixed text is in this torch's own library (the CPU build
    carries the generic device check too), so a torch that words it otherwise
    fails here, on any machine."""
    lib = next((Path(torch.__file__).parent / "lib").glob("libtorch_cpu.*"))
    with lib.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        for piece in MISMATCH_FORMAT[:4]:
            assert m.find(piece.encode()) >= 0, f"{piece!r} not in {lib.name}"


def test_recorded_mismatch_names_the_cpu_input_against_the_cuda_weights():
    """Oracle: what nn.Linear really calls, logged on the CPU. It calls
    addmm(bias, x, weight.t()); x is addmm's argument named mat1 in its schema,
    bias (the first argument checked) sets the common device. So on CUDA the
    error must say mat1 is on cpu, the others on cuda:0, in addmm's CUDA
    kernel."""
    kept = recorded.cuda_mismatch()
    assert kept.error_type == "RuntimeError"
    parts = mismatch_parts(kept.error)

    class Calls(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.calls = []

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            self.calls.append((func, args))
            return func(*args, **(kwargs or {}))

    model, x = torch.nn.Linear(2, 1), torch.ones(1, 2)
    with Calls() as log:
        model(x)
    func, args = next((f, a) for f, a in log.calls
                      if any(arg is x for arg in a))
    position = next(i for i, arg in enumerate(args) if arg is x)
    assert args[0] is model.bias  # checked first: its device is the common one
    schema = func._schema
    assert parts["argument"] == schema.arguments[position].name
    assert parts["method"] == f"wrapper_CUDA_{schema.name.split('::')[-1]}"
    assert parts["on"] == str(x.device)
    assert parts["others_on"] == str(torch.device("cuda", 0))


def test_final_exam_with_the_recorded_cuda_block_is_the_cpu_lesson_plus_it():
    live, with_cuda = sh.final_exam(), sh.final_exam(recorded.cuda_mismatch)
    assert with_cuda.device.mismatch == recorded.cuda_mismatch()
    assert live.device.mismatch is None or torch.cuda.is_available()
    for part in ("space", "transpose", "backward"):
        assert repr(getattr(with_cuda, part)) == repr(getattr(live, part))
    assert with_cuda.device.meta == live.device.meta
    assert with_cuda.device.to_dtypes == live.device.to_dtypes


def test_tensor_picture_has_zero_to_three_axes():
    m = sh.mental_models()
    assert m.ndims == (0, 1, 2, 3)
    assert all(len(s) == n for s, n in zip(m.ranks, m.ndims))


def test_memory_strips_follow_the_strides():
    """Element (n, c, h, w) sits at n*s0 + c*s1 + h*s2 + w*s3 in memory: the
    first cells of each layout, worked out by hand from torch's strides."""
    m = sh.mental_models()
    shape = m.cl_shape
    for strides, shown in ((m.contiguous_strides, m.memory[0]),
                           (m.cl_strides, m.memory[1])):
        at = {}
        for n in range(shape[0]):
            for c in range(shape[1]):
                for h in range(2):
                    for w in range(shape[3]):
                        offset = n * strides[0] + c * strides[1] + h * strides[2]
                        at[offset + w * strides[3]] = c
        assert shown == tuple(at[k] for k in range(len(shown)))
    assert set(m.memory[0]) == {0}  # contiguous: a whole plane of channel 0 first
    assert m.memory[1][: shape[1]] == tuple(range(shape[1]))  # one pixel's channels


def test_exam_layer_weight_is_out_by_in():
    b = sh.backward_fills()
    assert (b.in_features, b.out_features) == (2, 1)
    assert b.weight_shape == (b.out_features, b.in_features) == tuple(b.weight.shape)


def test_what_comes_next_facts():
    n = sh.what_next()
    assert n.is_module
    assert n.params == (("weight", (1, 2)), ("bias", (1,)))
    # A DataLoader without drop_last: full batches, then the rest.
    full, rest = divmod(n.rows, n.batch_size)
    assert n.batches == (n.batch_size,) * full + ((rest,) if rest else ())
    # Dropout in training mode drops under no_grad; eval() makes it the identity.
    kept = n.eval.names["kept"]
    assert n.dropped == int((kept == 0).sum()) > 0 and n.drop_of == kept.numel()
    assert torch.equal(kept[kept != 0], torch.full_like(kept[kept != 0], 2.0))
    assert n.eval_same and not n.eval.names["drop"].training
    # inference_mode tensors cannot be used by autograd later.
    with torch.inference_mode():
        t = torch.ones(2)
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved"):
        (t * w).sum().backward()
    assert n.inference_error.startswith(
        "RuntimeError: Inference tensors cannot be saved for backward")
