"""One invented article written out as text, HTML saved from a browser, PDF and DOCX, and an
invented statistics release as a PDF table, for the format tests (hpdata.documents). Every name
and figure here is made up."""

from __future__ import annotations

import io
from pathlib import Path

TITLE = "Quảng Ninh: 6 tháng đầu năm 2026, thu ngân sách đạt 27.350 tỷ đồng"
PARAGRAPHS = [
    "Theo Sở Tài chính, 6 tháng đầu năm 2026, thu ngân sách nhà nước trên địa bàn tỉnh đạt "
    "27.350 tỷ đồng, tăng 8,4% so với cùng kỳ.",
    "Kim ngạch xuất khẩu 6 tháng đầu năm 2026 ước đạt 3,95 tỷ USD, tăng 11,2% so với cùng kỳ.",
    "Tổng lượt khách du lịch 6 tháng đầu năm 2026 đạt 9,8 triệu lượt, tăng 6,5%.",
]
PUBLISHED = "2026-07-05T09:30:00+07:00"
TEXT = "\n".join([TITLE, *PARAGRAPHS]) + "\n"

HTML = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} - Báo Vùng Mỏ Điện Tử</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Báo Vùng Mỏ Điện Tử">
<meta property="article:published_time" content="{PUBLISHED}">
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/kt">Kinh tế</a></li>
<li><a href="/xh">Xã hội</a></li><li><a href="/tt">Thể thao</a></li></ul></nav>
<div class="ticker"><marquee>Tin nóng: Giá thép tăng 3,1% so với tuần trước |
Sản lượng than tiêu thụ đạt 21 triệu tấn</marquee></div></header>
<main><article>
<h1>{TITLE}</h1>
<div class="meta">05/07/2026 09:30</div>
<div class="content">
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</div></article>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a1">Thu hút đầu tư FDI 5 tháng đạt 1,2 tỷ USD</a></li>
<li><a href="/a2">Lượng khách quốc tế tăng 40%</a></li></ul></aside>
</main>
<footer><p>Báo Vùng Mỏ Điện Tử. Giấy phép số 99/GP-BTTTT. Địa chỉ: 1 đường Bạch Đằng.</p>
<p>© 2026 Bản quyền thuộc về Báo Vùng Mỏ.</p></footer>
</body></html>
"""


def font() -> Path:
    """DejaVu Sans, shipped inside matplotlib (a pinned dependency): Vietnamese-capable, and
    on the machine already (never downloaded)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def _pdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(font()))
    return pdf


def article_pdf() -> bytes:
    """The article as a PDF with a text layer: the title in a larger font, then paragraphs."""
    pdf = _pdf()
    pdf.set_font("DejaVu", size=15)
    pdf.multi_cell(0, 8, TITLE)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=11)
    for paragraph in PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())


RELEASE_HEADER = ["Chỉ tiêu", "Đơn vị tính", "Thực hiện 6 tháng năm 2026", "So với cùng kỳ (%)"]
RELEASE_ROWS = [
    ["Kim ngạch xuất khẩu", "Triệu USD", "3.950", "111,2"],
    ["Tổng mức bán lẻ hàng hóa", "Tỷ đồng", "61.240", "109,3"],
    ["Khách du lịch", "Nghìn lượt", "9.800", "106,5"],
]
RELEASE_INTRO = "Báo cáo tình hình kinh tế - xã hội tỉnh Quảng Ninh 6 tháng đầu năm 2026."
RELEASE_DATED = "Quảng Ninh, ngày 20 tháng 7 năm 2026"


def release_pdf() -> bytes:
    """A statistics release: a heading, then a table of indicator, unit, value and the share
    of the same period a year earlier."""
    pdf = _pdf()
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, RELEASE_DATED)
    pdf.ln(2)
    pdf.multi_cell(0, 6, RELEASE_INTRO)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=9)
    widths = (70, 25, 50, 35)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=False) as table:
        for cells in [RELEASE_HEADER, *RELEASE_ROWS]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with a page and no text on it (what a scan without OCR looks like to a reader)."""
    pdf = _pdf()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def article_docx(dated: str = "") -> bytes:
    """The article as DOCX: the title as a heading (and in the core properties), then the
    paragraphs; ``dated``, a dated line ("Quảng Ninh, ngày ..."), goes first."""
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    if dated:
        document.add_paragraph(dated)
    document.add_heading(TITLE, level=1)
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def release_docx() -> bytes:
    """The release as DOCX: its intro, the release table, and a table that is not a release's
    (a list of contacts), read cell by cell."""
    import docx

    document = docx.Document()
    document.add_paragraph(RELEASE_DATED)
    document.add_paragraph(RELEASE_INTRO)
    table = document.add_table(rows=0, cols=len(RELEASE_HEADER))
    for cells in [RELEASE_HEADER, *RELEASE_ROWS]:
        row = table.add_row()
        for i, cell in enumerate(cells):
            row.cells[i].text = cell
    other = document.add_table(rows=1, cols=2)
    other.rows[0].cells[0].text = "Liên hệ"
    other.rows[0].cells[1].text = "Phòng Thống kê tổng hợp"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    """The article's title in a PDF encrypted with ``user_password`` (RC4: no extra library)."""
    from fpdf.enums import EncryptionMethod

    pdf = _pdf()
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, TITLE)
    pdf.set_encryption("owner", user_password, encryption_method=EncryptionMethod.RC4)
    return bytes(pdf.output())
