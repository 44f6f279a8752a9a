"""Review of the speed work (w5): cases where a fast path differed from the slow one, a run could
hang, or stale output could be published. Each test failed before its fix."""

from __future__ import annotations

import pytest

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# -- the deny-list child ------------------------------------------------------------------------------
def test_a_run_that_stops_before_it_asks_for_the_deny_list_does_not_wait_for_the_child():
    """run/report_build._start starts the deny-list child first; when the run then stops (fewer
    respondents than min_respondents, a RunError, Ctrl-C) the deny list is never asked for. The
    process must still exit at once, not wait at exit for the child (for ever when it hangs; and
    the child holds the year's run lock, inherited through the fork, all that time)."""
    script = textwrap.dedent("""
        import time
        from wlzmonitor.run import privacy_gate
        from wlzmonitor.spec.config import load_config

        def hangs(year, config):
            time.sleep(90)  # not for ever: a child left behind by a failing test ends

        privacy_gate.run_deny_list = hangs
        privacy_gate.start_deny_list(2026, load_config())
        raise SystemExit(3)  # the run stops before it asks for the deny list
    """)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError("the process waited at exit for the hanging deny-list child") from None
    assert done.returncode == 3, done.stderr.decode()
    assert time.perf_counter() - started < 25


# -- the PDF cache: a picture the page shows from a file of the output ---------------------------------
def _png(rgb: tuple[int, int, int]) -> bytes:
    """A 40 x 40 PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * 40 for _ in range(40))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 40, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.slow  # real WeasyPrint / processes: the full suite runs it
def test_a_picture_file_the_page_shows_is_part_of_the_pdf_cache_key(tmp_path, monkeypatch):
    """A page may show a file of the output folder (the offline check allows ``<img
    src="figures/…">``, e.g. markdown ``![kaart](figures/02_capaciteit_regio.png)``): when that file
    changes and the page does not (another chapter redrew the chart), the cached part printed the
    old picture; the PDF must be what printing without a cache gives."""
    import test_pdf_parts as parts

    folder = tmp_path / "key"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(folder / "cache-key"))
    out, cache = tmp_path / "out", tmp_path / "cache"
    parts._report(out, sentence='<img src="figures/02_b_kaart.png" alt="kaart">')
    (out / "figures").mkdir()
    (out / "figures" / "02_b_kaart.png").write_bytes(_png((200, 30, 30)))
    red = parts._print(out, cache)
    (out / "figures" / "02_b_kaart.png").write_bytes(_png((30, 30, 200)))
    assert parts._print(out, None) != red  # the picture is printed
    assert parts._print(out, cache) == parts._print(out, None)


# -- a chapter's files when one chapter's name starts another's ----------------------------------------
def test_the_files_of_a_chapter_are_not_those_of_a_chapter_whose_name_it_starts(tmp_path):
    """Charts are named <chapter>_<table>; with chapters 'bijlage_1' and 'bijlage_1_respons' (both
    valid names), 'bijlage_1_respons_tabel.svg' is the second one's. Taken as the first one's, the
    privacy gate scanned it when bijlage_1 finished, while bijlage_1_respons might still be writing
    it (and never again), and a prose-only bijlage_1 that had to run after all deleted it from the
    output (run/report_build._remove_chapter_files)."""
    from wlzmonitor.run import report_build as rb

    chapters = ["bijlage_1", "bijlage_1_respons"]
    target, staging = tmp_path / "2026", tmp_path / ".2026.partial"
    for folder in (target, staging):
        (folder / "figures").mkdir(parents=True)
        for name in ("bijlage_1_tabel.svg", "bijlage_1_respons_tabel.svg"):
            (folder / "figures" / name).write_text("<svg/>", encoding="utf-8")
    own = rb._chapter_files(staging, "bijlage_1", chapters)
    assert staging / "figures" / "bijlage_1_tabel.svg" in own
    assert staging / "figures" / "bijlage_1_respons_tabel.svg" not in own
    assert not rb._written_by(staging, staging / "figures" / "bijlage_1_respons_tabel.svg", ["bijlage_1"], chapters)
    rb._remove_chapter_files(staging, "bijlage_1", chapters)
    assert (staging / "figures" / "bijlage_1_respons_tabel.svg").exists()
    fresh = tmp_path / "fresh"
    rb._copy_previous_chapters(target, fresh, ["bijlage_1"], chapters)
    assert sorted(p.name for p in (fresh / "figures").iterdir()) == ["bijlage_1_tabel.svg"]


def test_a_chapter_files_temporary_twin_is_the_chapters_while_it_runs(tmp_path):
    """The gate's early scan (the data outputs, before the chapters are done) leaves out what a running
    chapter writes; a page or notebook is written as a temporary twin renamed when whole
    (``.<name>-<random>.tmp``), and that twin is the chapter's too: listed by the early scan, it was
    renamed before the gate read it and the run stopped with "No such file or directory"."""
    from wlzmonitor.run import report_build as rb

    chapters = ["01_tarieven", "bijlage_3_uitvoerder"]
    staging = tmp_path / ".2026.partial"
    running = ["bijlage_3_uitvoerder"]
    for rel in (".bijlage_3_uitvoerder.html-0_c9hzju.tmp", "notebooks/.bijlage_3_uitvoerder.ipynb-x1y2z3.tmp"):
        assert rb._written_by(staging, staging / rel, running, chapters), rel
    for rel in (".01_tarieven.html-0_c9hzju.tmp",  # a chapter that does not run: not written now
                ".wlz_monitor_2026_tabellen.xlsx-abc.tmp", "tables/.tarief.csv-abc.tmp",  # the run's own files
                ".bijlage_3_uitvoerder.html.tmp", "bijlage_3_uitvoerder.html-0_c9hzju.tmp"):  # not a twin's name
        assert not rb._written_by(staging, staging / rel, running, chapters), rel
    assert rb._written_by(staging, staging / "figures" / ".bijlage_3_uitvoerder_tabel.svg-q_1.tmp", running, chapters)

