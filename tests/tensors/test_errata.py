"""Every finding holds today, and every check would notice if torch agreed.

For each finding, ``AGREE`` patches torch (with pytest's monkeypatch) so that
it behaves as the guide says; the check must then return ``None``. A check
that compared a literal with itself, or ignored torch, would keep its finding
and fail here.
"""

from __future__ import annotations

import pytest
import torch

from scenes.lecture import LECTURE
from tensors import errata


def guide_backward(mp):
    """``y.backward()`` returns the gradient, as the guide's comment says."""
    real = torch.Tensor.backward

    def backward(self, *args, **kwargs):
        real(self, *args, **kwargs)
        return torch.tensor(2.0)

    mp.setattr(torch.Tensor, "backward", backward)


def at_is_elementwise(mp):
    mp.setattr(torch.Tensor, "__matmul__", torch.Tensor.__mul__)


def identity_fits_anywhere(mp):
    """``I @ A`` gives A whatever the sizes, as the guide assumes."""
    real = torch.Tensor.__matmul__
    mp.setattr(torch.Tensor, "__matmul__",
               lambda a, b: b if a.shape[-1] != b.shape[0] else real(a, b))


def graph_is_kept(mp):
    """A second ``backward()`` accumulates, as the guide's A14 says."""
    real = torch.Tensor.backward
    mp.setattr(torch.Tensor, "backward",
               lambda self, *a, **k: real(self, *a, **{**k, "retain_graph": True}))


def division_sums(mp):
    """The guide's A15 expression, ``... / len(x)``, sums over the points."""
    real = torch.Tensor.__truediv__

    def div(a, b):
        out = real(a, b)
        return out.sum() if isinstance(b, int) and a.dim() == 1 else out

    mp.setattr(torch.Tensor, "__truediv__", div)


def exp_never_overflows(mp):
    real = torch.exp
    mp.setattr(torch, "exp", lambda t: real(t - t.max()))


def in_place_always_breaks(mp):
    """Every in-place add on a tensor that tracks gradients fails, as "never" says."""
    real = torch.Tensor.__iadd__

    def iadd(self, other):
        if self.requires_grad and torch.is_grad_enabled():
            raise RuntimeError("in-place add on a tensor that tracks gradients")
        return real(self, other)

    mp.setattr(torch.Tensor, "__iadd__", iadd)


def bare_methods_work(mp):
    """``optimizer.zero_grad`` runs when named; ``torch.no_grad`` is a context."""
    real = torch.optim.Optimizer.zero_grad
    mp.setattr(torch.optim.Optimizer, "zero_grad", property(lambda opt: real(opt)))
    mp.setattr(torch, "no_grad", torch.no_grad())


AGREE = {
    "backward-output": guide_backward,
    "hadamard-operator": at_is_elementwise,
    "identity-needs-square-fit": identity_fits_anywhere,
    "backward-twice": graph_is_kept,
    "mse-sum": division_sums,
    "softmax-overflow": exp_never_overflows,
    "in-place-saved-values": in_place_always_breaks,
    "uncalled-methods": bare_methods_work,
}


@pytest.mark.parametrize("finding", errata.FINDINGS, ids=lambda f: f.key)
def test_torch_still_differs(finding):
    assert finding.check() is not None, (
        f"torch now agrees with the guide: {finding.guide}"
    )


@pytest.mark.parametrize("finding", errata.FINDINGS, ids=lambda f: f.key)
def test_finding_drops_when_torch_agrees(finding, monkeypatch):
    AGREE[finding.key](monkeypatch)
    assert finding.check() is None, f"{finding.key}: the check ignores torch"
    with pytest.raises(AssertionError, match="torch now agrees"):
        finding.torch_says()


def test_every_finding_has_an_agreeing_torch():
    assert set(AGREE) == {f.key for f in errata.FINDINGS}


@pytest.mark.parametrize("finding", errata.FINDINGS, ids=lambda f: f.key)
def test_finding_has_a_scene(finding):
    assert finding.scene in {c.id for c in LECTURE}
    assert finding.kind in (errata.CARD, errata.FURTHER, errata.NOTE)


def test_keys_are_unique():
    keys = [f.key for f in errata.FINDINGS]
    assert len(keys) == len(set(keys))


def test_at_most_six_cards():
    assert 0 < len(errata.cards()) <= errata.MAX_CARDS == 6


def test_notes_are_read_at_the_end():
    assert LECTURE[-1].id == errata.NOTES_SCENE
    assert all(f.scene == errata.NOTES_SCENE for f in errata.notes())


def test_report_lists_errata_then_notes():
    text = errata.report({c.id: c.title for c in LECTURE})
    head, _, tail = text.partition("\n# Notes on the guide\n")
    assert tail, "no notes heading"
    assert head.count("\n## ") == len(errata.cards())
    for f in errata.cards():
        assert f.torch_says() in head and f.torch_says() not in tail
    for f in errata.notes():
        assert f.torch_says() in tail and f"`{f.guide}`" in tail
