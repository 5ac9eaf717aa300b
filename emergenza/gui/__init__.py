"""The desktop client: the ONLY package that imports PySide6 and qasync.

Top level: ``context`` (what every widget is given), ``tasks`` (the background runner),
``operations`` (store reads and writes, and the change announcements), ``settings``
(every QSettings key), ``i18n`` (translators, error and enum texts), ``headless``
(``--selftest``/``--screenshot``). One subpackage per area: ``shell/``, ``events/``,
``units/``, ``sync/``, ``station/``, ``widgets/`` (shared); room for ``admin/``,
``reports/``, ``map/``.
"""
