"""Limits of the wire protocol, shared by the validation models and the app."""

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_CHANGES_PER_PUSH = 1000
PULL_DEFAULT_LIMIT = 500
PULL_MAX_LIMIT = 2000
# An HLC more than this ahead of the server's wall clock is clamped (and reported).
MAX_SKEW_MS = 60_000
CODE_TTL_MS = 7 * 24 * 3600 * 1000
ENTITIES = ("events", "resources", "assignments", "journal")
AGENCIES = ("CC", "PS", "GDF", "PREF")
SERVER_ORIGIN = "server"
