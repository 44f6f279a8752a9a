"""Review h163 (the next year's path, as a careless analyst takes it).

1. A year after the year after the wave ('2029' in the 2027 report, '2028' in 2026's) typed into a text the report
   prints was warned in the codebook's texts alone (review h154, ``year_named``); in the prose, a markdown cell, a
   card's label, a table's title or note, a section, codeframe or chapter title it passed, while the survey year
   and the year before were warned there. The wave's own year, the years before it and the next (the contracting
   year the survey asks about: 'het inkoopbeleid voor 2027 en verder' in 2026) stay unwarned.
"""

from __future__ import annotations

from new_wave import repository
from test_table_note_years_h142 import _findings

LAYOUT = "data/reports/2026/tables.yml"


def _replace(root, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _later(where: str, what: str, text: str, year: int, advice: str = "") -> str:
    return (f"WARNING: [prose] {where}: {what} ‘{text}’ names {year}, after 2027: the 2026 report names its own year, "
            f"the years before it and at most the next (2027); a typo, or a year typed for another wave? Correct the "
            f"year{advice}; if the 2026 report does mean {year}, leave it (this warning then stays)")


def test_a_year_after_the_next_typed_into_any_printed_text_is_warned(tmp_path, monkeypatch):
    root = repository(tmp_path)
    notebook = root / "notebooks" / "01_tarieven.py"
    text = notebook.read_text(encoding="utf-8")
    first = len(text.splitlines()) + 2
    notebook.write_text(text + (
        "\n# %% [markdown]\n# Het inkoopbeleid voor 2028 is nog niet bekend.\n\n"
        "# %%\n"
        'chapter.text("Het zorgkantoor kondigt een nieuw beleid aan voor 2028 en het inkoopbeleid voor 2027.")\n'),
        encoding="utf-8")
    _replace(root, "notebooks/00_kerncijfers.py", '"verwacht dat het aantal urgent wachtenden toeneemt"',
             '"verwacht dat het aantal urgent wachtenden toeneemt tot 2029"')
    _replace(root, LAYOUT, 'title: "NPS per zorgkantoor"', 'title: "NPS per zorgkantoor 2072"')
    _replace(root, "config/report.yml", '"2 Capaciteitsontwikkeling verpleegzorg"',
             '"2 Capaciteitsontwikkeling verpleegzorg 2030"')
    later = [f for f in _findings(root, monkeypatch) if ", after 2027:" in f]
    assert later == [
        _later(f"{LAYOUT}:258 (Tabel 38 (nps__uitvoerder))", "the table title (title)", "NPS per zorgkantoor 2072",
               2072, " (or write {jaar}/{vorig_jaar})"),
        _later("config/report.yml", "the chapter title (chapters 02_capaciteit)",
               "2 Capaciteitsontwikkeling verpleegzorg 2030", 2030),
        _later("notebooks/00_kerncijfers.py:48", "the card label",
               "verwacht dat het aantal urgent wachtenden toeneemt tot 2029", 2029),
        _later(f"notebooks/01_tarieven.py:{first + 4}", "the prose",
               "Het zorgkantoor kondigt een nieuw beleid aan voor 2028 en het inkoopbeleid voor 2027.", 2028,
               " (or write {jaar}/{vorig_jaar})"),
        _later(f"notebooks/01_tarieven.py:{first + 1}", "the markdown", "Het inkoopbeleid voor 2028 is nog niet bekend.",
               2028, " (or say it in chapter.text with {jaar}/{vorig_jaar})"),
    ]
