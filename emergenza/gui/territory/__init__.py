"""Territory (issue 12): the registry of at-risk areas, cameras and gates, drawing an
area on the map, the territory alerts notice and the event detail's territory panel."""
