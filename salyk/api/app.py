"""The ASGI application: API at /api/v1, web cabinet at /, both assembled from ``salyk.modules``.

Each module's API routers are mounted behind its service switch (Offer 6.6): ``off`` answers
503 ``SERVICE_SUSPENDED`` to every call, ``read_only`` to every write.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from salyk import __version__
from salyk.api import errors
from salyk.api.deps import switch_guard
from salyk.api import openapi
from salyk.api.middleware import AccessReason, BodyLimit, ExpensiveLimit, LawBookContext, SecurityHeaders
from salyk.kernel.module import load
from salyk.kernel.runtime import Runtime
from salyk.modules import MODULES

API_PREFIX = "/api/v1"


def _offline_docs(api: FastAPI) -> None:
    """The interactive docs at /docs with Swagger UI's assets from the installed package
    (fastapi-offline ships them), not a CDN: the docs work on a machine without the internet."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or spec.origin is None:  # a dependency of the package: a broken install
        raise RuntimeError("fastapi-offline is not installed; the /docs assets come from it")
    assets = Path(spec.origin).parent / "static"
    api.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @api.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(openapi_url=f"{root}/openapi.json", title="Salyk API",
                                   swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
                                   swagger_favicon_url=f"{root}/docs-assets/favicon.png")


def create_app(runtime: Runtime) -> FastAPI:
    api = FastAPI(
        title="Salyk API",
        version=__version__,
        description="The taxpayer cabinet of the Kyrgyz Republic (Tax Code 2008 No. 230; Salyk.kg offer).",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    api.state.runtime = runtime
    _offline_docs(api)
    errors.install(api)
    for module in MODULES:
        guard = [Depends(switch_guard(module))] if module.switchable else []
        for target in module.api:
            api.include_router(load(target), dependencies=guard)
    # the error answers of every operation, derived from what it is made of (salyk.api.openapi)
    openapi.install(api, [(load(t), m.switchable) for m in MODULES for t in m.api], API_PREFIX)

    app = FastAPI(title="Salyk", version=__version__, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.runtime = runtime
    errors.install(app)
    app.mount(API_PREFIX, api)
    from salyk.web.routes import install as install_web

    install_web(app)
    app.add_middleware(LawBookContext, runtime=runtime)
    app.add_middleware(ExpensiveLimit, runtime=runtime)
    app.add_middleware(AccessReason)
    app.add_middleware(BodyLimit, max_bytes=runtime.settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, hsts_seconds=runtime.settings.hsts_seconds)  # outermost: every answer
    return app
