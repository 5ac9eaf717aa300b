"""CAP 1.2 and EMSI files in the app: export from the event detail, import from File or a drop."""
