"""The PDF is not printed again for the same document (run/pdf.py, write_pdf(cache=...)): the same
pages, library, environment and system fonts read the last PDF back; anything else prints anew; a
planted or edited cache file is never used."""

from __future__ import annotations

import pytest

from wlzmonitor.run import pdf
from wlzmonitor.spec.config import load_config


@pytest.fixture(autouse=True)
def private_key(tmp_path, monkeypatch):
    folder = tmp_path / "key"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(folder / "cache-key"))


@pytest.fixture
def printed(monkeypatch):
    """WeasyPrint replaced by a counter: the 'PDF' is the document's length and a print number."""
    calls = []

    def fake(document: str, out_dir, year: int) -> bytes:
        calls.append(document)
        return f"%PDF fake {len(document)} {len(calls)}".encode()
    monkeypatch.setattr(pdf, "_print", fake)
    return calls


def _write(out, cache, respondents=122):
    config = load_config()
    manifest = {"chapters": {stem: {"status": "missing"} for stem in config.chapters}}
    return pdf.write_pdf(out, config, 2026, manifest, respondents=respondents, cache=cache).read_bytes()


def test_the_same_document_is_read_back_and_a_changed_one_printed(tmp_path, printed, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    first = _write(out, cache)
    assert _write(out, cache) == first and len(printed) == 1
    assert _write(out, cache, respondents=121) != first and len(printed) == 2  # another title page
    assert _write(out, cache) == first and len(printed) == 2  # the change undone: read back
    monkeypatch.setattr(pdf, "system_digest", lambda: "another font")
    _write(out, cache, respondents=121)
    assert len(printed) == 3
    for n in range(118, 121):
        _write(out, cache, respondents=n)
    assert len(list(cache.glob("pdf-2026-*"))) == pdf.PDFS_KEPT


def test_an_edited_cache_file_is_never_used(tmp_path, printed):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    first = _write(out, cache)
    (path,) = cache.glob("pdf-2026-*")
    path.write_bytes(path.read_bytes().replace(b"fake", b"evil"))
    assert _write(out, cache) == first[:-1] + b"2" and len(printed) == 2


def test_without_a_cache_every_run_prints(tmp_path, printed):
    out = tmp_path / "out"
    out.mkdir()
    _write(out, None)
    _write(out, None)
    assert len(printed) == 2
