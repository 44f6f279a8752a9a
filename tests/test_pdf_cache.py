"""The PDF's parts are not printed again for the same document (run/pdf.py, write_pdf(cache=...)): the
same pages, library, environment and system fonts read the printed parts and the merged PDF back;
anything else prints anew; a planted or edited cache file is never used."""

from __future__ import annotations

import io

import pytest

from wlzmonitor.run import pdf
from wlzmonitor.spec.config import load_config


@pytest.fixture(autouse=True)
def _private_key(private_key):
    """Every test here signs with a key of its own (conftest.private_key)."""


def fake_pdf(pages: int, title: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write(out, cache, respondents=122):
    config = load_config()
    manifest = {"chapters": {stem: {"status": "missing"} for stem in config.chapters}}
    return pdf.write_pdf(out, config, 2026, manifest, respondents=respondents, cache=cache).read_bytes()


def _title(data: bytes) -> str:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).metadata.title


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
    assert len(list(cache.glob(f"pdfpart-2026-{pdf.FRONT}-*"))) == pdf.PARTS_KEPT
    assert len(list(cache.glob(f"pdfinfo-2026-{pdf.FRONT}-*"))) == pdf.PARTS_KEPT


def test_an_edited_cache_file_is_never_used(tmp_path, printed):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    first = _write(out, cache)
    assert _title(first).endswith(" 1")
    for path in cache.iterdir():  # every kind: the merged PDF, the printed part, the layout info
        data = path.read_bytes()
        path.write_bytes(data.replace(b"fake", b"evil") if b"fake" in data else data[:-2] + b"9}")
    again = _write(out, cache)
    assert len(printed) == 2 and _title(again) == _title(first)[:-1] + "2"


def test_without_a_cache_every_run_prints(tmp_path, printed):
    out = tmp_path / "out"
    out.mkdir()
    _write(out, None)
    _write(out, None)
    assert len(printed) == 2
