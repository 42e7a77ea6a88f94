"""ocoplib: the OCOP reporting workbook's package.

The workbook (``data/<province>/ocop.xlsx``) is read by :mod:`ocoplib.load`
against the contract declared in ``contract.yaml``; :mod:`ocoplib.rules` turns
rows into figures; :mod:`ocoplib.report` assembles the report that the notebook
shows; :mod:`ocoplib.run` executes the notebook and renders HTML and PDF.
"""

from ocoplib.problems import InputError, Problem

__all__ = ["InputError", "Problem"]
