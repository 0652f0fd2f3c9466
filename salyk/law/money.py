"""Money in som with tyiyn (1 som = 100 tyiyn), always ``Decimal``, never float.

Taxes are computed and paid in the national currency (TC art. 57(1)). TC art. 57(2) permits
rounding a computed amount to whole som but does not require it or say how; we keep the
tyiyn, so that every amount the taxpayer sees adds up exactly, and round each computed amount
to the tyiyn half-up, the ordinary commercial rule (READINGS.md "Rounding").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TYIYN = Decimal("0.01")
ZERO = Decimal("0.00")


def round_tyiyn(amount: Decimal) -> Decimal:
    """Round to the tyiyn, half-up."""
    return Decimal(amount).quantize(TYIYN, rounding=ROUND_HALF_UP)


def to_tyiyn(amount: Decimal) -> int:
    """Som (Decimal) to integer tyiyn, as the database stores money. Refuses fractions of a tyiyn."""
    q = Decimal(amount) * 100
    if q != q.to_integral_value():
        raise ValueError(f"{amount} has a fraction of a tyiyn")
    return int(q)


def from_tyiyn(tyiyn: int) -> Decimal:
    return (Decimal(tyiyn) / 100).quantize(TYIYN)


def parse_som(text: str | int | Decimal) -> Decimal:
    """Parse a money amount given as a string like "1234.50"; at most two decimals."""
    if isinstance(text, float):  # pragma: no cover - guarded for callers that slip
        raise ValueError("money is never a float")
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    if value != value.quantize(TYIYN):
        raise ValueError(f"more than two decimals: {text!r}")
    return value.quantize(TYIYN)


def format_som(amount: Decimal) -> str:
    """The contract's money format: a string with exactly two decimals."""
    return f"{Decimal(amount).quantize(TYIYN, rounding=ROUND_HALF_UP):.2f}"
