"""Pieces shared by every area: the table-model base and table set-up, labels and formatting,
time formatting, drag-and-drop payloads."""
