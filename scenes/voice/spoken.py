"""The spoken form of a narration line: what the synthesizer is given.

A line is written once, for the caption (``"y = u^2 at [-0.2, 0.3]"``); this
module turns it into words a text-to-speech voice reads correctly
(``"y equals u squared at minus 0.2, 0.3"``). Both forms come from the same
string, so the numbers in them always agree.

What it rewrites: signs (``-0.2`` is "minus 0.2"), tensors and lists
(``[1, 2]`` is "1, 2"; a nested list is read row by row), shapes (``(2, 3)``
is "2 by 3", ``(3,)`` "a flat tensor of 3", ``torch.Size([3])``), powers and
Greek letters (``u^2`` and ``x**2`` are "u squared", ``θ`` "theta", ``∇L``
"nabla L"), code (``x.grad`` is "x dot grad", ``torch.float32`` "torch float
32", ``@`` "matrix-multiplied by", ``arange`` "a-range", ``requires_grad``
"requires grad", ``zero_grad()`` "zero grad") and long decimals (rounded to
``DIGITS`` significant digits). No bracket, parenthesis, operator,
underscore or backslash is left for the voice to stumble over (``LEFTOVER``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from scenes.kit import style

# Significant digits a long decimal is rounded to when spoken.
DIGITS = style.SPOKEN_DIGITS
# Characters that must never reach the synthesizer.
LEFTOVER = re.compile(r"[\[\](){}=+*/@^<>_\\`|~#$&%]")

# Letters and signs read as words.
SYMBOLS = {
    "θ": " theta ", "α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ",
    "Δ": " delta ", "ε": " epsilon ", "η": " eta ", "λ": " lambda ", "μ": " mu ",
    "π": " pi ", "σ": " sigma ", "Σ": " sigma ", "∑": " sigma ", "∏": " product ",
    "∇": " nabla ", "∂": " partial ", "∞": " infinity ", "×": " times ",
    "·": " dot ", "⋅": " dot ", "⊙": " element-wise times ", "→": " gives ",
    "≈": " about ", "≠": " is not ", "≤": " at most ", "≥": " at least ",
    "²": " squared ", "³": " cubed ", "ᵀ": " transpose ", "√": " square root of ",
    "∈": " in ", "…": " and so on ", "—": ", ", "–": ", ", "\u2212": "-",
}

# Code words a voice would misread, as they should sound.
WORDS = {
    "arange": "a-range", "linalg": "lin-alg", "randn": "rand-n", "cumsum": "cum-sum",
    "cumprod": "cum-prod", "matmul": "mat-mul", "bmm": "B M M", "mm": "M M",
    "numel": "num-el", "dtype": "d-type", "ndim": "n-dim", "argmax": "arg-max",
    "argmin": "arg-min", "softmax": "soft-max", "unsqueeze": "un-squeeze",
    "einsum": "ein-sum", "keepdim": "keep-dim", "randint": "rand-int",
    "nn": "N N", "np": "num-py", "numpy": "num-py", "sqrt": "square root",
    "autograd": "auto-grad", "mse": "M S E", "MSE": "M S E", "SGD": "S G D",
    "dim": "dim", "str": "string", "len": "length", "bool": "bool",
    "cuda": "CUDA", "cpu": "CPU", "gpu": "GPU", "fn": "function", "optim": "optim",
    "lr": "learning rate", "req": "req", "grad_fn": "grad function",
    "ReLU": "rel-u", "relu": "rel-u", "tanh": "tanch", "exp": "exp",
    "HWC": "H W C", "CHW": "C H W", "NCHW": "N C H W", "BCHW": "B C H W",
    "T": "transpose", "allclose": "all-close", "isclose": "is-close",
    "manual_seed": "manual seed", "inf": "infinity", "nan": "not a number",
}
# Module prefixes read without their dot: torch.zeros is "torch zeros".
MODULES = ("torch", "nn", "F", "np", "linalg", "optim", "functional")
# Words after which a tuple of integers is not a shape: strides (4, 1).
NOT_SHAPES = ("stride", "strides", "dims", "axes", "order", "indices", "index",
              "point", "points", "at")
# Calls read without "of": tensor(6.) is "tensor 6".
BARE = ("tensor", "Size", "print")
# Calls whose integer arguments are a shape: torch.zeros(2, 3) is "2 by 3".
SIZED = ("zeros", "ones", "empty", "rand", "randn", "reshape", "view", "full",
         "expand", "Size", "zeros_like", "ones_like")

NUMBER = r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
IDENT = r"[A-Za-z_]\w*"
_NUMBER_RE = re.compile(rf"(?<![\w.])(-?)({NUMBER})(?![\w])")
_INT_LIST = re.compile(r"^\s*-?\d+\s*(?:,\s*-?\d+\s*)*,?\s*$")


def spoken(written: str) -> str:
    """The words a voice should say for the caption text ``written``."""
    text = written.replace("\n", " ")
    text = re.sub(r"\b(\d)-D\b", r"\1 D", text)  # a 2-D tensor: "a 2 D tensor"
    for sign, word in SYMBOLS.items():
        text = text.replace(sign, word)
    text = re.sub(r"`([^`]*)`", lambda m: " " + _code(m.group(1)) + " ", text)
    text = _SIZE.sub(lambda m: " torch size " + _dims(m.group(1)) + " ", text)
    # Code in quotes is read bare: 'MulBackward0'; a float literal's point
    # is not a full stop: tensor(6.) is "tensor 6".
    text = re.sub(r"(?<!\w)'([A-Za-z_][\w.]*)'", r"\1", text)
    text = re.sub(r"(?<=\d)\.(?=[,)\]])", "", text)
    text = re.sub(r"\b([A-Z][a-z]+)(Error|Warning|Exception)\b", r"\1 \2", text)
    text = _expr(text)
    return _tidy(text)


def _tidy(text: str) -> str:
    text = LEFTOVER.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r"[,;:]\s*([.?!])", r"\1", text)
    return text.strip()


# --- numbers ------------------------------------------------------------------


def number(text: str, sign: str = "") -> str:
    """``-0.123456`` as it is said: "minus 0.123"."""
    value = text
    if re.fullmatch(r"\d+\.\d+", text):
        value = _round(text)
    elif re.fullmatch(NUMBER, text) and "e" in text.lower():
        mantissa, _, power = text.lower().partition("e")
        exp = int(power)
        head = _round(mantissa) if "." in mantissa else mantissa
        value = (f"{head} times ten to the {'minus ' if exp < 0 else ''}{abs(exp)}"
                 if head != "1" else
                 f"ten to the {'minus ' if exp < 0 else ''}{abs(exp)}")
    return ("minus " if sign else "") + value


def _round(text: str) -> str:
    whole, frac = text.split(".")
    digits = (whole + frac).lstrip("0")
    if len(digits) <= DIGITS:
        return text
    if whole.lstrip("0"):
        keep = max(0, DIGITS - len(whole.lstrip("0")))
    else:
        keep = len(frac) - len(frac.lstrip("0")) + DIGITS
    # Half up, as people round: 2.125 is "2.13". A decimal never rounds to a
    # whole number (2.001 stays 2.001, not "2"): one more digit until it shows.
    while True:
        out = str(Decimal(text).quantize(Decimal(1).scaleb(-keep),
                                         rounding=ROUND_HALF_UP))
        if "." in out:
            out = out.rstrip("0").rstrip(".")
        if "." in out or keep >= len(frac):
            return out
        keep += 1


def _numbers(text: str) -> str:
    return _NUMBER_RE.sub(lambda m: " " + number(m.group(2), m.group(1)) + " ", text)


# --- brackets -------------------------------------------------------------------


def _match(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (or -1)."""
    pairs = {"[": "]", "(": ")", "{": "}"}
    depth, open_, close = 0, text[start], pairs[text[start]]
    for i in range(start, len(text)):
        if text[i] == open_:
            depth += 1
        elif text[i] == close:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_top(inner: str) -> list[str]:
    """``inner`` split at its top-level commas."""
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch in "[({":
            depth += 1
        elif ch in "])}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


def _is_list(inner: str) -> bool:
    return bool(re.fullmatch(r"[\s\d.,\-+eE\[\]]*", inner)) and bool(
        re.search(r"\d", inner))


def tensor_words(inner: str) -> str:
    """The contents of ``[...]`` (numbers, maybe nested) read aloud."""
    items = [p for p in _split_top(inner) if p]
    if not items:
        return " an empty list "
    if all(p.startswith("[") for p in items):
        rows = [tensor_words(p[1:-1]).strip() for p in items]
        # Blocks of rows (three or more levels): say where each block starts.
        blocks = all(all(r.startswith("[") for r in _split_top(p[1:-1]) if r)
                     for p in items)
        return " " + ("; in the next block, " if blocks else "; then ").join(rows) + " "
    items = [re.sub(r"^-(?=[A-Za-z])", "minus ", p) for p in items]
    return " " + _series([_numbers(p).strip() for p in items]) + " "


def _series(items: list[str]) -> str:
    """``a, b and c``: a list read as one."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_SIZE = re.compile(r"(?:torch\.)?Size\(\[([-\d,\s]*)\]\)")


def _dims(inner: str) -> str:
    """``2, 3`` as "2 by 3"; nothing as "empty"."""
    dims = [d for d in _split_top(inner) if d]
    return " by ".join(dims) if dims else "empty"


def shape_words(inner: str, after_shape: bool = False) -> str:
    """The contents of a shape ``(...)`` read aloud: "2 by 3".

    ``(3,)`` is "a flat tensor of 3", or "of just 3" right after the word
    "shape"; ``()`` is "empty, a scalar".
    """
    dims = [d for d in _split_top(inner) if d]
    if not dims:
        return " empty, a scalar " if after_shape else " an empty shape, a scalar "
    if len(dims) == 1:
        return f" just {dims[0]} " if after_shape else f" a flat tensor of {dims[0]} "
    return " " + " by ".join(dims) + " "


def _expr(text: str) -> str:
    """Rewrite brackets, calls, code tokens, operators and numbers in ``text``."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in "[(":
            end = _match(text, i)
            if end < 0:
                out.append(" ")
                i += 1
                continue
            inner = text[i + 1:end]
            before = "".join(out).rstrip()
            called = bool(re.search(r"[\w\])]$", "".join(out)))
            name = re.search(rf"({IDENT})$", "".join(out))
            out = [before if not called else "".join(out)]
            if ch == "[":
                if called:
                    out.append(" at " + _index(inner) + " ")
                elif _is_list(inner):
                    out.append(tensor_words(inner))
                else:
                    out.append(" " + _expr(inner) + " ")
            else:
                fname = name.group(1) if name and called else ""
                if called:
                    out.append(_call(fname, inner))
                elif _INT_LIST.match(inner) and "," not in inner:
                    out.append(f" {inner.strip()} in parentheses ")  # (3) is just 3
                elif _INT_LIST.match(inner) and re.search(
                        rf"\b(?:{'|'.join(NOT_SHAPES)})[:,]?\s*$", before):
                    out.append(" " + _series(_split_top(inner)) + " ")
                elif _INT_LIST.match(inner) or not inner.strip():
                    after_shape = bool(re.search(r"\bshapes?(?:\s+is)?\s*$", before))
                    out.append(shape_words(inner, after_shape))
                elif _is_tuple(inner):
                    out.append(" " + _series([_expr(p).strip()
                                              for p in _split_top(inner) if p]) + " ")
                else:
                    out.append(", " + _expr(inner) + ", ")
            i = end + 1
            continue
        out.append(ch)
        i += 1
    return _tokens("".join(out))


def _is_tuple(inner: str) -> bool:
    """``(False, None)``: a tuple of short values rather than an aside."""
    parts = _split_top(inner)
    return len(parts) > 1 and all(p and " " not in p.strip() for p in parts)


def _index(inner: str) -> str:
    parts = []
    for p in _split_top(inner):
        if p == ":":
            parts.append("all")
        elif p == "...":
            parts.append("and so on")
        elif ":" in p:
            a, _, b = p.partition(":")
            a, b = _expr(a).strip(), _expr(b).strip()
            parts.append(f"{a or 'the start'} up to {b or 'the end'}")
        else:
            parts.append(_expr(p).strip())
    return ", ".join(parts)


def _call(name: str, args: str) -> str:
    """The argument part of ``name(args)``: nothing for ``()``."""
    if not args.strip():
        return " "
    if name in SIZED and _INT_LIST.match(args):
        return " " + _dims(args) + " "
    if name in BARE:
        return " " + _expr(args) + " "
    return " of " + _expr(args) + " "


# --- code tokens and operators ---------------------------------------------------

_OPERATORS = [
    ("==", " equals "), ("!=", " is not "), ("<=", " at most "), (">=", " at least "),
    ("->", " gives "), ("+=", " plus equals "), ("-=", " minus equals "),
    ("*=", " times equals "), ("/=", " divided-by equals "),
    ("**", "^"), ("@", " matrix-multiplied by "), ("=", " equals "),
    ("+", " plus "), ("<", " less than "), (">", " greater than "),
    ("%", " percent "), ("\\", " "),
]
# Powers said as words, from the square up: x^2 is "x squared".
_POWERS = ("squared", "cubed")


def _power(m: re.Match) -> str:
    exp = m.group(1).strip("()")
    if exp.isdigit() and 0 <= int(exp) - 2 < len(_POWERS):
        return f" {_POWERS[int(exp) - 2]} "
    if exp == "T":
        return " transpose "
    if exp.startswith("-"):
        return f" to the minus {exp[1:]} "
    return f" to the {exp} "


def _word(token: str) -> str:
    """A code identifier (maybe dotted) as words."""
    parts = token.split(".")
    words = []
    for k, part in enumerate(parts):
        if k and parts[k - 1] not in MODULES:
            words.append("dot")
        if part in WORDS:
            words.append(WORDS[part])
            continue
        if part.endswith("_") and part.strip("_") and not part.startswith("_"):
            words.append(_word(part.rstrip("_")) + " in place")
            continue
        pieces = [p for p in part.split("_") if p]
        if part.startswith("__") and part.endswith("__"):
            words.append("dunder " + " ".join(_piece(p) for p in pieces))
            continue
        words.append(" ".join(_piece(p) for p in pieces))
    return " ".join(w for w in words if w)


def _piece(p: str) -> str:
    if p in WORDS:
        return WORDS[p]
    m = re.fullmatch(r"([A-Za-z]+)(\d+)", p)
    if m:  # float32 is "float 32", MulBackward0 "Mul Backward 0"
        head = WORDS.get(m.group(1), re.sub(r"(?<=[a-z])(?=[A-Z])", " ", m.group(1)))
        return f"{head} {m.group(2)}"
    return p


_CODE_TOKEN = re.compile(
    rf"(?<![\w.])({IDENT}(?:\.{IDENT})+|{IDENT}_(?:\w)*|_\w+|[A-Za-z]+\d+\b|"
    rf"{'|'.join(sorted((w for w in WORDS if len(w) > 1), key=len, reverse=True))})"
    rf"(?![\w])")


def _tokens(text: str) -> str:
    # Powers first: u^2, x**2, A^T, x^(-1).
    text = re.sub(r"\s*(?:\^|\*\*)\s*(\(-?\w+\)|-?\w+)", _power, text)
    # Subtraction and negative numbers: "a - b" and "-0.2" both say minus.
    text = re.sub(r"(?<=\s)-(?=\s)", " minus ", text)
    text = re.sub(r"(?<=[\w)\]])\s*\*\s*(?=[\w(\[-])", " times ", text)
    text = re.sub(r"(?<=[\w)\]])\s*/\s*(?=[\w(\[-])", " divided by ", text)
    for op, word in _OPERATORS:
        text = text.replace(op, word)
    text = _CODE_TOKEN.sub(lambda m: " " + _word(m.group(1)) + " ", text)
    text = _numbers(text)
    return text


def _code(span: str) -> str:
    """Code in backticks: brackets and operators read, identifiers spelled out."""
    return _expr(span)
