"""The report's parts: the computed report (:class:`Report`) and the parts that
read it (narrative, appendices, data-quality notes, provenance, results)."""

from ocoplib.report.model import Report

__all__ = ["Report"]
