"""The ASGI application: API at /api/v1, web cabinet at /."""

from __future__ import annotations

from fastapi import FastAPI

from salyk import __version__
from salyk.api import errors
from salyk.api.middleware import BodyLimit, ExpensiveLimit
from salyk.api.routers import auth, declarations, ledger, me, officer
from salyk.kernel.runtime import Runtime

API_PREFIX = "/api/v1"


def create_app(runtime: Runtime) -> FastAPI:
    api = FastAPI(
        title="Salyk API",
        version=__version__,
        description="The taxpayer cabinet of the Kyrgyz Republic (Tax Code 2008 No. 230; Salyk.kg offer).",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.runtime = runtime
    errors.install(api)
    for router in api_routers():
        api.include_router(router)

    app = FastAPI(title="Salyk", version=__version__, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.runtime = runtime
    errors.install(app)
    app.mount(API_PREFIX, api)
    from salyk.web.routes import install as install_web

    install_web(app)
    app.add_middleware(ExpensiveLimit, runtime=runtime)
    app.add_middleware(BodyLimit, max_bytes=runtime.settings.max_body_bytes)
    return app


def api_routers() -> list:
    """Every service's router. A new service adds its router here."""
    return [auth.router, me.router, officer.router, ledger.router, declarations.router]
