"""``python -m hpdata.extract.evaluate``: score the extractor on an annotated corpus, per class.

The corpus is a folder of articles (``NAME.txt``, UTF-8, the publication date in the header)
each with its expected rows (``NAME.toml``: a ``[[row]]`` table per stated figure, naming the
``figure`` as written, its failure ``class`` and the expected ``indicator``, ``kind``,
``measure``, ``period`` and ``value``; ``nth`` picks a later occurrence of the same text; a row
with ``expect = "no_row"`` names a figure that must give no row at all, because the data cannot
hold its period: "8 tháng đầu năm", and then needs only ``figure`` and ``class``). The
default corpus is ``tests/extract_corpus`` of this project: test articles written for it in the
style of provincial reports (no third-party text).

Scoring, per class:

* a figure is **found** when an extracted row's quote covers the figure's first character (of
  several, the quote that ends nearest after it: a table's quotes all start at the row's name);
* it is **right** when that row has the expected indicator (empty for a figure about another
  place or a sub-item), kind, measure, period and value; otherwise it is a **wrong value**;
* a ``no_row`` figure is **right** when no row's quote covers it, else a wrong value;
* **recall** = right / expected;
* a **spurious** row is one with an indicator whose figure is not annotated at all.

Time: linear in the corpus size (one extraction per article, one look-up per expected row).
"""

from __future__ import annotations

import argparse
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError, ParameterError
from .extractor import extract, read_report

#: ``expect`` of a figure that must give no row.
NO_ROW = "no_row"
#: The fields a row must have right.
FIELDS = ("indicator", "kind", "measure", "period", "value")
#: The project's own corpus.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "extract_corpus"


@dataclass
class Score:
    """The counts of one class."""

    expected: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    spurious: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """right / expected (1.0 for a class with nothing expected)."""
        return self.right / self.expected if self.expected else 1.0


def _expected_rows(path: Path) -> list[dict]:
    try:
        rows = tomllib.loads(path.read_text(encoding="utf-8")).get("row", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ParameterError(f"{path}: {error}") from None
    for i, row in enumerate(rows, 1):
        needed = (
            ("figure", "class") if row.get("expect") == NO_ROW else ("figure", "class", *FIELDS)
        )
        missing = [k for k in needed if k not in row]
        if missing:
            raise ParameterError(f"{path}: row {i} lacks {', '.join(missing)}")
    return rows


def _position(text: str, figure: str, nth: int) -> int:
    at = -1
    for _ in range(nth):
        at = text.find(figure, at + 1)
        if at < 0:
            break
    return at


def _same(row: pd.Series, want: dict) -> list[str]:
    """The fields of ``row`` that differ from ``want``."""
    wrong = []
    for name in FIELDS:
        got, expected = row[name], want[name]
        if name == "value":
            if not math.isclose(float(got), float(expected), rel_tol=1e-9, abs_tol=1e-9):
                wrong.append(f"value {got!r} (expected {expected!r})")
        elif str(got) != str(expected):
            wrong.append(f"{name} {got!r} (expected {expected!r})")
    return wrong


def score_article(text_path: Path, scores: dict[str, Score]) -> None:
    """Extract one article and add its counts to ``scores`` (by class)."""
    try:
        text = read_report(text_path)
    except DataError as error:
        raise ParameterError(str(error)) from None
    rows = extract(text)
    spans = [
        (int(r.offset), int(r.offset) + len(r.quote), i) for i, r in enumerate(rows.itertuples())
    ]
    covered: set[int] = set()
    for want in _expected_rows(text_path.with_suffix(".toml")):
        score = scores.setdefault(str(want["class"]), Score())
        score.expected += 1
        at = _position(text, str(want["figure"]), int(want.get("nth", 1)))
        if at < 0:
            raise ParameterError(f"{text_path.name}: figure {want['figure']!r} is not in the text")
        hits = [i for start, end, i in spans if start <= at < end]
        covered.update(hits)
        label = f"{text_path.name}: {want['figure']!r}"
        if want.get("expect") == NO_ROW:
            score.right += 0 if hits else 1
            score.wrong += 1 if hits else 0
            if hits:
                score.problems.append(f"{label} gave a row (expected none)")
            continue
        if not hits:
            score.missed += 1
            score.problems.append(f"{label} not found")
            continue
        # of quotes that overlap (a table's rows all start at the row's indicator cell), the
        # one that ends nearest after the figure states it
        ends = {i: end for start, end, i in spans}
        got = rows.iloc[min(reversed(hits), key=lambda i: ends[i] - at)]
        wrong = _same(got, want)
        level = scores.setdefault(f"confidence {got['confidence']}", Score())
        level.expected += 1
        level.right += 0 if wrong else 1
        level.wrong += 1 if wrong else 0
        if wrong:
            score.wrong += 1
            score.problems.append(f"{label} " + "; ".join(wrong))
        else:
            score.right += 1
    for i, row in enumerate(rows.itertuples()):
        if i not in covered and row.indicator:
            score = scores.setdefault("spurious", Score())
            score.spurious += 1
            score.problems.append(f"{text_path.name}: spurious row {row.quote!r}")


def evaluate(corpus: Path = DEFAULT_CORPUS) -> dict[str, Score]:
    """Score every article of ``corpus``; returns the scores by class (see the module doc)."""
    articles = sorted(Path(corpus).glob("*.txt"))
    if not articles:
        raise ParameterError(f"--corpus {corpus}: no .txt articles there")
    scores: dict[str, Score] = {}
    for path in articles:
        score_article(path, scores)
    return scores


def classes(scores: dict[str, Score]) -> dict[str, Score]:
    """The failure classes (and spurious rows), without the confidence levels."""
    return {k: v for k, v in scores.items() if not k.startswith("confidence ")}


def calibration(scores: dict[str, Score]) -> dict[str, Score]:
    """Per confidence level (``high``, ``medium``, ``low``): the annotated figures whose row had
    that confidence (``expected``) and how many of those rows were right; precision is
    right / expected."""
    return {k.split()[1]: v for k, v in scores.items() if k.startswith("confidence ")}


def total(scores: dict[str, Score]) -> Score:
    """All classes added up."""
    out = Score()
    for s in classes(scores).values():
        out.expected += s.expected
        out.right += s.right
        out.wrong += s.wrong
        out.missed += s.missed
        out.spurious += s.spurious
    return out


def report(scores: dict[str, Score], verbose: bool = False) -> str:
    """The table :func:`main` prints: one line per class, then the total."""
    lines = [f"{'class':18s} {'expected':>8s} {'recall':>7s} {'wrong':>6s} {'missed':>6s} "
             f"{'spurious':>8s}"]  # fmt: skip
    for name, s in [*sorted(classes(scores).items()), ("total", total(scores))]:
        lines.append(
            f"{name:18s} {s.expected:8d} {s.recall:7.1%} {s.wrong:6d} {s.missed:6d} {s.spurious:8d}"
        )
        if verbose:
            lines += [f"    {p}" for p in s.problems]
    found = sum(s.expected for s in calibration(scores).values())
    lines.append(f"{'confidence':18s} {'rows':>8s} {'right':>7s} {'precision':>9s} {'share':>7s}")
    for level in ("high", "medium", "low"):
        s = calibration(scores).get(level, Score())
        share = s.expected / found if found else 0.0
        lines.append(f"{level:18s} {s.expected:8d} {s.right:7d} {s.recall:9.1%} {share:7.1%}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print recall, wrong values, missed and spurious rows per class; exit 0."""
    parser = argparse.ArgumentParser(prog="python -m hpdata.extract.evaluate")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="annotated folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every problem")
    args = parser.parse_args(argv)
    try:
        print(report(evaluate(args.corpus), args.verbose))
    except ParameterError as error:
        parser.exit(2, f"hpdata.extract.evaluate: {error}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
