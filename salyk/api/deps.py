"""Dependencies: the runtime, the caller, and the role and offer checks every endpoint declares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from salyk.api.middleware import client_address as client_address  # the routers' import point
from salyk.kernel.errors import Forbidden, NotFound, Unauthorized
from salyk.kernel.module import Module
from salyk.kernel.switches import State, suspended
from salyk.registry import accounts
from salyk.kernel import authorize
from salyk.kernel.principal import Principal, StaffPrincipal, SystemPrincipal, TaxpayerPrincipal
from salyk.kernel.runtime import Runtime

bearer = HTTPBearer(auto_error=False, description="The access_token from POST /auth/login")


# Dependencies that only look at the request are ``async def``: FastAPI runs every plain ``def``
# dependency in its thread pool, one thread hop each (issue 16: a filing paid for five). Those that
# read the database stay ``def``.


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime  # set by salyk.api.app.create_app
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def bearer_token(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("UNAUTHORIZED", "Log in first.")
    return credentials.credentials


def current_principal(rt: RuntimeDep, token: Annotated[str, Depends(bearer_token)]) -> Principal:
    return accounts.authenticate(rt, token)


# The faces check the role early for a clear 403; the services check it again (kernel.authorize).
async def staff(principal: Annotated[Principal, Depends(current_principal)]) -> StaffPrincipal | SystemPrincipal:
    return authorize.staff(principal)


async def admin(principal: Annotated[Principal, Depends(staff)]) -> StaffPrincipal | SystemPrincipal:
    return authorize.admin(principal)


async def taxpayer(principal: Annotated[Principal, Depends(current_principal)]) -> TaxpayerPrincipal:
    return authorize.taxpayer(principal)


def cabinet(rt: RuntimeDep, token: Annotated[str, Depends(bearer_token)]) -> TaxpayerPrincipal:
    """A taxpayer who has accepted the offer in force (Offer 1.2, 1.6): the gate of every /me/... service.

    Token and offer are checked in one transaction, and as a dependency this runs before the
    request body is validated, so an unaccepted offer answers 403 whatever the body.
    """
    found, offer, accepted = accounts.authenticate_for_cabinet(rt, token)
    principal = authorize.taxpayer(found)
    if offer is None:  # a taxpayer's check gives the offer in force, or 404 when none is published
        raise NotFound("OFFER_NOT_PUBLISHED", "No offer is in effect yet.")
    if not accepted:
        raise Forbidden("OFFER_NOT_ACCEPTED", "Accept the current version of the offer ({version}) to use the cabinet.", {"version": offer.version}, version=offer.version)
    return principal


Staff = Annotated[StaffPrincipal | SystemPrincipal, Depends(staff)]
Admin = Annotated[StaffPrincipal | SystemPrincipal, Depends(admin)]
TaxpayerOnly = Annotated[TaxpayerPrincipal, Depends(taxpayer)]
Cabinet = Annotated[TaxpayerPrincipal, Depends(cabinet)]


READS = frozenset({"GET", "HEAD", "OPTIONS"})


def switch_guard(module: Module) -> Callable[[Request, Runtime], Awaitable[None]]:
    """A dependency for every route of ``module``: its switch in force today (Offer 3.1(8), 6.6).
    The setting is cached for seconds: only a stale cache is read in a thread."""

    async def guard(request: Request, rt: RuntimeDep) -> None:
        setting = rt.switches.cached(module.key, rt.today())
        if setting is None:
            setting = await run_in_threadpool(rt.switch_state, module.key)
        if setting.state is State.OFF or (setting.state is State.READ_ONLY and request.method not in READS):
            raise suspended(module.key, module.title, setting)

    return guard
