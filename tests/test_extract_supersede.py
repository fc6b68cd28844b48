"""An estimate and the later official figure for the same key both fit in the dataset: the key
``(source_id, indicator, kind, measure, period)`` includes the source, so the second source is
not refused (which of the two analyses use is the progress module's decision)."""

from __future__ import annotations

import io
import shutil

from hpdata import paths
from hpdata.extract.ingest import ingest
from hpdata.load import observations
from hpdata.validation import validate


def test_estimate_then_official_figure_for_the_same_key_both_stored(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    estimate = tmp_path / "estimate.txt"
    estimate.write_text(
        "10:00 20/12/2024\nThu nội địa năm 2024\n\nNăm 2024, thu nội địa ước đạt 47.000 tỷ đồng.\n",
        encoding="utf-8",
    )
    official = tmp_path / "official.txt"
    official.write_text(
        "10:00 15/01/2025\nQuyết toán năm 2024\n\nNăm 2024, thu nội địa đạt 47.310 tỷ đồng.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    for path in (estimate, official):
        ingest(path, data_dir=data, area="hai-phong", accept="all", out=out, err=io.StringIO())
    validate(data)
    obs = observations(data)
    rows = obs[(obs["indicator"] == "domestic_revenue") & (obs["period"] == "2024")]
    assert sorted(rows["value"].tolist()) == [4.7e13, 4.731e13]
    assert rows["source_id"].nunique() == 2
    assert set(rows["kind"]) == {"result"}
