"""The review step's pieces: rows with their sentence, the uncertain ones first; what is accepted;
the highlighted view and the review notebook run under papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from hpdata import paths
from hpdata.errors import ParameterError
from hpdata.extract import review
from hpdata.extract.extractor import COLUMNS

TEXT = (
    "Quý I/2024, thu ngân sách đạt 2.000 tỷ đồng, tăng 4%; trong đó chi ngân sách 900 tỷ đồng. "
    "Cả nước tăng 5,7%."
)


def test_rows_come_with_their_sentence_and_the_uncertain_first():
    rows = review.review_rows(TEXT, "2024-04-20")
    assert list(rows.columns) == [*COLUMNS, "sentence"]
    order = rows["confidence"].map(review.CONFIDENCE_ORDER).tolist()
    assert order == sorted(order)
    assert rows.iloc[-1]["sentence"].startswith("Quý I/2024")
    assert rows.iloc[1]["sentence"] == "Cả nước tăng 5,7%."


def test_accept_all_confident_nothing_or_edited_rows():
    rows = review.review_rows(TEXT, "2024-04-20")
    assert review.accepted(rows).empty
    everything = review.accepted(rows, "all")
    assert (everything["indicator"] != "").all() and len(everything) == 2
    confident = review.accepted(rows, "confident")
    assert set(confident["confidence"]) == {"high"}
    edited = rows.copy()
    edited.loc[edited["quote"].str.contains("900"), "indicator"] = "budget_revenue"
    assert len(review.accepted(rows, edited=edited)) == 3


def test_accept_refuses_an_unknown_choice_and_a_broken_edited_table():
    rows = review.review_rows(TEXT, "2024-04-20")
    with pytest.raises(ParameterError, match="--accept 'some'"):
        review.accepted(rows, "some")
    with pytest.raises(ParameterError, match="missing column"):
        review.accepted(rows, edited=pd.DataFrame({"indicator": ["grdp"]}))


def test_the_view_highlights_every_figure_next_to_its_row_and_escapes_text(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("08:00 20/04/2024\n<b>Tin</b>\n" + TEXT, encoding="utf-8")
    page = review.review_html(report)
    assert "&lt;b&gt;Tin&lt;/b&gt;" in page and "<b>Tin" not in page
    assert page.count("<mark") == 4 and page.count('<tr id="row-') == 4
    assert page.index('class="low"') < page.index('class="high"')


def test_default_report_and_published_parameter():
    assert review.report_path("") == paths.DEFAULT_DATA_DIR / review.DEFAULT_REPORT
    assert review.check_published("") is None
    assert review.check_published("2024-04-20") == "2024-04-20"
    with pytest.raises(ParameterError):
        review.check_published("20/04/2024")


@pytest.mark.slow
def test_the_review_notebook_runs_under_papermill(tmp_path: Path):
    import papermill

    report = tmp_path / "r.txt"
    report.write_text("08:00 20/04/2024\nTin\n" + TEXT, encoding="utf-8")
    out = tmp_path / "review.ipynb"
    papermill.execute_notebook(
        str(paths.PROJECT_ROOT / "notebooks" / "review.ipynb"),
        str(out),
        parameters={"file": str(report), "published": "2024-04-20"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    book = nbformat.read(out, as_version=4)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    markup = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert markup.count('<tr id="row-') == 4
