"""The one formatter: what a value looks like on screen."""

import pytest
import torch

from tensors import fmt


@pytest.mark.parametrize(("value", "shown"), [
    (torch.tensor(2.0), "2"),
    (torch.tensor(7), "7"),
    (-0.2, "-0.2"),
    (0.09003057, "0.09"),
    (0.09003056, "0.09"),
    (-0.00001, "0"),
    (True, "True"),
    (1.5, "1.5"),
])
def test_num(value, shown):
    assert fmt.num(value) == shown


def test_grid_vector_shape():
    t = torch.tensor([[1.0, 2.5], [3.0, -4.0]])
    assert fmt.grid(t) == [["1", "2.5"], ["3", "-4"]]
    assert fmt.vector(torch.tensor([4, 10, 18])) == "[4, 10, 18]"
    assert fmt.nested(torch.arange(4).reshape(2, 2)) == "[[0, 1], [2, 3]]"
    assert fmt.shape(torch.Size([6])) == "(6,)"
    assert fmt.shape((2, 3)) == "(2, 3)"
    assert fmt.shape_tex((2, 3)) == r"2 \times 3"


def test_numbers_in_skips_labels():
    assert fmt.numbers_in(r"Q7: x_1 + x^2 = -3.5, (2, 12)") == ["2", "-3.5", "2", "12"]


def test_lines_wrap():
    assert fmt.lines("aa bb cc dd", 5) == ["aa bb", "cc dd"]


@pytest.mark.parametrize("message, gist", [
    ("Trying to backward through the graph a second time (or directly access "
     "saved tensors). Saved values are freed.",
     "RuntimeError: Trying to backward through the graph a second time"),
    ("one of the variables needed has been modified by an inplace operation: "
     "[torch.FloatTensor [3]], which is output 0 of Sigmoid.",
     "RuntimeError: one of the variables needed has been modified by an inplace "
     "operation"),
    ("First sentence. Second sentence.", "RuntimeError: First sentence"),
    ("no detail at all", "RuntimeError: no detail at all"),
])
def test_error_gist_stops_at_the_first_detail(message, gist):
    assert fmt.error_gist("RuntimeError", message) == gist


def test_error_gist_of_no_error_is_empty():
    assert fmt.error_gist(None, None) == ""
