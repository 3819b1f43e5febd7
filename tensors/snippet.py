"""Run a line of the guide's PyTorch code for real and keep what it gave.

The code string is both what the scene shows and what torch executes, so the
two cannot drift apart. Factory calls (``torch.tensor``, ``torch.ones``...)
land on the lecture's device through torch's device context.

Each run is also recorded (``recording``) with what a fresh Python needs to run it
again (the lecture's notebooks, ``pipeline/notebooks.py``): for every name
passed in that the code uses, source that rebuilds that value exactly. The
source is worked out before the code runs (the code may change its inputs),
then run once in a scope of its own and kept only if what it builds equals
the value given (see ``rebuild``). A run that draws from torch's global
random generator also keeps that generator's state from before it ran.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import math
import warnings
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import torch

from tensors import device


@dataclass(frozen=True)
class Run:
    """One executed snippet: its source, its value, or the error torch raised."""

    code: str
    value: Any = None
    error: str | None = None
    error_type: str | None = None
    names: dict[str, Any] = field(default_factory=dict, compare=False)


# Each run is recorded, in order, as {"code", "output", "error", "given",
# "device", "random", "rebuild", "unrebuilt"}: a scene's record holds the code
# its lesson ran (``LectureScene`` records from setup to tear down, and the
# page, handout and notebooks list it).
# - ``output``: repr() of the last line's value when it ran ("" when the last
#   line is a statement);
# - ``given``: the names passed in, which the code uses without defining them;
# - ``device``: where factories put tensors;
# - ``random``: source that puts torch's global random generator back as it
#   was before the run ("" unless the code drew from it: its output depends
#   on it);
# - ``rebuild``: each given name the code uses, mapped to Python source
#   (needing only ``torch``) that rebuilds its value exactly; ``setup_source``
#   joins them in the order to run them;
# - ``unrebuilt``: a used given name that cannot be rebuilt faithfully, mapped
#   to the reason; such a run cannot be repeated.
_LOOSE: list[dict[str, Any]] = []  # runs made outside any recording (a shell)
_ACTIVE: ContextVar[list[dict[str, Any]]] = ContextVar("tensor_hero_runs")


def history() -> list[dict[str, Any]]:
    """The runs of the recording under way (``recording``), in order."""
    return _ACTIVE.get(_LOOSE)


@contextlib.contextmanager
def recording() -> Iterator[list[dict[str, Any]]]:
    """Record the runs made inside the block in a list of their own (yielded).

    Runs made before it can no longer be named as the source of a value.
    """
    runs: list[dict[str, Any]] = []
    token = _ACTIVE.set(runs)
    _MADE.clear()
    try:
        yield runs
    finally:
        _ACTIVE.reset(token)


def run(code: str, **names: Any) -> Run:
    """Execute ``code`` with ``torch`` and ``names`` in scope.

    Statements run in order; when the last line is an expression its value is
    returned (as in a notebook). An exception is caught and its message kept,
    so a scene can show exactly what torch says.
    """
    if not history():  # a new record: earlier runs can no longer be named
        _MADE.clear()
    where = device.current()
    try:
        rebuilt, unrebuilt = rebuild(code, names, where)
    except Exception as exc:  # noqa: BLE001 - keeping the record never stops the run
        rebuilt, unrebuilt = {}, {n: f"not examined ({_said(exc)})"
                                  for n in sorted(names)}
    scope: dict[str, Any] = {"torch": torch, **names}
    tree = ast.parse(code)
    # Code that seeds torch first draws the same whatever the state before.
    before = {} if _seeds_first(tree) else _random_states()
    ends_in_expr = bool(tree.body) and isinstance(tree.body[-1], ast.Expr)
    last = tree.body.pop() if ends_in_expr else None
    try:
        with torch.device(where):
            exec(compile(tree, "<snippet>", "exec"), scope)
            value = None
            if last is not None:
                expr = ast.Expression(last.value)
                value = eval(compile(expr, "<snippet>", "eval"), scope)
    except Exception as exc:  # noqa: BLE001 - the message is the lesson
        error = str(exc).strip()
        _record(code, "", f"{type(exc).__name__}: {error}", names, where, before,
                rebuilt, unrebuilt)
        return Run(code, error=error, error_type=type(exc).__name__)
    entry = _record(code, "" if last is None else repr(value), "", names, where,
                    before, rebuilt, unrebuilt)
    scope.pop("torch")
    scope.pop("__builtins__", None)
    if not unrebuilt:
        _remember(entry, scope, names, value)
    return Run(code, value=value, names=scope)


def _record(code: str, output: str, error: str, names: dict, where: torch.device,
            before: dict, rebuilt: dict, unrebuilt: dict) -> dict[str, Any]:
    """Append the run to the recording (``history``) and return its entry."""
    entry = {"code": code, "output": output, "error": error, "given": sorted(names),
             "device": str(where), "random": _random_source(before),
             "rebuild": rebuilt, "unrebuilt": unrebuilt}
    history().append(entry)
    return entry


def setup_source(entry: dict[str, Any]) -> str:
    """What runs before ``entry``'s code in a fresh Python: its ``random``,
    then the sources of its ``rebuild``, each once, in order."""
    parts = [entry.get("random", ""), *entry.get("rebuild", {}).values()]
    return "\n".join(p for p in dict.fromkeys(parts) if p)


# -- torch's global random generators ----------------------------------------


def _random_states() -> dict[str, torch.Tensor]:
    """The state of each global generator a snippet may draw from now (the
    CPU's, and each CUDA device's once CUDA is in use)."""
    states = {"cpu": torch.random.get_rng_state()}
    if torch.cuda.is_initialized():
        for i in range(torch.cuda.device_count()):
            states[f"cuda:{i}"] = torch.cuda.get_rng_state(i)
    return states


def _seeds_first(tree: ast.Module) -> bool:
    """Whether the code's first statement is ``torch.manual_seed(...)``."""
    first = tree.body[0] if tree.body else None
    return (isinstance(first, ast.Expr) and isinstance(first.value, ast.Call)
            and ast.unparse(first.value.func) == "torch.manual_seed")


def _random_source(before: dict[str, torch.Tensor]) -> str:
    """Source that puts back each global generator the run drew from as it
    was before the run ("" when it drew from none)."""
    now = _random_states()
    lines = []
    for where, state in before.items():
        if where in now and not torch.equal(now[where], state):
            hexed = state.numpy().tobytes().hex()
            args = (f"torch.tensor(list(bytes.fromhex({hexed!r})), dtype=torch.uint8, "
                    "device='cpu')")
            lines.append(f"torch.random.set_rng_state({args})" if where == "cpu" else
                         f"torch.cuda.set_rng_state({args}, {where!r})")
    if not lines:
        return ""
    return "\n".join(["# torch's own random generator as it was when the lecture ran "
                      "this code (the code draws from it)", *lines])


def rebuild(code: str, names: dict[str, Any],
            where: torch.device) -> tuple[dict[str, str], dict[str, str]]:
    """Source rebuilding each name of ``names`` that ``code`` uses, checked.

    Returns ``(rebuilt, unrebuilt)``: name to source, and name to the reason
    it cannot be rebuilt. A value is rebuilt, in this order of preference:

    - by running again the recorded run that made it (same scene, the object
      untouched since: its ``_version`` and gradient, or a generator's state,
      unchanged), after that run's own rebuild: the lecture's own code;
    - as a literal: a leaf tensor as ``torch.tensor(<tolist()>, dtype=...,
      requires_grad=...)`` plus its ``.grad`` (float32 values round-trip
      exactly through Python floats), a fresh seeded generator, a device,
      a dtype, plain Python values (``repr`` that ``ast.literal_eval`` reads
      back), an optimizer without state over tensors also given.

    The sources are then run together (``setup_source`` order) under
    ``where`` and each result compared with its value: dtype, shape, strides,
    device, values (signs of zero and NaNs included), ``requires_grad``,
    ``is_leaf``, ``grad_fn`` kind and ``.grad``. A name whose source does
    not build its value is retried with its next kind of source, else given
    up (``unrebuilt``). Nothing here touches ``names`` or torch's global
    random state.
    """
    try:
        needed = _needed(code, names)
    except SyntaxError:
        return {}, {}  # the run itself reports it
    by_id = {id(v): n for n, v in sorted(names.items()) if n in needed}
    options = {n: _options(n, names[n], by_id, where) for n in needed}
    chosen: dict[str, tuple[int, str]] = {}
    unrebuilt: dict[str, str] = {}

    def next_option(name: str, why: str) -> None:
        while options[name]:
            try:
                chosen[name] = options[name].pop(0)()
                return
            except _CannotRebuild as exc:
                why = str(exc)
            except Exception as exc:  # noqa: BLE001 - a value torch cannot list
                why = f"a {type(names[name]).__name__} ({_said(exc)})"
        chosen.pop(name, None)
        unrebuilt[name] = why

    for name in needed:
        next_option(name, "")
    while failed := _check(chosen, names, where):
        for name, why in failed.items():
            next_option(name, why)
    order = sorted(chosen, key=lambda n: (chosen[n][0], needed.index(n)))
    return ({n: chosen[n][1] for n in order},
            {n: unrebuilt[n] for n in needed if n in unrebuilt})


# -- rebuilding given values -------------------------------------------------

# Kinds of source, in the order they run: a run again, then literals, then
# values that refer to other given names (an optimizer over given tensors).
RUN_AGAIN, LITERAL, COMPOSITE = 0, 1, 2
# The most values a tensor literal writes out (a notebook cell stays readable).
LITERAL_LIMIT = 10_000
# Up to this many values a tensor literal is preferred to running code again.
SHORT = 64


@dataclass(frozen=True)
class _Made:
    """An object a recorded run made: ``how`` is a name it bound or ``None``
    for the run's value; ``print`` what it looked like then."""

    obj: Any
    entry: dict[str, Any]
    how: str | None
    print: Any


_MISSING = object()
# id(object) -> who made it, for the objects this scene's runs made (kept
# alive here so an id is never reused while it is remembered).
_MADE: dict[int, _Made] = {}


def _remember(entry: dict, scope: dict, names: dict, value: Any) -> None:
    given = {id(v) for v in names.values()}
    made = [(n, v) for n, v in scope.items() if names.get(n, _MISSING) is not v]
    made.append((None, value))
    for how, obj in made:
        if isinstance(obj, (torch.Tensor, torch.Generator)) and id(obj) not in given \
                and id(obj) not in _MADE:
            try:
                _MADE[id(obj)] = _Made(obj, entry, how, _print(obj))
            except Exception:  # noqa: BLE001 - no strides (sparse): not remembered
                pass


def _print(obj: Any) -> Any:
    """What changes when an object is changed in place (see ``_Made``)."""
    if isinstance(obj, torch.Generator):
        return obj.get_state().numpy().tobytes()
    grad = obj.grad if obj.is_leaf else None
    return (obj._version, obj.requires_grad, obj.shape, obj.stride(),
            obj.storage_offset(), None if grad is None else (id(grad), grad._version))


def _needed(code: str, names: dict[str, Any]) -> list[str]:
    """The given names ``code`` mentions, and the given names those refer to."""
    used = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
    needed = [n for n in sorted(names) if n in used]
    ids = {id(v): n for n, v in sorted(names.items())}
    for name in list(needed):
        value = names[name]
        if isinstance(value, torch.optim.Optimizer):
            for group in value.param_groups:
                for p in group["params"]:
                    other = ids.get(id(p))
                    if other is not None and other not in needed:
                        needed.append(other)
    return needed


def _options(name: str, value: Any, by_id: dict[int, str],
             where: torch.device) -> list[Callable[[], tuple[int, str]]]:
    """Ways to make source rebuilding ``value`` as ``name``, best first; each
    gives ``(kind, source)`` or raises ``_CannotRebuild`` saying why not.

    A short literal reads best; a big tensor, or one only its code can make
    (autograd's, a view), is better made again by the run that made it.
    """
    literal = functools.partial(_literal, name, value, by_id, where)
    again = _again(name, value)
    if again is None:
        return [literal]
    if isinstance(value, torch.Tensor) and value.numel() > SHORT:
        return [lambda: (RUN_AGAIN, again), literal]
    return [literal, lambda: (RUN_AGAIN, again)]


class _CannotRebuild(Exception):
    """No literal source gives this value."""


def _again(name: str, value: Any) -> str | None:
    """Source that runs again the recorded run that made ``value``."""
    made = _MADE.get(id(value))
    if made is None or made.obj is not value or made.print != _print(value) \
            or not any(e is made.entry for e in history()):
        return None
    code = made.entry["code"]
    setup = setup_source(made.entry)
    if made.how is None:
        tree = ast.parse(code)
        last = tree.body[-1]
        before = code[:_offset(code, last.lineno, last.col_offset)]
        body = f"{before}{name} = {ast.get_source_segment(code, last)}"
        try:
            ast.parse(body)
        except SyntaxError:
            body = f"{before}{name} = ({ast.get_source_segment(code, last)})"
    else:
        body = code if made.how == name else f"{code}\n{name} = {made.how}"
    return f"{setup}\n{body}" if setup else body


def _offset(text: str, line: int, col: int) -> int:
    """The index in ``text`` of ``line`` (1-based), column ``col`` (bytes)."""
    lines = text.splitlines(keepends=True)
    head = "".join(lines[: line - 1])
    return len(head) + len(lines[line - 1].encode()[:col].decode())


def _literal(name: str, value: Any, by_id: dict[int, str],
             where: torch.device) -> tuple[int, str]:
    if isinstance(value, torch.Tensor):
        return LITERAL, _tensor_source(name, value, where)
    if isinstance(value, torch.Generator):
        fresh = torch.Generator(device=value.device).manual_seed(value.initial_seed())
        if not torch.equal(fresh.get_state(), value.get_state()):
            raise _CannotRebuild("a random generator part-way through its draws")
        return LITERAL, (f"{name} = torch.Generator(device={str(value.device)!r})"
                         f".manual_seed({value.initial_seed()})")
    if isinstance(value, torch.device):
        return LITERAL, f"{name} = torch.device({str(value)!r})"
    if isinstance(value, (torch.dtype, torch.Size)):
        return LITERAL, f"{name} = {value!r}"
    if isinstance(value, torch.optim.Optimizer):
        return COMPOSITE, _optimizer_source(name, value, by_id)
    text = repr(value)
    try:
        if _same_plain(ast.literal_eval(text), value):
            return LITERAL, f"{name} = {text}"
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    raise _CannotRebuild(f"a {type(value).__name__} with no literal form")


def _tensor_source(name: str, t: torch.Tensor, where: torch.device) -> str:
    if type(t) is not torch.Tensor or t.layout != torch.strided:
        raise _CannotRebuild(f"a {type(t).__name__} ({t.layout}) with no literal form")
    if not t.is_leaf:
        raise _CannotRebuild(
            f"a tensor autograd made (grad_fn={type(t.grad_fn).__name__}) that no "
            "recorded run of this scene made")
    if t.stride() != _contiguous(t.shape):
        raise _CannotRebuild(f"a view with strides {t.stride()} that no recorded run "
                             "of this scene made")
    drawn = _seeded_draw(t)
    if drawn:
        return f"{name} = {drawn}"
    if t.numel() > LITERAL_LIMIT:
        raise _CannotRebuild(f"{t.numel()} values, too many to write out, that no "
                             "recorded run of this scene made")
    args = [_values(t.detach().cpu().tolist())]
    if t.numel() == 0 or t.dtype not in (torch.get_default_dtype(), torch.int64,
                                         torch.bool):
        args.append(f"dtype={t.dtype}")
    if t.device != where:
        args.append(f"device={str(t.device)!r}")
    if t.requires_grad:
        args.append("requires_grad=True")
    source = f"{name} = torch.tensor({', '.join(args)})"
    if t.grad is not None:
        source += "\n" + _tensor_source(f"{name}.grad", t.grad, where)
    return source


def _seeded_draw(t: torch.Tensor) -> str | None:
    """``torch.randn``/``rand`` call that draws ``t`` again, when ``t`` is one
    of the lecture's seeded draws (``tensors.device.randn``, ``rand``)."""
    if t.dtype != torch.float32 or t.numel() < 2 or t.requires_grad:
        return None
    for fn in ("randn", "rand"):
        draw = getattr(torch, fn)(*t.shape, generator=device.generator(),
                                  device="cpu")
        if torch.equal(draw, t.detach().cpu()):
            sizes = ", ".join(map(str, t.shape))
            moved = "" if t.device.type == "cpu" else f".to({str(t.device)!r})"
            return (f"torch.{fn}({sizes}, generator=torch.Generator(device='cpu')"
                    f".manual_seed({device.SEED}), device='cpu'){moved}")
    return None


def _contiguous(shape: torch.Size) -> tuple[int, ...]:
    """The strides torch gives a new tensor of ``shape``."""
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _values(v: Any) -> str:
    """A nested list of numbers as Python source (NaN and infinities too)."""
    if isinstance(v, list):
        return "[" + ", ".join(_values(x) for x in v) + "]"
    if isinstance(v, float) and not math.isfinite(v):
        if math.isnan(v):
            return "float('nan')"
        return "float('inf')" if v > 0 else "-float('inf')"
    if isinstance(v, complex) and not (math.isfinite(v.real) and math.isfinite(v.imag)):
        return f"complex({_values(v.real)}, {_values(v.imag)})"
    return repr(v)


def _optimizer_source(name: str, opt: torch.optim.Optimizer,
                      by_id: dict[int, str]) -> str:
    cls = type(opt)
    if getattr(torch.optim, cls.__name__, None) is not cls:
        raise _CannotRebuild(f"a {cls.__name__}, not one of torch.optim's")
    if len(opt.param_groups) != 1 or any(opt.state.values()):
        raise _CannotRebuild(f"a {cls.__name__} with state or several groups")
    group = opt.param_groups[0]
    params = [by_id.get(id(p)) for p in group["params"]]
    if None in params:
        raise _CannotRebuild(f"a {cls.__name__} over tensors not given by name")
    fresh = cls([torch.zeros(1, requires_grad=True)]).param_groups[0]
    args = [f"[{', '.join(params)}]"]
    for key, val in group.items():
        if key != "params" and fresh.get(key, _MISSING) != val:
            if not _same_plain(ast.literal_eval(repr(val)), val):
                raise _CannotRebuild(f"a {cls.__name__} with {key}={val!r}")
            args.append(f"{key}={val!r}")
    return f"{name} = torch.optim.{cls.__name__}({', '.join(args)})"


def _check(chosen: dict[str, tuple[int, str]], names: dict[str, Any],
           where: torch.device) -> dict[str, str]:
    """Run the chosen sources in order in one scope; name -> why, for each
    whose source raised or built something else."""
    order = sorted(chosen, key=lambda n: chosen[n][0])
    scope: dict[str, Any] = {"torch": torch}
    raised: dict[str, str] = {}
    with _aside(), torch.device(where):
        for source in dict.fromkeys(chosen[n][1] for n in order):
            try:
                exec(compile(source, "<rebuild>", "exec"), scope)
            except Exception as exc:  # noqa: BLE001 - any failure: not rebuilt
                for n in order:
                    if chosen[n][1] == source:
                        raised[n] = f"rebuilding it raised {_said(exc)}"
    missed = {n: "rebuilding it did not give the same value" for n in order
              if n not in raised and n not in scope}
    for n in order:
        if n not in raised and n not in missed:
            try:
                same = _same(scope[n], names[n], scope, names)
            except Exception:  # noqa: BLE001 - cannot be compared: not the same
                same = False
            if not same:
                missed[n] = "rebuilding it did not give the same value"
    return raised | missed


def _said(exc: Exception) -> str:
    """An exception's type and the first line of its message."""
    words = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {words[0]}" if words else type(exc).__name__


@contextlib.contextmanager
def _aside():
    """Run rebuild code without printing, warning or moving torch's RNGs."""
    cuda = list(range(torch.cuda.device_count())) if torch.cuda.is_initialized() else []
    with torch.random.fork_rng(devices=cuda), warnings.catch_warnings(), \
            contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _same(a: Any, b: Any, scope: dict, names: dict) -> bool:
    """``a`` (rebuilt) is ``b`` (given) as far as any code can tell by value."""
    if type(a) is not type(b):
        return False
    if isinstance(b, torch.Tensor):
        return _same_tensor(a, b)
    if isinstance(b, torch.Generator):
        return a.device == b.device and torch.equal(a.get_state(), b.get_state())
    if isinstance(b, torch.optim.Optimizer):
        return (_groups(a, scope) == _groups(b, names)
                and not any(a.state.values()) and not any(b.state.values()))
    if isinstance(b, (torch.device, torch.dtype, torch.Size)):
        return a == b
    return _same_plain(a, b)


def _groups(opt: torch.optim.Optimizer, scope: dict) -> list[dict]:
    """An optimizer's groups, each parameter as the name it has in ``scope``."""
    names = {id(v): n for n, v in scope.items()}
    return [{k: [names.get(id(p)) for p in v] if k == "params" else v
             for k, v in g.items()} for g in opt.param_groups]


def _same_tensor(a: torch.Tensor, b: torch.Tensor) -> bool:
    if (a.dtype, a.device, a.shape, a.stride(), a.requires_grad, a.is_leaf) != \
            (b.dtype, b.device, b.shape, b.stride(), b.requires_grad, b.is_leaf):
        return False
    if type(a.grad_fn) is not type(b.grad_fn):
        return False
    x, y = a.detach(), b.detach()
    if x.is_floating_point() or x.is_complex():
        if not torch.equal(x.isnan(), y.isnan()):
            return False
        x, y = x.nan_to_num(0.0), y.nan_to_num(0.0)
        if x.is_floating_point() and not torch.equal(x.signbit(), y.signbit()):
            return False
    if not torch.equal(x, y):
        return False
    if b.is_leaf:
        if (a.grad is None) != (b.grad is None):
            return False
        return b.grad is None or _same_tensor(a.grad, b.grad)
    return True


def _same_plain(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (``True`` is not ``1``)."""
    if type(a) is not type(b):
        return False
    if isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_plain(x, y) for x, y in zip(a, b))
    if isinstance(b, dict):
        return list(a) == list(b) and all(_same_plain(a[k], b[k]) for k in b)
    if isinstance(b, float) and math.isnan(b):
        return math.isnan(a)
    if isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b
