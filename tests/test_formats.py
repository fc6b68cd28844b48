"""Report files told by their content and read as text (hpdata.documents): the same invented
article as text, HTML saved from a browser, PDF and DOCX gives the same rows; an HTML page's
metadata gives title, publication time and publisher; a PDF release table gives its rows; a
scanned, corrupt or unsupported file is one line and exit 2; an ingested PDF or HTML file is kept
as received and its quotes resolve in the text derived from it."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from formats_docs import (
    HTML,
    TEXT,
    TITLE,
    article_docx,
    article_pdf,
    encrypted_pdf,
    release_docx,
    release_pdf,
    scanned_pdf,
)

from hpdata import documents
from hpdata.bounds import Refused
from hpdata.cli import main
from hpdata.errors import DataError
from hpdata.extract.extractor import extract_file
from hpdata.load import observations, source_text

SAME = ["indicator", "kind", "measure", "period", "bound", "value", "unit", "quote"]
FILES = {
    "text": lambda: TEXT.encode("utf-8"),
    "html": lambda: HTML.encode("utf-8"),
    "pdf": article_pdf,
    "docx": article_docx,
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    out = {}
    for kind, make in FILES.items():
        out[kind] = folder / f"report-{kind}.bin"  # a name that says nothing: content decides
        out[kind].write_bytes(make())
    return out


def _rows(path: Path) -> list[tuple]:
    frame = extract_file(path, published="2026-07-05")
    return [tuple(r) for r in frame[SAME].itertuples(index=False)]


def test_the_same_article_in_four_formats_gives_the_same_rows(files):
    expected = _rows(files["text"])
    assert len(expected) >= 6
    assert {r[0] for r in expected} >= {"budget_revenue", "exports", "tourist_arrivals"}
    for kind in ("html", "pdf", "docx"):
        assert documents.read_document(files[kind]).format == kind
        assert _rows(files[kind]) == expected, kind


def test_the_html_page_loses_its_menu_ticker_related_links_and_footer(files):
    text = documents.read_document(files["html"]).text
    for boilerplate in ("Trang chủ", "Tin nóng", "Giá thép", "Tin liên quan", "FDI", "Giấy phép"):
        assert boilerplate not in text
    assert text.startswith(TITLE + "\n")
    assert text == TEXT.rstrip("\n")


def test_the_html_page_states_title_time_and_publisher(files):
    page = documents.read_document(files["html"])
    assert page.title == TITLE
    assert page.published == datetime(2026, 7, 5, 9, 30)
    assert page.publisher == "Báo Vùng Mỏ Điện Tử"
    frame = extract_file(files["html"])  # no date given: the page's own
    assert set(frame.period) == {"2026-H1"}
    assert set(frame.kind) == {"result"}


def test_pdf_and_docx_titles_come_from_the_document_information(files):
    assert documents.read_document(files["pdf"]).title == TITLE
    assert documents.read_document(files["docx"]).title == TITLE


def test_a_pdf_or_docx_states_its_date_in_its_dated_line(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(article_docx(dated="Quảng Ninh, ngày 05 tháng 7 năm 2026"))
    assert documents.read_document(path).published == datetime(2026, 7, 5)
    assert set(extract_file(path).period) == {"2026-H1"}
    undated = tmp_path / "undated.docx"
    undated.write_bytes(article_docx())
    assert documents.read_document(undated).published is None


def test_a_pdf_release_table_gives_one_row_per_value(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(release_pdf())
    assert documents.read_document(path).published == datetime(2026, 7, 20)
    frame = extract_file(path)  # dated by its own dated line
    got = {(r.indicator, r.measure, r.value) for r in frame.itertuples() if r.indicator}
    assert ("exports", "level", 3.95e9) in got
    assert ("exports", "share_of_prior", 111.2) in got
    assert ("tourist_arrivals", "level", 9.8e6) in got
    assert ("tourist_arrivals", "share_of_prior", 106.5) in got
    assert set(frame.period) == {"2026-H1"}


def test_a_docx_release_table_gives_the_same_rows_as_the_pdf(tmp_path):
    pdf, docx = tmp_path / "release.pdf", tmp_path / "release.docx"
    pdf.write_bytes(release_pdf())
    docx.write_bytes(release_docx())
    text = documents.read_document(docx).text
    assert text.endswith("Liên hệ | Phòng Thống kê tổng hợp")  # not a release: cell by cell
    columns = ["indicator", "kind", "measure", "period", "value", "quote"]
    rows = [extract_file(p)[columns].values.tolist() for p in (pdf, docx)]
    assert rows[0] == rows[1] and len(rows[0]) == 6


def test_release_lines_pair_each_value_with_its_share():
    header = ["Chỉ tiêu", "Đơn vị tính", "Tháng 6", "6 tháng", "So với cùng kỳ (%)"]
    lines = documents.release_lines(
        header, [["Khách du lịch", "Nghìn lượt", "1.700", "9.800", "106,5"]], documents.settings()
    )
    assert lines == [
        "Khách du lịch tháng 6 đạt 1.700 Nghìn lượt.",
        "Khách du lịch 6 tháng đạt 9.800 Nghìn lượt, bằng 106,5% so với cùng kỳ.",
    ]
    assert (
        documents.release_lines(["Năm", "Giá trị"], [["2026", "5"]], documents.settings()) is None
    )


def test_the_bench_rows_give_each_formats_reading_time_per_mb():
    from hpdata.bench import format_rows

    rows = format_rows(megabytes=0.01, pdf_megabytes=0.005)
    assert [r.label for r in rows] == [
        f"reading {kind} (hpdata.documents)" for kind in ("text", "html", "docx", "pdf")
    ]
    for row in rows:
        assert float(row.value.split()[0]) > 0 and row.value.endswith("s/MB")


def test_reading_is_the_same_every_time(files):
    for path in files.values():
        first = documents.read_document(path)
        assert documents.read_document(path).text == first.text
        assert (
            hashlib.sha256(first.raw).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
        )


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (scanned_pdf, "a scanned PDF with no text layer (1 page(s)): run OCR on it first"),
        (lambda: b"%PDF-1.7\n1 0 obj <<>> broken", "a damaged PDF"),
        (lambda: b"\x89PNG\r\n\x1a\n....", "a PNG image: a scan needs OCR first"),
        (lambda: _zip(["xl/workbook.xml"]), "an Excel workbook (xlsx)"),
        (lambda: _zip(["word/document.xml"]), "a damaged DOCX"),
        (lambda: _zip(["a.txt"]), "a zip archive: unpack it"),
        (lambda: b"PK\x03\x04 not really", "a damaged zip file"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Office file (.doc/.xls)"),
        (
            lambda: b"<!DOCTYPE html><html><body><script>go()</script></body></html>",
            "no article text",
        ),
    ],
)
def test_what_is_not_read_is_one_line_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "report.txt"  # the name says text: the content decides
    path.write_bytes(content())
    with pytest.raises(DataError, match=r"report\.txt"):
        documents.read_document(path)
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_an_encrypted_pdf_is_read_only_without_a_user_password(tmp_path):
    locked, open_ = tmp_path / "locked.pdf", tmp_path / "open.pdf"
    locked.write_bytes(encrypted_pdf("secret"))
    open_.write_bytes(encrypted_pdf(""))  # restrictions only: it opens without a password
    with pytest.raises(DataError, match="an encrypted PDF: save or print it again without"):
        documents.read_document(locked)
    assert documents.read_document(open_).text == TITLE


def test_sizes_are_checked_before_reading(tmp_path, data_copy):
    limits = data_copy / "limits.toml"
    text = limits.read_text(encoding="utf-8")
    limits.write_text(text.replace("document_bytes = 30_000_000", "document_bytes = 1000"))
    path = tmp_path / "report.pdf"
    path.write_bytes(article_pdf())
    with pytest.raises(Refused, match=r"\[files\] document_bytes"):
        documents.read_document(path, data_copy)
    small = tmp_path / "small.txt"
    small.write_text(TEXT, encoding="utf-8")  # text is held to article_bytes, not document_bytes
    assert documents.read_document(small, data_copy).format == "text"


def _sources(data: Path) -> list[dict]:
    with (data / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_an_ingested_file_is_kept_as_received_and_its_quotes_resolve(files, data_copy, kind):
    argv = ["ingest", str(files[kind]), "--accept", "all", "--area", "quang-ninh"]
    date = [] if kind == "html" else ["--date", "2026-07-05"]
    assert main([*argv, *date, "--data-dir", str(data_copy)]) == 0
    row = _sources(data_copy)[-1]
    kept = data_copy / row["file"]
    assert kept.suffix == {"html": ".html", "pdf": ".pdf"}[kind]
    assert kept.read_bytes() == files[kind].read_bytes()
    assert row["sha256"] == hashlib.sha256(kept.read_bytes()).hexdigest()
    assert row["title"] == TITLE
    if kind == "html":
        assert row["published"] == "2026-07-05T09:30:00+07:00"
        assert row["publisher"] == "Báo Vùng Mỏ Điện Tử"
    text = source_text(row["source_id"], data_copy)
    assert text == documents.read_document(kept).text
    mine = observations(data_copy)  # validates every quote against the derived text
    mine = mine[mine.source_id == row["source_id"]]
    assert len(mine) >= 6
    for quote in mine.quote:
        assert quote in text
    again = main([*argv, *date, "--data-dir", str(data_copy)])
    assert again == 2  # the same article is recognised by its text
