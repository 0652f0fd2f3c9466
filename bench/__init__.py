"""Benchmarks: one module per subject, each printing its figures next to a baseline measured in
the same run (``python -m bench`` runs them all; ``python -m bench.ledger --quick`` one)."""
