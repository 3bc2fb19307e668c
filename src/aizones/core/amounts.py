"""Figures as people read them: "more than 12.5 billion CNY", "about 6,000", "30%".

Values are stored in base units (yuan, not billions of yuan) so they compare and sum; this module
turns a value, its unit and its qualifier back into words for tables and the graph page.
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
_SCALES = (
    (Decimal(10) ** 15, "quadrillion"),
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)


def qualifier_words(qualifier_iri: str | None) -> str:
    if not qualifier_iri or not qualifier_iri.startswith(AIZC.base):
        return ""
    return _QUALIFIER_WORDS.get(qualifier_iri[len(AIZC.base) :], "")


def number_words(value: Decimal, scaled: bool) -> str:
    """12500000000 → "12.5 billion" when ``scaled`` (money, speeds), else "12,500,000,000"."""
    if scaled:
        for size, word in _SCALES:
            if abs(value) >= size:
                return f"{_trim(value / size)} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return _trim(value)


def amount(value: str, unit_iri: str | None = None, qualifier_iri: str | None = None) -> str:
    """A value with its unit and qualifier in words; the raw value when it is not a number."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    unit = unit_iri[len(AIZC.base) :] if unit_iri and unit_iri.startswith(AIZC.base) else ""
    text = number_words(number, scaled=unit in ("cny", "usd", "operations-per-second"))
    words = _UNIT_WORDS.get(unit, unit)
    if unit == "percent":
        text += "%"
    elif unit == "rank":
        text = f"rank {text}"
    elif words:
        text = f"{text} {words}"
    qualifier = qualifier_words(qualifier_iri)
    return f"{qualifier} {text}".strip()


def _trim(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"
