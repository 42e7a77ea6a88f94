"""The report: the computed report as a plain value (:mod:`.facts`), the
parts that read it (narrative, appendices, data-quality notes, provenance,
results), their order (:mod:`.parts`) and the notebook's :class:`Report`."""

from ocoplib.report.model import Report

__all__ = ["Report"]
