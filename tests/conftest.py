"""Shared fixtures: a private copy of the data directory for tests that change data."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import hpdata
from hpdata import paths

DATA = paths.DEFAULT_DATA_DIR


def figure_row(frame: pd.DataFrame, figure: str) -> dict:
    """The last extracted row whose quote holds ``figure`` (one must)."""
    hit = frame[frame["quote"].str.contains(figure, regex=False)]
    assert len(hit) >= 1, (figure, frame[["quote"]].to_string())
    return hit.iloc[-1].to_dict()


def row_key(row: dict) -> tuple:
    """What a rule decides about an extracted row: indicator, kind, measure, period, value."""
    return row["indicator"], row["kind"], row["measure"], row["period"], row["value"]


def replace_in(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    """A change for a data directory: in its file ``name``, the first ``count`` occurrences of
    ``old`` become ``new`` (``old`` must be there, so a test never passes on a change not made)."""

    def change(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return change


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data/ in a temporary directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def rewrite_csv(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    """Read a CSV file as dicts, let ``change`` edit the rows, and write it back."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edit_csv() -> Callable[[Path, Callable], None]:
    return rewrite_csv


@pytest.fixture(scope="session")
def progress_vi() -> pd.DataFrame:
    """The progress table of the project's data, in Vietnamese."""
    return hpdata.progress(lang="vi")


@pytest.fixture(scope="session")
def progress_en() -> pd.DataFrame:
    """The progress table of the project's data, in English."""
    return hpdata.progress(lang="en")


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The data directory a writing test (ingest, recovery) works on: a private copy of data/."""
    return data_copy


def data_files(directory: Path) -> dict[Path, bytes]:
    """Every file of a data directory by its path inside it, but the writers' lock file (an
    empty file, never data): two of these compare equal when nothing was written."""
    from hpdata import journal

    return {
        p.relative_to(directory): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file() and p.name != journal.LOCK_NAME
    }


@pytest.fixture
def data_snapshot() -> Callable[[Path], dict[Path, bytes]]:
    """:func:`data_files`, for a test that shows a command wrote nothing."""
    return data_files


@pytest.fixture
def write_report(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a report of the test's own (``text``) to ``tmp_path / name`` and return its path."""

    def write(text: str, name: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
