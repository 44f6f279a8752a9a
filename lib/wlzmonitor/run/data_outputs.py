"""The data outputs of a run: tables as CSV, the index, the workbook, the data-quality log, the reproduction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wlzmonitor.spec.paths import export_label, workbook_name
from wlzmonitor.compute.year_result import YearResult
from wlzmonitor.spec.config import ReportConfig, load_config
from wlzmonitor.present.audit_html import write_statistics_files
from wlzmonitor.present.page_frame import weighted_notice
from wlzmonitor.present.table_files import write_csv, write_tables
from wlzmonitor.present.table_html import small_columns
from wlzmonitor.present.workbook import write_workbook


def write_data_outputs(result: YearResult, out_dir: Path, config: ReportConfig | None = None) -> pd.DataFrame:
    """tables/*.csv, tables/index.csv, the workbook, the data-quality log and the reproduction.

    `config`: the run's configuration (α and the small-base threshold the workbook's notes name;
    default: config/report.yml)."""
    config = config or load_config()
    out_dir.mkdir(parents=True, exist_ok=True)
    suppressed = result.small_groups if result.privacy.small_group_action == "suppress" else {}
    threshold = result.privacy.small_group_threshold
    weighted = frozenset(result.weights or ())  # the years whose figures are weighted (none: unweighted)
    bases = {spec.key: small_columns(result.tables[spec.key], config.small_base, spec) for spec in result.layout.tables}
    index = write_tables(out_dir, result.layout, result.codebook, result.tables, result.tests,
                         weighted=weighted, small_groups=suppressed, threshold=threshold,
                         small_bases=bases, small_base=config.small_base,
                         chapters=config.for_year(result.year).chapters)
    write_workbook(out_dir / workbook_name(result.year), result.layout, result.codebook, index,
                   result.tables, tests=result.tests, changes=result.changes, alpha=config.alpha,
                   small_base=config.small_base, confidence=result.settings.confidence,
                   weighted_notice=weighted_notice(result.weighted_margins) if result.weights else None,
                   small_groups=suppressed, small_threshold=threshold, weighted_years=weighted)
    # the exports by a neutral label, never their file names (review h135: "export_Jan_de_Vries.csv")
    # (every configured year's, also one with published figures only and no export yet: config.sources, not
    # config.year, which refuses a year without an export: review h139, the run failed here)
    exports = {config.sources(y).export: export_label(y) for y in sorted({*config.years, result.year})}
    write_csv(out_dir / "data_quality_log.csv", result.survey.log.to_frame(config.root, exports))
    write_csv(out_dir / "accounting.csv", result.survey.accounting)
    if result.reproduction is not None:
        write_csv(out_dir / "reproduction.csv", result.reproduction)
    write_csv(out_dir / "tables" / "year_on_year.csv", result.changes)
    write_statistics_files(result, out_dir)  # publication_audit.csv, representativeness.csv
    return index
