"""A report's head: its title, its first paragraph and the area it is about.

Rules (each a small function): the title is the first of the first ten lines with at least eight
words that does not end a sentence; the lead is the first line after the title with at least
twenty words; the report's own area is the province-level unit named most often in the title and
the lead (:func:`hpdata.areas.guess_area`).
"""

from __future__ import annotations

import os

from ..areas import guess_area

PathLike = str | os.PathLike[str] | None


def guess_title(text: str) -> str:
    """The report's title: the first of its first ten lines with at least eight words that does
    not end a sentence (portal names and dates are shorter; paragraphs end with a full stop).

    Examples
    --------
    >>> guess_title("Cổng thông tin\\n09:30 27/04/2023\\nHội nghị tổng kết công tác năm của tỉnh")
    'Hội nghị tổng kết công tác năm của tỉnh'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:10]
    for line in lines:
        if len(line.split()) >= 8 and not line.endswith((".", "…")):
            return line
    return lines[0] if lines else ""


def lead_paragraph(text: str, title: str | None = None) -> str:
    """The first paragraph after the title with at least twenty words ("" when there is none).

    >>> lead_paragraph("Tiêu đề của bài viết về kinh tế quý một\\n" + "chữ " * 25)[:8]
    'chữ chữ '
    """
    title = guess_title(text) if title is None else title
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    after = lines[lines.index(title) + 1 :] if title in lines else lines
    return next((line for line in after if len(line.split()) >= 20), "")


def own_area(text: str, title: str | None = None, data_dir: PathLike = None) -> str | None:
    """The area a report is about, from its title and lead; ``None`` when neither names one.

    >>> own_area("Quảng Ninh: kinh tế quý I tăng trưởng khá, thu ngân sách đạt cao\\n...")
    'quang-ninh'
    """
    title = guess_title(text) if title is None else title
    return guess_area(title, lead_paragraph(text, title), data_dir)
