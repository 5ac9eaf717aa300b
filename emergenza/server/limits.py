"""Server-only settings. The wire protocol's limits are in :mod:`emergenza.sync.protocol`."""

CODE_TTL_MS = 7 * 24 * 3600 * 1000  # an enrollment code expires after a week
AGENCIES = ("CC", "PS", "GDF", "PREF")  # agencies that may have observer accounts (State police, Prefecture)
