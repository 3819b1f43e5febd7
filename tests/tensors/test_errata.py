"""Every erratum still holds: torch still differs from the guide's text."""

import pytest

from scenes.lecture import LECTURE
from tensors import errata


@pytest.mark.parametrize("finding", errata.FINDINGS, ids=lambda f: f.key)
def test_torch_still_differs(finding):
    assert finding.check() is not None, f"torch now agrees with the guide: {finding.guide}"


@pytest.mark.parametrize("finding", errata.FINDINGS, ids=lambda f: f.key)
def test_finding_has_a_scene(finding):
    assert finding.scene in {c.id for c in LECTURE}


def test_keys_are_unique():
    keys = [f.key for f in errata.FINDINGS]
    assert len(keys) == len(set(keys))


def test_report_has_one_entry_per_finding():
    text = errata.report({c.id: c.title for c in LECTURE})
    assert text.count("\n## ") == len(errata.FINDINGS)
    for f in errata.FINDINGS:
        assert f.torch_says() in text
