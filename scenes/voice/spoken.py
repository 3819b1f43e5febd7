"""The spoken form of a narration line: what the synthesizer is given.

A line is written once, for the caption (``"y = u^2 at [-0.2, 0.3]"``); this
module turns it into words a text-to-speech voice reads correctly
(``"y equals u squared at minus 0.2, 0.3"``). Both forms come from the same
string, so the numbers in them always agree.

What it rewrites: signs (``-0.2`` is "minus 0.2"), tensors and lists
(``[1, 2]`` is "1, 2"; a nested list is read row by row), shapes (``(2, 3)``
is "2 by 3", ``(3,)`` "flat 3" wherever it stands, ``torch.Size([3])``),
strides (``strides (6, 3, 1)`` is "strides 6, 3, 1", never "6 by 3 by 1"),
powers and
Greek letters (``u^2`` and ``x**2`` are "u squared", ``θ`` "theta", ``∇L``
"nabla L"), code (``x.grad`` is "x dot grad", ``torch.float32`` "torch float
32", ``@`` "matrix-multiplied by", ``arange`` "a-range", ``requires_grad``
"requires grad", ``zero_grad()`` "zero grad", ``AccumulateGrad``
"accumulate grad"). Numbers are said with every digit written, as the
screen shows them (``2.125`` is "2.125", not "2.13").

A character the voice cannot read (a bracket, operator, underscore,
backslash or a symbol with no spoken form, ``UNREADABLE``) left after the
rewriting is an error naming the line (``Unspeakable``), never dropped in
silence.
"""

from __future__ import annotations

import re

# Characters that must never reach the synthesizer.
LEFTOVER = re.compile(r"[\[\](){}=+*/@^<>_\\`|~#$&%]")
# Anything but these is a symbol the voice has no word for.
UNREADABLE = re.compile(r"[^A-Za-z0-9\s.,;:?!'\"-]")


class Unspeakable(ValueError):
    """A narration line holds a symbol the voice cannot read."""

# Letters and signs read as words.
SYMBOLS = {
    "θ": " theta ", "α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ",
    "Δ": " delta ", "ε": " epsilon ", "η": " eta ", "λ": " lambda ", "μ": " mu ",
    "π": " pi ", "σ": " sigma ", "Σ": " sigma ", "∑": " sigma ", "∏": " product ",
    "∇": " nabla ", "∂": " partial ", "∞": " infinity ", "×": " times ",
    "·": " dot ", "⋅": " dot ", "⊙": " element-wise times ", "→": " gives ",
    "≈": " about ", "≠": " is not ", "≤": " at most ", "≥": " at least ",
    "²": " squared ", "³": " cubed ", "ᵀ": " transpose ", "√": " square root of ",
    "∈": " in ", "ℝ": " R ", "•": ", ", "#": ", comment, ",
    # A wrapped row's marks on screen: not words, a pause.
    "↩": ", ", "↪": ", ", "…": " and so on ", "—": ", ", "–": ", ", "\u2212": "-",
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
    "AccumulateGrad": "accumulate grad",
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


def spoken(written: str, strict: bool = True) -> str:
    """The words a voice should say for the caption text ``written``.

    Raises ``Unspeakable``, naming the line, if a symbol the voice cannot read
    would be left; ``strict=False`` drops it instead (for sizing fragments of
    a line, as ``cues`` does, where a cut may split a bracket pair).
    """
    text = written.replace("\n", " ")
    text = re.sub(r"\b(\d)-D\b", r"\1 D", text)  # a 2-D tensor: "a 2 D tensor"
    # A sum's or product's bounds: Σ_(i=1)^5 is "the sum from i = 1 to 5 of";
    # Σ_j "the sum over j of"; ∏_(i=1)^3 "the product from i = 1 to 3 of".
    for signs, word in (("Σ∑", "sum"), ("∏", "product")):
        text = re.sub(rf"[{signs}]_\(([^()]*)\)\^\(?(\w+)\)?",
                      rf" the {word} from \1 to \2 of ", text)
        text = re.sub(rf"[{signs}]_(\w+)", rf" the {word} over \1 of ", text)
    text = re.sub(r"_\{([^{}]*)\}", r" \1 ", text)  # a subscript: x_{ij} is "x ij"
    # A set in braces: {0, …, 9} is "the set 0, and so on, 9".
    text = re.sub(r"\{([^{}]*)\}", r" the set \1, ", text)
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
    left = sorted(set(UNREADABLE.findall(text)) - {" "})
    if left and strict:
        raise Unspeakable(f"the voice cannot read {' '.join(left)} in the narration "
                          f"line {written!r} (as {' '.join(text.split())!r}): give "
                          "it a spoken form in scenes/voice/spoken.py or reword "
                          "the line")
    return _tidy(UNREADABLE.sub(" ", text))


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r"[,;:]\s*([.?!])", r"\1", text)
    return text.strip()


# --- numbers ------------------------------------------------------------------


def number(text: str, sign: str = "") -> str:
    """``-0.1234`` as it is said: "minus 0.1234", every digit written."""
    value = text
    if re.fullmatch(NUMBER, text) and "e" in text.lower():
        mantissa, _, power = text.lower().partition("e")
        exp = int(power)
        head = mantissa
        value = (f"{head} times ten to the {'minus ' if exp < 0 else ''}{abs(exp)}"
                 if head != "1" else
                 f"ten to the {'minus ' if exp < 0 else ''}{abs(exp)}")
    return ("minus " if sign else "") + value


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

    ``(3,)`` is "flat 3", wherever it stands; ``()`` is "empty, a scalar".
    """
    dims = [d for d in _split_top(inner) if d]
    if not dims:
        return " empty, a scalar " if after_shape else " an empty shape, a scalar "
    if len(dims) == 1:
        return f" flat {dims[0]} "
    return " " + " by ".join(dims) + " "


def _expr(text: str) -> str:
    """Rewrite brackets, calls, code tokens, operators and numbers in ``text``."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in "[(":
            end = _match(text, i)
            if end < 0:
                out.append(ch)  # unmatched: left for the guard in ``spoken``
                i += 1
                continue
            inner = text[i + 1:end]
            before = "".join(out).rstrip()
            called = bool(re.search(r"[\w\])]$", "".join(out)))
            name = re.search(rf"({IDENT})$", "".join(out))
            out = [before if not called else "".join(out)]
            if ch == "(" and re.search(r"(?:\^|\*\*)$", before):  # x^(2 × 3)
                out = [re.sub(r"(?:\^|\*\*)$", "", before)]
                out.append(" to the power of " + _expr(inner) + " ")
            elif ch == "[":
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
                        r"\bstrides?(?:[\s(),:]|gives|dot|are|is)*$", before):
                    out.append(" " + ", ".join(_split_top(inner)) + " ")  # 6, 3, 1
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
    text = text.replace("//", " floor-divided by ")
    text = re.sub(r"(?<=[\w)\]])\s*/\s*(?=[\w(\[-])", " divided by ", text)
    text = re.sub(r"(?<=\w)\s+%\s+(?=\w)", " mod ", text)  # n % d; 5% is percent
    for op, word in _OPERATORS:
        text = text.replace(op, word)
    text = text.replace("/", " divided by ")
    # A method called on a result: (...).stride() is "dot stride".
    text = re.sub(r"(?<=\s)\.(?=[A-Za-z_])", " dot ", text)
    text = _CODE_TOKEN.sub(lambda m: " " + _word(m.group(1)) + " ", text)
    text = re.sub(r"_(?=\w)", " ", text)  # a subscript left: x_i is "x i"
    text = re.sub(r"(?<![\w.])-(?=\d+[A-Za-z])", " minus ", text)  # -2x
    text = _numbers(text)
    return text


def _code(span: str) -> str:
    """Code in backticks: brackets and operators read, identifiers spelled out."""
    return _expr(span)
