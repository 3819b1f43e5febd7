"""tensors/snippet.py: the code shown is the code that ran, and what it gave."""

from __future__ import annotations

import ast
import importlib
import math

import pytest
import torch

from tensors import device, snippet
from tensors.snippet import run
from tests.tensors.test_cuda_matches_cpu import lesson_functions


def test_last_expression_is_the_value():
    r = run("x = torch.tensor([1.0, 2.0])\nx * 3")
    assert r.error is None and r.error_type is None
    assert r.value.tolist() == [3.0, 6.0]
    assert r.names["x"].tolist() == [1.0, 2.0]


def test_statements_only_give_no_value_but_keep_names():
    r = run("a = 2\nb = a ** 10")
    assert r.value is None
    assert r.names == {"a": 2, "b": 1024}  # no torch, no __builtins__


def test_code_is_kept_verbatim():
    code = "y = torch.ones(2)\n\ny.sum()  # trailing comment"
    assert run(code).code == code


def test_given_names_are_in_scope_and_returned():
    t = torch.arange(4)
    r = run("t.reshape(2, 2)", t=t)
    assert r.value.tolist() == [[0, 1], [2, 3]]
    assert r.names["t"] is t


def test_an_error_is_caught_with_torchs_words():
    r = run("torch.ones(2, 3) @ torch.ones(2, 3)")
    assert r.value is None and r.names == {}
    assert r.error_type == "RuntimeError"
    assert r.error == str(_raised(lambda: torch.ones(2, 3) @ torch.ones(2, 3)))


def test_a_python_error_is_caught_too():
    r = run("with torch.no_grad:\n    pass")
    assert r.error_type == "TypeError" and r.error


def test_blocks_run_as_written():
    r = run("w = torch.ones(2, requires_grad=True)\n"
            "with torch.no_grad():\n"
            "    w += 1\n"
            "w.is_leaf, w.tolist()")
    assert r.value == (True, [2.0, 2.0])


def test_factories_land_on_the_lecture_device():
    assert run("torch.zeros(1)").value.device.type == device.current().type


def test_a_recording_keeps_every_run_made_inside_it():
    run("0")  # outside: not in the recording below
    with snippet.recording() as runs:
        run("1 + 1")
        run("torch.ones(2) @ torch.ones(3)")
        run("z = 5", given=1)
    run("2")  # after it: not in it either
    ok, bad, stmt = runs
    assert ok == {"code": "1 + 1", "output": "2", "given": [], "error": "",
                  "device": str(device.current()), "random": "", "rebuild": {},
                  "unrebuilt": {}}
    assert bad["error"].startswith("RuntimeError: ") and bad["output"] == ""
    assert stmt["given"] == ["given"] and stmt["output"] == ""
    assert stmt["rebuild"] == {}  # the code never uses it


# -- rebuilding the values a run was given ---------------------------------


@pytest.fixture
def history():
    """A recording of this test's own (a new scene: earlier runs forgotten)."""
    with snippet.recording() as runs:
        yield runs


def again(entry) -> tuple[str, str]:
    """(output, error) of ``entry``'s code run in a fresh scope after its
    setup: what a notebook cell does."""
    scope = {"torch": torch}
    with torch.device(entry["device"]):
        exec(snippet.setup_source(entry), scope)
        tree = ast.parse(entry["code"])
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) \
            else None
        try:
            exec(compile(tree, "<again>", "exec"), scope)
            if last is None:
                return "", ""
            value = eval(compile(ast.Expression(last.value), "<again>", "eval"), scope)
            return repr(value), ""
        except Exception as exc:  # noqa: BLE001
            return "", f"{type(exc).__name__}: {str(exc).strip()}"


def made_again(entry, name):
    """The value ``entry``'s setup makes for ``name``."""
    scope = {"torch": torch}
    with torch.device(entry["device"]):
        exec(snippet.setup_source(entry), scope)
    return scope[name]


def bits(t: torch.Tensor) -> list:
    """A float32 tensor's exact bits (NaN payloads, signed zeros)."""
    return t.detach().cpu().view(torch.int32).tolist()


def test_a_tensor_is_rebuilt_bit_for_bit(history):
    x = torch.tensor([0.1, 1 / 3, -0.0, math.nan, math.inf, -math.inf, 1e-45,
                      3.4028234e38])
    r = run("x * 1", x=x)
    [entry] = history
    assert entry["unrebuilt"] == {}
    assert entry["rebuild"]["x"].startswith("x = torch.tensor([0.10000000149011612, ")
    assert bits(made_again(entry, "x")) == bits(x)
    assert again(entry) == (repr(r.value), "")


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16, torch.bfloat16,
                                   torch.int32, torch.int64, torch.uint8, torch.bool])
def test_every_dtype_is_kept(history, dtype):
    t = torch.tensor([[0, 1], [1, 0]]).to(dtype)
    run("t.dtype, t", t=t)
    rebuilt = made_again(history[0], "t")
    assert rebuilt.dtype == dtype and torch.equal(rebuilt, t)
    assert again(history[0])[0] == history[0]["output"]


def test_requires_grad_and_grad_are_kept(history):
    w = torch.tensor([1.5, -2.0], requires_grad=True, device=device.current())
    (w * w).sum().backward()
    run("w.grad, w.requires_grad", w=w)
    assert history[0]["rebuild"]["w"] == (
        "w = torch.tensor([1.5, -2.0], requires_grad=True)\n"
        "w.grad = torch.tensor([3.0, -4.0])")
    assert again(history[0]) == (history[0]["output"], "")
    assert w.grad.tolist() == [3.0, -4.0] and w._version == 0  # untouched


def test_a_seeded_draw_is_drawn_again(history):
    x = device.randn(50)
    run("x.mean()", x=x)
    source = history[0]["rebuild"]["x"]
    assert "torch.randn(50, generator=torch.Generator(device='cpu').manual_seed(0)" \
        in source
    assert torch.equal(made_again(history[0], "x"), x)


def test_a_tensor_autograd_made_is_made_again_by_its_run(history):
    made = run("w = torch.ones(3, requires_grad=True)\nw = w + 1\nw.sum()")
    run("(w ** 2).sum()", w=made.names["w"])
    entry = history[1]
    assert entry["unrebuilt"] == {}
    assert entry["rebuild"]["w"] == made.code  # the lecture's own code, again
    assert again(entry) == (entry["output"], "")
    assert "grad_fn=<SumBackward0>" in entry["output"]


def test_a_tensor_autograd_made_elsewhere_cannot_be_rebuilt(history):
    w = torch.ones(2, requires_grad=True) * 2
    run("w.sum()", w=w)
    assert history[0]["rebuild"] == {}
    assert "grad_fn=MulBackward0" in history[0]["unrebuilt"]["w"]


def test_a_big_or_strided_value_is_made_again_by_its_run(history):
    made = run("image = torch.zeros(3, 224, 224)\nout = image.permute(1, 2, 0)")
    run("out.is_contiguous()", out=made.names["out"])
    assert history[1]["rebuild"]["out"] == made.code
    assert again(history[1]) == ("False", "")


def test_a_view_from_elsewhere_cannot_be_rebuilt(history):
    run("v.is_contiguous()", v=torch.zeros(2, 3).T)
    assert "strides" in history[0]["unrebuilt"]["v"]


def test_a_run_value_is_named_when_made_again(history):
    a = run("torch.arange(6).reshape(2, 3) * 1.5").value
    big = run("torch.arange(100.0)").value
    run("a.sum(), b.sum()", a=a, b=big)
    entry = history[2]
    assert entry["rebuild"]["a"].startswith("a = torch.tensor(")  # short: literal
    assert entry["rebuild"]["b"] == "b = torch.arange(100.0)"  # long: its run
    assert again(entry) == (entry["output"], "")


def test_a_value_changed_in_place_is_not_made_again_by_its_run(history):
    x = run("x = torch.zeros(100)\nx").value
    x.add_(1)
    run("x.sum()", x=x)
    assert history[1]["rebuild"]["x"].startswith("x = torch.tensor([1.0, 1.0")
    assert again(history[1]) == ("tensor(100.)", "")


def test_generators(history):
    fresh = device.generator()
    run("torch.rand(2, generator=g, device='cpu')", g=fresh)
    assert history[0]["rebuild"]["g"] == \
        "g = torch.Generator(device='cpu').manual_seed(0)"
    assert again(history[0]) == (history[0]["output"], "")
    drawn = run("g = torch.Generator().manual_seed(3)\nx = torch.rand(4, generator=g, "
                "device='cpu')").names["g"]
    run("torch.rand(2, generator=g, device='cpu')", g=drawn)
    assert "manual_seed(3)" in history[2]["rebuild"]["g"]  # its run, again
    assert again(history[2]) == (history[2]["output"], "")
    elsewhere = device.generator()
    torch.rand(1, generator=elsewhere)
    run("torch.rand(2, generator=g, device='cpu')", g=elsewhere)
    assert "part-way" in history[3]["unrebuilt"]["g"]


def test_an_optimizer_over_given_tensors(history):
    w = torch.tensor(1.0, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.25)
    (w * 3).backward()
    run("opt.step()\nw", opt=opt, w=w)
    assert history[0]["rebuild"]["opt"] == "opt = torch.optim.SGD([w], lr=0.25)"
    assert list(history[0]["rebuild"]) == ["w", "opt"]  # w first
    assert again(history[0]) == (history[0]["output"], "")
    moving = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    (w * 3).backward()
    moving.step()
    run("opt.step()", opt=moving, w=w)
    assert "state" in history[1]["unrebuilt"]["opt"]


def test_plain_values_and_devices(history):
    run("len(seen), lr, cfg, where, kind, size",
        seen=[], lr=0.05, cfg={"a": (1, True)}, where=torch.device("cpu"),
        kind=torch.float16, size=torch.Size([2, 3]))
    assert history[0]["unrebuilt"] == {}
    assert history[0]["rebuild"]["lr"] == "lr = 0.05"
    assert again(history[0]) == (history[0]["output"], "")


def test_only_the_names_the_code_uses_are_rebuilt(history):
    run("x + 1", x=torch.tensor(1.0), unused=torch.ones(2) * torch.ones(2,
                                                                      requires_grad=True))
    assert list(history[0]["rebuild"]) == ["x"] and history[0]["unrebuilt"] == {}


def test_a_draw_from_torchs_generator_is_repeated(history):
    torch.manual_seed(123)
    run("torch.rand(3)")
    run("torch.ones(3)")
    assert history[0]["random"].count("set_rng_state") == 1
    assert history[1]["random"] == ""
    torch.manual_seed(999)  # elsewhere, later
    assert again(history[0]) == (history[0]["output"], "")


def test_code_that_seeds_first_needs_no_saved_state(history):
    torch.manual_seed(123)
    run("torch.manual_seed(0)\ntorch.rand(3)")
    run("x = torch.rand(1)\ntorch.manual_seed(0)")  # draws before it seeds
    assert history[0]["random"] == ""
    assert history[1]["random"].count("set_rng_state") == 1
    torch.manual_seed(999)
    assert again(history[0]) == (history[0]["output"], "")


def test_rebuilding_leaves_torchs_generator_alone(history):
    torch.manual_seed(7)
    expected = torch.rand(3)
    torch.manual_seed(7)
    made = run("g = torch.Generator().manual_seed(1)\nx = torch.randn(200, "
               "generator=g, device='cpu')\nx")
    run("x.sum()", x=made.value)  # rebuilt by running its code again
    assert torch.equal(torch.rand(3), expected)


def test_every_lessons_code_runs_again_from_its_record(history):
    """Each run of every scene's lesson, run in a fresh scope after the setup
    it recorded, gives the output it recorded: the notebooks' promise."""
    unrebuilt, wrong = [], []
    for where, target in sorted(lesson_functions().items()):
        module, _, name = target.partition(":")
        history.clear()
        getattr(importlib.import_module(module), name)()
        for entry in list(history):
            if entry["unrebuilt"]:
                unrebuilt.append((where, entry["code"], entry["unrebuilt"]))
            elif again(entry) != (entry["output"], entry["error"]):
                wrong.append((where, entry["code"], again(entry), entry["output"]))
    assert wrong == []
    assert unrebuilt == [], "values these runs were given cannot be rebuilt"


def _raised(fn) -> Exception:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("no error")
