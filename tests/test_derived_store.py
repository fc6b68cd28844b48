"""Derived tables kept on disk between renders (issue 22 item 2, :mod:`hpdata.analysis.store`):
a table read back equals the one computed, a planted or broken file is recomputed, the key
follows the data, and a render primes each area's tables in the parent, area by area."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pandas as pd
import pytest
from areas_data import AREAS, build
from conftest import rewrite_csv

import hpdata
from hpdata.analysis import progress as progress_module
from hpdata.analysis import store
from hpdata.report import forked, plan


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "derived"
    monkeypatch.setenv(store.ENV, str(folder))
    progress_module._cached_progress.cache_clear()
    yield folder
    progress_module._cached_progress.cache_clear()


def test_a_table_read_back_equals_the_one_computed(data_copy: Path, store_dir: Path) -> None:
    computed = hpdata.progress(data_copy, lang="en")
    assert len(list(store_dir.glob("*.json"))) == 1
    progress_module._cached_progress.cache_clear()
    calls = []
    real = progress_module._progress
    progress_module._progress = lambda *a, **k: calls.append(a) or real(*a, **k)
    try:
        again = hpdata.progress(data_copy, lang="en")
    finally:
        progress_module._progress = real
    assert calls == []  # read back, not computed
    pd.testing.assert_frame_equal(again, computed)
    assert str(again["status"].dtype) == "category"


@pytest.mark.parametrize("planted", ["not json", '{"schema": {"fields": []}, "data": []}', "{"])
def test_a_planted_or_broken_table_is_recomputed(
    data_copy: Path, store_dir: Path, planted: str
) -> None:
    computed = hpdata.progress(data_copy, lang="vi")
    (path,) = store_dir.glob("*.json")
    path.write_text(planted, encoding="utf-8")
    progress_module._cached_progress.cache_clear()
    pd.testing.assert_frame_equal(hpdata.progress(data_copy, lang="vi"), computed)


def test_a_table_too_large_or_not_a_file_is_not_read(data_copy: Path, store_dir: Path) -> None:
    hpdata.progress(data_copy, lang="vi")
    (path,) = store_dir.glob("*.json")
    name = path.stem
    path.unlink()
    path.mkdir()
    assert store.load(name) is None
    path.rmdir()
    path.write_bytes(b" " * (store.MAX_BYTES + 1))
    assert store.load(name) is None


def test_the_key_follows_the_data_and_the_parameters(data_copy: Path) -> None:
    first = store.key("progress", data_copy, "vi", None, None)
    assert first == store.key("progress", data_copy, "vi", None, None)
    assert first != store.key("progress", data_copy, "en", None, None)

    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[0]["value"] = str(float(rows[0]["value"]) + 1)
        return rows

    rewrite_csv(data_copy / "observations.csv", change)
    assert store.key("progress", data_copy, "vi", None, None) != first
    (data_copy / ".hidden").write_text("x", encoding="utf-8")  # dot-files are not data
    assert store.key("progress", data_copy, "vi", None, None) == store.key(
        "progress", data_copy, "vi", None, None
    )


def test_without_a_store_nothing_is_written(data_copy: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(store.ENV, raising=False)
    progress_module._cached_progress.cache_clear()
    hpdata.progress(data_copy, lang="vi")
    assert store.folder() is None
    assert not list(tmp_path.rglob("*.json"))


def test_prune_removes_the_tables_not_used_since(data_copy: Path, store_dir: Path) -> None:
    import os
    import time

    hpdata.progress(data_copy, lang="vi")
    hpdata.progress(data_copy, lang="en")
    old, new = sorted(store_dir.glob("*.json"))
    os.utime(old, (time.time() - 100, time.time() - 100))
    assert store.prune(time.time() - 50) == 1
    assert [p.name for p in store_dir.glob("*.json")] == [new.name]


def test_the_pages_of_an_area_are_rendered_together_the_index_last(tmp_path: Path) -> None:
    data = build(tmp_path / "data")
    reports = [*plan.all_reports(data, ("vi", "en")), plan.INDEX]
    ordered = forked.by_area(reports)
    assert sorted(r.name for r in ordered) == sorted(r.name for r in reports)
    areas = [r.parameters.get("area") for r in ordered if r is not plan.INDEX]
    with_area = [a for a in areas if a]
    # each area's pages in one run, in order of first appearance
    runs = [a for i, a in enumerate(with_area) if i == 0 or with_area[i - 1] != a]
    assert runs == [a for a in AREAS if a in runs] and len(runs) == len(set(runs)) == 3
    assert areas.index(None) > len(with_area) - 1  # pages of no area after every area's
    assert ordered[-1] is plan.INDEX


def test_the_parent_primes_each_area_once(tmp_path: Path, monkeypatch) -> None:
    data = build(tmp_path / "data")
    made = plan.make_plan(data, out_dir=tmp_path / "out")
    engine = forked.ForkedEngine(made, 2)
    engine.method = "fork"
    primed = []
    monkeypatch.setattr(forked, "prime_area", lambda p, a, h=True: primed.append((a, h)) or 0.0)
    by_name = {r.name: r for r in made.reports}
    for name in ("indicator.grdp.quang-ninh.vi", "overview.quang-ninh.en", "compare.grdp.vi"):
        for area in engine._wanted([by_name[name]]):
            engine._prime(area)
    assert primed == [("quang-ninh", True), ("hai-phong", False), ("hai-duong", False)]
    # ahead of need: the areas not primed yet, one per call, each once; then nothing left
    engine.ahead = deque([("quang-ninh", False), ("hai-duong", True), ("hai-duong", True)])
    assert engine._prime_ahead() and primed[-1] == ("hai-duong", True)
    assert not engine._prime_ahead() and len(primed) == 4
    engine.method = "spawn"  # a spawned child inherits nothing: no priming
    assert engine._wanted([by_name["indicator.grdp.hai-duong.vi"]]) == []
