"""Vietnamese number notation: ``.`` groups thousands, ``,`` marks decimals, scale words multiply.

The rules, in the order :func:`parse_number` applies them:

* A Unicode minus (U+2212) or hyphen before the digits makes the number negative.
* No-break spaces (U+00A0, U+202F) inside the digits are ignored (a plain space ends a number).
* ``,`` is the decimal mark: ``9,65`` is 9.65.
* ``.`` groups thousands: ``24.042`` is 24042 and ``1.500.000`` is 1500000. A single ``.``
  followed by other than exactly three digits (``6.5``) is read as a decimal point, as some
  writers use it that way; a number with both marks follows the Vietnamese rule.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

#: Scale words as powers of ten (exact, for :class:`decimal.Decimal`). Compounds add up:
#: "nghìn tỷ" is 10**12, "triệu tỷ" 10**15.
SCALE_EXPONENTS: dict[str, int] = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9}

#: The same scale words as multipliers.
SCALE_WORDS: dict[str, float] = {word: 10.0**e for word, e in SCALE_EXPONENTS.items()}

_NUMBER = re.compile(r"(?<![\d.,])(?:(?<!\d)[-\u2212])?\d(?:[\d.,\u00a0\u202f]*\d)?")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_ASCII_DIGITS = re.compile(r"[0-9]")
_NUMBER_CHARS = re.compile(r"[0-9.,]+")


def normalize(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form every hpdata comparison uses."""
    return unicodedata.normalize("NFC", text)


#: Old-style tone placement (on the first vowel of "oa", "oe", "uy": "hòa", "thủy") and its
#: new-style form ("hoà", "thuỷ"). Both are in use; :func:`fold_tones` maps one onto the other.
_TONE_PAIRS = {
    first + second: plain + toned
    for plain, second, tones in (
        ("o", "a", "àáảãạ"),
        ("o", "e", "èéẻẽẹ"),
        ("u", "y", "ỳýỷỹỵ"),
    )
    for first, toned in zip("òóỏõọ" if plain == "o" else "ùúủũụ", tones, strict=True)
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update(
    {k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_PAIRS.items()) if k.islower()}
)
_TONE_RE = re.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))


def fold_tones(text: str) -> str:
    """``text`` (NFC) with the tone mark of "oa", "oe" and "uy" always on the second vowel, so the
    two spellings in use compare equal: "Hòa Bình" and "Hoà Bình", "Thanh Hóa" and "Thanh Hoá",
    "thủy sản" and "thuỷ sản". Length-preserving (one character for one), so an offset into the
    folded text is an offset into ``text``.

    Examples
    --------
    >>> fold_tones("Khánh Hòa, thủy sản, hoá chất")
    'Khánh Hoà, thuỷ sản, hoá chất'
    >>> fold_tones("HÒA") == fold_tones("HOÀ")
    True
    """
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group()], text)


def parse_number(token: str) -> float:
    """Parse one number written the Vietnamese way.

    Parameters
    ----------
    token : str
        The digits with their marks, e.g. ``"24.042"``, ``"9,65"``, ``"1.500,5"``, ``"−3"``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``token`` is not a number in this notation.

    Examples
    --------
    >>> parse_number("24.042"), parse_number("9,65"), parse_number("1,387"), parse_number("8132")
    (24042.0, 9.65, 1.387, 8132.0)
    """
    return float(parse_decimal(token))


def parse_decimal(token: str) -> Decimal:
    """Parse one number written the Vietnamese way, exactly, by the rules of :func:`parse_number`.

    Examples
    --------
    >>> parse_decimal("24.042") * 10**9, parse_decimal("1,387")
    (Decimal('24042000000000'), Decimal('1.387'))
    """
    if token.isascii() and token.isdigit():  # plain digits, the most common token: no marks
        return Decimal(token)
    s = normalize(token).strip().replace("\u2212", "-")
    for space in ("\u00a0", "\u202f", " "):
        s = s.replace(space, "")
    negative = s.startswith("-")
    s = s.lstrip("-")
    if not s or not _ASCII_DIGITS.match(s[0]) or not _ASCII_DIGITS.match(s[-1]):
        raise ValueError(f"not a number: {token!r}")
    if not _NUMBER_CHARS.fullmatch(s):
        raise ValueError(f"not a number: {token!r}")
    if "," in s:
        whole, _, frac = s.partition(",")
        if "," in frac or "." in frac:
            raise ValueError(f"not a number: {token!r}")
        if "." in whole and not _THOUSANDS.match(whole):
            raise ValueError(f"not a number: {token!r}")
        value = Decimal(whole.replace(".", "") + "." + frac)
    elif "." in s:
        if _THOUSANDS.match(s):
            value = Decimal(s.replace(".", ""))
        elif s.count(".") == 1:
            value = Decimal(s)
        else:
            raise ValueError(f"not a number: {token!r}")
    else:
        value = Decimal(s)
    return -value if negative else value


def scale_exponent(words: str) -> int:
    """The power of ten of the scale words at the start of ``words``: ``"nghìn tỷ"`` gives 12.

    Examples
    --------
    >>> scale_exponent("nghìn tỷ đồng"), scale_exponent("triệu tỷ"), scale_exponent("USD")
    (12, 15, 0)
    """
    exponent = 0
    for word in normalize(words).split():
        if word.lower() not in SCALE_EXPONENTS:
            break
        exponent += SCALE_EXPONENTS[word.lower()]
    return exponent


def scale_of(words: str) -> float:
    """Multiply the scale words at the start of ``words``: ``"nghìn tỷ đồng"`` gives 1e12.

    Examples
    --------
    >>> scale_of("nghìn tỷ đồng"), scale_of("triệu USD"), scale_of("%")
    (1000000000000.0, 1000000.0, 1.0)
    """
    return 10.0 ** scale_exponent(words)


def numbers_in(text: str) -> list[float]:
    """Every number in ``text``, scaled by the scale words that follow it.

    A range whose scale follows only its second number ("180 – 190 nghìn tỷ") gives the
    first number the same scale.

    Examples
    --------
    >>> numbers_in("đạt 180 – 190 nghìn tỷ đồng")
    [180000000000000.0, 190000000000000.0]
    """
    text = normalize(text)
    found: list[tuple[float, float, int]] = []
    for match in _NUMBER.finditer(text):
        try:
            value = parse_number(match.group())
        except ValueError:
            continue
        found.append((value, scale_of(text[match.end() :]), match.end()))
    values = [v * s for v, s, _ in found]
    for i in range(len(found) - 1):
        between = text[found[i][2] : found[i + 1][2]]
        is_range = re.fullmatch(r"\s*[-–—]\s*[-\u2212]?[\d.,]+", between) or re.fullmatch(
            r"\s*đến\s*[\d.,]+", between
        )
        if found[i][1] == 1.0 and is_range:
            values[i] = found[i][0] * found[i + 1][1]
    return values
