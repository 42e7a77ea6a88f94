"""The facts of the programme and of the administrative units, independent of
files: units and scopes, the rules that turn rows into figures, indicators."""
