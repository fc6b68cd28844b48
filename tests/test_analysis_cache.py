"""Derived tables are cached on the data's state: repeated calls agree, edits are seen at once,
and a caller's changes to what it got never reach the next caller."""

from __future__ import annotations

from pathlib import Path

import hpdata
from hpdata.analysis import tracker
from hpdata.load import data_state


def test_progress_returns_an_independent_copy(data_copy: Path) -> None:
    first = hpdata.progress(data_copy, lang="en")
    first.loc[:, "name"] = "changed"
    again = hpdata.progress(data_copy, lang="en")
    assert (again["name"] != "changed").all()


def test_progress_sees_an_edit_to_the_data(data_copy: Path, edit_csv) -> None:
    before = hpdata.progress(data_copy, lang="en").set_index(["indicator", "target_period"])
    assert float(before.loc[("grdp", "2019-2025"), "target_value"]) == 16.0

    def raise_target(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["indicator"] == "grdp" and row["kind"] == "target":
                row["value"] = "17"
        return rows

    edit_csv(data_copy / "observations.csv", raise_target)
    after = hpdata.progress(data_copy, lang="en").set_index(["indicator", "target_period"])
    assert float(after.loc[("grdp", "2019-2025"), "target_value"]) == 17.0


def test_history_sees_a_new_label(data_copy: Path, edit_csv) -> None:
    """A reader-facing word changed in labels.csv shows in the next history (its state is part
    of the key, not only the observations')."""
    status = str(tracker.history(data_copy, lang="en")["status"].iloc[0])

    def rename(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row.get("field") == "status" and row.get("code") == status:
                row["label_en"] = "Renamed status"
        return rows

    path = data_copy / "vocabularies.csv"
    edit_csv(path, rename)
    assert tracker.history(data_copy, lang="en")["status_label"].iloc[0] == "Renamed status"


def test_data_state_names_the_raw_sources(data_copy: Path) -> None:
    directory, state = data_state(data_copy)
    names = [name for name, *_ in state]
    assert directory == data_copy.resolve()
    assert "observations.csv" in names
    assert any(name.startswith("raw/") for name in names)
    assert not any(name.startswith(".") for name in names)


def test_a_label_edit_is_seen_without_a_restart(data_copy: Path) -> None:
    """An open session (JupyterLab) sees an edit of labels.csv at once."""
    from hpdata.i18n import text

    assert text("status", "en", data_copy) == "Status"
    path = data_copy / "labels.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [("status,Đánh giá,Verdict\n" if ln.startswith("status,") else ln) for ln in lines]
    path.write_text("".join(lines), encoding="utf-8")
    assert text("status", "en", data_copy) == "Verdict"
