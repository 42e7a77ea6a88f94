"""ocoplib: the OCOP reporting workbook's package.

The workbook (``data/<province>/ocop.xlsx``) is read by :mod:`ocoplib.intake.workbook`
against the contract declared in ``contract.yaml``; :mod:`ocoplib.domain.rules` turns
rows into figures; :mod:`ocoplib.report` assembles the report that the notebook
shows; :mod:`ocoplib.runs.run` executes the notebook and renders HTML and PDF.
"""

from ocoplib.base.problems import InputError, Problem

__all__ = ["InputError", "Problem"]
