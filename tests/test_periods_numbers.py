"""Period codes, and the scale words and ranges of numbers_in (number parsing itself is tested
with the extractor's grammar)."""

from __future__ import annotations

import pytest

from hpdata.errors import ParameterError
from hpdata.numbers import numbers_in, scale_of
from hpdata.periods import is_period, parse_period


@pytest.mark.parametrize(
    ("code", "start", "end", "key", "span", "part"),
    [
        ("2023-Q1", 2023.0, 2023.25, "Q1", False, True),
        ("2023-Q2", 2023.25, 2023.5, "H1", False, True),
        ("2023-H2", 2023.5, 2024.0, "FY", False, True),
        ("2023-9M", 2023.0, 2023.75, "9M", False, True),
        ("2025", 2025.0, 2026.0, "FY", False, False),
        ("2019-2025", 2019.0, 2026.0, "FY", True, False),
    ],
)
def test_parse_period(code, start, end, key, span, part):
    p = parse_period(code)
    assert (p.start, p.end, p.benchmark_key, p.is_span, p.is_part_of_year) == (
        start, end, key, span, part,
    )  # fmt: skip


def test_bad_periods():
    for bad in ["2023Q1", "2023-Q5", "23", "2025-2019", None]:
        with pytest.raises(ParameterError):
            parse_period(bad)
        assert not is_period(bad) or bad == "2025-2019"


def test_scales_and_ranges():
    assert scale_of("nghìn tỷ đồng") == 1e12
    assert scale_of("triệu tỷ") == 1e15
    assert scale_of("Tỉ USD") == 1e9
    assert numbers_in("180 – 190 nghìn tỷ đồng") == [1.8e14, 1.9e14]
    assert numbers_in("từ 2 đến 3 triệu lượt") == [2e6, 3e6]
    assert numbers_in("1-3 khu") == [1.0, 3.0]
    assert numbers_in("không có số") == []
