"""Administration commands: ``backup``, ``restore``, ``backups``.

    emergenza backup  [--db PATH] [--to DIR]      copy the store now (safe while the app runs)
    emergenza restore [--db PATH] --from FILE.db  replace the store with a backup (app closed: holds
                                                  the store's lock, refused while a program has it)
    emergenza backups [--db PATH] [--dir DIR]     list the backups, newest first
    emergenza encrypt [--db PATH]                 encrypt the store with SQLCipher (app closed)
    emergenza decrypt [--db PATH]                 back to a clear store (app closed)

Without ``--db`` the station's store in the data folder is used. Backups go to the
``backup`` folder beside the store unless ``--to`` says otherwise. Exit 0 ok, 2 bad
input or a store that cannot be used (one Italian line, no traceback).
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from ..backups import TAG_MANUAL, BackupPolicy, list_backups
from ..domain.errors import StoreError, UserError
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import backup as store_backup
from ..store import conversion, database, encryption, keys
from ..store.lock import StoreLock
from ..store.meta import Meta, MetaKey
from ..store.private import private_dir
from .common import db_option, existing_store
from .common import db_path as resolve_db_path

TAG_LABELS = {"giornaliero": "giornaliera", "fineturno": "fine turno", "manuale": "manuale", "": "-"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backup", help="copia di sicurezza dell'archivio (anche con il programma aperto)",
                              description="Copia di sicurezza dell'archivio della postazione.")
    db_option(p)
    p.add_argument("--to", metavar="CARTELLA", help="cartella di destinazione (predefinita: 'backup' accanto "
                                                     "all'archivio, con eliminazione delle copie più vecchie)")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help="ripristina l'archivio da una copia (programma chiuso)",
                              description="Sostituisce l'archivio con una copia di sicurezza. Il file "
                                          "sostituito resta accanto come *.before-restore-<data>.db.")
    db_option(p)
    p.add_argument("--from", dest="source", required=True, metavar="COPIA.db", help="copia da ripristinare")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser("backups", help="elenca le copie di sicurezza",
                              description="Elenca le copie di sicurezza dell'archivio, dalla più recente.")
    db_option(p)
    p.add_argument("--dir", metavar="CARTELLA", help="cartella delle copie (predefinita: 'backup' accanto "
                                                      "all'archivio)")
    p.set_defaults(func=cmd_backups)

    p = subparsers.add_parser("encrypt", help="cifra l'archivio con SQLCipher (programma chiuso)",
                              description="Cifra l'archivio (SQLCipher, AES-256) scrivendo un file nuovo che "
                                          "sostituisce il vecchio solo dopo la verifica. La chiave resta nel "
                                          "portachiavi del sistema o, dove non c'è, in un file 0600 accanto.")
    db_option(p)
    p.set_defaults(func=cmd_encrypt)

    p = subparsers.add_parser("decrypt", help="riporta l'archivio in chiaro (programma chiuso)",
                              description="Riscrive l'archivio cifrato in chiaro (file nuovo, verificato, "
                                          "poi sostituito).")
    db_option(p)
    p.set_defaults(func=cmd_decrypt)




def _check_is_store(path: Path, key: bytes | None = None) -> None:
    """An Emergenza store is an SQLite file with a meta table holding the replica id."""
    try:
        db = database.connect(path, readonly=True, key=key)
    except StoreError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza leggibile"), path) from exc
    try:
        replica_id = Meta(db).get(MetaKey.REPLICA_ID)
    except sqlite3.DatabaseError:
        replica_id = None
    finally:
        db.close()
    if replica_id is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza leggibile"), path)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def cmd_backup(args: argparse.Namespace) -> int:
    db_path = existing_store(resolve_db_path(args))
    policy = BackupPolicy.for_db(db_path)
    if args.to:
        folder = Path(args.to).expanduser()
        if folder.exists() and not folder.is_dir():
            raise UserError(QT_TRANSLATE_NOOP("errors", "la destinazione non è una cartella: {0}"), folder)
    else:
        folder = private_dir(policy.folder)  # ours, beside the store: 0700 (store/private.py)
    dest = folder / store_backup.backup_name(db_path, tag=TAG_MANUAL)
    # A read-only connection: a backup never migrates or otherwise touches the store.
    db = database.connect(db_path, readonly=True)
    try:
        store_backup.backup(db.conn, dest)
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "impossibile scrivere la copia in {0}: {1}"),
                        folder, exc.strerror or exc) from exc
    finally:
        db.close()
    removed = [] if args.to else policy.prune()
    print(f"copia di sicurezza scritta: {dest} ({_size(dest.stat().st_size)})")
    if removed:
        print(f"copie più vecchie eliminate: {len(removed)}")
    return 0


def ensure_not_open(db_path: Path) -> None:
    """Refuse when another connection (the running app) holds the store.

    An EXCLUSIVE lock cannot be taken while any other process has the WAL database
    open; taking it also checkpoints the WAL, so the file moved aside is complete.
    """
    try:
        conn = database.open_raw(db_path, timeout_s=0.5)
    except sqlite3.DatabaseError as exc:
        raise StoreError(QT_TRANSLATE_NOOP("errors", "impossibile aprire l'archivio {0}: {1}"), db_path, exc) from exc
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(QT_TRANSLATE_NOOP(
                "errors", "l'archivio {0} è in uso (Emergenza è aperto?): chiudere il programma e riprovare"),
                db_path) from exc
        raise StoreError(QT_TRANSLATE_NOOP("errors", "impossibile bloccare l'archivio {0}: {1}"),
                         db_path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza ({1})"),
                        db_path, exc) from exc
    finally:
        conn.close()


def cmd_restore(args: argparse.Namespace) -> int:
    db_path = resolve_db_path(args)
    source = Path(args.source).expanduser()
    if not source.is_file():
        raise UserError(QT_TRANSLATE_NOOP("errors", "copia di sicurezza non trovata: {0}"), source)
    # An encrypted copy kept away from the store (``backup --to``) opens with the store's key.
    _check_is_store(source, keys.database_key(db_path) if encryption.looks_encrypted(source) else None)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise UserError(QT_TRANSLATE_NOOP("errors", "la copia e l'archivio sono lo stesso file: {0}"), source)
    if db_path.exists() and not db_path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("errors", "non è un file: {0}"), db_path)
    if not db_path.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "cartella dell'archivio inesistente: {0}"), db_path.parent)
    # The store's lock (held by a running app) first; then SQLite's own check, which also
    # catches an older version of the app that took no lock.
    with StoreLock(db_path):
        if db_path.exists():
            ensure_not_open(db_path)
        kept = store_backup.restore(source, db_path)
    print(f"archivio {db_path} ripristinato da {source}")
    if kept:
        print(f"l'archivio sostituito è conservato in {kept}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    db_path = resolve_db_path(args)
    folder = Path(args.dir).expanduser() if args.dir else BackupPolicy.for_db(db_path).folder
    if args.dir and not folder.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "cartella non trovata: {0}"), folder)
    found = list_backups(folder, db_path.stem)
    if not found:
        print(f"nessuna copia di sicurezza di {db_path.name} in {folder}")
        return 0
    for b in found:
        print(f"{b.when:%d/%m/%Y %H:%M:%S}  {TAG_LABELS.get(b.tag, b.tag):<11}  {_size(b.size):>8}  {b.path}")
    return 0


def _convert(args: argparse.Namespace, encrypt: bool) -> int:
    db_path = existing_store(resolve_db_path(args))
    if not encryption.available():
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "la cifratura richiede il pacchetto opzionale SQLCipher: «pip install '{0}'»"),
            encryption.EXTRA)
    with StoreLock(db_path):
        ensure_not_open(db_path)
        try:
            done = conversion.encrypt(db_path) if encrypt else conversion.decrypt(db_path)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("errors", "impossibile scrivere accanto all'archivio {0}: {1}"),
                            db_path, exc.strerror or exc) from exc
    if done.encrypted:
        print(f"archivio {db_path} cifrato ({done.tables} tabelle, {done.rows} righe verificate)")
        print(f"chiave: {done.key_location}")
        clear = [b.path for b in list_backups(BackupPolicy.for_db(db_path).folder, db_path.stem)
                 if not encryption.looks_encrypted(b.path)]
        if clear:
            print(f"attenzione: {len(clear)} copie di sicurezza precedenti sono in chiaro in "
                  f"{clear[0].parent}: eliminarle quando non servono più")
    else:
        print(f"archivio {db_path} riportato in chiaro ({done.tables} tabelle, {done.rows} righe verificate)")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    return _convert(args, encrypt=True)


def cmd_decrypt(args: argparse.Namespace) -> int:
    return _convert(args, encrypt=False)
