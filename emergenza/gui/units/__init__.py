"""Units: the board of resources and their current assignment (a drag source for the events board)."""
