"""A PDF's pages as the privacy gate keys and reads them through qpdf (pikepdf).

    source = open_pdf(data)                       # None: no pikepdf, or qpdf cannot read it as it is
    keys = QpdfPageKeys()
    key = keys.key(source.pages[0].obj)           # SHA-256 over what text extraction of the page reads
    subset = page_subset(source, [3, 4])          # a PDF of just those pages' keyed parts, for pypdf

Why: after a prose edit the gate knows all but a few pages of the report's PDF clean, but keying
them with pypdf meant parsing the whole file in Python first (its cross-reference stream of ~35,000
objects, the object streams around every page): 0.25–0.3 s of a 2 s edit loop. qpdf reads the same
file in C++ (~0.01 s) and the keys of its ~200 pages take ~0.03 s.

What the key covers is what pypdf's ``extract_text()`` of a page reads — as in
:class:`wlzmonitor.run.privacy_gate.PageKeys`: the content streams, the ``/Resources`` (inherited ones
too) with every font and form XObject they reach, and ``/MediaBox``, ``/CropBox`` and ``/Rotate`` —
canonical (keys sorted, an indirect object by what it holds, not its number; a stream by its
dictionary, which names its filters, and the SHA-256 of its bytes as stored; an image among a
resource dictionary's XObjects is just "an image"; a reference back up the chain as its distance).

The text is then read by pypdf, as before, but from :func:`page_subset`: a PDF holding, for each page
to read, a new page made of exactly those keyed parts (copied by qpdf, their streams as stored). So
a key and the text remembered for it are both of qpdf's reading of the file: two pages with the same
key are the same page to the extraction, by construction. That reading must be the one pypdf would
make of the file itself: a file qpdf reads only by repairing it, with a warning or a message, or
where it reads another object than a search of the file finds (a reference to an object the
cross-reference frees or leaves out: null to qpdf, found by pypdf; an incremental update or a hybrid
file) is not read this way (:func:`open_pdf`): the gate then reads it with pypdf alone, as before.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from decimal import Decimal

__all__ = ["KEYED", "NO_CYCLE", "ObjectKeys", "QpdfPageKeys", "child_role", "inherited", "open_pdf", "page_subset",
           "qpdf_warnings", "streams_decode", "token"]

#: what a page's key covers besides its content streams (inherited from the page tree when the page has none)
KEYED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
#: a reference back to no object still being hashed
NO_CYCLE = 1 << 30
#: how far up the page tree an inherited entry is looked for (a cycle in /Parent ends here)
_TREE_DEPTH = 64


def token(tag: bytes, payload: bytes) -> bytes:
    """One item of a key: its tag, its length and its bytes."""
    return tag + len(payload).to_bytes(8, "big") + payload


class _QpdfMessages(logging.Handler):
    """Counts what qpdf says through pikepdf's logger (it repairs a page tree there, not in
    ``get_warnings()``: "Pages tree includes non-dictionary object; ignoring")."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_MESSAGES = _QpdfMessages()


def open_pdf(data: bytes):
    """The PDF as qpdf reads it as it is (a pikepdf.Pdf); None without pikepdf, or when qpdf
    repairs it, warns, or reads another object than a reader searching the file would: a
    reference to an object that is free, missing or beyond ``/Size`` (qpdf reads it as null, as the
    standard says, and drops it from its dictionary; pypdf searches the file for the object and
    reads it). Found by an adversarial review: a page's text in such an object was missed."""
    try:
        import pikepdf
    except ImportError:
        return None
    logger = logging.getLogger("pikepdf._core")
    if logger.getEffectiveLevel() > logging.WARNING:  # its messages silenced: this check could not hear them
        return None
    if _MESSAGES not in logger.handlers:
        logger.addHandler(_MESSAGES)
    said = _MESSAGES.count
    try:
        source = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
        source.wlz_said = said
        if qpdf_warnings(source) or not _references_resolve(source, data):
            return None
    except Exception:  # noqa: BLE001 - pikepdf raises several kinds for a damaged file: read by pypdf instead
        return None
    return source


def qpdf_warnings(source) -> bool:
    """qpdf warned or said anything while reading `source` since it was opened (a damaged object it
    read its own way, a page tree it repaired: it says that on pikepdf's logger, whose messages
    :func:`open_pdf` requires to be heard)."""
    return bool(source.get_warnings()) or _MESSAGES.count != getattr(source, "wlz_said", _MESSAGES.count)


def _references_resolve(source, data: bytes) -> bool:
    """The file has one cross-reference section, every object number below ``/Size`` but 0 is in use
    in it, and the file holds no object the section does not list: ``obj`` occurs in its bytes no
    more often than once for the header and once for ``endobj`` of each object stored as it is, or, when
    it does (a chance ``obj`` in compressed bytes), each object header in the file is of an object the
    section lists as stored, once (an object the section leaves out, frees or puts beyond ``/Size`` —
    found by pypdf's search, read as null by qpdf — has its own header). An incremental update or a
    hybrid file is read by pypdf."""
    if "/Prev" in source.trailer or "/XRefStm" in source.trailer:
        return False
    counts = _xref_stream_counts(source, data) if source.trailer.get("/Type") == "/XRef" else _xref_table_counts(source)
    if counts is None:
        return False
    size, in_use, stored = counts
    if in_use != size - 1:
        return False
    if data.count(b"obj") <= 2 * len(stored):
        return True
    # more "obj" than headers and "endobj"s: by chance in compressed bytes (one in about four reports of 4.8 MB
    # holds one: their pages all went to pypdf, 4 s of the gate after an edit) or an object the section does
    # not list. Then every object header in the file must be of an object the section lists as stored as it
    # is, once each (a looser pattern than a reader's search for objects: anything it finds, this finds)
    numbers = [int(m.group(1)) for m in _OBJECT_HEADER.finditer(data)]
    return len(numbers) == len(stored) and set(numbers) == stored


#: an object's header ("12 0 obj")
_OBJECT_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj")


def _xref_stream_counts(source, data: bytes) -> tuple[int, int, set[int]] | None:
    """(``/Size``, objects in use, the numbers of the objects stored as they are) from the file's one cross-reference
    stream, decoded as a table of fixed-width rows (~0.005 s for 35,000 objects; qpdf's own table
    of them takes ~0.1 s to make the first time)."""
    import numpy as np
    import pikepdf

    size = int(source.trailer.get("/Size", 0))
    tail = data[data.rindex(b"startxref") + len(b"startxref"):].split()
    at = int(tail[0]) if tail and tail[0].isdigit() else -1
    header = re.match(rb"(\d+)\s+(\d+)\s+obj", data[at:at + 40]) if 0 <= at < len(data) else None
    if header is None:
        return None
    stream = source.get_object((int(header.group(1)), int(header.group(2))))
    if not isinstance(stream, pikepdf.Stream) or stream.get("/Type") != "/XRef":
        return None
    widths = [int(w) for w in stream.get("/W", [])]
    index = [int(i) for i in stream.get("/Index", [0, size])]
    rows = stream.read_bytes()
    if len(widths) != 3 or not 0 <= widths[0] <= 4 or index != [0, size] or len(rows) != size * sum(widths):
        return None
    if widths[0] == 0:  # no type field: every entry is an object stored as it is
        return size, size - 1, size - 1
    table = np.frombuffer(rows, dtype=np.uint8).reshape(size, sum(widths))[:, :widths[0]].astype(np.int64)
    types = (table * (256 ** np.arange(widths[0] - 1, -1, -1))).sum(axis=1)
    if types[0] != 0 or (types > 2).any():
        return None
    return size, int((types > 0).sum()), set(np.flatnonzero(types == 1).tolist())


def _xref_table_counts(source) -> tuple[int, int, set[int]] | None:
    """The same from a cross-reference table (qpdf's reading of it: a file this small takes no time)."""
    size = int(source.trailer.get("/Size", 0))
    in_use, stored = 0, set()
    for (number, _gen), entry in source.get_xref_table().items():
        if entry.type in (1, 2):
            if not 0 < number < size:
                return None
            in_use += 1
            if entry.type == 1:
                stored.add(number)
    return size, in_use, stored


def inherited(page, name: str):
    """The page's entry `name`, or its nearest ancestor's in the page tree (None: none)."""
    node = page
    for _ in range(_TREE_DEPTH):
        value = node.get(name)
        if value is not None:
            return value
        node = node.get("/Parent")
        if node is None:
            return None
    return None


def child_role(role: str, key: str) -> str:
    """What a dictionary's value is to text extraction: a page's or form's resources, the
    resources' XObjects, one XObject (an image is never read for text), or anything else."""
    if role == "xobjects":
        return "xobject"
    if key == "/Resources":
        return "resources"
    return "xobjects" if role == "resources" and key == "/XObject" else ""


class ObjectKeys:
    """What both page-key makers share: each indirect object is hashed once per document (its token
    remembered by object number and role); a reference back to an object still being hashed (a
    cycle) is written as its distance up the chain, and an object on such a cycle is hashed anew
    each time. One instance per opened PDF: object numbers are the document's."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int, str], bytes] = {}
        self._stack: dict[tuple[int, int, str], int] = {}

    def referenced(self, name: tuple[int, int, str], out: list[bytes], tokens) -> int:
        """Append the token of the object `name` (number, generation, role) to `out`: remembered, a
        cycle, or made by ``tokens(body)`` (which appends the object's tokens to `body` and returns
        the lowest depth it refers back to); the lowest depth this refers back to (NO_CYCLE: none)."""
        if name in self._memo:
            out.append(self._memo[name])
            return NO_CYCLE
        depth = len(self._stack)
        if name in self._stack:  # a cycle: how far up the chain
            out.append(token(b"C", str(depth - self._stack[name]).encode("ascii")))
            return self._stack[name]
        self._stack[name] = depth
        body: list[bytes] = []
        try:
            low = tokens(body)
        finally:
            del self._stack[name]
        made = b"".join(body)
        out.append(made)
        if low < depth:  # refers back above itself: its token depends on the way it was reached
            return low
        self._memo[name] = made
        return NO_CYCLE


class QpdfPageKeys(ObjectKeys):
    """The key of a page's text (see the module docstring); one instance per opened PDF."""

    def __init__(self) -> None:
        import pikepdf

        super().__init__()
        self._pk = pikepdf

    def key(self, page) -> bytes:
        """The key of `page` (a page dictionary: ``pdf.pages[i].obj``)."""
        out = [b"wlzmonitor page text qpdf 1"]
        contents = page.get("/Contents")
        out.append(token(b"c", b""))
        self._value(contents, "", out)
        for name in KEYED:
            out.append(token(b"K", name.encode("ascii")))
            self._value(inherited(page, name), "resources" if name == "/Resources" else "", out)
        return hashlib.sha256(b"".join(out)).digest()

    def _value(self, obj, role: str, out: list[bytes], held: bool = False) -> int:
        """Append `obj`'s token to `out` (a container: the digest of its tokens, the same whether it is
        written in place or as an indirect object; `held`: `obj` is the value of a reference being
        hashed); the lowest depth of an object being hashed that it refers back to (NO_CYCLE: none)."""
        pk = self._pk
        if not held and isinstance(obj, pk.Object) and obj.is_indirect:
            return self._indirect(obj, role, out)
        body: list[bytes] = []
        low = NO_CYCLE
        if isinstance(obj, pk.Array):
            body.append(token(b"A", str(len(obj)).encode("ascii")))
            low = min([self._value(item, "", body) for item in obj], default=NO_CYCLE)
        elif isinstance(obj, pk.Dictionary) or isinstance(obj, pk.Stream):
            stream = isinstance(obj, pk.Stream)
            if stream and role == "xobject" and obj.get("/Subtype") == pk.Name.Image:
                out.append(token(b"I", b""))
                return NO_CYCLE
            items = sorted(obj.items(), key=lambda item: item[0])
            body.append(token(b"s" if stream else b"d", str(len(items)).encode("ascii")))
            for key, value in items:
                body.append(token(b"N", key.encode("utf-8", "surrogatepass")))
                low = min(low, self._value(value, child_role(role, key), body))
            if stream:
                body.append(token(b"S", hashlib.sha256(obj.read_raw_bytes()).digest()))
        else:
            out.append(self._scalar(obj))
            return NO_CYCLE
        out.append(token(b"R", hashlib.sha256(b"".join(body)).digest()))
        return low

    def _scalar(self, obj) -> bytes:
        pk = self._pk
        if obj is None:
            return token(b"0", b"")
        if isinstance(obj, bool):
            return token(b"b", b"1" if obj else b"0")
        if isinstance(obj, int):
            return token(b"i", str(obj).encode("ascii"))
        if isinstance(obj, (Decimal, float)):
            return token(b"f", str(obj).encode("ascii"))
        if isinstance(obj, pk.Name):
            return token(b"N", str(obj).encode("utf-8", "surrogatepass"))
        if isinstance(obj, pk.String):
            return token(b"T", bytes(obj))
        return token(b"?", f"{type(obj).__name__}:{obj!r}".encode("utf-8", "surrogatepass"))

    def _indirect(self, ref, role: str, out: list[bytes]) -> int:
        number, generation = ref.objgen
        return self.referenced((number, generation, role), out, lambda body: self._value(ref, role, body, held=True))


def page_subset(source, numbers: list[int]) -> bytes:
    """A PDF whose i-th page is made of the keyed parts of page ``numbers[i]`` (1-based) of `source`:
    its content streams, resources, boxes and rotation (inherited ones set on the page), copied by
    qpdf with their streams as stored. Nothing else of the page (links, structure) is copied."""
    import pikepdf

    out = pikepdf.new()
    copies: dict[tuple[int, int], object] = {}
    for number in numbers:
        page = source.pages[number - 1].obj
        fresh = pikepdf.Dictionary(Type=pikepdf.Name.Page)
        contents = page.get("/Contents")
        if contents is not None:
            fresh.Contents = _copy(out, contents, copies)
        for name in KEYED:
            value = inherited(page, name)
            if value is not None:
                fresh[name] = _copy(out, value, copies)
        out.pages.append(pikepdf.Page(out.make_indirect(fresh)))
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.disable, deterministic_id=True)
    return buffer.getvalue()


def _name_pattern(name: str) -> re.Pattern:
    """A PDF name in a content stream, each character as itself or ``#`` and its hex code
    (``/Actual#54ext`` is ``/ActualText``)."""
    return re.compile(b"/" + b"".join(b"(?:" + re.escape(ch.encode()) + b"|#(?i:" + f"{ord(ch):02x}".encode() + b"))"
                                      for ch in name) + rb"(?![^\s/<>\[\]()%{}])")


#: marked content whose ``/ActualText`` replaces its glyphs' text in PDFium's reading (and in what a viewer
#: copies) while the glyphs are printed: an inline property list in a content stream or a form
_ACTUAL_TEXT = _name_pattern("ActualText")


def _replaced_text(obj) -> bool:
    """`obj` (a page or a form) names a property list with ``/ActualText`` in its resources."""
    import pikepdf

    resources = obj.get("/Resources")
    properties = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(properties, pikepdf.Dictionary):
        return False
    return any(isinstance(value, pikepdf.Dictionary) and "/ActualText" in value for value in properties.values())


def streams_decode(subset: bytes) -> bool:
    """Every stream of `subset` (a :func:`page_subset`) that text extraction may read decodes with
    the standard filters, without an error or a warning from qpdf: the pages' content streams and
    every other stream but an image's (forms, ``/ToUnicode`` maps, encodings, font programs). PDFium
    reads a stream it cannot decode (an unknown filter, damaged compressed data) as no text, where
    pypdf raises: the gate then reads the pages with pypdf, which fails such a page closed
    (:mod:`.pdf_text`). ~0.03 s for the report's 195 pages.

    False too when marked content of the pages has an ``/ActualText`` (in a stream, or in a property
    list of a page's or a form's resources): PDFium reads that text instead of the glyphs' (a visible
    e-mail address marked "Zie tabel" read as "Zie tabel"), pypdf reads the glyphs. WeasyPrint writes
    none; a review found it by building such a page."""
    try:
        import pikepdf

        pdf = pikepdf.open(io.BytesIO(subset))
    except Exception:  # noqa: BLE001 - pikepdf missing, or qpdf cannot read it
        return False
    messages, warnings = _MESSAGES.count, len(pdf.get_warnings())
    try:
        contents = set()
        for page in pdf.pages:
            streams = page.obj.get("/Contents")
            for stream in (streams if isinstance(streams, pikepdf.Array) else [streams]):
                if isinstance(stream, pikepdf.Stream):
                    contents.add(stream.objgen)
            if _replaced_text(page.obj):
                return False
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and (obj.objgen in contents or obj.get("/Subtype") != "/Image"):
                if _ACTUAL_TEXT.search(obj.read_bytes(pikepdf.StreamDecodeLevel.generalized)) or _replaced_text(obj):
                    return False
    except Exception:  # noqa: BLE001 - an unknown filter, or data that does not decode
        return False
    return _MESSAGES.count == messages and len(pdf.get_warnings()) == warnings


def _copy(out, obj, copies: dict):
    """`obj` of another PDF in `out`: an indirect object by qpdf's foreign copy (everything it reaches,
    once), a direct container rebuilt around copies of what it holds, anything else as it is."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        if obj.objgen not in copies:
            copies[obj.objgen] = out.copy_foreign(obj)
        return copies[obj.objgen]
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(out, item, copies) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(out, value, copies) for key, value in obj.items()})
    return obj
