"""Safety review h124: the caches and shortcuts of the edit loop, attacked.

The gate's remembered verdicts (run/privacy_gate.OutputScan) were keyed by the deny list's entries,
settings and answers, but not by the words the report prints itself (``known_words``,
``lowercase_words``): the report's own prose (the string constants of the chapter notebooks,
report-prose-texts.json) adds to them, and a contact's bare first name or surname among them is no
hit. A notebook edit that removed such a word made the name a hit again, yet a file found clean
before was taken as clean without being read.
"""
from __future__ import annotations

import html
from dataclasses import replace

from test_privacy_gate import _clean_output


def test_a_clean_verdict_is_not_reused_when_the_report_no_longer_prints_the_word(tmp_path, deny, contact,
                                                                                 private_key):
    from wlzmonitor.run.privacy_gate import OutputScan

    rid, name, _email, _phone = contact
    surname = name.split()[-1]
    out = _clean_output(tmp_path / "out")
    page = out / "01_tarieven.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f"</h1><p>Over {html.escape(surname)}.</p>"),
                    encoding="utf-8")
    verdicts = tmp_path / "cache" / "gate-2026"
    printed = replace(deny, known_words=deny.known_words | {surname.casefold()})
    assert OutputScan(out, printed, verdicts=verdicts).finish() == []  # a word the report prints: no hit
    fresh = OutputScan(out, deny, verdicts=None).finish()
    assert any(p.startswith("01_tarieven.html") and rid in p for p in fresh)  # without it: a hit
    scan = OutputScan(out, deny, verdicts=verdicts)
    assert scan.finish() == fresh  # the verdict of the other deny list is not taken
    assert scan.remembered < sum(1 for p in out.rglob("*") if p.is_file())


def test_a_verdict_is_reused_under_the_same_printed_words(tmp_path, deny, private_key):
    from wlzmonitor.run.privacy_gate import OutputScan

    out, verdicts = _clean_output(tmp_path / "out"), tmp_path / "cache" / "gate-2026"
    assert OutputScan(out, deny, verdicts=verdicts).finish() == []
    again = OutputScan(out, replace(deny), verdicts=verdicts)
    assert again.finish() == [] and again.read == 0


def test_a_named_pipe_in_a_notebooks_place_does_not_hang_the_deny_lists_reading(tmp_path):
    """report_prose_texts read every chapter notebook with Path.read_bytes: a named pipe put in a notebook's
    place after the run started (the plan had read it) made the deny list's child wait for ever, and the run
    then read it again itself (left open by review h124). Now only a regular file is read; the pipe is skipped
    (the run reports the notebook itself)."""
    import dataclasses
    import os
    import threading

    from wlzmonitor.run.privacy_gate import report_prose_texts
    from wlzmonitor.spec.config import load_config

    config = load_config()
    fifo = tmp_path / "03_herschikking.py"
    os.mkfifo(fifo)
    stems = list(config.chapters)
    real = config.notebook
    config = dataclasses.replace(config)
    object.__setattr__(config, "notebook", lambda stem: fifo if stem == stems[0] else real(stem))
    done: list = []
    reader = threading.Thread(target=lambda: done.append(report_prose_texts(config)), daemon=True)
    reader.start()
    reader.join(15)
    hung = reader.is_alive()
    if hung:  # let it go before failing
        with open(fifo, "wb"):
            pass
        reader.join(5)
    assert not hung, "the reading hung on the named pipe"
    assert done and done[0]  # the other files' texts
