"""What an operator (or a load balancer) watches: ``GET /v1/health`` and ``GET /v1/metrics``.

Health answers 200 only when this worker can reach the database and the schema is the
one this code expects; otherwise 503 with the reason, so a proxy or an orchestrator
takes the worker out of rotation. Both are unauthenticated: expose /v1/metrics only
to the monitoring network (see the proxy examples in installer/server/).
"""

# No "from __future__ import annotations": FastAPI resolves the annotations at runtime.

import time
from typing import Literal

from fastapi import FastAPI, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..sync.protocol import HEALTH_PATH, METRICS_PATH
from . import errors, tables
from .metrics import METRICS_MEDIA, Metrics, render
from .migrations import LATEST
from .schemas import Health


class HealthOut(Health):
    database: Literal["ok"] = Field(description="il database risponde")
    schema_version: int = Field(description="versione dello schema del database")


def _database_state(engine: Engine) -> tuple[int, int]:
    """(schema version, last seq) read from the database; raises if it is unreachable."""
    with engine.connect() as conn:
        sv = tables.schema_version.c
        version = conn.execute(select(func.coalesce(func.max(sv.version), 0))).scalar_one()
        last = conn.execute(select(func.coalesce(func.max(tables.changes.c.seq), 0))).scalar_one()
        conn.rollback()
    return version, last


def install(app: FastAPI, engine: Engine, metrics: Metrics) -> None:
    @app.get(HEALTH_PATH, response_model=HealthOut, tags=["stato"],
             responses={503: {"description": "database irraggiungibile o non aggiornato"}})
    async def health():
        """Stato del server: risponde 200 solo se il database è raggiungibile e aggiornato."""
        try:
            version, _last = await run_in_threadpool(_database_state, engine)
        except SQLAlchemyError as exc:
            return errors.error(503, N_("errors", "database non raggiungibile: {0}")
                                .format(type(exc).__name__))
        if version != LATEST:
            return errors.error(503, N_("errors", "database alla versione {0}, attesa {1}").format(version, LATEST))
        return {"status": "ok", "version": __version__, "time_ms": int(time.time() * 1000),
                "database": "ok", "schema_version": version}

    @app.get(METRICS_PATH, tags=["stato"], response_class=Response,
             responses={200: {"content": {METRICS_MEDIA: {}}, "description": "formato di testo di Prometheus"}})
    async def metrics_text() -> Response:
        """Contatori per il monitoraggio (formato Prometheus): richieste e latenze, invii,
        ricezioni, modifiche sequenziate e rifiutate, CPU dei processi."""
        samples = await run_in_threadpool(metrics.totals)
        try:
            version, last = await run_in_threadpool(_database_state, engine)
        except SQLAlchemyError:
            pass  # the counters are still worth reading; health says what is wrong
        else:
            samples["emergenza_schema_version"] = version
            samples["emergenza_changes_last_seq"] = last
        return Response(render(samples), media_type=METRICS_MEDIA)
