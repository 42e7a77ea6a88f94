"""Rendering building blocks that know nothing of a particular report: the
templates, tables, charts, the HTML page and PDF, the Word document."""
