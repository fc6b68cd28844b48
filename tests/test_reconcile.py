"""The extractor against the curated rows, source by source."""

from __future__ import annotations

from hpdata.extract.reconcile import compare_with_curated, reconciliation_summary


def test_both_sources_match_the_curated_rows():
    summary = reconciliation_summary().set_index("source_id")
    assert summary.loc["hp-2019-07-11-nq45"].to_dict() == {
        "match": 12, "differs": 0, "only_curated": 0, "only_extracted": 0,
    }  # fmt: skip
    assert summary.loc["hp-2023-04-27-q1", "match"] == 22


def test_a_changed_curated_value_shows_as_differs(data_copy, edit_csv):
    def change(rows):
        rows[12]["value"] = "9.56"  # GRDP Q1 growth, stated 9,65 in the text
        rows[13].update(measure="share", comparison="")  # IIP growth relabelled: no pair
        return rows

    edit_csv(data_copy / "observations.csv", change)
    table = compare_with_curated("hp-2023-04-27-q1", data_copy)
    grdp = table[table.indicator == "grdp"].iloc[0]
    assert grdp.outcome == "differs" and grdp.fields == "value"
    assert (grdp.curated_value, grdp.extracted_value) == (9.56, 9.65)
    iip = table[table.indicator == "iip"].set_index("measure")
    assert iip.loc["share", "outcome"] == "only_curated"
    assert iip.loc["growth", "outcome"] == "only_extracted"


def test_reader_tables_in_both_languages():
    from hpdata.report import quality

    vi = quality.comparison_table(compare_with_curated("hp-2023-04-27-q1"), "vi")
    assert len(vi) == 22
    assert set(vi["Kết quả đối chiếu"]) == {"khớp"}
    assert "24,04 nghìn tỷ đồng" in set(vi["Giá trị trích xuất"])
    en = quality.summary_table(reconciliation_summary(), "en").set_index("Source")
    assert en.loc["Hai Phong City Electronic Portal, Jul 11, 2019", "match"] == 12
    assert en.loc["Hai Phong City Electronic Portal, Jul 11, 2019", "extracted only"] == 0


def test_the_extractor_and_the_reports_import_neither_way():
    """The reports word the comparison; the notebook computes it: no module of
    ``hpdata.report`` imports ``hpdata.extract``, nor the other way round."""
    import ast
    from pathlib import Path

    import hpdata

    root = Path(hpdata.__file__).parent
    for here, other in (("report", "extract"), ("extract", "report")):
        for path in (root / here).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    name = ("." * node.level) + (node.module or "")
                    assert other not in name.split("."), f"{path.name} imports {name}"
                elif isinstance(node, ast.Import):
                    assert not any(f"hpdata.{other}" in a.name for a in node.names), path.name
