"""Faults around ``hpdata render``: SIGKILL at several points, what a killed run leaves, a broken
data directory, two renders into one folder, an unwritable ``--out``, too many ``--jobs``."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hpdata import cli, locks, paths
from hpdata.errors import ParameterError
from hpdata.report import guard, render

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


ONLY = "overview.*,sources.*"


def render_command(out: Path, *extra: str) -> list[str]:
    args = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--lang", "vi"]
    if "--only" not in extra:
        args += ["--only", ONLY]
    return [sys.executable, "-m", "hpdata", *args, *extra]


def leftovers(out: Path) -> list[Path]:
    """Hidden files or directories (other than ``.cache``) and temporary files under ``out``."""
    found = []
    for p in out.rglob("*"):
        parts = p.relative_to(out).parts
        if any(part.startswith(".") and part != ".cache" for part in parts) or p.name.endswith(
            ".tmp"
        ):
            found.append(p)
    return found


def complete(path: Path) -> bool:
    """Whether an output file is whole (atomic writes never leave half a file)."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".ipynb":
        return bool(json.loads(data)["cells"])
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    return True


def outputs(out: Path) -> list[Path]:
    """The rendered files under ``out`` (not the cache, not what :func:`leftovers` lists)."""
    junk = set(leftovers(out))
    files = [p for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts]
    return sorted(p for p in files if p not in junk and not junk.intersection(p.parents))


def kill_at(command: list[str], env: dict[str, str], lines: int, delay: float) -> None:
    """Start ``command``, wait for ``lines`` lines of its output (then ``delay`` seconds) and
    SIGKILL it."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        assert proc.stdout is not None
        for _ in range(lines):
            assert proc.stdout.readline(), "the render ended before the kill point"
        time.sleep(delay)
        proc.kill()
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()


@pytest.mark.slow
def test_sigkill_at_several_points_loses_nothing_and_the_next_render_cleans_up(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    first = subprocess.run(render_command(out), env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = outputs(out)
    assert len([p for p in before if p.suffix == ".html"]) == 5  # 3 reports, index, method
    left = []
    points = [
        (render_command(out, "--force"), 1, 0.3),  # during start-up, before any child
        (render_command(out, "--force", "--jobs", "2"), 2, 0.0),  # mid-run, children writing
        (render_command(out, "--force", "--engine", "kernel"), 2, 0.0),  # kernels running
    ]
    for command, lines, delay in points:
        kill_at(command, env, lines, delay)
        time.sleep(0.3)  # the children die with their parent (PR_SET_PDEATHSIG)
        assert outputs(out) == before  # nothing previously rendered was lost...
        assert all(complete(p) for p in before)  # ...or left half-written
        left += leftovers(out) + list(temp.iterdir())
    assert left  # the kills did leave something behind: the next render must remove it
    time.sleep(1.5)  # kernels notice their parent's death within a second
    again = subprocess.run(render_command(out), env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert outputs(out) == before and all(complete(p) for p in before)
    assert leftovers(out) == []
    assert list(temp.iterdir()) == []


def broken_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    path = data / paths.OBSERVATIONS
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0]["kind"] = "guess"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return data


@pytest.mark.slow
def test_a_broken_data_directory_is_refused_in_one_line_before_any_worker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = render_command(out, "--data-dir", str(broken_data(tmp_path)))
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hpdata render: ") and "observations.csv" in lines[0]
    assert "guess" in lines[0]
    assert not list(out.glob("*.html"))
    assert not (out / ".cache" / "children.log").exists()  # no worker was started


@pytest.mark.slow
def test_two_renders_at_once_leave_a_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = render_command(out, "--only", "sources.*", "--force")
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert sum("waiting for it to finish" in err for _, err in results) == 1
    assert all(complete(p) for p in outputs(out)) and leftovers(out) == []
    manifest = json.loads((out / ".cache" / "manifest.json").read_text())
    assert sorted(manifest["reports"]) == [
        "sources.hp-2019-07-11-nq45.vi",
        "sources.hp-2023-04-27-q1.vi",
    ]


def test_the_sweep_removes_what_a_killed_render_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    keep = [
        out / "overview.vi.html",
        out / "notebooks" / "overview.vi.ipynb",
        out / "figures" / "overview.vi" / "chart.png",
        out / ".cache" / "manifest.json",
        out / "notes.tmp.txt",
    ]
    junk = [
        out / ".overview.vi.html.x1.tmp",
        out / "notebooks" / ".overview.vi.ipynb.x2.tmp",
        out / "figures" / "overview.vi" / ".chart.png.x3.tmp",
        out / "figures" / ".overview.vi.x4" / "chart.svg",
        out / ".cache" / ".manifest.json.x5.tmp",
    ]
    for path in keep + junk:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    temp = tmp_path / "tmp"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (temp / f"hpk-{dead.pid}-abc").mkdir(parents=True)
    (temp / f"hpk-{dead.pid}-abc" / "k0.json").write_text("{}")
    (temp / f"hpk-{os.getpid()}-def").mkdir()  # a live render's kernels
    removed = guard.remove_temporary_files(out) + guard.remove_dead_kernel_dirs(temp)
    assert all(p.exists() for p in keep)
    assert not any(p.exists() for p in junk)
    assert len(removed) == len(junk) + 1
    assert [p.name for p in temp.iterdir()] == [f"hpk-{os.getpid()}-def"]


def test_the_lock_waits_and_says_so(tmp_path: Path) -> None:
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / guard.OWNER_FILE).write_text("4242\n")
    held = locks.try_lock(tmp_path / ".cache" / guard.LOCK_FILE)
    assert held is not None
    said: list[str] = []
    entered = threading.Event()

    def second() -> None:
        with guard.output_lock(tmp_path, said.append):
            entered.set()

    thread = threading.Thread(target=second)
    thread.start()
    deadline = time.monotonic() + 10
    while not said and time.monotonic() < deadline:
        time.sleep(0.01)
    assert said and "(pid 4242)" in said[0] and "waiting for it to finish" in said[0]
    assert not entered.is_set()
    held.release()
    thread.join(10)
    assert entered.is_set()
    assert (tmp_path / ".cache" / guard.OWNER_FILE).read_text() == f"{os.getpid()}\n"


@pytest.mark.parametrize("out", ["/dev/null/reports", "/proc/version/reports"])
def test_an_impossible_out_is_one_line(out: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["render", "--out", out, "--notebooks", str(NOTEBOOKS), "--only", "sources.*"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hpdata render: --out: cannot write to ")
    with pytest.raises(ParameterError), guard.output_lock(Path(out), print):
        pass  # pragma: no cover


def test_jobs_are_capped_at_the_cores_with_a_warning() -> None:
    cores = render.default_jobs()
    stream = io.StringIO()
    assert render.cap_jobs(cores + 998, stream) == cores
    assert stream.getvalue() == (
        f"hpdata render: --jobs {cores + 998} is more than the {cores} cores here; using {cores}\n"
    )
    stream = io.StringIO()
    assert render.cap_jobs(1, stream) == 1 and render.cap_jobs(None, stream) is None
    assert stream.getvalue() == ""


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ParameterError, match="--engine: unknown engine 'gpu'"):
        render.make_engine("gpu", None, 1, verbose=False, reset=True)  # type: ignore[arg-type]


def test_sigterm_becomes_an_interrupt_in_the_main_thread() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(render.Terminated), render.terminate_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # pragma: no cover - the signal arrives first
    assert signal.getsignal(signal.SIGTERM) is previous


def test_unimportable_blocks_a_module_only_within_its_block() -> None:
    """The render's validation keeps pandera from importing hypothesis; afterwards a report that
    imports it still can."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hpdata.report.render import unimportable\n"
        "with unimportable('json'):\n"
        "    pass\n"
        "with unimportable('colorsys'):\n"
        "    try:\n"
        "        import colorsys\n"
        "    except ImportError:\n"
        "        print('blocked')\n"
        "import colorsys\n"
        "print('imported', colorsys.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["blocked", "imported colorsys"]
