"""Offline-first sync with the regional server.

- :mod:`.protocol`: wire shapes and limits (pure; the server imports it too);
- :mod:`.merge`: the merge rule (pure; the server runs the same function);
- :mod:`.apply`: pulled changes into the local store (one page, one transaction);
- :mod:`.pending`: changes parked in ``sync_pending`` until what they hang on arrives;
- :mod:`.clamp`: our own stamps the server moved back, adopted after a push;
- :mod:`.engine`: push/pull over one ``httpx.AsyncClient``; enrolment;
- :mod:`.errors`: why a sync failed, in Italian.
"""
