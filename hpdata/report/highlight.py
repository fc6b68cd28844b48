"""A text with quotes highlighted, each linked to its row (the source pages). Standard library
only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["Mark", "highlight_text"]


@dataclass(frozen=True)
class Mark:
    """A quote to highlight: its anchor ``id``, the ``href`` of its row, the ``tag`` written in the
    link (``[15]``) and a ``title`` shown on hover."""

    id: str
    quote: str
    href: str
    tag: str
    title: str = ""


def _spans(text_: str, marks: list[Mark]) -> list[tuple[int, int, Mark, int]]:
    """Every occurrence of every quote as (start, end, mark, occurrence number)."""
    spans = []
    for mark in marks:
        if not mark.quote:
            continue
        start = text_.find(mark.quote)
        n = 0
        while start >= 0:
            n += 1
            spans.append((start, start + len(mark.quote), mark, n))
            start = text_.find(mark.quote, start + 1)
    # Outer spans first at the same start, so nested quotes open inside their container.
    spans.sort(key=lambda s: (s[0], -s[1]))
    return spans


def highlight_text(text_: str, marks: list[Mark]) -> str:
    """HTML of ``text_`` with every occurrence of each quote in a ``<mark>`` linked to its row.

    Each mark's first occurrence gets ``id=mark.id`` (later ones ``<id>-2``, ``<id>-3``) and a
    superscript link to ``mark.href``. A quote inside another is nested inside it; a quote that
    overlaps another partly is cut at the other's end, so the HTML stays well formed. Everything
    else is HTML-escaped; line breaks are kept by ``white-space: pre-wrap``.
    """
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text_[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, mark, n in _spans(text_, marks):
        close_until(start)  # spans come sorted by start, so ``pos <= start`` here
        if stack and end > stack[-1]:  # partial overlap with the open mark: cut at its end
            end = stack[-1]
        out.append(html.escape(text_[pos:start]))
        pos = start
        anchor = mark.id if n == 1 else f"{mark.id}-{n}"
        out.append(
            f'<sup><a href="{html.escape(mark.href, quote=True)}" '
            f'title="{html.escape(mark.title, quote=True)}">[{html.escape(mark.tag)}]</a></sup>'
            f'<mark id="{html.escape(anchor, quote=True)}" '
            f'title="{html.escape(mark.title, quote=True)}">'
        )
        stack.append(end)
    close_until(len(text_))
    out.append(html.escape(text_[pos:]))
    body = "".join(out)
    return f'<div class="hpdata-source source-text" lang="vi">{body}</div>'
