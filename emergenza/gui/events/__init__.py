"""Events: the board, the detail with its journal, intake, search, assigning units, alerts."""
