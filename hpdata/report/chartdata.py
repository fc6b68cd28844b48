"""What a chart draws, as a table: one row per mark and per reference line, with its panel, its
row, its series, its period, its figure and the words a pointer shows over it (its ``<title>``).

This is :attr:`hpdata.report.svg.Chart.data`: an analyst re-plots or checks a chart from it, and
a test can set every mark's title against its figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chartparts import BarPanel, Mark, TimePanel, mark_value

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The columns of :func:`chart_frame`.
DATA_COLUMNS = ["panel", "row", "series", "shape", "period", "value", "label"]


def _mark_row(panel: str, row: str, mark: Mark) -> dict[str, object]:
    return {
        "panel": panel,
        "row": row,
        "series": mark.series or mark.gid,
        "shape": mark.shape,
        "period": mark.period,
        "value": mark_value(mark),
        "label": mark.title,
    }


def chart_frame(panels: list[BarPanel | TimePanel]) -> pd.DataFrame:
    """Every mark of ``panels`` (top row first, lanes in order, then each panel's reference
    lines with ``shape`` ``reference``) as a row of :data:`DATA_COLUMNS`. The marks' titles are
    given by drawing the chart first (:meth:`~hpdata.report.svg.Chart.svg` does)."""
    import pandas as pd

    rows: list[dict[str, object]] = []
    for panel in panels:
        if isinstance(panel, BarPanel):
            for row in panel.rows:
                rows += [_mark_row(panel.title, row.label, m) for ln in row.lanes for m in ln.marks]
        else:
            rows += [_mark_row(panel.title, "", m) for m in panel.marks()]
        for ref in panel.refs:
            words = ref.label or panel.fmt(ref.value)
            rows.append({"panel": panel.title, "row": "", "series": ref.gid, "shape": "reference",
                         "period": "", "value": ref.value, "label": words})  # fmt: skip
    return pd.DataFrame(rows, columns=DATA_COLUMNS)
