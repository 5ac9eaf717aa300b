"""Corps, stations and observers: creation, one-time enrollment codes, tokens, revocation.

Codes and tokens are random and long, so a plain SHA-256 of them is a safe stored form
(no salt or slow hash needed: nothing to brute-force from a dictionary).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, select, text, update
from sqlalchemy.exc import IntegrityError

from ..domain.errors import NotFoundError, UserError
from ..domain.ids import uuid7
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..domain.wire_rules import DEFAULT_STATION_CODE, STATION_CODE_RE
from . import tables
from .db import WRITE
from .limits import AGENCIES, CODE_TTL_MS

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def now_ms() -> int:
    return int(time.time() * 1000)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    station_id: str
    kind: str  # station | observer
    name: str
    corps_id: int | None
    corps: str | None
    replica_id: str
    # The digest of the token this caller authenticated with (None: not from a request).
    # The hot routes confirm it is still the station's, not revoked, inside their own SQL.
    token_hash: str | None = None

    @property
    def read_only(self) -> bool:
        return self.kind == "observer"


class AuthError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _clean_name(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 200:
        raise UserError(N_("errors", "{0}: serve un nome di 1-200 caratteri"), what)
    return value


def _corps_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(tables.corps.c.id).where(tables.corps.c.name == name)).scalar()
    if found is not None:
        return found
    return conn.execute(tables.corps.insert().values(name=name, created_at=now_ms())
                        .returning(tables.corps.c.id)).scalar_one()


def _insert_account(conn: Connection, **values) -> dict:
    code = new_code()
    station_id = uuid7()
    now = now_ms()
    conn.execute(tables.stations.insert().values(
        id=station_id, code_hash=digest(normalise_code(code)), code_expires_at=now + CODE_TTL_MS,
        created_at=now, **values))
    return {"station_id": station_id, "code": code, "code_expires_at": now + CODE_TTL_MS}


def _clean_station_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not STATION_CODE_RE.match(code):
        raise UserError(N_("errors", "codice postazione non valido: {0} (da 2 a 8 lettere o cifre, inizia "
                                     "con una lettera, es. BG01)"), code)
    if code == DEFAULT_STATION_CODE:
        raise UserError(N_("errors", "il codice {0} è quello predefinito: sceglierne uno proprio"), code)
    return code


CODES_LOCK = 0x454D4733  # distinct from the push and migration locks


def _lock_codes(conn: Connection) -> None:
    """Serialise the choice of station codes: two enrollments at once must not both pick
    the same free code (SQLite's BEGIN IMMEDIATE already serialises every write)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CODES_LOCK})


def _code_holder(conn: Connection, code: str) -> str | None:
    sc = tables.station_codes.c
    return conn.execute(select(sc.station_id).where(sc.code == code)).scalar()


def _register_code(conn: Connection, station_id: str, code: str) -> None:
    """Make ``code`` the station's own (it may already hold it by use); at most one each."""
    sc = tables.station_codes
    conn.execute(update(sc).where(sc.c.station_id == station_id, sc.c.code != code).values(registered=0))
    done = conn.execute(update(sc).where(sc.c.code == code, sc.c.station_id == station_id)
                        .values(registered=1)).rowcount
    if not done:
        conn.execute(sc.insert().values(code=code, station_id=station_id, registered=1, created_at=now_ms()))


def _free_code(conn: Connection) -> str:
    """A code nobody holds, for a station that did not choose one: S001, S002, …"""
    sc = tables.station_codes.c
    taken = set(conn.execute(select(sc.code).where(sc.code.like("S%"))).scalars())
    n = 1
    while f"S{n:03d}" in taken:
        n += 1
    return f"S{n:03d}"


def add_station(engine: Engine, corps: str, name: str, code: str | None = None) -> dict:
    corps = _clean_name(corps, "comando")
    name = _clean_name(name, "postazione")
    code = _clean_station_code(code) if code is not None else None
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        _lock_codes(conn)
        if code is not None and _code_holder(conn, code) is not None:
            raise UserError(N_("errors", "codice postazione {0} già usato da un'altra postazione"), code)
        corps_id = _corps_id(conn, corps)
        out = _insert_account(conn, kind="station", name=name, corps_id=corps_id)
        if code is not None:
            _register_code(conn, out["station_id"], code)
    return {**out, "kind": "station", "corps": corps, "name": name, "station_code": code}


def add_observer(engine: Engine, name: str, agency: str | None = None) -> dict:
    name = _clean_name(name, "osservatore")
    if agency is not None and agency not in AGENCIES:
        raise UserError(N_("errors", "ente non valido: {0} (ammessi: {1})"), agency, ", ".join(AGENCIES))
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        out = _insert_account(conn, kind="observer", name=name, agency=agency)
    return {**out, "kind": "observer", "name": name, "agency": agency}


def list_stations(engine: Engine) -> list[dict]:
    s, c, sc = tables.stations, tables.corps, tables.station_codes
    query = (select(s.c.id, s.c.kind, s.c.name, c.c.name.label("corps"), s.c.agency, s.c.replica_id,
                    sc.c.code.label("station_code"),
                    s.c.enrolled_at, s.c.revoked_at, s.c.created_at, s.c.code_expires_at)
             .select_from(s.outerjoin(c, s.c.corps_id == c.c.id)
                          .outerjoin(sc, and_(sc.c.station_id == s.c.id, sc.c.registered == 1)))
             .order_by(s.c.created_at, s.c.id))
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["state"] = ("revoked" if row["revoked_at"] else "enrolled" if row["enrolled_at"]
                        else "expired" if row["code_expires_at"] < now_ms() else "waiting")
    return rows


def revoke_station(engine: Engine, station_id: str) -> None:
    s = tables.stations
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        done = conn.execute(update(s).where(s.c.id == station_id, s.c.revoked_at.is_(None))
                            .values(revoked_at=now_ms(), token_hash=None, code_hash=None)).rowcount
        if not done:
            exists = conn.execute(select(s.c.id).where(s.c.id == station_id)).scalar()
            if exists is None:
                raise NotFoundError(N_("errors", "postazione inesistente: {0}"), station_id)


def enroll(engine: Engine, code: str, replica_id: str, name: str | None, station_code: str | None = None) -> dict:
    """Exchange a one-time code for a long-lived token; raises AuthError.

    The answer's ``station_code`` is the code the station must number its events with,
    unique in the region: the one the administrator gave at add-station, else the one
    the station asked for (409 if another station holds it), else (none asked, or the
    default PL01) a free one the server picks."""
    s, c = tables.stations, tables.corps
    code_hash = digest(normalise_code(code))
    token = secrets.token_urlsafe(32)
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        _lock_codes(conn)
        row = conn.execute(select(s, c.c.name.label("corps_name"))
                           .select_from(s.outerjoin(c, s.c.corps_id == c.c.id))
                           .where(s.c.code_hash == code_hash)).first()
        if row is None:
            raise AuthError(401, N_("errors", "codice di registrazione non valido"))
        if row.revoked_at is not None:
            raise AuthError(403, N_("errors", "la postazione è stata revocata"))
        if row.enrolled_at is not None:
            raise AuthError(403, N_("errors", "codice di registrazione già usato"))
        if row.code_expires_at < now_ms():
            raise AuthError(403, N_("errors", "codice di registrazione scaduto: chiederne uno nuovo"))
        taken = conn.execute(select(s.c.id, s.c.revoked_at).where(s.c.replica_id == replica_id)).first()
        if taken is not None and taken.revoked_at is None:
            raise AuthError(409, N_("errors", "questo archivio è già registrato sul server"))
        if taken is not None:
            # The archive of a revoked station enrolls again under its new account, and
            # keeps the station codes its event numbers use.
            conn.execute(update(s).where(s.c.id == taken.id).values(replica_id=None))
            sc = tables.station_codes
            preset = conn.execute(select(sc.c.code).where(sc.c.station_id == row.id, sc.c.registered == 1)).scalar()
            conn.execute(update(sc).where(sc.c.station_id == taken.id)
                         .values(station_id=row.id, **({"registered": 0} if preset else {})))
        own = _own_code(conn, row.id, station_code) if row.kind == "station" else ""
        values = {"replica_id": replica_id, "token_hash": digest(token), "enrolled_at": now_ms()}
        if name and name.strip():
            values["name"] = name.strip()[:200]
        try:
            # The enrolled_at guard makes a racing second use of the same code change nothing.
            done = conn.execute(update(s).where(s.c.id == row.id, s.c.enrolled_at.is_(None))
                                .values(**values)).rowcount
        except IntegrityError:
            raise AuthError(409, N_("errors", "questo archivio è già registrato sul server")) from None
        if done != 1:
            raise AuthError(403, N_("errors", "codice di registrazione già usato"))
    return {"station_id": row.id, "token": token,
            "corps": row.corps_name or "", "station_name": values.get("name", row.name),
            "kind": row.kind, "station_code": own}


def _own_code(conn: Connection, station_id: str, asked: str | None) -> str:
    sc = tables.station_codes.c
    given = conn.execute(select(sc.code).where(sc.station_id == station_id, sc.registered == 1)).scalar()
    if given is not None:
        return given  # the administrator's choice wins
    if asked and asked != DEFAULT_STATION_CODE:
        holder = _code_holder(conn, asked)
        if holder is not None and holder != station_id:
            raise AuthError(409, N_("errors", "il codice postazione {0} è già usato da un'altra postazione: "
                                              "sceglierne un altro").format(asked))
        code = asked
    else:
        code = _free_code(conn)
    _register_code(conn, station_id, code)
    return code


NO_TOKEN = N_("errors", "autenticazione mancante: serve il token della postazione")
BAD_TOKEN = N_("errors", "token non valido o revocato: registrare di nuovo la postazione")


def authenticate(engine: Engine, token: str | None) -> Principal:
    if not token:
        raise AuthError(401, NO_TOKEN)
    s, c = tables.stations, tables.corps
    token_hash = digest(token)
    with engine.connect() as conn:
        row = conn.execute(select(s.c.id, s.c.kind, s.c.name, s.c.corps_id, s.c.replica_id,
                                  s.c.revoked_at, c.c.name.label("corps_name"))
                           .select_from(s.outerjoin(c, s.c.corps_id == c.c.id))
                           .where(s.c.token_hash == token_hash)).first()
        conn.rollback()
    if row is None:
        raise AuthError(401, BAD_TOKEN)
    if row.revoked_at is not None:
        raise AuthError(401, N_("errors", "la postazione è stata revocata"))
    return Principal(row.id, row.kind, row.name, row.corps_id, row.corps_name, row.replica_id, token_hash)


class TokenCache:
    """The principal of each token seen, so the hot routes (push, pull, push-pull) skip
    a database look-up of their own per request.

    Only as safe as its callers make it: a cached principal is trusted for who the
    caller is (station, kind, corps, replica: none of these ever changes for a token,
    which is set once at enrollment and cleared by revocation), but NOT for whether
    the token is still valid. Every route using it confirms that in its own SQL, in the
    same round trip as its work (``syncstore.pull``, ``syncstore.push_many`` with
    ``confirm``): a revoked token is refused as promptly as before, and forgotten."""

    MAX_ENTRIES = 100_000  # far above any region's stations: the bound is for junk, not use

    def __init__(self, engine: Engine):
        self._engine = engine
        self._known: dict[str, Principal] = {}

    def cached(self, token: str | None) -> Principal | None:
        """The principal of ``token`` if known (no database), else None; 401 if none given."""
        if not token:
            raise AuthError(401, NO_TOKEN)
        return self._known.get(digest(token))

    def load(self, token: str | None) -> Principal:
        """Authenticate against the database (blocking) and remember the principal."""
        who = authenticate(self._engine, token)
        if len(self._known) >= self.MAX_ENTRIES:
            self._known.clear()
        self._known[who.token_hash] = who  # type: ignore[index]
        return who

    def forget(self, who: Principal) -> None:
        """Drop a principal whose token its route found no longer valid."""
        self._known.pop(who.token_hash or "", None)
