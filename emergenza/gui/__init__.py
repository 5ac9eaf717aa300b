"""The desktop client: the ONLY package that imports PySide6 and qasync."""
