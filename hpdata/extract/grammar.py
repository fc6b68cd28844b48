"""The extractor's grammar: the word lists of ``data/extract_lexicon.toml`` compiled into patterns.

Each part is a small function with its rule in its docstring:

* :meth:`Grammar.figures` finds a number, a range ("180 – 190", "1-3", "30 đến 35") and the scale
  and unit after it; a number with no unit (a date, "Số 18", "15 nhiệm vụ") is not a figure.
* :meth:`Grammar.periods` finds the period phrases: horizons and years that govern what follows,
  spans ("giai đoạn 2021 – 2025") that hold for one clause, and comparison phrases
  ("so với cùng kỳ năm 2022") that are not periods at all.
* :meth:`Grammar.qualifier` reads the bound from the words right before a number.
* :func:`header_date` reads the publication date from a report's header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..lexicon import LEXICON, Lexicon, load_lexicon
from ..numbers import SCALE_EXPONENTS, fold_tones, parse_decimal

__all__ = ["LEXICON", "Grammar", "Lexicon", "grammar", "load_lexicon"]


#: A number: ``.`` or a no-break space groups thousands, ``,`` (or a lone ``.``) marks decimals.
#: Written with its first digit outside the alternation (``[0-9]{1,3}...|[0-9]+,...`` factored), so
#: a pattern that starts with it begins with a character set and the regex engine skips straight
#: to the next digit instead of trying the pattern at every position of the text.
_NUMBER_TAIL = (
    r"(?:[0-9]{0,2}(?:[.\u00a0\u202f][0-9]{3})+(?:,[0-9]+)?|[0-9]*,[0-9]+|[0-9]*\.[0-9]+|[0-9]*)"
)
NUMBER = rf"[0-9]{_NUMBER_TAIL}"
#: What may not stand right before a number (a letter, digit, mark, slash or colon: it is part of a
#: longer token such as a date or a code); a sign may, when this does not stand before the sign.
_NOT_BEFORE = r"[\w.,/:]"
_SIGNS = "-\u2212"
_BEFORE_SIGN = re.compile(r"[\w.,/:\-\u2212]")
_AFTER = r"(?![\w/:]|[.,][0-9])"
_SCALE = "|".join(sorted(SCALE_EXPONENTS, key=len, reverse=True))
SCALES = rf"(?:{_SCALE})(?!\w)(?:\s+(?:{_SCALE})(?!\w))*"
RANGE_SEPARATORS = r"[-–—]|đến(?!\w)"

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4}


def fold(text: str) -> str:
    """``text`` in lower case, character for character, so that a position in one is the same
    position in the other. Every pattern of the grammar is written in lower case and matched
    against the folded text (one ``str.lower`` per text, instead of case-insensitive matching at
    every position, which is several times slower); a quote is then cut from the original text.
    The few characters whose lower case is longer than one character (``İ``) are kept as they
    are.

    Examples
    --------
    >>> fold("Quý I/2024, GRDP tăng"), len(fold("İ")) == 1
    ('quý i/2024, grdp tăng', True)
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return fold_tones(low)


def _fold_words(value: object) -> object:
    """A lexicon entry with every word in lower case and its tone marks folded
    (:func:`hpdata.numbers.fold_tones`): strings, lists of them and dicts of either."""
    if isinstance(value, str):
        return fold_tones(value)
    if isinstance(value, list):
        return [_fold_words(v) for v in value]
    if isinstance(value, dict):
        return {_fold_words(k): _fold_words(v) for k, v in value.items()}
    return value


def folded_lexicon(lexicon: Lexicon) -> Lexicon:
    """``lexicon`` with every word tone-folded, so "hoá"/"hóa", "thuỷ"/"thủy" match alike."""
    from dataclasses import fields, replace

    return replace(
        lexicon, **{f.name: _fold_words(getattr(lexicon, f.name)) for f in fields(lexicon)}
    )


def _phrases(words: list[str]) -> str:
    """An alternation of phrases in lower case (see :func:`fold`), longest first, each space
    matching any whitespace."""
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def first_chars(phrases: list[str]) -> str:
    """A lookahead for the first letters of ``phrases`` in lower case (patterns are matched
    against the :func:`fold`-ed text): put before an alternation, it lets the regex engine
    reject most positions of a text with one test.

    Examples
    --------
    >>> first_chars(["tăng", "Giảm"])
    '(?=[gt])'
    """
    chars = {p.strip()[0].lower() for p in phrases if p.strip()}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" if chars else "(?!)"


def phrase_trie(phrases: list[str]) -> str:
    """An alternation of phrases (in lower case, see :func:`fold`) factored into a word trie,
    longest word first at each node.

    Matches what the plain alternation of :func:`_phrases` (longest phrase first) matches when
    followed by a word end, but tries each shared leading word once: a position of the text costs
    one test per distinct first word instead of one per phrase (the alias list is long).

    Examples
    --------
    >>> p = phrase_trie(["thu ngân sách", "thu nội địa", "thu"]); p
    '(?:thu(?:\\\\s+(?:ngân(?:\\\\s+(?:sách))|nội(?:\\\\s+(?:địa))))?)'
    >>> [m.group() for m in re.finditer(p, "thu  ngân sách, thu nội địa, thu khác")]
    ['thu  ngân sách', 'thu nội địa', 'thu']
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for word in phrase.lower().split():
            node = node.setdefault(word, {})
        if node is not root:
            node[""] = {}

    def build(node: dict) -> str:
        pieces = []
        for word in sorted((k for k in node if k), key=lambda w: (-len(w), w)):
            child = node[word]
            piece = re.escape(word)
            if any(child):
                piece += rf"(?:\s+{build(child)})" + ("?" if "" in child else "")
            pieces.append(piece)
        return "(?:" + "|".join(pieces) + ")"

    return build(root) if root else r"(?!)"


@dataclass(frozen=True)
class FigureMatch:
    """A number (or range) followed by its scale and unit, as found in the text."""

    start: int
    end: int
    number_start: int
    value: Decimal
    high: Decimal | None
    separator: str
    unit_word: str
    unit_start: int
    per_year: bool


@dataclass(frozen=True)
class PeriodEvent:
    """A period phrase: ``kind`` is ``context`` (governs what follows), ``span`` (one clause),
    or ``comparison`` (a base, not a period). ``code`` has ``????`` for a year not stated."""

    start: int
    end: int
    kind: str
    code: str
    horizon: bool


class Grammar:
    """The compiled patterns of a :class:`Lexicon`."""

    def __init__(self, lexicon: Lexicon):
        lx = folded_lexicon(lexicon)
        self.lexicon = lx
        self.units = {k.lower(): v for k, v in lx.units.items()}
        self.count_nouns = {w.lower() for w in lx.count_nouns}
        unit_words = _phrases([*lx.units, *lx.count_nouns])
        unit = rf"%(?:\s*/\s*năm(?!\w))?|(?:{unit_words})(?!\w)"
        self.figure_re = re.compile(
            rf"(?P<n1>[0-9](?<!{_NOT_BEFORE}[0-9]){_NUMBER_TAIL}){_AFTER}"
            rf"(?:\s*(?P<s1>{SCALES}))?(?:\s*(?P<u1>{unit}))?"
            rf"(?:\s*(?P<sep>{RANGE_SEPARATORS})\s*(?P<n2>{NUMBER}){_AFTER}"
            rf"(?:\s*(?P<s2>{SCALES}))?\s*(?P<u2>{unit}))?",
        )
        year = r"(?:19|20)[0-9]{2}(?![0-9])"
        comparisons = [
            w for k, v in lx.comparisons.items() if k.startswith(("same", "prior")) for w in v
        ]
        self._compile_periods(lx, year, comparisons)
        quals = {w: code for code, words in lx.qualifiers.items() for w in words}
        self.qualifier_codes = {w.lower(): c for w, c in quals.items()}
        self.qualifier_re = re.compile(
            rf"(?<!\w)(?P<q>{_phrases(list(quals))})\s+(?:(?:{_phrases(lx.fillers)})\s+)?$"
        )
        self.estimate_re = re.compile(
            rf"{first_chars(lx.estimates)}(?<!\w)(?:{_phrases(lx.estimates)})(?!\w)"
        )
        self.negation_re = re.compile(rf"(?<!\w)(?:{_phrases(lx.negations)})(?!\w)")
        growth = _phrases([*lx.growth_up, *lx.growth_down])
        not_growth = _phrases(lx.not_growth) or r"(?!)"
        starts = first_chars([*lx.growth_up, *lx.growth_down, *lx.not_growth])
        self.growth_re = re.compile(rf"{starts}(?<!\w)(?:(?:{not_growth})|(?P<g>{growth}))(?!\w)")
        self.growth_down = {w.lower() for w in lx.growth_down}
        self.growth_indicators = frozenset(lexicon.growth_indicators)
        not_target = _phrases(lx.not_targets) or r"(?!)"
        self.target_re = re.compile(
            rf"{first_chars([*lx.targets, *lx.not_targets])}(?<!\w)"
            rf"(?:(?:{not_target})|(?P<t>{_phrases(lx.targets)}))(?!\w)"
        )
        self.share_word_re = re.compile(rf"(?<!\w)(?:{_phrases(lx.share_words) or '(?!)'})(?!\w)")
        self._compile_plans(lx, year, comparisons)
        after = {w: code for code, words in lx.bounds_after.items() for w in words}
        self.bound_after_codes = {" ".join(w.lower().split()): c for w, c in after.items()}
        self.bound_after_re = re.compile(rf"\s*(?P<b>{_phrases(list(after)) or '(?!)'})(?!\w)")
        prior = _phrases(lx.prior_year) or r"(?!)"
        self.prior_year_re = re.compile(rf"\(\s*(?:{prior})(?!\w)[^()]{{0,40}}$")
        self._compile_places(lx)

    def _compile_periods(self, lx: Lexicon, year: str, comparisons: list[str]) -> None:
        """The period pattern (see :meth:`periods`) and the codes of the comparison phrases."""
        self.comparison_codes = {
            w.lower(): k
            for k, v in lx.comparisons.items()
            for w in v
            if k.startswith(("same", "prior"))
        }
        period_words = [
            *comparisons, *lx.spans, *lx.horizons, *lx.price_bases, "so", "kể", "từ",
            "quý", "ba", "sáu", "nửa", "chín", "cả", "tháng", "năm", "vào", "trong", "hai", "bốn",
            "bảy", "tám", "mười", "lũy", "tính", "cộng", "đến", "tới",
        ]  # fmt: skip
        # A period phrase starts with the first word of one of these, or with a count of months
        # ("8 tháng", "6T"): one lookahead rejects most positions of a text before the long
        # alternation is entered (a digit is a candidate only when "t" follows it).
        firsts = phrase_trie(sorted({w.split()[0].lower() for w in period_words if w.split()}))
        starts = rf"(?=(?:{firsts})(?!\w)|[0-9]{{1,2}}\s*t)"
        part = (
            r"quý\s+(?:iv|iii|ii|i|[1-4])|(?:[0-9]{1,2}|ba|sáu|chín)\s+tháng(?:\s+(?:đầu|cuối))?"
            r"(?:\s+năm)?|nửa\s+(?:đầu|cuối)\s+năm|tháng\s+[0-9]{1,2}"
        )
        months = r"0?[124578]|1[01]|hai|bốn|bảy|tám|mười\s+một|mười"
        self.period_re = re.compile(
            rf"(?<!\w){starts}(?:"
            rf"(?:từ\s+năm\s+(?P<fa>{year})\s*(?:[-–—]|đến)\s*(?:năm\s+)?(?P<fb>{year}))(?P<from>)"
            rf"|(?:(?:{_phrases(comparisons)})(?:\s+năm\s+(?:trước|{year}))?)(?P<cmp>)"
            rf"|(?:(?:so\s+với|so)\s+(?:cùng\s+kỳ\s+)?(?:{part})\s*(?:/\s*|của\s+)?"
            rf"(?:năm\s+)?(?:{year}|trước|ngoái))(?P<cmppart>)"
            rf"|(?:(?:so\s+với|so|kể\s+từ|từ)\s+(?:(?:ước\s+thực\s+hiện|cùng\s+kỳ|mức|thời\s+điểm"
            rf"|cuối|đầu)\s+)*(?:năm\s+)?{year})(?P<cmpyear>)"
            rf"|(?:(?:{_phrases(lx.price_bases) or '(?!)'})\s+(?:năm\s+)?{year})(?P<base>)"
            rf"|(?:(?:tính\s+|lũy\s+kế\s+)?(?:kể\s+)?từ\s+đầu\s+năm(?:\s+(?:{year}|nay))?"
            rf"(?:\s+(?:đến|tới)\s+nay)?)(?P<ytd>)"
            rf"|(?:(?:tính\s+)?(?:đến|tới)\s+(?P<tend>hết\s+)?(?:ngày\s+(?P<td>[0-9]{{1,2}})\s*/\s*"
            rf"(?P<tm>[0-9]{{1,2}})|tháng\s+(?P<tm2>[0-9]{{1,2}})(?![0-9]))(?:\s*(?:/|năm)\s*"
            rf"(?P<tdy>{year}))?)(?P<todate>)"
            rf"|(?:(?P<abbr>0?[1-9]|1[0-2])t(?:\s*/\s*(?P<ay>{year}))?(?![\w/]))(?P<abbrev>)"
            rf"|(?:(?:{_phrases(lx.spans)})\s+(?:từ\s+)?(?:năm\s+)?(?P<sa>{year})\s*"
            rf"(?:[-–—]|đến)\s*(?:năm\s+)?(?P<sb>{year}))(?P<span>)"
            rf"|(?:quý\s+(?P<q>iv|iii|ii|i|[1-4]|một|hai|ba|bốn|tư)(?!\w)"
            rf"(?:\s*(?:/|năm)\s*(?P<qy>{year}))?)(?P<quarter>)"
            rf"|(?:(?:0?3|ba)\s+tháng\s+(?P<fq>đầu|cuối)\s+năm(?:\s+(?:năm\s+)?(?P<fqy>{year})"
            rf"|\s+nay(?!\w))?)(?P<first>)"
            rf"|(?:(?:(?:0?6|sáu)\s+tháng(?:\s+(?P<h>đầu|cuối)\s+năm)?|nửa\s+(?P<h2>đầu|cuối)"
            rf"\s+năm)(?:\s+(?:năm\s+)?(?P<hy>{year})|\s+nay(?!\w))?)(?P<half>)"
            rf"|(?:(?:0?9|chín)\s+tháng(?:\s+đầu\s+năm)?(?:\s+(?:năm\s+)?(?P<ny>{year})"
            rf"|\s+năm\s+nay(?!\w))?)(?P<nine>)"
            rf"|(?:(?:12|mười\s+hai)\s+tháng(?:\s+(?:năm\s+)?(?P<twy>{year}))?)(?P<twelve>)"
            rf"|(?:(?P<mpre>lũy\s+kế\s+|tính\s+chung\s+|cộng\s+dồn\s+)?(?P<nm>{months})\s+tháng"
            rf"(?![0-9])(?P<mtail>\s+đầu\s+năm(?:\s+nay)?|\s+qua|\s+năm\s+nay|(?=\s*,))?"
            rf"(?:\s*(?:/\s*|năm\s+)?(?P<nmy>{year}))?)(?P<months>)"
            rf"|(?:cả\s+năm(?:\s+(?P<fy>{year})|\s+nay(?!\w))?)(?P<full>)"
            rf"|(?:(?<![0-9]\s)tháng\s+(?P<mo>1[0-2]|0?[1-9])(?![0-9])"
            rf"(?:\s*(?:/|năm)\s*(?P<moy>{year}))?)(?P<month>)"
            r"|(?:năm\s+nay(?!\w))(?P<this>)"
            rf"|(?:(?:{_phrases(lx.horizons)})\s+(?P<hzy>{year}))(?P<horizon>)"
            rf"|(?:(?:vào\s+|trong\s+)?năm\s+(?P<y>{year}))(?P<year>)"
            r")",
        )

    def _compile_plans(self, lx: Lexicon, year: str, comparisons: list[str]) -> None:
        """The patterns of plans ("X% kế hoạch", "vượt dự toán X%", plans in brackets) and of
        the comparisons, averages and connectives around a figure."""
        self.plan_re = re.compile(
            rf"\s*(?:so\s+với\s+|so\s+|của\s+)?(?:{_phrases(lx.plans)})(?!\w)"
            rf"(?:\s+năm(?!\w)(?:\s+{year})?)?",
        )
        self.comparison_after_re = re.compile(
            rf"\s*(?P<c>{_phrases(comparisons)})(?!\w)(?:\s+năm\s+(?:trước|{year}))?"
        )
        averages = lx.comparisons.get("annual_average", [])
        self.average_re = re.compile(
            rf"{first_chars(averages)}(?<!\w)(?:{_phrases(averages) or '(?!)'})(?!\w)"
        )
        self.per_year_re = re.compile(
            rf"\s*(?:{_phrases(lx.comparisons.get('per_year', []))})(?!\w)"
        )
        self.connective_re = re.compile(
            rf"(?:[\s,;:.…()\-–—*]+|(?:{_phrases(lx.connectives)})(?!\w))+"
        )
        excess = _phrases(lx.plan_excess) or r"(?!)"
        self.excess_re = re.compile(rf"(?<!\w)(?:{excess})\s+$")
        # "vượt dự toán (năm) 12%": the plan word before the percent.
        self.excess_before_re = re.compile(
            rf"(?<!\w)(?:{excess})\s+(?:{_phrases(lx.plans)})(?:\s+năm(?:\s+{year})?)?"
            rf"(?:\s+(?:đề\s+ra|được\s+giao|giao))?\s+$"
        )
        # "Thu ngân sách kế hoạch năm 2024 đạt 40.000 tỷ đồng": the annual plan right before the
        # figure (the end of a window), unless a result word stands before the plan word.
        before = _phrases(lx.plans_before) or r"(?!)"
        not_before = _phrases(lx.plan_not_before) or r"(?!)"
        self.plan_before_re = re.compile(
            rf"(?<!\w)(?:{before})\s+(?:cả\s+)?năm(?:\s+{year})?"
            rf"(?:\s+(?:được\s+giao|giao|đề\s+ra))?\s*:?\s*(?:(?:{_phrases(lx.fillers)})\s+)?$"
        )
        self.not_before_re = re.compile(rf"(?<!\w)(?:{not_before})\s+$")
        self.forecast_words = frozenset(" ".join(w.split()) for w in lx.forecasts)
        inside = _phrases(lx.plan_inside_brackets) or r"(?!)"
        self.bracket_inside_re = re.compile(
            rf"\(\s*(?:{inside})(?!\w)(?P<year>(?:\s+(?:cả\s+)?năm(?:\s+{year})?)?)"
            rf"(?:\s+[^\W\d]+){{0,2}}\s*:?\s*(?:(?:{_phrases(lx.fillers)})\s+)?$"
        )
        brackets = _phrases(lx.plan_brackets) or r"(?!)"
        self.bracket_re = re.compile(
            rf"(?<!\w)(?:{brackets})(?:\s+[^\W\d]+){{0,2}}\s*\(\s*(?:{_phrases(lx.fillers)})?\s*$",
        )

    def _compile_places(self, lx: Lexicon) -> None:
        """The patterns of sub-items, other places and clause and sentence ends."""
        self.place_re = re.compile(rf"(?:{_phrases(lx.places)})(?!\w)")
        not_sub = phrase_trie(lx.not_sub_items) if lx.not_sub_items else "(?!)"
        self.sub_item_re = re.compile(
            rf"{first_chars([*lx.sub_items, *lx.not_sub_items])}(?<!\w)"
            rf"(?:{not_sub}(?!\w)|(?P<s>{phrase_trie(lx.sub_items)}))(?!\w)"
        )
        self.sectors = frozenset(" ".join(w.split()) for w in lx.sectors)
        self.own_measures = frozenset(" ".join(w.split()) for w in lx.own_measures)
        self.own_measure_of = frozenset(lx.own_measure_of)
        scopes = phrase_trie(lx.sub_scopes) if lx.sub_scopes else "(?!)"
        self.sub_scope_re = re.compile(rf"(?<!\w){first_chars(lx.sub_scopes)}{scopes}(?!\w)")
        # "đứng thứ 5 cả nước", "dẫn đầu toàn quốc": a rank word up to three words before
        # a place (the end of a window of text before the place).
        ranks = _phrases(lx.ranks) or "(?!)"
        self.rank_re = re.compile(rf"(?<!\w)(?:{ranks})(?!\w)(?:[\s/]+[\w./]+){{0,3}}[\s/]*$")
        prices = [*lx.price_current, *lx.price_constant]
        self.price_re = re.compile(
            rf"{first_chars(prices)}(?<!\w)(?:(?P<cur>{_phrases(lx.price_current) or '(?!)'})"
            rf"|{_phrases(lx.price_constant) or '(?!)'})(?!\w)"
        )
        places = phrase_trie(lx.other_places) if lx.other_places else "(?!)"
        self.other_place_re = re.compile(rf"{first_chars(lx.other_places)}(?<!\w){places}(?!\w)")
        self.place_after_re = re.compile(rf"\s*(?:của\s+|tại\s+|ở\s+)?{places}(?!\w)")
        # A clause ends at ";", a line break, "…", or ".!?" before a space or the end; a sentence
        # likewise but not at ";". Each pattern starts with a character set, so the engine jumps
        # from one candidate character to the next.
        self.clause_re = re.compile(r"[;\n….!?](?:(?<=[;\n…])|(?=\s|$))")
        self.sentence_re = re.compile(r"[\n….!?](?:(?<=[\n…])|(?=\s|$))")

    # -- figures -----------------------------------------------------------------------------

    def _numbers(self, low: str) -> Iterator[tuple[re.Match[str], int]]:
        """Every match of :attr:`figure_re` in the folded text, with where its figure starts: at
        the sign ("-3%", "−3%") when one stands right before the number, not itself after a
        letter, digit, mark or sign ("5-3%" is no figure at 3). The pattern starts with a digit
        (so the engine jumps from digit to digit); the sign is read here."""
        pos, search, before = 0, self.figure_re.search, _BEFORE_SIGN.match
        while (m := search(low, pos)) is not None:
            start = m.start()
            if start > 0 and low[start - 1] in _SIGNS:
                if start > 1 and before(low, start - 2):
                    pos = start + 1
                    continue
                start -= 1
            pos = m.end()
            yield m, start

    def figures(self, text: str, folded: bool = False) -> Iterator[FigureMatch]:
        """Yield every :class:`FigureMatch` of ``text``: a number followed by a unit. (``folded``:
        ``text`` is already :func:`fold`-ed, as :mod:`~hpdata.extract.extractor` passes it.)

        Rules: scale words (nghìn, ngàn, triệu, tỷ, tỉ) multiply and compound ("nghìn tỷ" is
        10**12); a range's separator is a hyphen, an en or em dash or "đến", and its scale and
        unit may follow only the second number; a number without a unit word, ``%`` or a count
        noun after it is skipped, as is one touching ``/`` or ``:`` (dates, times).

        Examples
        --------
        >>> [f] = default_grammar().figures("đạt 180 – 190 nghìn tỷ đồng")
        >>> float(f.value), float(f.high), f.unit_word
        (180000000000000.0, 190000000000000.0, 'đồng')
        """
        for m, start in self._numbers(text if folded else fold(text)):
            unit = m["u2"] if m["n2"] else m["u1"]
            if not unit:
                continue
            s1 = m["s1"] or ""
            s2 = m["s2"] or ""
            low = _scaled(m["n1"], s1 or (s2 if m["n2"] and not m["u1"] else ""))
            if start < m.start():
                low = -low
            high = _scaled(m["n2"], s2) if m["n2"] else None
            if high is not None and high < low:  # "50 – 40": a range is low to high
                low, high = high, low
            ustart = m.start("u2") if m["n2"] else m.start("u1")
            yield FigureMatch(
                start=start,
                end=m.end(),
                number_start=m.start("n1"),
                value=low,
                high=high,
                separator=m["sep"] or "",
                unit_word=unit,
                unit_start=ustart,
                per_year=unit.startswith("%") and "/" in unit,
            )

    def unit_code(self, unit_word: str) -> str:
        """The unit code of a unit word: ``%`` is percent, a count noun is count.

        Examples
        --------
        >>> g = default_grammar(); g.unit_code("%/năm"), g.unit_code("tấn"), g.unit_code("khu")
        ('percent', 't', 'count')
        """
        if unit_word.startswith("%"):
            return "percent"
        key = " ".join(unit_word.lower().split())
        return self.units.get(key, "count")

    # -- periods -----------------------------------------------------------------------------

    def periods(self, text: str, folded: bool = False) -> list[PeriodEvent]:
        """Every period phrase of ``text`` in order (``folded``: as in :meth:`figures`).

        Rules: "quý 1 / quý I / quý một" and "3 (ba) tháng đầu năm" are a quarter, "6 (sáu) tháng
        (đầu năm)" and "nửa đầu năm" the first half, "9 tháng" nine months, "tháng 3" (not a date's
        "ngày 5 tháng 3") a month (``YYYY-M03``), "cả năm", "năm nay" and "năm YYYY" a year, each
        governing the figures that follow until another is stated; a horizon ("đến năm 2025") does the same and marks targets; a span
        ("giai đoạn 2019 – 2025") holds for its clause only; "so với cùng kỳ năm 2022" is a
        comparison, not a period. A period with no year has ``????`` for it.

        Examples
        --------
        >>> [(e.kind, e.code) for e in default_grammar().periods("Quý I, giai đoạn 2021-2025")]
        [('context', '????-Q1'), ('span', '2021-2025')]
        """
        found = (_event(m) for m in self.period_re.finditer(text if folded else fold(text)))
        return [e for e in found if e is not None]

    def qualifier(
        self, text: str, end: int, start: int, folded: bool = False
    ) -> tuple[str, int] | None:
        """The bound set by the words right before ``end`` (not before ``start``), and where it
        starts (``folded``: as in :meth:`figures`): "khoảng", "gần" approx; "trên", "hơn", "vượt" over; "tối thiểu", "ít nhất" min;
        "tối đa", "dưới" max; a filler ("là", "đạt") may stand between. A place phrase ("trên
        địa bàn") is never a qualifier.

        Examples
        --------
        >>> g = default_grammar(); t = "tối thiểu là 16%"; g.qualifier(t, t.index("16"), 0)
        ('min', 0)
        """
        tail_start = max(start, end - 40)
        text = text if folded else fold(text)
        m = self.qualifier_re.search(text, tail_start, end)
        if m is None or self.place_re.match(text, m.start("q")):
            return None
        return self.qualifier_codes[" ".join(m["q"].lower().split())], m.start("q")


def _scaled(number: str, scale: str) -> Decimal:
    exponent = sum(SCALE_EXPONENTS[w.lower()] for w in scale.split())
    return parse_decimal(number).scaleb(exponent)


def _event(m: re.Match[str]) -> PeriodEvent | None:
    """The :class:`PeriodEvent` of a match of ``period_re``. Each alternative of the pattern ends
    with an empty group named after its kind, so the last group matched (``lastgroup``) says
    which alternative matched (no alternative starts with a group: the engine can then reject
    an alternative on its first letter without entering it)."""
    start, end, kind = m.start(), m.end(), m.lastgroup
    if kind in ("cmp", "cmpyear", "cmppart"):
        year = _YEAR.search(m.group())
        return PeriodEvent(start, end, "comparison", year.group() if year else "", False)
    if kind in ("ytd", "todate", "twelve", "months"):
        return _months_event(m)
    if kind == "base":
        return PeriodEvent(start, end, "base", "", False)
    if kind == "from":
        return PeriodEvent(start, end, "span", f"{m['fa']}-{m['fb']}", False)
    if kind == "abbrev":
        code = _cumulative(int(m["abbr"]), m["ay"] or "????")
        return PeriodEvent(start, end, "context", code, False)
    if kind == "span":
        return PeriodEvent(start, end, "span", f"{m['sa']}-{m['sb']}", False)
    if kind == "quarter":
        q = m["q"].lower()
        number = int(q) if q.isdigit() else _QUARTERS[q]
        return PeriodEvent(start, end, "context", f"{m['qy'] or '????'}-Q{number}", False)
    if kind == "first":
        quarter = "Q4" if m["fq"].lower() == "cuối" else "Q1"
        return PeriodEvent(start, end, "context", f"{m['fqy'] or '????'}-{quarter}", False)
    if kind == "half":
        which = (m["h"] or m["h2"] or "đầu").lower()
        half = 1 if which == "đầu" else 2
        return PeriodEvent(start, end, "context", f"{m['hy'] or '????'}-H{half}", False)
    if kind == "month":
        month = int(m["mo"])
        return PeriodEvent(start, end, "context", f"{m['moy'] or '????'}-M{month:02d}", False)
    if kind == "this":
        return PeriodEvent(start, end, "context", "????", False)
    if kind == "nine":
        return PeriodEvent(start, end, "context", f"{m['ny'] or '????'}-9M", False)
    if kind == "full":
        return PeriodEvent(start, end, "context", m["fy"] or "????", False)
    if kind == "horizon":
        return PeriodEvent(start, end, "context", m["hzy"], True)
    return PeriodEvent(start, end, "context", m["y"], False)


_YEAR = re.compile(r"(?:19|20)[0-9]{2}(?![0-9])")
_MONTH_WORDS = {"hai": 2, "bốn": 4, "bảy": 7, "tám": 8, "mười": 10, "mười một": 11, "mười hai": 12}
#: The period of the first N months of a year, when the period codes hold it.
_CUMULATIVE = {3: "Q1", 6: "H1", 9: "9M"}
#: The code of "from the start of the year to now": dated by the publication date, see
#: :meth:`hpdata.extract.dating.Dating._resolve`.
YEAR_TO_DATE = "YTD"


def _cumulative(months: int, year: str) -> str:
    """The code of the first ``months`` months of ``year``: ``2024-Q1``, ``2024-H1``, ``2024-9M``,
    ``2024`` for twelve; any other count gives ``2024-8M``, which no period code holds (the
    walker gives such a figure no row, never a wrong period)."""
    if months == 12:
        return year
    return f"{year}-{_CUMULATIVE.get(months, f'{months}M')}"


def _months_event(m: re.Match[str]) -> PeriodEvent | None:
    """The event of a count of months ("8 tháng đầu năm 2024", "12 tháng năm 2023"), of "từ
    đầu năm đến nay" and of "tính đến hết tháng 8", "đến ngày 30/6/2024": the first N months of
    the year; a day that is not a month's end ("đến ngày 20/6") is a span no code holds
    (``2024-TD``). A bare "8 tháng" with no year, "đầu năm", "qua", "lũy kế" or comma after it is
    a duration ("sau 8 tháng thi công"), not a period: ``None``."""
    start, end, kind = m.start(), m.end(), m.lastgroup
    if kind == "ytd":
        year = _YEAR.search(m.group())
        return PeriodEvent(start, end, "context", f"{year.group() if year else '????'}-YTD", False)
    if kind == "twelve":
        return PeriodEvent(start, end, "context", m["twy"] or "????", False)
    if kind == "months":
        if not (m["mpre"] or m["mtail"] is not None or m["nmy"]):
            return None
        word = " ".join(m["nm"].lower().split())
        count = _MONTH_WORDS[word] if word in _MONTH_WORDS else int(word)
        return PeriodEvent(start, end, "context", _cumulative(count, m["nmy"] or "????"), False)
    year = m["tdy"] or "????"
    month = int(m["tm"] or m["tm2"])
    if not 1 <= month <= 12:
        return None
    if m["td"] is not None:
        last = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
        if int(m["td"]) < min(last, 28 if month == 2 else last):
            return PeriodEvent(start, end, "context", f"{year}-TD", False)
    return PeriodEvent(start, end, "context", _cumulative(month, year), False)


def resolve_year(code: str, published: date | None) -> str:
    """Fill a period's missing year (``????``) from the publication date; ``""`` if unknown.

    Examples
    --------
    >>> resolve_year("????-Q1", date(2023, 4, 27)), resolve_year("????", None)
    ('2023-Q1', '')
    """
    if "????" not in code:
        return code
    if published is None:
        return ""
    return code.replace("????", f"{published.year:04d}")


_HEADER_DATETIME = re.compile(
    r"(?<![0-9/])(?:(?P<h1>[0-9]{1,2}):(?P<m1>[0-9]{2})\s+)?"
    r"(?P<d>[0-9]{1,2})/(?P<mo>[0-9]{1,2})/(?P<y>(?:19|20)[0-9]{2})(?![0-9/])"
    r"(?:\s+(?P<h2>[0-9]{1,2}):(?P<m2>[0-9]{2}))?"
)


def header_date(text: str, header_chars: int = 600) -> datetime | None:
    """The publication date and time of a report, from its header.

    Rule: the first ``dd/mm/yyyy`` written next to a time (``11/07/2019 12:01`` or
    ``09:30 27/04/2023``) anywhere; else the first date in the first ``header_chars``
    characters; else ``None``.

    Examples
    --------
    >>> header_date("Thời gian: 11/07/2019 12:01\\nNgày 24/01/2019 ...")
    datetime.datetime(2019, 7, 11, 12, 1)
    """
    first: datetime | None = None
    for m in _HEADER_DATETIME.finditer(text):
        hour, minute = (m["h1"], m["m1"]) if m["h1"] else (m["h2"], m["m2"])
        try:
            when = datetime(int(m["y"]), int(m["mo"]), int(m["d"]))
            if hour is not None:
                return when.replace(hour=int(hour), minute=int(minute))
        except ValueError:
            continue
        if first is None and m.start() < header_chars:
            first = when
    return first


@lru_cache(maxsize=8)
def _grammar(path: Path, _state: tuple) -> Grammar:
    return Grammar(load_lexicon(path))


def grammar(data_dir: str | Path | None = None) -> Grammar:
    """The compiled grammar of a data directory, cached until its lexicon file changes."""
    directory = paths.data_dir(data_dir).resolve()
    try:
        st = (directory / LEXICON).stat()
        state: tuple = (st.st_mtime_ns, st.st_size)
    except OSError:
        state = ()
    return _grammar(directory, state)


def default_grammar() -> Grammar:
    """The grammar of the default data directory (for examples)."""
    return grammar(None)
