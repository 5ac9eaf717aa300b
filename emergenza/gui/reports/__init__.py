"""Reports in the desktop app (issue 11): the statistics window, the "Rapporti" menu and its
dialogs, printing with preview, and the shift-end report written automatically.

    permissions   the one place that says who may run which report
    charts        bar charts drawn with QPainter (window and printed pages share them)
    stats_models  the statistics window's tables (HeaderedTableModel)
    stats_window  StatisticsWindow: period and filters, figures, charts, export, print
    printing      a report Document laid out on printed pages with QPainter
    jobs          building and writing a report file off the UI thread
    dialogs       the parameter dialogs of the menu's reports
    shift_report  the shift-end report kept beside the store's backups
    menu          install_reports_ui(ctx, window): the "Rapporti" menu
"""
