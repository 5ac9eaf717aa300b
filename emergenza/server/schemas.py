"""Wire models of the /v1 API (pydantic): they validate bodies and describe the OpenAPI."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

from ..domain.wire_rules import ID_PATTERN, REPLICA_ID_PATTERN, STATION_CODE_RE
from ..sync.merge import BASE_KEY
from ..sync.protocol import (
    AUDIT_HASH_PATTERN,
    FIELD_PATTERN,
    HLC_PATTERN,
    MAX_CHANGES_PER_PUSH,
    SYNCED_ENTITIES,
)

# NaN/Infinity are not JSON: refused here so they never reach storage or a response.
FiniteFloat = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Scalar = StrictStr | StrictInt | FiniteFloat | StrictBool | None
FieldName = Annotated[str, Field(pattern=FIELD_PATTERN)]
# A value is a JSON scalar; the only object allowed is the merge's "_base" map
# (field -> HLC of the value the writer replaced, see emergenza.sync.merge).
FieldValue = Scalar | dict[FieldName, Annotated[str, Field(pattern=HLC_PATTERN)]]
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
MAX_FIELDS = 200  # fields in one change
MAX_ORIGIN = 64  # characters of a change's origin
Ident = Annotated[str, Field(pattern=ID_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    time_ms: int = Field(description="orologio del server (ms Unix)")


class EnrollIn(Strict):
    code: str = Field(min_length=4, max_length=64, pattern=_PRINTABLE,
                      description="codice monouso dato dall'amministratore")
    replica_id: str = Field(pattern=REPLICA_ID_PATTERN, description="identificativo dell'archivio locale")
    name: str | None = Field(default=None, max_length=200, pattern=_PRINTABLE)
    station_code: str | None = Field(
        default=None, pattern=STATION_CODE_RE.pattern,
        description="codice della postazione (inizia i numeri degli interventi, es. BG01): il server "
                    "lo registra se libero; assente o predefinito (PL01): lo assegna il server")

    @field_validator("code", "name")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        if value is not None:
            value.encode("utf-8")  # a lone surrogate raises: reported as a bad value
        return value


class EnrollOut(BaseModel):
    station_id: str
    token: str = Field(description="token a lunga durata: inviarlo come 'Authorization: Bearer'")
    corps: str = Field(description="comando della postazione (vuoto per gli osservatori)")
    station_name: str
    station_code: str = Field(description="codice della postazione da usare (unico nella regione)")
    kind: Literal["station", "observer"] = Field(description="station, o observer: account di sola lettura")


class Change(Strict):
    change_id: Ident
    entity: Literal[SYNCED_ENTITIES]  # type: ignore[valid-type]
    entity_id: Ident
    fields: dict[FieldName, FieldValue] = Field(max_length=MAX_FIELDS)
    hlc: str = Field(pattern=HLC_PATTERN, description="<ms 13 cifre>-<contatore 5 cifre>-<nodo>")
    origin: str = Field(min_length=1, max_length=MAX_ORIGIN, description="replica_id della postazione d'origine")

    @field_validator("fields")
    @classmethod
    def _only_base_is_an_object(cls, value: dict) -> dict:
        for name, item in value.items():
            if isinstance(item, dict) != (name == BASE_KEY):
                raise ValueError(name)
        return value


class PushIn(Strict):
    changes: list[Change] = Field(max_length=MAX_CHANGES_PER_PUSH)


class Clamped(BaseModel):
    change_id: str
    hlc: str = Field(description="hlc inviato")
    clamped_hlc: str = Field(description="hlc memorizzato (orologio del server)")


class Refused(BaseModel):
    change_id: str
    reason: str = Field(description="perché la modifica è rifiutata (in italiano)")


class PushOut(BaseModel):
    acked: list[str] = Field(description="modifiche di cui il server ha finito di occuparsi: accettate ora o "
                                         "prima, oppure rifiutate (elencate anche in `refused`)")
    duplicates: int
    conflicts: int
    clamped: list[Clamped]
    server_time_ms: int
    refused: list[Refused] = Field(description="modifiche rifiutate: non memorizzate né inviate ad altri")


class PulledChange(BaseModel):
    seq: int
    change_id: str
    entity: str
    entity_id: str
    fields: dict[str, FieldValue]
    hlc: str
    origin: str


class PullOut(BaseModel):
    changes: list[PulledChange]
    next_cursor: int
    has_more: bool


class ErrorOut(BaseModel):
    detail: str = Field(description="messaggio in italiano")


AuditHash = Annotated[str, Field(pattern=AUDIT_HASH_PATTERN)]
AuditSeq = Annotated[StrictInt, Field(ge=0, le=2**62)]


class AnchorIn(Strict):
    seq: AuditSeq = Field(description="ultima voce della catena di audit della postazione")
    hash: AuditHash
    known_seq: AuditSeq | None = Field(None, description="voce confermata dal server all'ultima sincronizzazione")
    known_hash: AuditHash | None = Field(None, description="hash che la catena ha oggi a quella voce")


class AnchorOut(BaseModel):
    accepted: bool = Field(description="false: testa segnalata (catena tornata indietro o riscritta)")
    seq: int | None
    hash: str | None
    reason: str | None = None
