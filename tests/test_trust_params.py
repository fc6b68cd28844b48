"""Parameters at the edges (issue 18): an option given empty is refused, never read as "not
given"; a title and a period are bounded by limits.toml; a data directory given empty is refused
by every command. One line on standard error, exit 2, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpdata.cli import main, terminal_safe

ARTICLE = (
    "09:00 05/03/2024\nBáo cáo về tình hình kinh tế xã hội của tỉnh trong năm vừa qua\n"
    "Năm 2023, thu nội địa đạt 901 tỷ đồng. GRDP năm 2023 tăng 5,2%.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "r.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _one_line(capsys, code: int, expected: str) -> None:
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err and "Traceback" not in err, err
    assert len(err.splitlines()) == 1 and len(err) < 300, err


INGEST = ["ingest", "{article}", "--area", "hai-phong", "--accept", "all"]

CASES = {
    "--area '' for progress": (["progress", "--area", ""], "--area is empty"),
    "--area '' for ingest (would guess the area)": (
        ["ingest", "{article}", "--area", "", "--accept", "all"],
        "--area is empty",
    ),
    "--area '' for extract": (["extract", "{article}", "--area", ""], "--area is empty"),
    "--area '' for migrate": (["migrate", "--area", ""], "--area is empty"),
    "--title '' (would take the text's)": ([*INGEST, "--title", ""], "--title is empty"),
    "--title of spaces": ([*INGEST, "--title", "   "], "--title is empty"),
    "--title of 100,000 characters": (
        [*INGEST, "--title", "x" * 100_000],
        "is 100000 characters long, more than 1000 (limits.toml)",
    ),
    "--title with a right-to-left override": (
        [*INGEST, "--title", "Báo cáo \u202egnp\u202c quý 1"],
        "--title holds a control character (U+202E)",
    ),
    "--title with an escape sequence": (
        [*INGEST, "--title", "Báo cáo \x1b[2J"],
        "--title holds a control character (U+001B)",
    ),
    "--source-id ''": ([*INGEST, "--source-id", ""], "--source-id is empty"),
    "--rows ''": (["ingest", "{article}", "--area", "hai-phong", "--rows", ""], "--rows is empty"),
    "--date ''": ([*INGEST, "--date", ""], "--date is empty"),
    "--date 9999-12-31 for ingest": ([*INGEST, "--date", "9999-12-31"], "9999-12-31 is outside"),
    "--date 9999-12-31 for extract": (
        ["extract", "{article}", "--date", "9999-12-31"],
        "--date 9999-12-31 is outside 1900-01-01 .. 2099-12-31",
    ),
    "--as-of 9999-12-31": (
        ["progress", "--as-of", "9999-12-31"],
        "--as-of 9999-12-31 is outside the years 1900 .. 2099 (limits.toml)",
    ),
    "--as-of 9999-Q1": (["progress", "--as-of", "9999-Q1"], "--as-of 9999-Q1 is outside"),
    "--as-of 1800-2023": (["progress", "--as-of", "1800-2023"], "is outside the years"),
    "--as-of ''": (["progress", "--as-of", ""], "--as-of is empty"),
    "--plan ''": (["progress", "--plan", ""], "--plan is empty"),
    "--only ''": (["render", "--only", "", "--out", "{tmp}/out"], "--only is empty"),
    "--area unknown for extract (was read as another area, exit 0)": (
        ["extract", "{article}", "--area", "x" * 200],
        "--area: unknown area 'xxx",
    ),
    "--rows that is not a CSV (a message of several lines)": (
        ["ingest", "{article}", "--area", "hai-phong", "--rows", "{article}"],
        "--rows: ",
    ),
}


@pytest.mark.parametrize("inside", ["", "reports"])
def test_render_into_the_data_directory_is_refused(data, capsys, data_snapshot, inside):
    """A render whose --out is the data directory (or a folder in it) wrote its pages, charts
    and cache among the data files."""
    before = data_snapshot(data)
    out = data / inside if inside else data
    code = main(["render", "--out", str(out), "--only", "plan.*", "--data-dir", str(data)])
    _one_line(capsys, code, "is inside the data directory")
    assert data_snapshot(data) == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_parameter_at_the_edge_is_one_line(data, article, tmp_path, capsys, data_snapshot, case):
    argv, expected = CASES[case]
    argv = [a.format(article=article, tmp=tmp_path) for a in argv]
    before = data_snapshot(data)
    _one_line(capsys, main([*argv, "--data-dir", str(data)]), expected)
    assert data_snapshot(data) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["progress"],
        ["extract", "{article}"],
        ["ingest", "{article}", "--area", "hai-phong", "--accept", "all"],
        ["migrate"],
        ["render", "--out", "{tmp}/out"],
    ],
    ids=lambda argv: argv[0],
)
def test_an_empty_data_dir_is_refused_by_every_command(article, tmp_path, capsys, argv):
    """The issue's case: ``--data-dir ''`` silently meant the current directory."""
    argv = [a.format(article=article, tmp=tmp_path) for a in argv]
    _one_line(capsys, main([*argv, "--data-dir", ""]), "--data-dir is empty")
    assert not (tmp_path / "out").exists()


def test_a_title_within_the_limit_is_stored(data, article, capsys):
    title = "Báo cáo " + "x" * 900
    argv = [*INGEST[:1], str(article), *INGEST[2:], "--title", title, "--data-dir", str(data)]
    assert main(argv) == 0, capsys.readouterr().err
    from hpdata.load import sources

    assert title in set(sources(data)["title"])


def test_a_terminal_sees_bidirectional_overrides_escaped():
    assert terminal_safe("a\u202eb\u2066c") == "a\\u202eb\\u2066c"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["render", "--jobs", "0"], "hpdata render: error: argument --jobs: must be at least 1"),
        (["extract", "{article}", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["ingest"], "hpdata ingest: error: the following arguments are required: FILE"),
        (["nosuch"], "hpdata: error: argument COMMAND: invalid choice: 'nosuch'"),
        (["progress", "--lang", "fr"], "(see 'hpdata progress --help')"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v),
)
def test_a_usage_error_is_one_line_not_the_usage(article, capsys, argv, expected):
    """argparse printed its usage (three to five lines) above the error; the error line alone
    names the option at fault and where the usage is."""
    argv = [a.format(article=article) for a in argv]
    with pytest.raises(SystemExit) as stop:
        main(argv)
    _one_line(capsys, stop.value.code, expected)
