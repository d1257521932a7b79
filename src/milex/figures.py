"""Figures as people write them, the one home for how a number shows on a page, in a terminal
table or in a sentence of a note: thousands grouped, a fixed number of decimals, a true minus
sign (U+2212) before a negative figure and before the currency of negative money ("−$9.94 bn",
not "$-9.94 bn"), and never a negative zero: a value that rounds to zero shows as 0.00.

CSV and JSON do not come here: they keep plain numbers (milex.table rounds them to their
source's precision). Pure text: no I/O, so every layer may use it.
"""

from __future__ import annotations

MINUS = "\u2212"  # the minus sign, as typeset; "-" is the hyphen-minus of plain text


def figure(value: float, places: int = 2, *, sign: bool = False, minus: str = MINUS) -> str:
    """``value`` at ``places`` decimals with thousands grouped: "1,234.57", "−0.31"; a value
    that rounds to zero is "0.00" (never "−0.00"). ``sign`` puts a "+" before a positive
    figure (a change); ``minus`` is the sign of a negative one ("-" for plain text)."""
    digits = f"{abs(value):,.{places}f}"
    if not any(d in "123456789" for d in digits):  # rounds to zero: no sign either way
        return digits
    if value < 0:
        return minus + digits
    return "+" + digits if sign else digits


def money(
    value: float,
    places: int = 2,
    *,
    currency: str = "$",
    unit: str = "bn",
    minus: str = MINUS,
) -> str:
    """An amount with its currency before it and its unit after, the sign before both:
    "$9.94 bn", "−$9.94 bn", "USD 12.0 bn" (``currency="USD "``), "3.10 bn PLN"
    (``currency=""``, ``unit="bn PLN"``)."""
    text = figure(value, places, minus=minus)
    negative = text.startswith(minus)
    amount = text.removeprefix(minus) if negative else text
    return f"{minus if negative else ''}{currency}{amount}{' ' + unit if unit else ''}"
