"""This station: first-run setup, who is on shift, automatic backups."""
