"""The control panel (`config/report.yml`): years with data, chapters, thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from wlzmonitor.spec.paths import repo_root


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class YearSources:
    year: int
    export: Path
    codebook: Path
    layout: Path
    published: Path


@dataclass(frozen=True)
class ReportConfig:
    root: Path
    years: dict[int, YearSources]
    output_dir: Path
    chapters: dict[str, str]
    alpha: float
    permutation_resamples: int
    permutation_seed: int
    small_base: int = 20
    privacy_file: Path | None = None

    def year(self, year: int) -> YearSources:
        if year not in self.years or not self.years[year].export.exists():
            have = ", ".join(str(y) for y in sorted(self.years) if self.years[y].export.exists())
            raise ConfigError(f"no survey data for {year}; years with data: {have or 'none'}")
        return self.years[year]

    def output_for(self, year: int) -> Path:
        return self.output_dir / str(year)


@lru_cache(maxsize=None)
def load_config(root: Path | None = None) -> ReportConfig:
    root = Path(root) if root else repo_root()
    path = root / "config" / "report.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    years = {
        int(y): YearSources(int(y), *(root / v[k] for k in ("export", "codebook", "layout", "published")))
        for y, v in (data.get("years") or {}).items()
    }
    sig = data.get("significance") or {}
    return ReportConfig(
        root=root,
        years=years,
        output_dir=root / data.get("output_dir", "outputs"),
        chapters=dict(data.get("chapters") or {}),
        alpha=float(sig.get("alpha", 0.05)),
        permutation_resamples=int(sig.get("permutation_resamples", 20000)),
        permutation_seed=int(sig.get("permutation_seed", 2026)),
        small_base=int((data.get("presentation") or {}).get("small_base", 20)),
        privacy_file=root / data.get("privacy_file", "config/privacy.yml"),
    )
