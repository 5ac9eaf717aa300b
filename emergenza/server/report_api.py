"""``GET /v1/reports/annual``: the annual report as PDF or CSV, for authenticated accounts.

Observers (State police forces, Prefecture) get the shared events of the region (or of
one corps); a station gets its corps' events and the shared ones: the pull visibility.
"""

# No "from __future__ import annotations": FastAPI must resolve the closures used in Depends().

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from ..domain.errors import NotFoundError
from ..reports.output import render
from ..resources import default_catalogs
from .accounts import Principal
from .reports import Viewer, annual_document
from .schemas import ErrorOut

MEDIA = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
_ANSWERS = {
    200: {"description": "La relazione (PDF, oppure CSV per Excel con impostazioni italiane).",
          "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                      "text/csv": {"schema": {"type": "string"}}}},
    **{code: {"model": ErrorOut} for code in (401, 404, 422)},
}


def install(app: FastAPI, engine: Engine, principal: Callable[..., Principal]) -> None:
    def build(who: Principal, year: int, corps: str | None, fmt: str, exercises: bool) -> bytes:
        doc = annual_document(engine, year, default_catalogs(), corps=corps, viewer=Viewer.of(who),
                              include_exercises=exercises, generated_by=who.name)
        return render(doc, fmt)

    @app.get("/v1/reports/annual", tags=["rapporti"], response_class=Response, responses=_ANSWERS)
    async def annual_report(
            who: Annotated[Principal, Depends(principal)],
            year: Annotated[int, Query(ge=1970, le=2100, description="anno (ora italiana)")],
            corps: Annotated[str | None, Query(max_length=200, description="solo questo comando")] = None,
            format: Annotated[Literal["pdf", "csv"], Query(description="pdf oppure csv")] = "pdf",
            esercitazioni: Annotated[bool, Query(description="esercitazioni nei conteggi")] = False) -> Response:
        """Relazione annuale (regionale o di un comando) con gli interventi visibili all'account."""
        try:
            body = await run_in_threadpool(build, who, year, corps, format, esercitazioni)
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from None
        name = f"relazione-annuale-{year}.{format}"
        return Response(body, media_type=MEDIA[format],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

