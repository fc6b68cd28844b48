"""An indicator's derived figures, each with its formula in words and the numbers put in."""

from __future__ import annotations

import math

import pandas as pd

from ..i18n import check_lang, text
from ..load import method
from ..numberstyle import fmt, number, ratio
from ..params import check_indicator
from ..periods import parse_period, period_text
from .cells import (
    PathLike,
    thresholds_text,
)
from .markup import formula_html, html_table, is_missing

__all__ = ["derived_html", "derived_rows", "derived_table"]


def _pct(value: float, lang: str) -> str:
    return fmt(value, "percent", lang)


def _signed(value: float, lang: str) -> str:
    """A growth after ``1``: ``+ 9,65%`` or ``− 14,55%``."""
    return ("− " if value < 0 else "+ ") + _pct(abs(value), lang)


def derived_rows(row: pd.Series | dict, lang: str = "vi") -> list[dict[str, str]]:
    """The derived figures of one row of :func:`hpdata.progress`, each with its formula in words.

    Only the figures that could be computed are listed, with the numbers put into the formula
    (``Kết quả 2023-Q1 ÷ tỷ lệ kế hoạch năm: 8.132 tỷ đồng ÷ 19,13% = 42.509 tỷ đồng``).

    Returns
    -------
    list of dict
        Keys ``key`` (the PROGRESS_COLUMNS name), ``name``, ``value`` and ``formula``.
    """
    check_lang(lang)
    unit = str(row["unit"])
    period = str(row["result_period"])
    period_words = period_text(period, lang) if period else ""
    out: list[dict[str, str]] = []

    def add(key: str, value: str, formula_key: str, **parts: object) -> None:
        formula = text(formula_key, lang).format(value=value, **parts)
        out.append({"key": key, "name": text(key, lang), "value": value, "formula": formula})

    level = row["result_level"]

    def money(value: float) -> str:
        return fmt(value, unit, lang)

    if not is_missing(row["implied_annual_plan"]):
        add(
            "implied_annual_plan",
            money(row["implied_annual_plan"]),
            "formula_implied_annual_plan",
            period=period_words,
            level=money(level),
            share=_pct(row["result_share_of_plan"], lang),
        )
    if not is_missing(row["implied_prior_level"]):
        if not is_missing(row["result_growth"]):
            add(
                "implied_prior_level",
                money(row["implied_prior_level"]),
                "formula_prior_from_growth",
                level=money(level),
                growth=_signed(row["result_growth"], lang),
            )
        else:
            add(
                "implied_prior_level",
                money(row["implied_prior_level"]),
                "formula_prior_from_share",
                level=money(level),
                share=_pct(row["result_share_of_prior"], lang),
            )
    if is_missing(row["result_growth"]) and not is_missing(row["observed_growth"]):
        add(
            "observed_growth",
            _pct(row["observed_growth"], lang),
            "formula_growth_from_share",
            share=_pct(row["result_share_of_prior"], lang),
        )
    if not is_missing(row["pace"]):
        add(
            "pace",
            ratio(row["pace"], lang),
            "formula_pace",
            share=_pct(row["result_share_of_plan"], lang),
            benchmark=_pct(row["benchmark"], lang),
        )
    if not is_missing(row["naive_run_rate"]):
        factor = 1.0 / parse_period(period).years
        add(
            "naive_run_rate",
            money(row["naive_run_rate"]),
            "formula_naive_run_rate",
            period=period_words,
            level=money(level),
            factor=number(factor, lang, 2),
        )
    measure = row["target_measure"]
    if measure == "level" and not is_missing(row["annual_basis"]):
        kind = row["annual_basis_kind"] or "result"
        add("annual_basis", money(row["annual_basis"]), f"formula_basis_{kind}")
    if measure == "level" and not is_missing(row["target_annual"]):
        target = float(row["target_value"])
        if not math.isclose(float(row["target_annual"]), target):
            tperiod = parse_period(str(row["target_period"]))
            add(
                "target_annual",
                money(row["target_annual"]),
                "formula_target_annual",
                period=period_text(tperiod.code, lang),
                years=round(tperiod.years),
                target=money(target),
            )
    if not is_missing(row["years_left"]):
        add(
            "years_left",
            number(row["years_left"], lang, 0),
            "formula_years_left",
            target_year=parse_period(str(row["target_period"])).year,
            result_year=parse_period(period).year,
        )
    if not is_missing(row["required_growth"]):
        if measure == "growth":
            add(
                "required_growth",
                _pct(row["required_growth"], lang),
                "formula_required_growth_stated",
            )
        else:
            add(
                "required_growth",
                _pct(row["required_growth"], lang),
                "formula_required_growth_level",
                target=money(row["target_annual"]),
                basis=money(row["annual_basis"]),
                years=number(row["years_left"], lang, 0),
            )
    thresholds = thresholds_text(lang)
    status = str(row["status"])
    if status == "target_achieved":
        add("status", str(row["status_label"]), "formula_status_achieved")
    elif not is_missing(row["progress_ratio"]):
        add("progress_ratio", ratio(row["progress_ratio"], lang), "formula_progress_ratio",
            observed=_pct(row["observed_growth"], lang),
            required=_pct(row["required_growth"], lang))  # fmt: skip
        add("status", str(row["status_label"]), "formula_status",
            ratio=ratio(row["progress_ratio"], lang), thresholds=thresholds)  # fmt: skip
    if not is_missing(row["pace"]):
        pace_rule = {"on_pace": 1.0, "plan_met": 100.0, **method().get("plan_pace", {})}
        add("plan_status", str(row["plan_status_label"]), "formula_plan_status",
            pace=ratio(row["pace"], lang), on_pace=ratio(pace_rule["on_pace"], lang),
            plan_met=fmt(pace_rule["plan_met"], "percent", lang))  # fmt: skip
    return out


def derived_table(
    indicator: str,
    lang: str = "vi",
    progress: pd.DataFrame | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """One indicator's derived figures with their formulas in words (see :func:`derived_rows`).

    Columns (labelled in ``lang``): derived figure, value, formula. Empty (with those columns)
    when nothing can be derived, e.g. a target with no result.
    """
    check_lang(lang)
    check_indicator(indicator, data_dir)
    if progress is None:
        from ..analysis.progress import progress as compute_progress

        progress = compute_progress(data_dir, lang=lang)
    hit = progress[progress["indicator"] == indicator]
    rows = derived_rows(hit.iloc[0], lang) if len(hit) else []
    columns = ["derived_figure", "value", "formula"]
    table = pd.DataFrame(
        [[r["name"], r["value"], r["formula"]] for r in rows], columns=columns, dtype=object
    )
    return table.rename(columns={c: text(c, lang) for c in columns})


def derived_html(
    indicator: str,
    lang: str = "vi",
    progress: pd.DataFrame | None = None,
    data_dir: PathLike = None,
) -> str:
    """:func:`derived_table` as HTML, or a line saying there is nothing to derive; exponents set
    as superscripts (:func:`~hpdata.report.markup.formula_html`)."""
    table = derived_table(indicator, lang, progress, data_dir)
    column = text("formula", lang)
    table.index = [str(i) for i in range(len(table))]
    cells = {k: {column: formula_html(str(v))} for k, v in table[column].items()}
    return html_table(table, cells=cells, empty=text("no_derived", lang))
