"""One report as the notebook uses it: open it, show its parts in order, save
it. The notebook stays thin: it calls these methods; the computed report is
the plain value :class:`~ocoplib.report.facts.Facts` and every part is a
function of it (declared in :mod:`ocoplib.report.parts`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ocoplib.base.determinism import build_time
from ocoplib.base.formats import BY_KEY, FORMATS, RESULTS
from ocoplib.base.params import ReportParams, parse_params
from ocoplib.base.problems import Problem
from ocoplib.domain.indicators import Indicator
from ocoplib.domain.rules import Figures
from ocoplib.domain.units import ReportScope, Scope, report_scope
from ocoplib.intake.reporttext import read_report_text, unit_text
from ocoplib.intake.workbook import Workbook, read_workbook, read_workbook_file
from ocoplib.render.tables import Table, write_xlsx
from ocoplib.render.templating import Html
from ocoplib.report import parts
from ocoplib.report.appendices import tables as appendix_tables
from ocoplib.report.facts import Facts, compute_facts
from ocoplib.report.results import results, write_json
from ocoplib.report.review import review_tables


def _part(name: str):
    """The notebook method that shows the part ``name`` of :data:`parts.PARTS`
    or :data:`parts.REVIEW_PARTS`."""
    make = dict(parts.PARTS + parts.REVIEW_PARTS)[name]

    def show(self: Report) -> Html | Table:
        return make(self.facts)

    show.__name__ = show.__qualname__ = name
    show.__doc__ = make.__doc__
    return show


@dataclass(frozen=True)
class Report:
    facts: Facts

    @classmethod
    def open(
        cls,
        province: str = "quang-ngai",
        year: int = 2024,
        scope: str = "tinh",
        as_of: str | dt.date | None = None,
        data_dir: str | Path = "data",
        workbook: Workbook | str | Path | None = None,
    ) -> Report:
        """Load, check and compute. Raises InputError with every problem found.

        ``workbook`` is a workbook already loaded and checked, or the path of
        the one that ``ocop batch`` loaded once for all its reports (a file it
        wrote itself); None reads ``data_dir/<province>/ocop.xlsx``."""
        params = parse_params(
            province=province, year=year, scope=scope, as_of=as_of, data_dir=Path(data_dir)
        )
        text = read_report_text(params.text_path, params.year)
        if isinstance(workbook, str | Path):
            workbook = read_workbook_file(workbook)
        workbook = workbook or read_workbook(params.workbook_path)
        target = report_scope(
            params.scope, workbook.units, params.year, text.meta, params.province, params.as_of
        )
        own = params.unit_text_path(target.slug)
        if own is not None:  # the unit's own text, where the analyst wrote one
            text = unit_text(text, own, params.year)
        return cls(compute_facts(params, workbook, text, target))

    # -- facts -------------------------------------------------------------
    @property
    def params(self) -> ReportParams:
        return self.facts.params

    @property
    def target(self) -> ReportScope:
        return self.facts.target

    @property
    def workbook(self) -> Workbook:
        return self.facts.workbook

    @property
    def scope(self) -> Scope:
        return self.facts.scope

    @property
    def as_of(self) -> dt.date:
        return self.facts.as_of

    @property
    def province_name(self) -> str:
        return self.facts.province_name

    @property
    def meta(self) -> dict:
        return self.facts.meta

    @property
    def figures(self) -> Figures:
        return self.facts.figures

    @property
    def indicators(self) -> list[Indicator]:
        return self.facts.indicators

    @property
    def warnings(self) -> list[Problem]:
        return self.facts.warnings

    def totals(self) -> dict:
        return self.facts.totals

    def tables(self) -> list[Table]:
        return appendix_tables(self.facts) + review_tables(self.facts)

    def results(self) -> dict:
        return results(self.facts)

    # -- the parts the notebook shows, in order ---------------------------------
    front_page = _part("front_page")
    section_1 = _part("section_1")
    plan_table = _part("plan_table")
    review = _part("review")
    signature = _part("signature")
    appendices = _part("appendices")
    reviewer_notes = _part("reviewer_notes")

    def save(self, output_dir: str | Path | None, formats=FORMATS) -> None:
        """Write results.json and the formats the kernel makes (``tables.xlsx``,
        ``report.docx``) that ``formats`` asks for into ``output_dir``
        (nothing when None)."""
        if output_dir is None:
            return
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_json(self.results(), out / RESULTS)
        formats = FORMATS if formats is None else formats
        if "xlsx" in formats:
            write_xlsx(
                self.tables(),
                out / BY_KEY["xlsx"].file,
                title=f"OCOP {self.province_name} {self.params.year} – {self.scope.name}",
                when=build_time(self.as_of),
            )
        if "docx" in formats:
            parts.write_docx(self.facts, out / BY_KEY["docx"].file)

    def render_official(self, formats=("html", "pdf"), output_dir=None, timeout=1800):
        """Render the official copies of this report, as ``ocop report`` does,
        and show links to them: in the notebook, ``report.render_official()``.

        Runs ``ocop report`` with this report's parameters (province, year,
        scope, ``as_of``, data folder) and ``--formats html,pdf`` (``formats``)
        into ``output_dir``, by default the ``outputs/`` folder beside the data
        folder (the repository's, ``outputs/<province>/<year>/<scope>/``), on
        the notebook as saved on disk. The result shows, in the notebook,
        links to ``report.html`` and ``report.pdf`` (and the reviewers'
        copies) that JupyterLab opens in a tab, with their full paths; or the
        command's error, when it failed (``.ok`` says which). The notebook's
        cell that calls it is tagged ``skip-execution`` so that ``ocop report``
        and ``ocop batch``, which execute the notebook, skip it."""
        from ocoplib.report.official import render_official

        return render_official(self.params, formats, output_dir, timeout)
