"""Review h163 (the next year's path, as a careless analyst takes it).

1. A year after the year after the wave ('2029' in the 2027 report, '2028' in 2026's) typed into a text the report
   prints was warned in the codebook's texts alone (review h154, ``year_named``); in the prose, a markdown cell, a
   card's label, a table's title or note, a section, codeframe or chapter title it passed, while the survey year
   and the year before were warned there. The wave's own year, the years before it and the next (the contracting
   year the survey asks about: 'het inkoopbeleid voor 2027 en verder' in 2026) stay unwarned.
2. A question whose key was renamed by hand and reworded in 2027 (a new key at the old number, same type and
   answers): the layout's "dropped since" error and the prose's "did not ask" warnings named the old key alone, the
   new question's "no table shows it" the new key alone; nothing said the two are one question. Each now names
   both keys, numbers and wordings (``spec/year_renamed.py``).
3. A date of the wave typed in digits ("peildatum 1-12-2025" in 2026) passed check-year, read as a fixed date, while
   the same date in words ("1 december 2025") was warned as a typed year: left in the shared notebook or the copied
   layout, next year's report printed last year's peildatum. It is warned now in the prose, a markdown cell and a
   table's title or note; "1-12-{vorig_jaar}" moves with the report and is not.
"""

from __future__ import annotations

import new_wave
from new_wave import YEAR, check_with_prose, repository
from test_next_wave_h151 import _edit
from test_table_note_years_h142 import _findings
from test_wave_review import _check, _copy, wave  # noqa: F401  (wave: a fixture, the 2027 test wave)
from wlzmonitor.spec.prose import later_years

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


def test_a_figure_or_the_next_year_is_no_later_year():
    assert later_years("Voor 2028 en verder; N = 2029, 2030 organisaties; in 2027 en sinds 2015.", 2026) == [2028]
    assert later_years("Reeks 2021-2029 en {maatwerk:1@2029}.", 2027) == [2029]  # a range's end; not a placeholder


# -- 2. a key renamed and reworded ---------------------------------------------------------------------------
OLD_TEXT = "Heeft u gebruikgemaakt van de mogelijkheid om aanspraak te maken op de hardheidsclausule?"
NEW_TEXT = "Heeft uw organisatie in 2027 een beroep gedaan op de hardheidsclausule van het zorgkantoor?"
BOTH = (f" (2027's new question 'hardheid_beroep' (Vraag 14 ‘{NEW_TEXT}’) has the number and the answers of 2026's "
        f"'hardheidsclausule' (Vraag 14 ‘{OLD_TEXT}’): if it is that question under a new key, keep the key "
        "'hardheidsclausule' in the 2027 codebook with changes: {2026: \"gewijzigde vraagstelling\"} (keys stay the "
        "same across years: a renamed key starts a new series))")


def _rename(q: dict) -> None:
    q.update(key="hardheid_beroep", text=NEW_TEXT)


def test_a_key_renamed_and_reworded_is_named_with_both_keys_and_wordings(wave, tmp_path, monkeypatch):
    root = _copy(wave, tmp_path)
    _edit(root, f"data/codebooks/{YEAR}.yml", "hardheidsclausule", _rename)
    found = [f.text() for f in _check(root, monkeypatch).findings]
    layout = [f for f in found if f.startswith("ERROR: [dropped]") and "(Tabel 7 (hardheidsclausule))" in f]
    assert layout == ["ERROR: [dropped] data/reports/2027/tables.yml:86 (Tabel 7 (hardheidsclausule)): question "
                      "'hardheidsclausule' is not in the codebook of 2027 (asked in 2026, dropped since): remove the "
                      "table from the layout (or fix the key)" + BOTH]
    new = [f for f in found if "[not_shown]" in f and "hardheid_beroep" in f]
    assert len(new) == 1 and new[0].endswith("leaves it out on purpose)" + BOTH)
    prose = [f for f in found if "which 2027 did not ask" in f and "'hardheidsclausule'" in f]
    assert len(prose) == 1 and prose[0].endswith(BOTH)  # the markdown cell naming the hardheidsclausule
    # the key replaced in the layout and notebooks too: the previous wave's empty column names both
    for file in (f"data/reports/{YEAR}/tables.yml", "notebooks/01_tarieven.py"):
        path = root / file
        path.write_text(path.read_text(encoding="utf-8").replace("hardheidsclausule", "hardheid_beroep"),
                        encoding="utf-8")
    series = [f.text() for f in _check(root, monkeypatch).findings if f.kind == "series" and "column 2026:" in f.message]
    assert series == ["WARNING: [series] data/reports/2027/tables.yml:86 (Tabel 7 (hardheid_beroep)): column 2026: "
                      "'hardheid_beroep' is not in the 2026 codebook (not asked then, or asked under another key: a "
                      "question split in two or renamed starts a series of its own) and no configured report "
                      "publishes it: the column stays empty. Drop 2026 from the table's columns" + BOTH]
    # another question at that number (other answers) is no rename: the findings name the old key alone
    _edit(root, f"data/codebooks/{YEAR}.yml", "hardheid_beroep", lambda q: q["options"].append(
        {"code": 9, "label": "Weet niet"}))
    assert not [f for f in (x.text() for x in _check(root, monkeypatch).findings) if "new question 'hardheid" in f]


# -- 3. a date of the wave typed in digits ------------------------------------------------------------------------
def _dated(date: str, year: int, word: str, where: str = "the prose") -> str:
    return (f"the date ‘{date}’ typed into {where} is of {year}, {'the survey year' if word == 'jaar' else 'the year before'}"
            ": a date of this wave (a peildatum, the export's date) stays as typed in next year's report, stale there. "
            f"Write its year as {{{word}}} ('{date.replace(str(year), '{' + word + '}')}'); a fixed date stays as it is "
            "(this warning then stays)")


def test_a_date_of_the_wave_typed_in_digits_is_warned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found, line = check_with_prose(tmp_path, [
        'chapter.text("De peildatum is 1-12-2025; de gegevens zijn van 2026-01-15.")',
        'chapter.text("De peildatum is 1-12-{vorig_jaar}; de Wlz bestaat sinds 1-1-2015.")',  # derived; a fixed date
    ])
    texts = [f.text() for f in found.findings if "typed into" in f.message]
    assert texts == [f"WARNING: [prose] repo/notebooks/00_kerncijfers.py:{line}: " + _dated("1-12-2025", 2025, "vorig_jaar"),
                     f"WARNING: [prose] repo/notebooks/00_kerncijfers.py:{line}: " + _dated("2026-01-15", 2026, "jaar")]
    root = tmp_path / "layout"
    root.mkdir()
    root = repository(root)
    _replace(root, LAYOUT, "  - key: tariefpercentage_hoger_lager\n",
             '  - key: tariefpercentage_hoger_lager\n    note: "Stand per 31-12-2025"\n')
    assert [f for f in _findings(root, monkeypatch) if "typed into" in f] == [
        f"WARNING: [prose] {LAYOUT}:31 (Tabel 2 (tariefpercentage_hoger_lager)): "
        + _dated("31-12-2025", 2025, "vorig_jaar", "the table note (note) ‘Stand per 31-12-2025’")]


def test_a_date_of_the_wave_typed_in_digits_in_a_markdown_cell_is_warned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found, line = check_with_prose(tmp_path, ["", "# %% [markdown]", "# De gegevens zijn van 15-01-2026."])
    assert [f.text() for f in found.findings if "typed into" in f.message] == [
        f"WARNING: [prose] repo/notebooks/00_kerncijfers.py:{line + 2}: " + _dated("15-01-2026", 2026, "jaar")
        + " (in a markdown cell: write it with chapter.text)"]
