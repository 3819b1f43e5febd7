"""Faults a build must survive, across the build's modules: two builds at once,
damaged scene videos and stamps, a scene key that misses an import, kill -9
(and the build after it), a real full disk (a tmpfs, as root), a build dir
that is a file or read-only, a missing tool, a failing scene.
Each must end in a usable build dir and, where it stops, one error line.

Tiny scenes (tests/pipeline/tiny.py) keep these fast; each test has its own
build dir.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from pipeline import join, lock, media, progress, scene
from pipeline.cluster import LOCAL
from pipeline.config import Fail, Settings
from pipeline.lecture import Interrupted, render_many
from scenes.lecture import Chapter
from tests.pipeline.conftest import OTHER, ROOT, SLOW, TINY, cli, one_line_error

pytestmark = pytest.mark.manim
LOW = Settings("low", "cpu", "none")


def rendered(*chapters):
    """Render ``chapters`` in threads of this process (``--scheduler local``):
    these tests are about what a build trusts, the same on any runner; the
    kill, signal and full-disk tests below and tests/pipeline/test_cluster.py
    run the default, Dask."""
    outcomes = render_many(list(chapters), LOW, 2, quiet=True, scheduler=LOCAL)
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return outcomes


# -- 1. two builds at once ---------------------------------------------------


def test_second_build_stops_at_once_naming_the_first(build):
    with lock.build_lock():
        proc = cli("errata")
    one_line_error(proc, "another build is running", f"pid {os.getpid()}")
    assert not (build / "errata.md").exists()


def test_lock_is_released_when_the_build_ends(build):
    with lock.build_lock():
        pass
    with lock.build_lock():  # a second build after the first: fine
        pass


def test_temp_names_differ_between_processes(tmp_path):
    from pipeline.files import part_name

    here = part_name(tmp_path / "lecture-480p15.mp4", ".mp4")
    other = subprocess.run(
        [sys.executable, "-c", "from pathlib import Path; from pipeline.files import "
         f"part_name; print(part_name(Path({str(tmp_path)!r}) / 'lecture-480p15.mp4',"
         " '.mp4'))"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert here != Path(other.stdout.strip())


def test_duplicate_ids_render_once():
    import render

    assert [c.id for c in render.pick(("vectors", "sigma-loop", "vectors"))] == [
        "sigma-loop", "vectors"]


# -- 2. damaged cached scenes ------------------------------------------------


def test_truncated_scene_is_rendered_again(build):
    (first,) = rendered(TINY)
    video = first.video
    assert scene.is_current(TINY, LOW)
    video.write_bytes(video.read_bytes()[:1000])
    assert not scene.is_current(TINY, LOW)
    (again,) = rendered(TINY)
    assert not again.cached and media.playable(again.video)


def test_same_size_garbage_in_a_scene_is_caught(build):
    (first,) = rendered(TINY)
    data = bytearray(first.video.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 100] = os.urandom(100)
    first.video.write_bytes(bytes(data))
    assert not scene.is_current(TINY, LOW)


def test_missing_stamp_or_output_means_render_again(build):
    (first,) = rendered(TINY)
    first.video.with_suffix(".srt").unlink()
    assert not scene.is_current(TINY, LOW)


def silent_clip(path: Path, seconds: float) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    f"testsrc=size=160x90:rate=15:duration={seconds}",
                    "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def test_join_refuses_a_lecture_without_the_scenes_length(tmp_path):
    clip = silent_clip(tmp_path / "a.mp4", 2)
    with pytest.raises(Fail, match="scenes add up to"):
        join.verify(clip, [TINY], total=4.0, captions=False, sound=False, rate=15)
    with pytest.raises(Fail, match="no caption track"):
        join.verify(clip, [TINY], total=2.0, captions=True, sound=False, rate=15)


def test_a_file_with_no_streams_is_not_a_lecture(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"\0" * 2000)
    with pytest.raises(Fail, match="not a readable video"):
        join.verify(empty, [TINY], total=1.0, captions=False, sound=False, rate=15)


def test_failed_join_keeps_the_previous_lecture(tmp_path, monkeypatch):
    clip = silent_clip(tmp_path / "a.mp4", 1)
    out = tmp_path / "lecture.mp4"
    out.write_bytes(b"previous lecture")
    monkeypatch.setattr(join, "verify", lambda *a, **k: (_ for _ in ()).throw(
        Fail("the joined lecture is not right: test")))
    with pytest.raises(Fail, match="left as it was"):
        join.join([TINY], [clip], out, tmp_path / "work", fps=15)
    assert out.read_bytes() == b"previous lecture"
    assert not list(tmp_path.glob(".*part*"))


# -- 3. a scene's key covers exactly the files it imports --------------------


@pytest.fixture
def helper_package():
    """A throwaway package inside the checkout: two scenes, one helper."""
    name = f"_deps_{uuid.uuid4().hex[:8]}"
    folder = ROOT / "tests" / "pipeline" / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "helper.py").write_text("COLOR = 'BLUE'\n")
    body = """
        from manim import {color}, Scene, Square
        {imp}

        class S(Scene):
            def construct(self):
                self.add(Square(color={color}))
                self.wait(0.5)
    """
    (folder / "uses.py").write_text(textwrap.dedent(body.format(
        color="BLUE", imp=f"from tests.pipeline.{name} import helper  # noqa: F401")))
    (folder / "plain.py").write_text(textwrap.dedent(body.format(color="RED",
                                                                 imp="")))
    uses = Chapter("uses", f"tests.pipeline.{name}.uses", "S", "uses the helper")
    plain = Chapter("plain", f"tests.pipeline.{name}.plain", "S", "does not")
    yield folder, uses, plain
    import shutil

    shutil.rmtree(folder)


def test_editing_a_helper_renders_again_exactly_its_importers(build, helper_package):
    folder, uses, plain = helper_package
    rendered(uses, plain)
    assert scene.is_current(uses, LOW) and scene.is_current(plain, LOW)
    (folder / "helper.py").write_text("COLOR = 'RED'\n")
    assert not scene.is_current(uses, LOW)
    assert scene.is_current(plain, LOW)


def test_real_scene_deps_come_from_its_imports():
    """What a lecture scene imports is what the child records (no lecture list)."""
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import json, sys
            import scenes.notation
            from pipeline.child import used_files
            print(json.dumps(used_files()))
        """)], cwd=ROOT, capture_output=True, text=True, check=True)
    used = json.loads(out.stdout)
    assert "scenes/notation.py" in used and "tensors/fmt.py" in used
    assert "scenes/lecture.py" not in used  # a title change only re-joins
    assert not any(f.startswith("pipeline/") for f in used)


def test_a_new_recording_renders_again_only_its_scene(build, monkeypatch, tmp_path):
    monkeypatch.setenv("TENSOR_HERO_ASSETS", str(tmp_path))
    rendered(TINY, OTHER)
    folder = tmp_path / "voice" / TINY.scene
    folder.mkdir(parents=True)
    (folder / "01.wav").write_bytes(b"RIFF")
    assert not scene.is_current(TINY, LOW)
    assert scene.is_current(OTHER, LOW)


# -- 4. kill -9 leaves no orphans, stale temp files go -----------------------


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True)
    return [int(a) for a, b in (ln.split() for ln in out.stdout.splitlines())
            if int(b) == pid]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_kill_9_of_the_build_kills_its_manim_child(build):
    code = ("from pipeline.config import Settings; from pipeline.lecture import "
            "render_many; from tests.pipeline.conftest import SLOW; "
            "render_many([SLOW], Settings('low', 'cpu', 'none'), 1, True)")
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                              env={**os.environ, "TINY_WAIT": "120"})
    deadline = time.monotonic() + 60
    kids: list[int] = []
    while not kids and time.monotonic() < deadline:
        time.sleep(0.5)
        kids = children_of(parent.pid)
    assert kids, "the build never started manim"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(k) for k in kids), "manim outlived the build"


def test_next_build_removes_stale_part_files_and_bench_dirs(build):
    build.mkdir(parents=True)
    stale = build / "scenes" / "480p15" / ".tiny.mp4.123-456.part"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half")
    (build / ".lecture-480p15.mp4.9-9.part.mp4").write_bytes(b"half")
    (build / "bench-low-abc" / "plain").mkdir(parents=True)
    with lock.build_lock():
        pass
    assert not stale.exists()
    assert not list(build.glob(".*part*")) and not list(build.glob("bench-*"))


# -- 5. messages that name the cause -----------------------------------------

RICH_TAIL = """\
│ /venv/lib/python3.11/site-packages/manim/scene/scene.py:123 in render        │
│ ❱ 123 │   except Exception:                                                 │
╰──────────────────────────────────────────────────────────────────────────────╯
OSError: [Errno 28] No space left on device: '/work/build/media/x.mp4'
"""


def test_failure_line_is_the_exception_not_the_traceback_box():
    assert scene.cause(RICH_TAIL) == (
        "OSError: [Errno 28] No space left on device: '/work/build/media/x.mp4'")


def test_output_tail_survives_an_unwritable_log(tmp_path):
    from pipeline import procs

    log = tmp_path / "no-such-dir" / "x.log"
    code, tail = procs.run_logged([sys.executable, "-c",
                                   "raise OSError(28, 'No space left on device')"],
                                  log, dict(os.environ))
    assert code != 0 and "No space left on device" in scene.cause(tail)


@pytest.mark.slow
def test_failing_scene_is_named_and_the_others_finish(build):
    from pipeline.lecture import report

    broken = Chapter("broken", TINY.module, "NoSuchScene", "Broken")
    outcomes = render_many([broken, TINY], LOW, 2, True)
    assert outcomes[0].error and outcomes[0].video is None
    assert outcomes[1].error is None and outcomes[1].video.exists()
    with pytest.raises(Fail, match="broken"):
        report(outcomes)
    assert not (build / "scenes" / "480p15" / "broken.mp4").exists()


# -- 6. no tracebacks --------------------------------------------------------


@pytest.mark.parametrize("args", [("errata",), ("script", "vectors"),
                                  ("bench", "--scene", "vectors", "-q", "low"),
                                  ("lecture", "-q", "low", "--voice", "none"),
                                  ("render", "vectors", "-q", "low", "--voice",
                                   "none")])
def test_build_dir_that_is_a_file_is_one_line(tmp_path, args):
    blocker = tmp_path / "build"
    blocker.write_text("not a folder")
    proc = cli(*args, env={"TENSOR_HERO_BUILD": str(blocker)})
    one_line_error(proc, "is a file, not a directory")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to nobody")
@pytest.mark.parametrize("args", [("errata",), ("script", "vectors")])
def test_read_only_build_dir_is_one_line(args):
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="tensor-hero-ro-"))
    home.chmod(0o755)
    build = home / "build"
    build.mkdir()
    build.chmod(0o555)
    proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                           "--clear-groups", sys.executable, "render.py", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TENSOR_HERO_BUILD": str(build),
                               "HOME": str(home)})
    shutil.rmtree(home)
    one_line_error(proc, "cannot write to")


def test_script_without_latex_is_one_line(tmp_path):
    proc = cli("script", "vectors", env={"PATH": str(Path(sys.executable).parent),
                                         "TENSOR_HERO_BUILD": str(tmp_path)})
    one_line_error(proc, "latex", "apt-get install")


# -- 7. small ones -----------------------------------------------------------


def test_summary_counts_failed_and_stopped_apart(capsys, build):
    view = progress.View([TINY, OTHER, SLOW], 1, quiet=False, res="480p15")
    view.finished(scene.Outcome(TINY, None, 1.0))
    view.finished(scene.Outcome(OTHER, None, 1.0, error="boom"))
    view.finished(scene.Outcome(SLOW, None, 1.0, error="stopped", stopped=True))
    view.close()
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "1 rendered" in last and "1 failed" in last and "1 stopped" in last


def test_bare_render_py_prints_help_and_succeeds():
    proc = cli()
    assert proc.returncode == 0 and "Usage:" in proc.stdout and "error" not in (
        proc.stdout + proc.stderr)


def test_sigterm_while_rendering_exits_130(build):
    proc = subprocess.Popen([sys.executable, "-c", (
        "import signal, sys; import render; signal.signal(signal.SIGTERM, "
        "render.interrupt); from pipeline.config import Settings; "
        "from pipeline.lecture import render_many; from tests.pipeline.conftest import "
        "SLOW\ntry:\n render_many([SLOW], Settings('low','cpu','none'), 1, True)\n"
        "except Exception as e:\n print(type(e).__name__, e.exit_code); sys.exit(0)")],
        cwd=ROOT, env={**os.environ, "TINY_WAIT": "120"}, stdout=subprocess.PIPE,
        text=True)
    deadline = time.monotonic() + 60
    while not children_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.5)  # manim has started: the handler is in place
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert out.split() == ["Interrupted", "130"]
    assert Interrupted().exit_code == 130


def test_eta_weights_scenes_by_last_time_and_adds_the_join(build):
    progress.save_timings("480p15", {"tiny": 100.0, "other": 10.0, progress.JOIN: 5})
    view = progress.View([TINY, OTHER], 2, quiet=True, res="480p15", join=True)
    assert view.left() == pytest.approx((100 + 10) / 2 + 5, abs=0.5)
    assert [c.id for c in view.order([OTHER, TINY])] == ["tiny", "other"]


# -- 8. a real full disk and a real kill -9 -----------------------------------
# On a tmpfs of its own (root only: mount), filled for real, the build runs
# from the outside (render.py lecture, the tiny scenes as its lecture) and
# must keep the lecture it had and say why in one line.

# render.py with the tiny scenes as the lecture (they are not in LECTURE).
TINY_CLI = ("import sys; import scenes.lecture as lecture; "
            "from tests.pipeline.conftest import TINY, OTHER; "
            "lecture.LECTURE = (TINY, OTHER); import render; "
            "sys.argv = ['render.py', *sys.argv[1:]]; render.main()")
TINY_LECTURE = ("lecture", "-q", "low", "--voice", "none", "--quiet",
                "--scene", "tiny", "--scene", "other")


def tiny_cli(build: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", TINY_CLI, *args], cwd=ROOT,
                          env={**os.environ, "TENSOR_HERO_BUILD": str(build)},
                          capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs mounted for this test alone (unmounted after)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
                              str(disk)], capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"mount not permitted here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` until at most ``leave`` bytes are free; the filler file."""
    filler = disk / "filler"
    with filler.open("wb") as f:
        while os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize > leave:
            try:
                f.write(b"\0" * 4096)
                f.flush()
            except OSError:
                break
    return filler


def full_disk_rebuild(build: Path, disk: Path, leave: float):
    """Build the tiny lecture, then join it again on a disk filled to leave
    ``leave`` of the lecture's size free: (the lecture's bytes before, the
    rebuild's one error line)."""
    first = tiny_cli(build, *TINY_LECTURE)
    lecture = build / "lecture-480p15.mp4"
    assert lecture.exists() and media.playable(lecture), first.stderr
    before = lecture.read_bytes()
    # The next build must join again (its stamp is gone); the scenes are current.
    (build / "lecture-480p15.mp4.key").unlink(missing_ok=True)
    fill(disk, int(leave * len(before)))
    return before, one_line_error(tiny_cli(build, *TINY_LECTURE))


FULL = pytest.mark.parametrize("leave", [0, 0.5],
                               ids=["nothing-free", "half-the-lecture-free"])


@FULL
def test_full_disk_keeps_the_old_lecture_and_names_the_cause(small_disk, leave):
    """The disk fills before or while the new lecture is written: the previous
    lecture stays byte for byte, no half-written file is left, and the one
    error line names the full disk."""
    build = small_disk / "build"
    before, line = full_disk_rebuild(build, small_disk, leave)
    assert (build / "lecture-480p15.mp4").read_bytes() == before
    assert not [p for p in build.rglob("*") if ".part" in p.name], sorted(
        p.name for p in build.rglob("*"))
    assert "No space left on device" in line or "disk is full" in line, line


def test_kill_9_mid_build_then_the_next_build_resumes_and_verifies(build):
    """kill -9 of a build while its second scene renders; the next build keeps
    the first scene (not rendered again), renders the second, and both are
    verified current and playable. Which scene goes first is the scheduler's
    choice (longest first, by the timings it has): the test follows it."""
    code = ("from pipeline.config import Settings; from pipeline.lecture import "
            "render_many; from tests.pipeline.conftest import TINY, SLOW; "
            "render_many([TINY, SLOW], Settings('low', 'cpu', 'none'), 1, True)")
    # Both scenes wait TINY_WAIT ms when rendered in this process tree: long
    # enough that the second is still rendering when it is killed.
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                              env={**os.environ, "TINY_WAIT": "3000"})
    jobs = build / "jobs" / "480p15"

    def first_done_second_started():
        for done, running in ((TINY, SLOW), (SLOW, TINY)):
            if (scene.is_current(done, LOW) and list(jobs.glob(f"{running.id}.*"))
                    and children_of(parent.pid)):
                return done, running
        return None

    deadline = time.monotonic() + 90
    while not (found := first_done_second_started()) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert found, "the build never finished one scene while rendering the other"
    done, running = found
    done_video = scene.outputs(done, LOW, still=False).picture
    done_bytes = done_video.read_bytes()
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert not scene.is_current(running, LOW)
    os.environ["TINY_WAIT"] = "1"
    try:
        outcomes = {o.chapter.id: o for o in render_many([TINY, SLOW], LOW, 1,
                                                          quiet=True)}
    finally:
        del os.environ["TINY_WAIT"]
    kept, redone = outcomes[done.id], outcomes[running.id]
    assert kept.cached and done_video.read_bytes() == done_bytes
    assert redone.error is None and not redone.cached
    assert scene.is_current(TINY, LOW) and scene.is_current(SLOW, LOW)
    assert media.playable(kept.video) and media.playable(redone.video)
    assert not [p for p in build.rglob("*") if ".part" in p.name]
