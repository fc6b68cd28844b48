"""Whatever ``validate`` accepts, the analyses and the render can show (issue 18, "validate
passes data that crash later"): templates checked against what their callers pass, every label
the code asks for present, periods in order, dates real, vocabularies unique, and a truncated
data file either refused in one line or harmless. Each test works on a private copy of data/."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import replace_in as _replace

import hpdata
from hpdata import cli, paths
from hpdata.analysis.status import legend_note, rule_values, status_legend
from hpdata.errors import DataError
from hpdata.statustable import RULE_FIELDS
from hpdata.validation import validate

ROOT = paths.PROJECT_ROOT


def _label(key: str, lang: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / "labels.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        column = rows[0].index(lang)
        hit = [r for r in rows if r[0] == key]
        assert hit, key
        hit[0][column] = change(hit[0][column])
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return apply


def _drop_label(key: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / "labels.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(f"{key},")]
        assert len(kept) == len(lines) - 1, key
        path.write_text("".join(kept), encoding="utf-8")

    return apply


def _vocabulary_row_twice(data: Path) -> None:
    path = data / "vocabularies.csv"
    body = path.read_text(encoding="utf-8")
    path.write_text(body + body.splitlines()[1] + "\n", encoding="utf-8")


#: Each case of the issue that validate passed and a later command crashed on, with the words
#: of the one-line refusal it now gets.
REFUSED = {
    "label with a stray }": (
        _label("headline_assessed", "en", lambda t: t + "}"),
        "column 'en': template: a stray '}' or '{'",
    ),
    "label with an unknown {field}": (
        _label("headline_assessed", "vi", lambda t: t + " {nosuch}"),
        "column 'vi': template: unknown field {nosuch} (this label may hold",
    ),
    "label with a format spec": (
        _label("plan_title", "en", lambda t: t.replace("{n}", "{n:d}")),
        "'{n:d}': a format spec",
    ),
    "label reaching into an attribute": (
        _label("plan_title", "en", lambda t: t.replace("{n}", "{n.__class__}")),
        "an attribute or index",
    ),
    "label of a key the code asks for removed": (
        _drop_label("headline_assessed"),
        "column 'key': missing: the reports ask for this label: 'headline_assessed'",
    ),
    "status rule with {nosuch}": (
        _replace("statuses.csv", "dưới {low}", "dưới {nosuch}"),
        "column 'rule_vi': template: unknown field {nosuch}",
    ),
    "status rule with a stray {": (
        _replace("statuses.csv", "below {low}", "below {low"),
        "column 'rule_en': template: a stray",
    ),
    "units template with a format spec": (
        _replace("units.csv", "{n} tỷ đồng", "{n:>5} tỷ đồng"),
        "must contain {n} and no other {field} ('{n:>5}': a format spec)",
    ),
    "period 2025-2019": (
        _replace("observations.csv", ",2019-2025,", ",2025-2019,"),
        "column 'period': ends before it starts: '2025-2019'",
    ),
    "vocabulary row twice": (_vocabulary_row_twice, "duplicate code of field 'kind'"),
    "statuses.csv without rule_en": (
        _replace("statuses.csv", "mark,rule_vi,rule_en", "mark,rule_vi,rule_xx"),
        "statuses.csv, column 'rule_en': missing required column",
    ),
    "vocabularies.csv without the unit codes": (
        lambda d: (d / "vocabularies.csv").write_text(
            "".join(
                line
                for line in (d / "vocabularies.csv").read_text(encoding="utf-8").splitlines(True)
                if not line.startswith("unit,")
            ),
            encoding="utf-8",
        ),
        "column 'field': no codes for this field (the tables need them): 'unit'",
    ),
    "published 2019-13-45T25:61": (
        _replace("sources.csv", "2019-07-11T12:01:00+07:00", "2019-13-45T25:61"),
        "column 'published'",
    ),
    "published 30 February": (
        _replace("sources.csv", "2019-07-11T12:01:00+07:00", "2019-02-30T12:01:00+07:00"),
        "column 'published': not a real date and time: '2019-02-30T12:01:00+07:00'",
    ),
    "published at offset +25:00": (
        _replace("sources.csv", "2019-07-11T12:01:00+07:00", "2019-07-11T12:01:00+25:00"),
        "column 'published': not a real date and time",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_crashed_later_is_refused_by_validate_in_one_line(data_copy, capsys, case):
    change, expected = REFUSED[case]
    change(data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert lines[-1] == "hpdata validate: 1 problem(s) found", lines
    assert str(data_copy) in lines[0]
    assert cli.main(["progress", "--data-dir", str(data_copy)]) in (0, 1, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") <= 1, err


def _analyses(data: Path) -> None:
    """Everything a page or a command derives from the data, in both languages."""
    for lang in ("vi", "en"):
        table = hpdata.progress(data, lang=lang)
        assert len(table)
        hpdata.history(data, lang=lang)
        for row in hpdata.changes(data, lang=lang).to_dict("records"):
            hpdata.change_text(row, lang, data)
        assert hpdata.headline(lang, data_dir=data)
        for scheme in ("status", "plan_status"):
            assert len(status_legend(scheme, lang, data))
            assert legend_note(scheme, lang, data)
        for row in table.to_dict("records"):
            hpdata.target_text(row, lang, data) if row.get("target_period") else None
            hpdata.plan_pace_text(row, lang, data)


def _refused_or_works(data: Path) -> str:
    try:
        validate(data)
    except DataError as error:
        assert all(str(data) in str(p) for p in error.problems), error
        return "refused"
    _analyses(data)
    return "works"


TRUNCATED = [
    "labels.csv",
    "statuses.csv",
    "units.csv",
    "vocabularies.csv",
    "method.toml",
    "dataset.toml",
    "limits.toml",
    "extract_lexicon.toml",
]


@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 0.75, 0.97])
@pytest.mark.parametrize("name", TRUNCATED)
def test_a_truncated_file_is_refused_or_harmless(data_copy, name, fraction):
    """A file cut short (a full disk, an interrupted copy): validate refuses it naming the file,
    or every analysis works on what is left."""
    path = data_copy / name
    body = path.read_bytes()
    path.write_bytes(body[: int(len(body) * fraction)])
    outcome = _refused_or_works(data_copy)
    if name in ("labels.csv", "statuses.csv", "units.csv", "vocabularies.csv"):
        assert outcome == "refused", name  # every row is needed


def test_a_bom_on_every_toml_file_is_harmless_for_the_index(data_copy, tmp_path):
    """The issue's case: a BOM in method.toml (BOMs are allowed) killed every render; the
    method page read the file without the BOM-tolerant reader."""
    from hpdata.report.indexpage import method_body

    for toml in data_copy.glob("*.toml"):
        toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    assert _refused_or_works(data_copy) == "works"
    for lang in ("vi", "en"):
        assert "<h2>" in method_body(lang, data_copy, "")
        assert hpdata.i18n.area_label(lang, data_copy) in ("Hải Phòng", "Hai Phong")


@pytest.mark.parametrize("how", ["missing", "a directory"])
def test_labels_missing_is_a_data_error_for_the_library(data_copy, how):
    """The issue's case: labels.csv missing or a directory gave history() a raw
    FileNotFoundError; the library now raises the DataError naming the file."""
    (data_copy / "labels.csv").unlink()
    if how == "a directory":
        (data_copy / "labels.csv").mkdir()
    for call in (hpdata.history, hpdata.progress, hpdata.changes):
        with pytest.raises(DataError, match=r"labels\.csv"):
            call(data_copy, lang="en")


#: The label keys the code builds from a prefix (``text(f"caveat_{key}")``), by that prefix.
_LITERAL = re.compile(r"""\btext\(\s*(f?)(["'])([a-z0-9_{}.'" ]+?)\2""")


def _asked_for() -> tuple[set[str], set[str]]:
    """The literal keys and the prefixes of built keys that ``text(...)`` is called with in
    hpdata/ and the notebooks."""
    literal, prefixes = set(), set()
    files = [*(ROOT / "hpdata").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]
    for file in files:
        body = file.read_text(encoding="utf-8").replace('\\"', '"')
        for f, _, key in _LITERAL.findall(body):
            if f:
                prefixes.add(key.split("{")[0])
            elif re.fullmatch(r"[a-z0-9_]+", key):
                literal.add(key)
    return literal, prefixes


def test_every_label_the_code_asks_for_is_in_labels_csv_in_both_languages():
    """Key completeness: each literal key of a ``text()`` call in hpdata/ and the notebooks is
    a row of data/labels.csv with both languages filled, and each built key's prefix
    (``caveat_``, ``verdict_``, ...) names at least one row."""
    with (ROOT / "data" / "labels.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["key"]: r for r in csv.DictReader(fh)}
    literal, prefixes = _asked_for()
    assert len(literal) > 100 and len(prefixes) > 5
    missing = sorted(k for k in literal if k not in rows)
    assert missing == []
    assert all(rows[k]["vi"].strip() and rows[k]["en"].strip() for k in literal)
    unbuilt = sorted(p for p in prefixes if p and not any(k.startswith(p) for k in rows))
    assert unbuilt == []


@pytest.mark.parametrize("key", ["headline_assessed", "period_quarter", "caveat_revised"])
def test_a_label_removed_is_refused_not_shown_as_its_key(data_copy, capsys, key):
    _drop_label(key)(data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    assert f"missing: the reports ask for this label: {key!r}" in capsys.readouterr().err


def test_the_status_rules_may_hold_exactly_the_fields_rule_values_fills():
    assert set(rule_values("en")) == set(RULE_FIELDS)


def test_headline_of_a_data_dir_uses_its_own_units(data_copy):
    """headline(data_dir) wrote percentages with the project's units.csv, not the data's."""
    _replace("units.csv", "percent,en,0,1,{n}%", "percent,en,0,1,{n} pct")(data_copy)
    assert validate(data_copy)
    assert "(18 pct)" in hpdata.headline("en", data_dir=data_copy)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("missing", "units.csv: file not found"),
        ("a directory", "units.csv: is a directory, not a file"),
        ("garbage", "units.csv, row 1"),
    ],
)
def test_headline_with_a_broken_units_csv_is_a_data_error(data_copy, how, message):
    path = data_copy / "units.csv"
    path.unlink()
    if how == "a directory":
        path.mkdir()
    elif how == "garbage":
        path.write_text("a,b\n1\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        hpdata.headline("en", data_dir=data_copy)


def test_an_edit_to_units_csv_is_seen_in_the_same_session(data_copy):
    first = hpdata.fmt(18.0, "percent", "en", data_dir=data_copy)
    _replace("units.csv", "percent,en,0,1,{n}%", "percent,en,0,1,{n} pct")(data_copy)
    assert (first, hpdata.fmt(18.0, "percent", "en", data_dir=data_copy)) == ("18%", "18 pct")


def test_areas_csv_with_20000_junk_rows_is_refused_in_linear_time(data_copy, capsys):
    """The attack's case: 20,000 junk rows appended to areas.csv made validate run for minutes
    (the set of ids was built again for every row)."""
    import time

    with (data_copy / "areas.csv").open("a", encoding="utf-8") as fh:
        fh.write("junk,row\n" * 20_000)
    start = time.perf_counter()
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    assert time.perf_counter() - start < 30
    assert "areas.csv" in capsys.readouterr().err
