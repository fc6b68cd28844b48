"""Property tests: on random and mutated text the extractor never fails, and every quote is found
at its offset."""

from __future__ import annotations

import math
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpdata import paths
from hpdata.extract.extractor import COLUMNS, extract
from hpdata.load import read_text, vocabulary
from hpdata.periods import is_period

ARTICLES = [read_text(p) for p in sorted((paths.DEFAULT_DATA_DIR / "raw").glob("*.txt"))]
VOCAB = vocabulary()

#: Pieces of report language, numbers and punctuation to build random sentences from.
TOKENS = [
    "Quý I", "quý 2", "quý một", "6 tháng đầu năm", "9 tháng", "cả năm", "năm 2024", "đến năm 2030",
    "giai đoạn 2021 – 2025", "so với cùng kỳ", "năm trước", "kế hoạch", "dự toán", "bằng", "đạt",
    "tăng", "giảm", "tăng trưởng", "bình quân", "khoảng", "trên", "trên địa bàn", "tối thiểu", "là",
    "dưới", "ước đạt", "chưa", "không quá", "thu ngân sách", "GRDP", "xuất khẩu", "thu hút FDI",
    "khu", "tỷ trọng", "12", "9,65", "24.042", "1.500.000", "−3", "1-3", "180 – 190", "30 đến 35",
    "nghìn", "triệu", "tỷ", "tỉ", "đồng", "USD", "tấn", "lượt", "%", "%/năm", "11/07/2019", "12:01",
    ",", ";", ".", "…", "\n", "(", ")", "-", "–", "\u00a0", " ",
]  # fmt: skip


def check_rows(text: str) -> None:
    frame = extract(text, published="2024-06-30")
    assert list(frame.columns) == COLUMNS
    nfc = unicodedata.normalize("NFC", text)
    for row in frame.itertuples(index=False):
        assert row.quote
        assert nfc[row.offset : row.offset + len(row.quote)] == row.quote
        assert math.isfinite(row.value)
        assert row.bound in VOCAB["bound"]
        assert row.unit in VOCAB["unit"]
        assert row.measure in VOCAB["measure"]
        assert row.kind in VOCAB["kind"]
        assert row.period == "" or is_period(row.period)
        if row.bound == "range":
            assert row.high >= row.value
        else:
            assert math.isnan(row.high)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join))
def test_random_report_language_never_fails(text):
    check_rows(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_fails(text):
    check_rows(text)


@st.composite
def mutated_article(draw) -> str:
    text = draw(st.sampled_from(ARTICLES))
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 200)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "upper", "nfd"]))
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif action == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif action == "upper":
            text = text[:i] + text[i:j].upper() + text[j:]
        else:
            text = text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
    return text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_article())
def test_mutated_articles_never_fail(text):
    check_rows(text)


def test_quotes_of_nfc_input_are_substrings_of_the_input_itself():
    for text in ARTICLES:
        for row in extract(text).itertuples(index=False):
            assert text[row.offset : row.offset + len(row.quote)] == row.quote
