"""One LaTeX run per formula, shared by every build and test run on this machine.

manim keeps each formula's SVG in its media dir's ``Tex`` folder, named by a
hash of the whole ``.tex`` source (template and expression). Each scene
process has its own media dir (two processes sharing one ``Tex`` folder can
crash: manim deletes every non-SVG file there after each compile), so on its
own manim compiles a formula used by several scenes once in each of them.

``install(folder)`` makes this process look in ``folder`` first and publish
what it compiles there: copied in whole under a temporary name, then renamed,
so another process sees a complete SVG or none. Each is sealed with a
comment holding the SHA-256 of the rest: one cut off or changed in any byte
is ignored and compiled again. A formula's name covers its whole
source; ``folder()`` adds a subfolder named by the tools that compile it
(latex, dvisvgm and manim, by version), so formulas compiled before an upgrade
are not reused after it.

The folder is the user's cache (``~/.cache/tensor-hero/tex``, as matplotlib
keeps the text it has LaTeX render), so every build and test run of every
checkout on this machine compiles each formula once: 167 formulas, about a
minute of CPU, on a first run. ``TENSOR_HERO_TEX_CACHE`` moves it.

What a formula does compile also starts faster: most of a ``latex`` run
(0.30 s here) is reading the template's preamble (standalone, babel, amsmath).
The preamble is loaded once into a format (``formats/<hash>.fmt``, made with
mylatexformat from texlive-latex-extra) and each formula starts from it
(0.15 s); the DVI is the same. A format is tried once per process on a
one-letter document; one that does not load is made again, and where none can
be made latex reads the preamble on every run, as with plain manim.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# Where the shared folder is, when not the user's cache.
ENV = "TENSOR_HERO_TEX_CACHE"
STALE_S = 600  # a temp file or folder older than this was left by a killed run
_shared: Path | None = None  # the folder in use (None: not shared)
_patched = False  # manim's functions replaced (once per process)
_formats: dict[str, Path | None] = {}  # preamble hash: its tried format, or None
BEGIN = r"\begin{document}"


def base() -> Path:
    """The shared folder: TENSOR_HERO_TEX_CACHE, else ``tensor-hero/tex`` in the
    user's cache ($XDG_CACHE_HOME or ~/.cache), else build/tex."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    try:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder
        from pipeline.config import build_dir

        return build_dir() / "tex"
    return cache / "tensor-hero" / "tex"


def folder() -> Path | None:
    """The subfolder of ``base()`` for the TeX tools installed here (None where
    their versions cannot be read: then nothing is shared)."""
    tools = toolchain()
    return base() / tools if tools else None


@functools.cache
def toolchain() -> str | None:
    """A short name for the versions of latex, dvisvgm and manim in use."""
    from importlib.metadata import version

    try:
        said = [subprocess.run([tool, "--version"], capture_output=True, text=True,
                               timeout=30, check=True).stdout.partition("\n")[0]
                for tool in ("latex", "dvisvgm")]
    except (OSError, subprocess.SubprocessError):
        return None
    said.append(f"manim {version('manim')}")
    return hashlib.sha256("\n".join(said).encode()).hexdigest()[:12]


def clean_stale() -> list[Path]:
    """Remove what killed runs left in the shared folder: SVGs half published,
    formats half made (temp names, older than ``STALE_S``)."""
    here = folder()
    if here is None:
        return []
    now, gone = time.time(), []
    for path in [*here.glob(".*.part"), *here.glob("formats/.*.part")]:
        try:
            if now - path.lstat().st_mtime < STALE_S:
                continue  # another run's, still at work
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            gone.append(path)
        except OSError:
            pass
    return gone


SEAL = b"<!-- tensor-hero sha256 "  # then the digest of all before it, " -->"


def _sealed(data: bytes) -> bytes:
    return data + SEAL + hashlib.sha256(data).hexdigest().encode() + b" -->\n"


def _unsealed(data: bytes) -> bytes | None:
    """The SVG document in ``data`` if its seal matches it, else None."""
    body, seal, tail = data.rpartition(SEAL)
    if (seal and body.rstrip().endswith(b"</svg>")
            and tail == hashlib.sha256(body).hexdigest().encode() + b" -->\n"):
        return body
    return None


def intact(svg: Path) -> bool:
    """``svg`` is as it was published: an SVG document, then a comment with
    the SHA-256 of everything before it (not cut off, no byte changed)."""
    try:
        return _unsealed(svg.read_bytes()) is not None
    except OSError:
        return False


def _write(data: bytes, dst: Path) -> bool:
    """Write whole or not at all; False (and nothing written) on any OSError."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.part")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, dst)
        return True
    except OSError:
        with contextlib.suppress(OSError):  # its folder may not even be there
            tmp.unlink(missing_ok=True)
        return False


def _publish(svg: Path, there: Path) -> bool:
    try:
        return _write(_sealed(svg.read_bytes()), there)
    except OSError:
        return False


def _fetch(there: Path, svg: Path) -> bool:
    """Copy a published formula into this process's media dir, if intact."""
    try:
        body = _unsealed(there.read_bytes())
    except OSError:
        return False
    return body is not None and _write(body, svg)


def _latex(args: list[str], cwd: Path) -> bool:
    try:
        done = subprocess.run(["latex", "-interaction=batchmode", "-halt-on-error",
                               *args], cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def document(preamble: str, body: str) -> str:
    return f"{preamble}{BEGIN}\n{body}\n\\end{{document}}\n"


def _make_format(preamble: str, fmt: Path) -> bool:
    """Dump ``preamble`` into ``fmt`` (mylatexformat), in whole or not at all."""
    try:
        fmt.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".", suffix=".part",
                                         dir=fmt.parent) as work:
            (Path(work) / "pre.tex").write_text(document(preamble, ""))
            if not _latex(["-ini", f"-jobname={fmt.stem}", "&latex",
                           "mylatexformat.ltx", "pre.tex"], Path(work)):
                return False
            os.replace(Path(work) / fmt.name, fmt)
            return True
    except OSError:
        return False


def _loads(preamble: str, fmt: Path) -> bool:
    """A one-letter document compiles from ``fmt``."""
    try:
        with tempfile.TemporaryDirectory() as work:
            (Path(work) / "x.tex").write_text(document(preamble, "x"))
            return _latex([f"-fmt={fmt.with_suffix('').as_posix()}", "x.tex"],
                          Path(work))
    except OSError:
        return False


def format_for(tex_file: Path) -> Path | None:
    """The format with ``tex_file``'s preamble loaded, once it has loaded here."""
    if _shared is None:
        return None
    try:
        preamble, begin, _ = tex_file.read_text(encoding="utf-8").partition(BEGIN)
    except (OSError, UnicodeDecodeError):
        return None
    if not begin:
        return None
    key = hashlib.sha256(preamble.encode()).hexdigest()[:16]
    if key not in _formats:
        fmt = _shared / "formats" / f"{key}.fmt"
        ok = fmt.exists() and _loads(preamble, fmt)
        if not ok:  # missing, cut off, or from another TeX: make it again
            ok = _make_format(preamble, fmt) and _loads(preamble, fmt)
        _formats[key] = fmt if ok else None
    return _formats[key]


def install(shared: Path | None) -> Path | None:
    """Share compiled formulas through ``shared`` from now on in this process
    (None: stop sharing). Returns the folder used before."""
    global _shared, _patched
    _formats.clear()
    before, _shared = _shared, shared
    if _patched:
        return before
    _patched = True

    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing as tfw

    compile_here = tfw.tex_to_svg_file
    command_here = tfw.make_tex_compilation_command

    def make_tex_compilation_command(tex_compiler, output_format, tex_file, tex_dir):
        command = command_here(tex_compiler, output_format, tex_file, tex_dir)
        fmt = format_for(tex_file) if tex_compiler == "latex" else None
        if fmt is None:
            return command
        return [command[0], f"-fmt={fmt.with_suffix('').as_posix()}", *command[1:]]

    def tex_to_svg_file(expression, environment=None, tex_template=None):
        if _shared is None:
            return compile_here(expression, environment, tex_template)
        template = config["tex_template"] if tex_template is None else tex_template
        svg = tfw.generate_tex_file(expression, environment, template).with_suffix(
            ".svg")
        if svg.exists():
            return svg
        there = _shared / svg.name
        if _fetch(there, svg):
            return svg
        svg = compile_here(expression, environment, template)
        _publish(svg, there)  # a full disk or a read-only folder: this process has it
        return svg

    tfw.tex_to_svg_file = tex_to_svg_file
    tfw.make_tex_compilation_command = make_tex_compilation_command
    tex_mobject.tex_to_svg_file = tex_to_svg_file
    return before
