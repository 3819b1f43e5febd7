"""Part 3 results against the guide's tables, numpy and hand-worked answers."""

import numpy as np
import torch

from tensors import cheatsheets, device, fmt, snippet
from tensors.cheatsheets import creation_table, operators, shape_ops


def test_creation_calls_make_the_guides_tensors():
    rows = {r.code: r for r in creation_table().rows}
    scalar = rows["torch.tensor(5)"]
    assert scalar.shape == () and int(scalar.value) == 5
    assert rows["torch.tensor([1, 2, 3])"].value.tolist() == [1, 2, 3]
    zeros = rows["torch.zeros(2, 3)"].value.cpu().numpy()
    assert zeros.tolist() == np.zeros((2, 3)).tolist()
    assert rows["torch.eye(3)"].value.cpu().numpy().tolist() == np.eye(3).tolist()
    # Guide: "Range {0..9}" and "5 points 0 to 1".
    assert rows["torch.arange(10)"].value.tolist() == list(range(10))
    assert np.allclose(rows["torch.linspace(0, 1, 5)"].value.cpu().numpy(),
                       np.linspace(0, 1, 5))


def test_random_calls_are_the_seeded_draws():
    """Each random card's code seeds right before its call, and a fresh
    torch.manual_seed then that call gives the numbers shown."""
    table = creation_table()
    seed = table.seed
    rows = {r.code: r for r in table.rows}
    uniform_code = f"torch.manual_seed({seed})\ntorch.rand(2, 2)"
    normal_code = f"torch.manual_seed({seed})\ntorch.randn(2, 2)"
    torch.manual_seed(seed)
    uniform = torch.rand(2, 2)
    torch.manual_seed(seed)
    normal = torch.randn(2, 2)
    assert torch.equal(rows[uniform_code].value.cpu(), uniform)
    assert torch.equal(rows[normal_code].value.cpu(), normal)
    assert rows[uniform_code].seeded and seed == device.SEED
    assert ((uniform >= 0) & (uniform < 1)).all()
    # Seeded once, rand then randn: randn's numbers are not the card's.
    torch.manual_seed(seed)
    torch.rand(2, 2)
    assert not torch.equal(torch.randn(2, 2), normal)
    assert table.seed_once_differs
    # The cards draw the seeding line from seed_form and the seed, then the call.
    for row in table.rows:
        seeding = [table.seed_form.format(seed)] if row.seeded else []
        assert row.code == "\n".join([*seeding, row.call])
        assert row.numel == row.value.numel() == int(np.prod(row.shape))


def test_the_seeds_leave_torchs_generator_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    creation_table()
    assert torch.equal(torch.rand(3), expected)


def test_shape_table_matches_numpy():
    ops = {o.name: o for o in shape_ops().ops}
    a = np.zeros((2, 3))
    assert ops["Reshape"].after == a.reshape(3, 2).shape == (3, 2)
    assert ops["Transpose"].after == a.T.shape
    added = np.expand_dims(np.zeros((3, 4)), 0).shape
    assert ops["Add dim"].after == added == (1, 3, 4)
    assert ops["Drop dim"].after == np.squeeze(np.zeros((1, 3, 1))).shape == (3,)
    assert ops["Flatten"].after == a.flatten().shape == (6,)
    h, w, c = ops["Permute"].before
    assert ops["Permute"].after == (c, h, w)


def test_reshape_and_transpose_order_the_elements_differently():
    m = shape_ops().reshape_vs_t
    reshaped, transposed = (r.value.tolist() for r in m.results)
    assert reshaped == [[1, 2], [3, 4], [5, 6]]
    assert transposed == [[1, 4], [2, 5], [3, 6]]
    image = np.arange(12).reshape(2, 2, 3)
    d = shape_ops()
    chw = d.permute.results[0].value.cpu().numpy()
    assert chw.tolist() == np.transpose(image, d.permute_dims).tolist()
    assert d.permute_dims == (2, 0, 1)
    assert d.permute.results[0].code == "x.permute(2, 0, 1)"
    # The pixels, row by row, each its C channel values.
    assert [(p.row, p.col) for p in d.pixels] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for p in d.pixels:
        assert p.channels.tolist() == image[p.row, p.col].tolist()


def test_operators_match_numpy():
    d = operators()
    a, b = np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]])
    expected = {"+": a + b, "*": a * b, "@": a @ b, "**": a ** 2}
    for op in d.ops:
        assert op.value.cpu().numpy().tolist() == expected[op.symbol].tolist()
    # The guide's own numbers: A * B = [[5, 12], [21, 32]], E[0, 0] = 19.
    assert d.ops[1].value.tolist() == [[5, 12], [21, 32]]
    assert int(d.ops[2].value[0, 0]) == 19


def test_autograd_calls():
    steps = {s.action: s for s in operators().steps}
    assert steps["Compute grad"].shown == "None"  # backward() returns nothing
    assert steps["Access grad"].shown == "tensor(6.)"  # d(x^2)/dx at 3 is 6
    assert steps["Reset grad"].shown == "None"  # zero_grad sets grads to None
    assert steps["Stop tracking"].shown == "(False, None)"
    assert operators().tracked_shown == "(True, 'MulBackward0')"


def test_errata_checks_hold():
    said = fmt.plain(cheatsheets.uncalled_methods_check())
    assert "stays 6" in said and "raises TypeError" in said


def test_the_code_that_ran_is_the_same_every_build():
    """No unseeded draw in the record: the page and notebooks list what ran,
    and two builds must list the same outputs."""

    with snippet.recording() as first:
        cheatsheets.creation_table()
    with snippet.recording() as second:
        cheatsheets.creation_table()
    assert [(r["code"], r["output"]) for r in first] == [
        (r["code"], r["output"]) for r in second]
    # The random draws are listed as shown, the seed first, with the output
    # the card shows; they need no saved generator state (they seed it).
    table = creation_table()
    draws = [r for r in first if "rand" in r["code"]]
    assert [r["code"] for r in draws] == [r.code for r in table.rows if r.seeded]
    for r, row in zip(draws, (r for r in table.rows if r.seeded)):
        assert r["code"].startswith(f"torch.manual_seed({table.seed})\n")
        assert r["output"] == repr(row.value) and r["device"] == "cpu"
        assert r["random"] == ""


def test_the_guides_table_one_is_two_tables_side_by_side():
    """The rows shown before the split are the guide's, and each half is real:
    the creation column runs, the shape column is that operation's shape."""
    table = creation_table()
    header, *rows = table.guide_rows
    assert header == ("Math / Concept", "PyTorch Code", "Operation", "Change")
    assert table.guide_creation_columns == 2
    ops = {o.name: o for o in shape_ops().ops}
    calls = {r.call for r in table.rows}
    for concept, call, op, change in rows:
        assert call in calls
        assert change == ops[op].guide.replace("->", "\u2192")


def test_squeeze_drops_every_size_one_dim():
    t = shape_ops().squeeze
    assert t.setup == "x = torch.zeros(1, 1, 1)" and t.before == (1, 1, 1)
    every, one = t.runs
    assert every.code == "x.squeeze().shape" and every.value == torch.Size([])
    assert np.squeeze(np.zeros((1, 1, 1))).shape == ()
    assert one.code == f"x.squeeze({t.dim}).shape" and one.value == (1, 1)
    assert shape_ops().ops[t.row].code == "x.squeeze()"


def test_dropout_still_drops_under_no_grad():
    """Independent run: seeded, a training-mode Dropout under no_grad zeroes
    some ones and scales the rest by 1 / (1 - p); after eval() it is the identity."""
    d = operators().dropout
    torch.manual_seed(device.SEED)
    drop = torch.nn.Dropout(p=0.5)
    with torch.no_grad():
        expected = drop(torch.ones(8, device="cpu"))
    assert torch.equal(d.in_train.cpu(), expected)
    assert d.dropped == int((expected == 0).sum()) > 0
    assert d.kept == 1 / (1 - d.p) == 2.0
    assert set(d.in_train.tolist()) == {0.0, d.kept}
    assert d.in_eval.tolist() == [1.0] * 8 and d.eval_value == 1.0
    assert d.numel == 8 and d.lines == tuple(d.run.code.splitlines())
    assert d.lines[0] == f"torch.manual_seed({device.SEED})"


def test_the_dropout_run_is_logged_as_shown_and_leaves_the_generator():
    with snippet.recording() as runs:
        d = operators().dropout
    logged = [r for r in runs if "Dropout" in r["code"]]
    assert [r["code"] for r in logged] == [d.run.code]
    assert logged[0]["random"] == "" and logged[0]["device"] == "cpu"
    assert logged[0]["unrebuilt"] == {}
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    operators()
    assert torch.equal(torch.rand(3), expected)
