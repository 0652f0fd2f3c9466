"""JSON presenters: the services' typed results (frozen dataclasses with Decimal, dates and enums)
formatted as the contract writes them (money ``"1234.50"``, ISO dates, timestamps with offset)."""
