"""check-year's verdict kept between runs (run.year_check_cache): a run of the same files does not
check again and prints the same warnings; any file the check reads, changed, checks again; a check
with errors is never kept; a cache file not signed for this key is not believed; and every file the
check opens is one the run's snapshot holds (what makes the key sound)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import new_wave
from sweeps import first_fast
from wlzmonitor.compute.fingerprint import input_snapshot
from wlzmonitor.run import year_check_cache
from wlzmonitor.run.report_plan import notebook_path, plan
from wlzmonitor.spec import year_check
from wlzmonitor.spec.config import load_config
from wlzmonitor.spec.year_findings import Finding, YearCheckError

_RECORDING: list[tuple[str, str]] | None = None


def _audit(event: str, args: tuple) -> None:
    if _RECORDING is not None and event in ("open", "os.listdir", "os.scandir") and args \
            and isinstance(args[0], (str, bytes, os.PathLike)):
        _RECORDING.append((event, os.fsdecode(args[0])))


sys.addaudithook(_audit)  # cannot be removed: it records only while _RECORDING is a list


def _config(root: Path):
    load_config.cache_clear()
    return load_config(root)


@pytest.fixture
def repo(tmp_path, private_key):
    """A copy of the repository's config, notebooks and data; outputs in its own folder."""
    root = new_wave.repository(tmp_path)
    yield root
    load_config.cache_clear()


@pytest.fixture
def checks(monkeypatch):
    """Counts the checks done; the findings of `checks.extra` are added to each real one."""
    real = year_check.check_year

    class Counter:
        count = 0
        extra: list[Finding] = []
        known: list[bool] = []  # per check: the findings of the checks of files other than notebooks given

    def counted(year, config=None, *, known=None, known_prose=None, loaded=None):
        Counter.count += 1
        Counter.known.append(known is not None)
        result = real(year, config, known=known, known_prose=known_prose, loaded=loaded)
        if known is None:  # a finding of a file check: with `known`, it comes with them
            result.findings.extend(Counter.extra)
            result.by_check.setdefault("check_files", []).extend(Counter.extra)
        return result

    monkeypatch.setattr(year_check, "check_year", counted)
    return Counter


WARNING = Finding("warning", "series", "data/reports/2026/tables.yml: eisen_zorgkantoor",
                  "2019 has no data and no published report provides it")


def _cache_file(root: Path, year: int = 2026) -> Path:
    return root / "outputs" / ".cache" / f"year-check-{year}.json"


def test_a_second_run_of_the_same_files_prints_the_same_warnings_without_checking(repo, checks, capsys):
    checks.extra = [WARNING]
    plan(2026, config=_config(repo))
    first = capsys.readouterr().out
    assert checks.count == 1 and "WARNING: [series]" in first and "eisen_zorgkantoor" in first
    assert _cache_file(repo).exists()
    plan(2026, config=_config(repo))
    assert checks.count == 1  # not checked again
    assert capsys.readouterr().out == first  # the same text, byte for byte


def test_a_clean_check_prints_nothing_and_is_kept(repo, checks, capsys):
    plan(2026, config=_config(repo))
    plan(2026, config=_config(repo))
    assert checks.count == 1 and capsys.readouterr().out == ""


@pytest.mark.parametrize("changed", first_fast([
    "notebooks/03_herschikking.py",       # prose: placeholders, typed numbers
    "data/codebooks/2026.yml",            # the year's codebook
    "data/codebooks/2025.yml",            # the previous wave's
    "data/reports/2024/tables.yml",       # another year's layout
    "data/codeframes/2026.yml",           # the codeframe
    "data/published/2025/cells.csv",      # published figures (long series)
    "config/report.yml",                  # the config
]))
def test_any_file_the_check_reads_changed_checks_again(repo, checks, changed):
    plan(2026, config=_config(repo))
    path = repo / changed
    path.write_bytes(path.read_bytes() + b"\n# changed\n")
    plan(2026, config=_config(repo))
    assert checks.count == 2


def test_a_new_file_in_a_folder_the_check_reads_checks_again(repo, checks):
    plan(2026, config=_config(repo))
    (repo / "data" / "codeframes" / "extra.yml").write_text("# a new file\n", encoding="utf-8")
    plan(2026, config=_config(repo))
    assert checks.count == 2


def test_a_check_with_errors_is_never_kept(repo, checks):
    checks.extra = [Finding("error", "dropped", "data/reports/2026/tables.yml: x", "names a question 2026 lacks")]
    for expected in (1, 2):
        with pytest.raises(YearCheckError, match="names a question 2026 lacks"):
            plan(2026, config=_config(repo))
        assert checks.count == expected
    assert not _cache_file(repo).exists()


def test_a_cache_file_edited_planted_or_of_another_key_is_not_believed(repo, checks, capsys):
    checks.extra = [WARNING]
    plan(2026, config=_config(repo))
    capsys.readouterr()
    stored = _cache_file(repo)
    signed = stored.read_bytes()
    # edited: the warnings taken out, the signature left as it was
    stored.write_bytes(signed.replace(b"WARNING", b"NOTHING"))
    plan(2026, config=_config(repo))
    assert checks.count == 2 and "WARNING: [series]" in capsys.readouterr().out
    # planted: a file that is not signed at all
    stored.write_text('{"key": "x", "warnings": ""}', encoding="utf-8")
    plan(2026, config=_config(repo))
    assert checks.count == 3
    # signed for this user, but for other files: a codebook changed since
    (repo / "data" / "codebooks" / "2026.yml").write_bytes(
        (repo / "data" / "codebooks" / "2026.yml").read_bytes() + b"\n")
    plan(2026, config=_config(repo))
    assert checks.count == 4


def test_the_key_holds_the_repository_folder_and_the_files(tmp_path, private_key):
    one = new_wave.repository(tmp_path / "one")
    two = new_wave.repository(tmp_path / "two")
    keys = []
    for root in (one, two):
        config = _config(root)
        snapshot = input_snapshot(2026, config, watch=[notebook_path(config, s) for s in config.chapters])
        keys.append(year_check_cache.check_key(2026, config, snapshot))
        assert keys[-1] == year_check_cache.check_key(2026, config, snapshot)  # stable
    assert keys[0] != keys[1]  # the same bytes in another folder: the warnings name other paths


@pytest.mark.parametrize("wave", first_fast(["naive 2027", "2026"]))
def test_every_file_the_check_opens_is_in_the_run_s_snapshot(tmp_path, wave):
    """The key is sound only if it holds every file the check reads: a check that starts reading
    a new file fails this until the snapshot (compute.fingerprint.input_paths) holds it."""
    global _RECORDING
    root = new_wave.repository(tmp_path)
    year = 2026
    if wave == "naive 2027":  # the files of a new wave edited by hand: errors, warnings, other reads
        new_wave.new_year(root)
        new_wave.naive_edits(root)
        year = 2027
    config = _config(root)
    _RECORDING = []
    real_read = year_check.read_notebooks

    def read_marked(ctx):  # where the file checks end and the notebooks are read
        _RECORDING.append(("marker", str(root)))
        real_read(ctx)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(year_check, "read_notebooks", read_marked)
            result = year_check.check_year(year, config)
        opened = _RECORDING
    finally:
        _RECORDING = None
    snapshot = input_snapshot(year, config, watch=[notebook_path(config, s) for s in config.chapters])
    held = {state.path.resolve() for state in snapshot.states}
    folders = {p.resolve() for p in snapshot.paths if p.is_dir()}
    inside = [(event, Path(p).resolve()) for event, p in opened
              if Path(p).resolve().is_relative_to(root.resolve())]
    assert inside, "the check read no file of the repository: the audit hook recorded nothing"
    assert any(p.name == "03_herschikking.py" for _, p in inside)  # the notebooks are read
    # ... but only by the notebook checks: the others' findings are kept while only notebooks change
    first = next(i for i, (_, p) in enumerate(inside) if p.suffix == ".py" and p.parent.name == "notebooks")
    assert first >= inside.index(("marker", root.resolve())), "a check of the files read a notebook"
    for event, path in inside:
        if event == "marker":
            continue
        if event == "open":
            assert path in held, f"check-year {year} reads {path} which the run's snapshot does not hold"
        else:  # a folder listed: its files are all in the snapshot only when the folder is
            assert path in folders or any(path.is_relative_to(f) for f in folders), \
                f"check-year {year} lists {path} which the run's snapshot does not hold"
    if wave == "naive 2027":
        assert result.errors  # the naive wave is one the check stops



def test_a_file_saved_while_checking_keeps_the_verdict_out_of_the_cache(repo, monkeypatch):
    """The key is of the bytes the snapshot read; a codebook saved while the check ran would put a
    verdict of other bytes under that key (and a later undo would skip the check): not stored."""
    real = year_check.check_year
    codebook = repo / "data" / "codebooks" / "2026.yml"

    def check_while_saving(year, config=None, **known):
        result = real(year, config, **known)
        codebook.write_bytes(codebook.read_bytes() + b"\n# saved meanwhile\n")
        return result

    monkeypatch.setattr(year_check, "check_year", check_while_saving)
    plan(2026, config=_config(repo))
    assert not _cache_file(repo).exists()


# ---------------------------------------------------------------------------------------------
# a prose edit: only the notebook checks run, the others' findings come from the store
# ---------------------------------------------------------------------------------------------
def _edit_prose(root: Path, text: str = "Een zin erbij.") -> None:
    path = root / "notebooks" / "03_herschikking.py"
    path.write_text(path.read_text(encoding="utf-8") + f"\n# %% [markdown]\n# {text}\n", encoding="utf-8")


def test_a_prose_edit_runs_only_the_notebook_checks_with_the_same_warnings(repo, checks, capsys):
    checks.extra = [WARNING]
    plan(2026, config=_config(repo))
    first = capsys.readouterr().out
    _edit_prose(repo)
    plan(2026, config=_config(repo))
    assert checks.count == 2 and checks.known == [False, True]
    assert capsys.readouterr().out == first
    plan(2026, config=_config(repo))  # and that verdict is kept in turn
    assert checks.count == 2


def test_a_prose_edit_keeps_what_the_files_texts_say_without_reading_the_codeframe(repo, monkeypatch, capsys):
    """The checks of the texts of the year's files (a layout's title, the codeframe's headings) are kept while only
    a notebook changes: the codeframe's ~600 patterns are not compiled again for a prose edit, and their warning
    (a typed survey year in a layout's title) is printed as before."""
    from wlzmonitor.spec import reader_texts

    layout = repo / "data" / "reports" / "2026" / "tables.yml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace('title: "NPS per zorgkantoor"', 'title: "NPS per zorgkantoor in 2026"'),
                      encoding="utf-8")
    read: list[object] = []
    real = reader_texts.load_codeframes
    monkeypatch.setattr(reader_texts, "load_codeframes", lambda *a, **k: read.append(a) or real(*a, **k))
    plan(2026, config=_config(repo))
    first = capsys.readouterr().out
    assert "NPS per zorgkantoor in 2026" in first and len(read) == 1
    _edit_prose(repo)
    plan(2026, config=_config(repo))
    assert capsys.readouterr().out == first and len(read) == 1  # not read again: the files did not change


def test_a_prose_edit_that_breaks_a_placeholder_is_still_caught(repo, checks):
    plan(2026, config=_config(repo))
    _edit_prose(repo, 'In Tabel 18 staat het.')
    with pytest.raises(YearCheckError, match="Tabel 18"):
        plan(2026, config=_config(repo))
    assert checks.known == [False, True]


@pytest.mark.parametrize("changed", first_fast(["data/codebooks/2026.yml", "config/report.yml", "data/codeframes/2026.yml"]))
def test_a_prose_edit_with_another_file_runs_every_check(repo, checks, changed):
    plan(2026, config=_config(repo))
    _edit_prose(repo)
    path = repo / changed
    path.write_bytes(path.read_bytes() + b"\n# changed\n")
    plan(2026, config=_config(repo))
    assert checks.known == [False, False]


def _wave(tmp_path: Path, wave: str):
    """(year, config) of a copy of the repository: 2026 as shipped, or a naive 2027 wave (errors, warnings and
    notes of most kinds)."""
    root = new_wave.repository(tmp_path)
    if wave == "naive 2027":
        new_wave.new_year(root)
        new_wave.naive_edits(root)
    return (2027 if wave == "naive 2027" else 2026), _config(root)


@pytest.mark.parametrize("wave", first_fast(["naive 2027", "2026"]))
def test_stored_file_findings_give_the_findings_of_a_full_check(tmp_path, wave):
    """The same findings, in the same order, whether the file checks ran or were given (a naive
    2027 wave: errors, warnings and notes of most kinds)."""
    year, config = _wave(tmp_path, wave)
    full = year_check.check_year(year, config)
    given = year_check.check_year(year, config, known=year_check.file_findings(full))
    assert given.findings == full.findings and given.text() == full.text()
    assert set(full.by_check) == {check.__name__ for check in year_check.CHECKS}
    assert not set(year_check.file_findings(full)) & {c.__name__ for c in year_check.NOTEBOOK_CHECKS}
    if wave == "naive 2027":
        assert len({f.kind for f in full.findings}) >= 5


def test_a_check_outside_the_notebook_checks_cannot_read_the_notebooks(tmp_path, monkeypatch):
    root = new_wave.repository(tmp_path)

    def reads_notebooks(ctx):
        return [Finding("note", "prose", scan.stem, "x") for scan in ctx.notebooks]

    monkeypatch.setattr(year_check, "CHECKS", (*year_check.CHECKS, reads_notebooks))
    with pytest.raises(RuntimeError, match="outside NOTEBOOK_CHECKS read the notebooks"):
        year_check.check_year(2026, _config(root))


def test_stored_findings_of_another_shape_are_not_believed(repo, checks):
    from wlzmonitor.compute.signed_files import read_signed, write_signed
    import json

    plan(2026, config=_config(repo))
    stored = json.loads(read_signed(_cache_file(repo), year_check_cache.PURPOSE))
    stored["files"] = {"check_codes": [["error", "codes"]]}  # signed by this user, but not findings
    write_signed(_cache_file(repo), year_check_cache.PURPOSE, json.dumps(stored).encode("utf-8"))
    _edit_prose(repo)
    plan(2026, config=_config(repo))
    assert checks.known == [False, False]


def test_the_key_holds_the_working_folder(repo, monkeypatch, tmp_path):
    """The findings name files relative to the working folder: another one is another text."""
    config = _config(repo)
    snapshot = input_snapshot(2026, config, watch=[notebook_path(config, s) for s in config.chapters])
    keys = set()
    for folder in (repo, tmp_path):
        monkeypatch.chdir(folder)
        keys |= {year_check_cache.check_key(2026, config, snapshot),
                 year_check_cache.check_key(2026, config, snapshot, notebooks=False)}
    assert len(keys) == 4


# ---------------------------------------------------------------------------------------------
# a prose edit: only the edited notebook's prose is checked again
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def prose_checked(monkeypatch):
    """The stems whose prose the check reads, per check (a list of lists)."""
    real = year_check.notebook_prose_findings
    checked: list[list[str]] = []

    def counted(ctx, scan):
        if not checked or checked[-1] is None:
            checked.append([])
        checked[-1].append(scan.stem)
        return real(ctx, scan)

    real_check = year_check.check_year

    def check(*args, **kwargs):
        checked.append([])
        return real_check(*args, **kwargs)

    monkeypatch.setattr(year_check, "notebook_prose_findings", counted)
    monkeypatch.setattr(year_check, "check_year", check)
    return checked


def test_a_prose_edit_checks_the_prose_of_that_notebook_only(repo, prose_checked, capsys):
    config = _config(repo)
    plan(2026, config=config)
    assert prose_checked[-1] == list(config.chapters)
    first = capsys.readouterr().out
    _edit_prose(repo)
    plan(2026, config=_config(repo))
    assert prose_checked[-1] == ["03_herschikking"]
    _edit_prose(repo, "Nog een zin.")
    (repo / "notebooks" / "04_kwaliteit_innovatie.py").write_text(
        (repo / "notebooks" / "04_kwaliteit_innovatie.py").read_text(encoding="utf-8") + "\n# %% [markdown]\n# Erbij.\n",
        encoding="utf-8")
    plan(2026, config=_config(repo))
    assert prose_checked[-1] == ["03_herschikking", "04_kwaliteit_innovatie"]
    assert capsys.readouterr().out == first


def test_a_warning_in_one_notebook_comes_and_goes_with_its_edits(repo, capsys):
    """The stored prose findings are those of each notebook's bytes: a warning written into a
    notebook is printed while the text is there, and no longer once it is taken out again, while
    the other notebooks' findings are taken from the store."""
    path = repo / "notebooks" / "03_herschikking.py"
    original = path.read_text(encoding="utf-8")
    plan(2026, config=_config(repo))
    capsys.readouterr()
    _edit_prose(repo, "Het richttarief was 95,5% van het maximum.")
    plan(2026, config=_config(repo))
    assert "95,5%" in capsys.readouterr().out
    path.write_text(original + "\n# %% [markdown]\n# Een zin zonder getal.\n", encoding="utf-8")
    plan(2026, config=_config(repo))
    assert "95,5%" not in capsys.readouterr().out
    path.write_text(original, encoding="utf-8")
    plan(2026, config=_config(repo))
    assert "95,5%" not in capsys.readouterr().out


def test_stored_prose_findings_of_other_bytes_are_not_used(repo, prose_checked):
    """A stored notebook entry is used only for the bytes it was made of: one whose digest is not the
    notebook's (a planted entry, signed by this user) is checked again, and its findings not printed."""
    import json

    from wlzmonitor.compute.signed_files import read_signed, write_signed

    plan(2026, config=_config(repo))
    stored = json.loads(read_signed(_cache_file(repo), year_check_cache.PURPOSE))
    entry = stored["prose"]["04_kwaliteit_innovatie"]
    entry["digest"] = "0" * 64
    entry["findings"] = [["error", "prose", "notebooks/04_kwaliteit_innovatie.py:1", "planted"]]
    write_signed(_cache_file(repo), year_check_cache.PURPOSE, json.dumps(stored).encode("utf-8"))
    _edit_prose(repo)
    plan(2026, config=_config(repo))  # no error: the planted finding was not believed
    assert prose_checked[-1] == ["03_herschikking", "04_kwaliteit_innovatie"]


@pytest.mark.parametrize("wave", first_fast(["naive 2027", "2026"]))
def test_stored_prose_findings_give_the_findings_of_a_full_check(tmp_path, wave):
    """Whichever notebooks' prose findings are given, the findings are those of a full check, in its order."""
    year, config = _wave(tmp_path, wave)
    full = year_check.check_year(year, config)
    assert list(full.prose_by_notebook) == list(config.chapters)
    assert full.by_check["check_prose"] == [f for found in full.prose_by_notebook.values() for f in found]
    files = year_check.file_findings(full)
    for given in ([], list(config.chapters)[::2], list(config.chapters)):
        known = {stem: full.prose_by_notebook[stem] for stem in given}
        again = year_check.check_year(year, config, known=files, known_prose=known)
        assert again.findings == full.findings and again.text() == full.text()
    if wave == "naive 2027":
        assert any(full.prose_by_notebook.values())


# ---------------------------------------------------------------------------------------------
# a prose edit: what the checks read (the codebooks and layouts parsed) is not loaded again
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def loads(monkeypatch):
    """The years whose context is loaded (year_findings.load_context called), one entry per load."""
    from wlzmonitor.spec import year_findings

    real = year_findings.load_context
    loaded: list[int] = []

    def counted(year, config, findings):
        loaded.append(year)
        return real(year, config, findings)

    monkeypatch.setattr(year_findings, "load_context", counted)
    return loaded


def _context_file(root: Path, year: int = 2026) -> Path:
    return root / "outputs" / ".cache" / f"year-check-{year}-context.pickle"


def test_a_prose_edit_takes_the_context_from_the_store_with_the_same_findings(repo, loads, capsys):
    """The context is kept by the first check and read back for a prose edit: the codebooks and layouts are not
    parsed again, and the check says what a check that loads them says (a warning in the edited prose)."""
    plan(2026, config=_config(repo))
    assert loads == [2026] and _context_file(repo).exists()
    capsys.readouterr()
    _edit_prose(repo, "Het richttarief was 95,5% van het maximum.")
    plan(2026, config=_config(repo))
    kept = capsys.readouterr().out
    assert loads == [2026]  # not loaded again
    assert "95,5%" in kept
    config = _config(repo)
    fresh = year_check.check_year(2026, config)  # loads its own context
    assert kept == fresh.text(("warning",)) + "\n"


def test_the_context_is_loaded_again_when_a_file_it_holds_changed(repo, loads):
    plan(2026, config=_config(repo))
    _edit_prose(repo)
    path = repo / "data" / "reports" / "2024" / "tables.yml"  # another year's layout: in the context
    path.write_bytes(path.read_bytes() + b"\n# changed\n")
    plan(2026, config=_config(repo))
    assert loads == [2026, 2026]
    _edit_prose(repo, "Nog een zin.")
    plan(2026, config=_config(repo))
    assert loads == [2026, 2026]  # and that one kept in turn


@pytest.mark.parametrize("damage", ["edited", "planted", "other key", "not a context"])
def test_a_context_file_not_signed_for_this_key_is_not_believed(repo, loads, damage):
    import pickle

    from wlzmonitor.compute.signed_files import write_signed

    plan(2026, config=_config(repo))
    stored = _context_file(repo)
    if damage == "edited":  # the signature left as it was
        data = bytearray(stored.read_bytes())
        data[-3] ^= 0x01
        stored.write_bytes(bytes(data))
    elif damage == "planted":
        stored.write_bytes(pickle.dumps((None, [])))
    elif damage == "other key":  # signed by this user, for other files
        write_signed(stored, year_check_cache.CONTEXT_PURPOSE, b"0" * 64 + b"\0" + pickle.dumps((None, [])))
    else:  # signed under this key, but not what the check keeps
        key = stored.read_bytes().split(b"\0")[0][-64:]
        write_signed(stored, year_check_cache.CONTEXT_PURPOSE, key + b"\0" + pickle.dumps({"no": "context"}))
    _edit_prose(repo)
    plan(2026, config=_config(repo))
    assert loads == [2026, 2026]


def test_a_run_with_other_settings_loads_its_own_context(repo, loads):
    """The context holds the run's config: a weighted run beside an unweighted one (the same cache folder) checks
    with its own."""
    plan(2026, config=_config(repo))
    _edit_prose(repo)
    plan(2026, config=_config(repo).weighted())
    assert loads == [2026, 2026]
    _edit_prose(repo, "Nog een zin.")
    plan(2026, config=_config(repo).weighted())
    assert loads == [2026, 2026]  # kept for the weighted run
    _edit_prose(repo, "En nog een.")
    plan(2026, config=_config(repo))
    assert loads == [2026, 2026, 2026]  # one context is kept: the last run's


def test_a_context_that_does_not_pickle_is_checked_and_not_kept(repo, monkeypatch, capsys):
    """Review h143: pickling the context was not guarded; one that does not pickle (a lambda kept in it by a later
    change) ended the run in a traceback. It is checked as loaded and not kept."""
    from wlzmonitor.spec import year_findings

    real = year_findings.load_context

    def with_a_lambda(year, config, findings):
        ctx = real(year, config, findings)
        ctx.question_lines = {"x": lambda: 1}
        return ctx

    monkeypatch.setattr(year_findings, "load_context", with_a_lambda)
    plan(2026, config=_config(repo))
    assert _cache_file(repo).exists() and not _context_file(repo).exists()


@pytest.mark.parametrize("wave", first_fast(["naive 2027", "2026"]))
def test_a_kept_context_gives_the_findings_of_a_loaded_one(tmp_path, wave):
    """The context as pickled and read back gives every check the same findings, in the same order (a naive 2027
    wave: errors, warnings and notes of most kinds, load findings among them)."""
    import pickle

    from wlzmonitor.spec.year_findings import load_context

    year, config = _wave(tmp_path, wave)
    full = year_check.check_year(year, config)
    found: list = []
    kept = pickle.loads(pickle.dumps((load_context(year, config.for_year(year), found), found)))
    given = year_check.check_year(year, config, loaded=kept)
    assert given.findings == full.findings and given.text() == full.text() and given.by_check == full.by_check
