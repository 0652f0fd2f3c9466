"""Web cabinet routes (being built: until then / points at the API documentation)."""

from fastapi import FastAPI
from fastapi.responses import RedirectResponse


def install(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/api/v1/docs")
