"""Emergenza: offline-first operations-room software for the Polizia Locale in Lombardy."""

__version__ = "0.1.0"
