"""Taxpayers, tax-office users, credentials and login, offer versions and acceptances, the audit log."""
