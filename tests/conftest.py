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
