"""The station's catalogs in the app (amministratore): priority scale and event types."""
