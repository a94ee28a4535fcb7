"""The two ASGI applications: one per listener, sharing one runtime."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fastapi import APIRouter, FastAPI
from starlette.middleware.gzip import GZipMiddleware

from pronote_server import __version__
from pronote_server.bases import upload_sweeper
from pronote_server.jobs import runner as jobs
from pronote_server.runtime import Runtime
from pronote_server.snapshots import retention, scheduler
from pronote_server.web.errors import UnexpectedErrors, install_handlers
from pronote_server.web.limits import BodyLimit
from pronote_server.web.routers import (
    account,
    bases,
    connections,
    enrolment,
    history,
    info,
    publication,
    server_status,
    session,
)
from pronote_server.web.routers import calendar as calendar_routes
from pronote_server.web.routers import jobs as job_routes
from pronote_server.web.routers import recovery as recovery_routes
from pronote_server.web.routers import snapshots as snapshot_routes
from pronote_server.web.routers import uploads as upload_routes


class Listener(StrEnum):
    ENROLMENT = "enrolment"
    API = "api"
    WEB = "web"  # the Espaces (pronote_server.web.espaces_app)


@dataclass
class Ports:
    """Filled once the sockets are bound (``--port 0`` picks them then)."""

    api: int = 0
    enrol: int = 0
    client: int = 0
    web: int = 0  # the web Espaces' listener; 0: none runs
    web_scheme: str = "https"
    web_url: str | None = None  # as bound, e.g. http://127.0.0.1:8080


def create_app(runtime: Runtime, listener: Listener, ports: Ports) -> FastAPI:
    app = FastAPI(
        title=f"pronote-server ({listener.value} listener)",
        version=__version__,
        # The OpenAPI document stays available to describe the contract, but not the
        # interactive pages: they would load scripts from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.ports = ports
    install_handlers(app)
    v1 = APIRouter(prefix="/v1")
    v1.include_router(info.router)
    if listener is Listener.ENROLMENT:
        v1.include_router(enrolment.router)
    else:
        for router in (
            session.router,
            account.router,
            history.router,
            server_status.router,
            bases.router,
            upload_routes.router,
            job_routes.router,
            snapshot_routes.router,
            recovery_routes.router,
            calendar_routes.router,
            connections.connections_router,
            connections.licences_router,
            connections.security_router,
            publication.router,
        ):
            v1.include_router(router)
        # Before the first request: jobs a killed service left running are failed, stale
        # uploads deleted (nothing else to recover: files are only ever renamed into place).
        jobs.recover(runtime)
        upload_sweeper.sweep(runtime)
        # Expired uploads, while running.
        app.state.upload_sweeper = upload_sweeper.start_sweeper(runtime)
        retention.sweep(runtime.data)  # what a killed snapshot or restore left (never listed)
        app.state.scheduler = scheduler.start(runtime)
    app.include_router(v1)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    # Each add wraps the previous: UnexpectedErrors is the outermost and turns any exception
    # from below into an ApiError; BodyLimit keeps oversized bodies from the routers.
    app.add_middleware(BodyLimit, chunks=listener is Listener.API)
    app.add_middleware(UnexpectedErrors)
    return app
