"""tensors/snippet.py: the code shown is the code that ran, and what it gave."""

from __future__ import annotations

import torch

from tensors import device, snippet
from tensors.snippet import run


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


def test_history_records_every_run(monkeypatch):
    monkeypatch.setattr(snippet, "HISTORY", [])
    run("1 + 1")
    run("torch.ones(2) @ torch.ones(3)")
    run("z = 5", given=1)
    ok, bad, stmt = snippet.HISTORY
    assert ok == {"code": "1 + 1", "output": "2", "given": [], "error": ""}
    assert bad["error"].startswith("RuntimeError: ") and bad["output"] == ""
    assert stmt["given"] == ["given"] and stmt["output"] == ""


def _raised(fn) -> Exception:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("no error")
