"""Linear-time extraction: window queries answered from one pass, and the worst patterns read
right (the speed itself is measured by ``make bench``, never asserted here)."""

from __future__ import annotations

import re

import pytest

from hpdata.extract.bench import WORST, main, pattern_text
from hpdata.extract.extractor import extract
from hpdata.extract.matches import Matches


def test_matches_window_queries_agree_with_a_rescan():
    """On windows that start between words and end at a number (as a figure's window does), the
    index gives the first and last match that a rescan of the window gives."""
    text = "tăng 5% giảm 3% tăng trưởng 2% tăng 1%"
    pattern = re.compile(r"(?<!\w)(?:tăng trưởng|tăng|giảm)(?!\w)")
    index = Matches(pattern, text)
    starts = [0] + [m.end() for m in re.finditer(r"\W", text)]
    numbers = [m.start() for m in re.finditer(r"[0-9]", text)]
    for a in starts:
        for b in (b for b in numbers if b >= a):
            found = list(pattern.finditer(text, a, b))
            first, last = index.first(a, b), index.last(a, b)
            assert (first.start() if first else None) == (found[0].start() if found else None)
            assert (last.start() if last else None) == (found[-1].start() if found else None)


def test_long_sentence_without_full_stop_gives_every_figure():
    piece = WORST["one long sentence, many figures"]
    text = pattern_text(piece, 0.02)
    repeats = text.count(piece)
    rows = extract(text, published="2024-07-01", keep_repeats=True)
    assert len(rows) == 3 * repeats
    levels = rows[rows["measure"] == "level"]
    assert (levels["indicator"] == "budget_revenue").all()
    assert set(rows["measure"]) == {"level", "growth", "share_of_plan"}


def test_thresholds_not_reached_give_no_row_and_the_next_figure_its_own():
    text = pattern_text(WORST["thresholds not reached"], 0.01)
    rows = extract(text, published="2024-07-01", keep_repeats=True)
    assert len(rows) == text.count("GRDP tăng 7%")
    assert (rows["indicator"] == "grdp").all() and (rows["value"] == 7).all()


@pytest.mark.parametrize("argv", [["--sizes", "a,b"], ["--sizes", "0"], ["--megabytes", "-1"]])
def test_bench_refuses_bad_sizes(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "--" in capsys.readouterr().err.splitlines()[-1]
