"""The contacts of the earlier years' exports a run reads (privacy review h132).

A run of 2026 reads the 2025 and 2024 exports too (the trend columns, :func:`~wlzmonitor.spec.layout.earlier_data_years`),
so a contact person of those exports can be named in a 2026 open answer ("overleg met Pieter Bakker van het
zorgkantoor", no cue word): the privacy gate's deny list and the scrubber of the year's open answers know them as
they know the year's own. Only the contact columns are read (:func:`~wlzmonitor.inputs.survey.load_contacts`, no
validation of the answers), kept in memory only, never in a cache or an output.

An earlier export that cannot be read must not stop the year's run: it is left out with a warning (the year's own
export unreadable stays an error, raised where it is read).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from wlzmonitor.inputs.survey import load_contacts
from wlzmonitor.spec.codebook_parse import load_codebook
from wlzmonitor.spec.config import ReportConfig
from wlzmonitor.spec.layout import earlier_data_years, load_layout
from wlzmonitor.spec.paths import shown_path

__all__ = ["EarlierContacts", "read_earlier_contacts"]


class EarlierContacts(NamedTuple):
    """The contact frames of the earlier exports read (year -> frame, by that export's respondent ids) and one
    warning per earlier export that could not be read (naming the year and the file, never a value)."""

    frames: dict[int, pd.DataFrame]
    warnings: tuple[str, ...]


def read_earlier_contacts(year: int, config: ReportConfig) -> EarlierContacts:
    """The contacts of every earlier export a run of `year` reads (its layout's trend columns with an export).
    Raises what reading the year's own layout raises (that is the year's error); an earlier year's codebook,
    mapping or export that fails gives a warning instead."""
    years = earlier_data_years(year, load_layout(config.year(year).layout), config)
    frames: dict[int, pd.DataFrame] = {}
    warnings: list[str] = []
    for earlier in years:
        sources = config.year(earlier)
        try:
            codebook = load_codebook(sources.codebook)
            frames[earlier] = load_contacts(sources.export, codebook,
                                            mapping=sources.mapping if sources.mapping.is_file() else None)
        except Exception as err:  # noqa: BLE001 - any failure of an earlier export: this year's run goes on
            warnings.append(f"the {earlier} export ({shown_path(sources.export)}) could not be read for its contact "
                            f"persons ({type(err).__name__}): the privacy gate and the scrubber of the {year} open "
                            f"answers do not know them in this run")
    return EarlierContacts(frames, tuple(warnings))
