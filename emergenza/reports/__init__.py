"""Reports: brogliaccio, shift-end report, statistics, annual report; PDF and CSV. Qt-free.

Deliberately imports nothing: the regional server imports the store-free modules
(``document``, ``localtime``, ``figures``, ``annual``, ``render_pdf``, ``render_csv``,
``output``) and must never load ``emergenza.store`` through this package.

Store-free (shared with the server):
    document     the report model: plain dataclasses (sections, tables, charts, texts)
    localtime    UTC <-> Europe/Rome, local day/year bounds, local-time bucketing in SQL
    figures      medians, percentiles, response-time summaries
    annual       the annual report's data (AnnualData) and its document
    render_pdf   Document -> PDF bytes (reportlab)
    render_csv   Document -> CSV bytes for Excel with an Italian locale
    output       atomic write of a rendered report, format from the file suffix

Station side (read-only SQL on the store's connection):
    source       StationSource: connection, catalogs, corps/station names
    brogliaccio  every event and journal line of a shift, a day or a unit's day
    shift        the shift-end report
    statistics   counts, response times, unit utilisation for any period and filters
    projection   the same figures from the store's statistics projection (schema v14)
    annual_station  the corps' annual report from its store
    export       flat CSV of the events of a period
"""
