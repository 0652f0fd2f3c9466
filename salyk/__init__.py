"""Salyk: the taxpayer cabinet of the Kyrgyz Republic."""

__version__ = "0.1.0"
