"""Sync with the regional server: background rounds and status, conflict review, shift end."""
