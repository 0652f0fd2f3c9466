"""HTTP endpoints of the declarations service."""

from fastapi import APIRouter

router = APIRouter()
