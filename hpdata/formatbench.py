"""How fast each report format is read, for ``make bench`` (:func:`hpdata.bench.format_rows`):
the CPU seconds :func:`hpdata.documents.read_document` takes per MB of file, for the same text
written as plain text, as an HTML page (menu, ticker, related links and footer around the
article), as DOCX (python-docx) and as PDF (fpdf2, a dev dependency, with the DejaVu Sans font
that matplotlib ships: nothing is downloaded). The text is the project's own articles repeated
(:func:`hpdata.extract.bench.corpus`). Figures are printed, never asserted.
"""

from __future__ import annotations

import html
import io
import tempfile
import time
from pathlib import Path

from .documents import read_document

#: The boilerplate of the HTML sample: what a page saved from a browser carries.
_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bản tin</title>
<meta property="article:published_time" content="2026-07-05T09:30:00+07:00"></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/kt">Kinh tế</a></nav>
<div class="ticker">Tin nóng | Tin mới</div></header><main><article><h1>Bản tin</h1>
{body}</article><aside><h3>Tin liên quan</h3><a href="/x">Tin khác</a></aside></main>
<footer>Bản quyền</footer></body></html>"""


def _paragraphs(megabytes: float) -> list[str]:
    from .extract.bench import corpus

    lines = [line.strip() for line in corpus(megabytes).splitlines()]
    return [line for line in lines if line]


def samples(megabytes: float = 0.5, pdf_megabytes: float = 0.2) -> dict[str, bytes]:
    """``{format: file bytes}``: about ``megabytes`` of text in each format (the PDF, slow to
    make, ``pdf_megabytes``)."""
    paragraphs = _paragraphs(megabytes)
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return {
        "text": "\n".join(paragraphs).encode("utf-8"),
        "html": _PAGE.format(body=body).encode("utf-8"),
        "docx": _docx(paragraphs),
        "pdf": _pdf(_paragraphs(pdf_megabytes)),
    }


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(paragraphs: list[str]) -> bytes:
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=10)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 5, paragraph)
        pdf.ln(2)
    return bytes(pdf.output())


def reading_speed(raw: bytes, repeat: int = 3) -> tuple[float, int]:
    """CPU seconds per MB of file to read ``raw`` (the best of ``repeat`` readings, the
    readers' imports done before the clock starts) and the characters of text it gives."""
    with tempfile.TemporaryDirectory(prefix="hpdata-formats-") as tmp:
        file = Path(tmp) / "sample"
        file.write_bytes(raw)
        chars = len(read_document(file).text)
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            read_document(file)
            best = min(best, time.process_time() - start)
    return best / (len(raw) / 1_000_000), chars


def reading_rows(megabytes: float = 0.5, pdf_megabytes: float = 0.2) -> list[tuple[str, str, str]]:
    """One row per format: seconds per MB of file, with the file's size and the text's
    throughput (MB of derived text per second)."""
    rows = []
    for name, raw in samples(megabytes, pdf_megabytes).items():
        seconds, chars = reading_speed(raw)
        text_mb = chars / 1_000_000
        file_mb = len(raw) / 1_000_000
        rate = text_mb / (seconds * file_mb) if seconds else float("inf")
        rows.append(
            (
                f"reading {name} (hpdata.documents)",
                f"{seconds:.3f} s/MB",
                f"{file_mb:.2f} MB file, {rate:.1f} MB/s of text out, 1 core (CPU time)",
            )
        )
    return rows


def main() -> int:
    """Print the reading rows alone (``python -m hpdata.formatbench``)."""
    for label, value, note in reading_rows():
        print(f"{label:52s} {value:>12s}  {note}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
