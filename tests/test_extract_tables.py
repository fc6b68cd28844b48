"""Tables whose numbers carry no unit (issue 17, class 1): HTML and Word tables as the text
reads them (cells between "|" or tabs), each row a figure per value column, the unit from the
row's unit cell, its indicator cell or its column's header; made-up figures."""

from __future__ import annotations

from hpdata.extract.extractor import extract, extract_file
from hpdata.extract.tables import find_tables, roles

PIPES = """Kinh tế 9 tháng năm 2024 của tỉnh Quảng Trị
| Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2024 | Thực hiện 9 tháng | So KH (%) | So cùng kỳ (%) |
| Thu ngân sách nhà nước trên địa bàn | Tỷ đồng | 4.200 | 3.310 | 78,8 | 106,4 |
| Kim ngạch xuất khẩu | Triệu USD | 450 | 347 | 77,1 | 109,9 |
| Chỉ số sản xuất công nghiệp | % | | 107,3 | | |
| Số doanh nghiệp thành lập mới | Doanh nghiệp | 800 | 612 | 76,5 | 98 |
Các ngành đều tăng so với cùng kỳ.
"""


def keys(frame):
    return [
        (r.indicator, r.kind, r.measure, r.period, round(r.value, 6))
        for r in frame.itertuples()
        if r.indicator
    ]


def test_a_release_table_gives_a_row_per_value_column():
    got = keys(extract(PIPES, published="2024-10-04", area="quang-tri"))
    assert got == [
        ("budget_revenue", "target", "level", "2024", 4.2e12),
        ("budget_revenue", "result", "level", "2024-9M", 3.31e12),
        ("budget_revenue", "result", "share_of_plan", "2024-9M", 78.8),
        ("budget_revenue", "result", "share_of_prior", "2024-9M", 106.4),
        ("exports", "target", "level", "2024", 4.5e8),
        ("exports", "result", "level", "2024-9M", 3.47e8),
        ("exports", "result", "share_of_plan", "2024-9M", 77.1),
        ("exports", "result", "share_of_prior", "2024-9M", 109.9),
        ("iip", "result", "share_of_prior", "2024-9M", 107.3),
    ]


def test_each_quote_is_the_row_up_to_its_value():
    frame = extract(PIPES, published="2024-10-04", area="quang-tri")
    text = PIPES
    for row in frame.itertuples():
        assert text[row.offset : row.offset + len(row.quote)] == row.quote
    first = frame.iloc[1]
    assert first["quote"].startswith("Thu ngân sách") and first["quote"].endswith("3.310")
    assert first["confidence"] == "high"


def test_units_from_the_header_or_the_indicator_cell():
    text = (
        "Kết quả quý III/2025\n"
        "Chỉ tiêu\tQuý III/2025 (tỷ đồng)\tTăng/giảm (%)\n"
        "Tổng vốn đầu tư toàn xã hội\t8.640\t11,2\n"
        "Thu nội địa\t3.020\t-2,5\n"
        "Tăng trưởng GRDP (%)\t6,9\t\n"
    )
    got = keys(extract(text, published="2025-10-06", area="quang-tri"))
    assert got == [
        ("total_investment", "result", "level", "2025-Q3", 8.64e12),
        ("total_investment", "result", "growth", "2025-Q3", 11.2),
        ("domestic_revenue", "result", "level", "2025-Q3", 3.02e12),
        ("domestic_revenue", "result", "growth", "2025-Q3", -2.5),
        ("grdp", "result", "growth", "2025-Q3", 6.9),
    ]
    frame = extract(text, published="2025-10-06", area="quang-tri")
    level = frame[frame["measure"] == "level"]
    assert (level["confidence"] == "medium").all()  # the unit was not in the row


def test_a_row_with_no_unit_known_gives_no_row():
    text = "| Chỉ tiêu | 9 tháng |\n| Kim ngạch xuất khẩu | 347 |\n"
    assert extract(text, published="2024-10-04", area="quang-tri").empty


def test_a_table_without_an_indicator_column_is_not_read():
    header = find_tables("| Năm | Giá trị |\n| 2024 | 5 |\n").__next__()[0]
    assert roles(header, {"indicator": ["chỉ tiêu"]}) is None


def test_an_html_table_is_read_like_a_release(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>Kinh tế 9 tháng năm 2024</title></head><body>'
        "<article><h1>Kinh tế 9 tháng năm 2024</h1><p>Số liệu thống kê của tỉnh Quảng Trị trong"
        " 9 tháng năm 2024 cho thấy kinh tế tiếp tục tăng trưởng trên hầu hết các lĩnh vực.</p>"
        "<table><tr><td>Chỉ tiêu</td><td>Đơn vị tính</td><td>Thực hiện 9 tháng</td>"
        "<td>So với cùng kỳ (%)</td></tr><tr><td>Kim ngạch xuất khẩu</td><td>Triệu USD</td>"
        "<td>347</td><td>109,9</td></tr></table><p>Các ngành đều tăng so với cùng kỳ năm trước"
        " theo số liệu của cơ quan thống kê tỉnh.</p></article></body></html>",
        encoding="utf-8",
    )
    got = keys(extract_file(page, published="2024-10-04"))
    assert got == [
        ("exports", "result", "level", "2024-9M", 3.47e8),
        ("exports", "result", "share_of_prior", "2024-9M", 109.9),
    ]


def test_a_pdf_table_without_a_unit_column_is_read_by_its_header(tmp_path):
    from formats_docs import font
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(font()))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Quảng Trị, ngày 06 tháng 7 năm 2026")
    pdf.ln(2)
    pdf.multi_cell(0, 6, "Một số chỉ tiêu kinh tế của tỉnh Quảng Trị quý II năm 2026.")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=9)
    cells = [
        ["Chỉ tiêu", "Quý II/2026 (tỷ đồng)", "Tăng/giảm (%)"],
        ["Thu nội địa", "2.870", "5,6"],
        ["Tổng vốn đầu tư toàn xã hội", "7.410", "9,8"],
    ]
    with pdf.table(col_widths=(80, 50, 40), text_align="LEFT", first_row_as_headings=False) as t:
        for line in cells:
            row = t.row()
            for cell in line:
                row.cell(cell)
    path = tmp_path / "release.pdf"
    path.write_bytes(bytes(pdf.output()))
    got = keys(extract_file(path))
    assert got == [
        ("domestic_revenue", "result", "level", "2026-Q2", 2.87e12),
        ("domestic_revenue", "result", "growth", "2026-Q2", 5.6),
        ("total_investment", "result", "level", "2026-Q2", 7.41e12),
        ("total_investment", "result", "growth", "2026-Q2", 9.8),
    ]


def test_a_docx_table_without_a_unit_column_keeps_its_columns(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Một số chỉ tiêu kinh tế của tỉnh Quảng Trị quý II năm 2026.")
    cells = [
        ["Chỉ tiêu", "Quý II/2026 (tỷ đồng)", "Tăng/giảm (%)"],
        ["Thu nội địa", "", "5,6"],
        ["Tổng vốn đầu tư toàn xã hội", "7.410", "9,8"],
    ]
    table = document.add_table(rows=0, cols=3)
    for line in cells:
        row = table.add_row()
        for cell, value in zip(row.cells, line, strict=True):
            cell.text = value
    path = tmp_path / "release.docx"
    document.save(path)
    got = keys(extract_file(path, published="2026-07-06"))
    assert got == [
        ("domestic_revenue", "result", "growth", "2026-Q2", 5.6),
        ("total_investment", "result", "level", "2026-Q2", 7.41e12),
        ("total_investment", "result", "growth", "2026-Q2", 9.8),
    ]
