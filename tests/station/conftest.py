"""Fixtures of the station suite (data at rest, one app per store, demo and exercise commands)."""
