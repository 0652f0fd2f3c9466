"""HTTP endpoints of the ledger service."""

from fastapi import APIRouter

router = APIRouter()
