"""The HTTP API (FastAPI): thin routers that translate HTTP to services and errors to ``{"error": {...}}``."""
