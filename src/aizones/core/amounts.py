"""Numbers and amounts in words, the one way every output says them: "more than 12.5 billion CNY".

Values are stored in base units (yuan, not billions of yuan) so they compare and sum; this module
turns a value back into words for people, and every place that shows one goes through it: the
query tables, ``aizones explain``, the graph page's panel and the charts' point labels. A value
keeps all its digits (a source's 12,345,678,901 reads "12.345678901 billion", never a rounded
"12.35 billion" that no source said); from a million up it is scaled to a word, and from 10^15 up
it is written as a power of ten.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aizones.core.namespaces import AIZC

_QUALIFIER_WORDS = {
    "exact": "",
    "more-than": "more than",
    "at-least": "at least",
    "about": "about",
    "nearly": "nearly",
    "less-than": "less than",
    "at-most": "at most",
}
_UNIT_WORDS = {
    "cny": "CNY",
    "usd": "USD",
    "count": "",
    "count-per-year": "a year",
    "operations-per-second": "operations per second",
    "percent": "%",
    "rank": "",
}
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
_POWER_FROM = Decimal(10) ** 15


def number_words(value: Decimal | str | float | int) -> str:
    """``12500000000`` → "12.5 billion", ``6000`` → "6,000", ``1e17`` → "1 × 10^17"; not a number: as given."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if abs(number) >= _POWER_FROM:
        return f"{number:.3e}".replace(".000e", "e").replace("e+", " × 10^")
    for scale, word in SCALES:
        if abs(number) >= scale:
            return f"{_digits(number / scale)} {word}"
    return f"{number:,}" if number == number.to_integral_value() else _digits(number)


def _digits(value: Decimal) -> str:
    """Every digit of ``value``, no exponent, thousands separated: ``1234.50`` → "1,234.5"."""
    text = f"{value.normalize():f}"
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}" if whole.lstrip("-").isdigit() else whole
    return f"{whole}.{fraction}" if fraction else whole


def qualifier_words(qualifier_iri: str | None) -> str:
    if not qualifier_iri or not qualifier_iri.startswith(AIZC.base):
        return ""
    return _QUALIFIER_WORDS.get(qualifier_iri[len(AIZC.base) :], "")


def amount(value: str, unit_iri: str | None = None, qualifier_iri: str | None = None) -> str:
    """A value with its unit and qualifier in words; the raw value when it is not a number."""
    try:
        Decimal(value)
    except InvalidOperation:
        return value
    unit = unit_iri[len(AIZC.base) :] if unit_iri and unit_iri.startswith(AIZC.base) else ""
    text = number_words(value)
    words = _UNIT_WORDS.get(unit, unit)
    if unit == "percent":
        text += "%"
    elif unit == "rank":
        text = f"rank {text}"
    elif words:
        text = f"{text} {words}"
    qualifier = qualifier_words(qualifier_iri)
    return f"{qualifier} {text}".strip()
