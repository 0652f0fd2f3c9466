"""The tax ledger: append-only postings, and balances and statements derived from them.

- ``postings``: posting kinds, reading postings, corrections by reversal.
- ``charges``: tax charges (assessments, declarations), sanctions, deferral interest.
- ``payments``: bank payments, idempotent per bank reference; the CSV import.
- ``derive``: the pure derivation of a taxpayer's position from postings in value-date order:
  TC art. 61 allocation (``salyk.law.allocation``), туум by TC art. 71
  (``salyk.law.interest``, piecewise), the buckets of TC art. 4(2)(9)-(11), overpayment (81(1)).
- ``balance``: the balance and the explained statement for a taxpayer as of a date.

Knows nothing of HTTP. Services own their transactions (functions taking ``rt`` open one;
functions taking ``session`` run inside the caller's).
"""
