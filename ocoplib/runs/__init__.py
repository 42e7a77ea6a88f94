"""Running one report: Papermill in a kernel, atomic output folders, verify."""
