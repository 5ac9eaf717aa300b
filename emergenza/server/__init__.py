"""Regional server: ASGI app (FastAPI on uvicorn), enrollment, push/pull, own SQL storage.

It never imports ``emergenza.gui`` or ``emergenza.store``: its storage is SQLAlchemy Core
over SQLite (embedded default) or PostgreSQL (production).
"""
