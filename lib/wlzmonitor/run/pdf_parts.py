"""The print engine behind :mod:`wlzmonitor.run.pdf`: WeasyPrint renders one part of the report
(the front matter or one chapter page), pypdf lays the page numbers over them, pikepdf joins the
printed parts into one PDF.

    info, pdf = render_part(html, base_url, year, write=True)   # layout info and (optionally) PDF bytes
    infos = render_parts(jobs, workers=2)                       # several parts, in worker processes
    numbered = number_part(pdf, sheet, first)                   # page numbers laid over a part's pages
    merged = merge_parts([(pdf, info), ...], year)              # one PDF, links and outline as one print

The layout info of a part is plain JSON: its page count, every anchor (id) with the page it lands
on (index within the part) and its position in PDF points, and every bookmark (heading) with its
level, label, page and position. It depends on the part's content alone (parts are printed
without page numbers), so it is known before the parts are numbered.

Merging adds the parts' pages one after another and rebuilds what spans parts from the layout
infos: the named destinations (the real anchor of each id, in the part that holds it; a part
carries empty placeholders for the ids it links to elsewhere, which are not used), the outline
(nested by heading level across parts, as WeasyPrint nests it in one document), and the metadata,
language and file identifier of one deterministic document.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import io
import multiprocessing
import os
import threading
import warnings

from wlzmonitor.run.interruptions import children_ignore_ctrl_c
from wlzmonitor.run.process_tree import die_with_parent

__all__ = ["PdfError", "keep_joined_documents", "layout_info", "merge_parts", "number_part", "print_cost", "print_pool", "render_part",
           "render_parts"]

#: CSS pixels to PDF points, as WeasyPrint writes them
SCALE = 0.75


class PdfError(RuntimeError):
    """The PDF could not be printed (the print engine is missing a system library)."""


def _weasyprint():
    try:  # imported here: WeasyPrint takes about half a second to import and only printing needs it
        return _import_weasyprint()
    except OSError as err:  # its system libraries (Pango) are missing
        raise PdfError(f"the PDF needs WeasyPrint's system libraries (Debian: apt-get install libpango-1.0-0 "
                       f"libpangoft2-1.0-0): {err}") from err


_import_lock = threading.Lock()


def _import_weasyprint():
    """``import weasyprint``, without the C compiler runs its library lookups cost where they are not needed.

    WeasyPrint opens Pango, HarfBuzz, … trying several names each ('libgobject-2.0-0', 'gobject-2.0-0',
    'gobject-2.0', 'libgobject-2.0.so.0', …); cffi looks up every name it cannot open with
    ``ctypes.util.find_library``, which on Linux runs ``gcc`` (and ``ld``) for a name the linker cache
    does not hold: ~20 compiler runs, 0.2 s of every process that prints (measured: import 0.54 -> 0.31 s).
    Imported first with that lookup answering "not found" for this thread (the names WeasyPrint tries
    include the libraries' own file names, which the system's loader opens from its cache directly);
    when that import fails, imported again as WeasyPrint does it, lookups and all (a system whose
    libraries only the compiler's search finds)."""
    import ctypes.util

    with _import_lock:
        real, importer = ctypes.util.find_library, threading.get_ident()

        def not_looked_up(name):
            return None if threading.get_ident() == importer else real(name)

        ctypes.util.find_library = not_looked_up
        try:
            import weasyprint

            return weasyprint
        except OSError:
            pass
        finally:
            ctypes.util.find_library = real
        import weasyprint  # as WeasyPrint does it: the compiler's search too

        return weasyprint


def layout_info(document) -> dict:
    """Pages, anchors and bookmarks of a rendered WeasyPrint document (positions in PDF points, as
    WeasyPrint writes its destinations: from the bottom left of the page; the first anchor of a
    name counts)."""
    anchors, bookmarks = {}, []
    for index, page in enumerate(document.pages):
        def point(x: float, y: float, page=page) -> list[float]:
            return [round(x * SCALE, 6), round((page.height - y) * SCALE, 6)]
        for name, (x, y, _, _) in page.anchors.items():
            anchors.setdefault(name, [index, *point(x, y)])
        bookmarks += [[level, label, index, *point(x, y), state] for level, label, (x, y), state in page.bookmarks]
    return {"pages": len(document.pages), "anchors": anchors, "bookmarks": bookmarks}


#: the time stamped into every embedded font subset, as SOURCE_DATE_EPOCH (the reproducible-builds
#: convention fontTools follows; without it the subsets carry the second of the print, and the same part
#: printed a second later had other bytes): invisible in the PDF, fixed so that the same part prints to
#: the same bytes at any time and on any machine
FONT_TIMESTAMP = "0"
_font_time_lock = threading.Lock()
_font_time_users = [0, None]  # prints under way in this process, the variable's value before the first


@contextlib.contextmanager
def fixed_font_time():
    """SOURCE_DATE_EPOCH set to :data:`FONT_TIMESTAMP` while WeasyPrint writes a PDF (and set back after
    the last print of this process that needs it, whatever thread prints)."""
    with _font_time_lock:
        if _font_time_users[0] == 0:
            _font_time_users[1] = os.environ.get("SOURCE_DATE_EPOCH")
        _font_time_users[0] += 1
        os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        with _font_time_lock:
            _font_time_users[0] -= 1
            if _font_time_users[0] == 0:
                if _font_time_users[1] is None:
                    os.environ.pop("SOURCE_DATE_EPOCH", None)
                else:
                    os.environ["SOURCE_DATE_EPOCH"] = _font_time_users[1]


def render_part(html: str, base_url: str, year: int, write: bool) -> tuple[dict, bytes | None]:
    """Render one part: its layout info and, when `write`, its PDF bytes (one render for both; the same
    bytes at any time: :func:`fixed_font_time`), tagged: with its structure (headings, paragraphs, lists,
    tables, figures and their text alternatives; WeasyPrint's ``pdf_tags``), which a screen reader reads
    and :func:`merge_parts` joins (the numbers sheet's tags are taken off: :func:`as_page_furniture`)."""
    document = _weasyprint().HTML(string=html, base_url=base_url).render()
    info = layout_info(document)
    pdf = None
    if write:
        with fixed_font_time():
            pdf = document.write_pdf(pdf_identifier=f"wlz-monitor-{year}".encode(), custom_metadata=False,
                                     pdf_tags=True)
    return info, pdf


def render_parts(jobs: dict[str, tuple[str, str, int, bool]], workers: int = 1, render=None, pool=None) -> dict:
    """Render several parts, ``{name: (html, base_url, year, write)}`` → ``{name: (info, pdf)}``:
    in this process one after another (`workers` 1, or a single part), else in `pool` (or in
    `workers` processes started for them), the one with the most elements first
    (:func:`print_cost`). `render` replaces :func:`render_part` in this process."""
    render = render or render_part
    order = sorted(jobs, key=lambda name: (-print_cost(jobs[name][0]), name))
    if pool is None and (workers <= 1 or len(jobs) < 2):
        return {name: render(*jobs[name]) for name in order}
    with contextlib.nullcontext(pool) if pool is not None else print_pool(min(workers, len(jobs))) as running:
        with children_ignore_ctrl_c():  # the print processes start now; Ctrl-C is the run's to handle
            futures = {name: running.submit(render_part, *jobs[name]) for name in order}
        return {name: futures[name].result() for name in order}


def print_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """`workers` spawned print processes that never outlive this one (:func:`die_with_parent`)."""
    return concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                                  initializer=die_with_parent, initargs=(os.getpid(),))


def print_cost(document: str) -> int:
    """How long a part takes to print, as a number to order parts by: its elements. WeasyPrint's
    time grows with the boxes it styles and lays out, not with the bytes of the pictures a page
    embeds (the reproduction appendix, 170 kB of table cells, takes four times as long as a
    chapter of 1.1 MB that is mostly pictures); longest first keeps both CPUs busy to the end."""
    return document.count("<")


def number_part(pdf: bytes, sheet: bytes, first: int) -> bytes:
    """A printed part with the page numbers laid over its pages: its page i gets page
    ``first - 1 + i`` of the numbers sheet (the report's page numbers on otherwise empty pages),
    drawn over it as a form XObject under a fixed name (pikepdf; the part's own content and structure tree
    are copied by qpdf, not read into Python as pypdf did, which took ~2 s for the tagged reproduction
    appendix). Same input, same bytes."""
    from pikepdf import Name, Pdf, Rectangle

    with Pdf.open(io.BytesIO(pdf)) as part, Pdf.open(io.BytesIO(sheet)) as numbers:
        for index, page in enumerate(part.pages):
            form = numbers.pages[first - 1 + index].as_form_xobject()
            existing = page.resources.get("/XObject", {})
            name = next(Name(f"/Paginanummer{n or ''}") for n in range(len(existing) + 1)
                        if f"/Paginanummer{n or ''}" not in existing)  # pikepdf's add_overlay: a random name
            page.add_resource(form, Name.XObject, name)
            placed = page.calc_form_xobject_placement(form, name, Rectangle(page.trimbox))
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n" + placed, prepend=False)
            page.contents_coalesce()
        out = io.BytesIO()
        part.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def as_page_furniture(sheet: bytes) -> bytes:
    """The numbers sheet with every page's content marked as an artifact (pagination, footer): laid over a
    tagged part (:func:`number_part`), the page number is page furniture a screen reader skips, not text
    of the report's structure."""
    from pikepdf import Dictionary, Name, Operator, Pdf, parse_content_stream, unparse_content_stream

    marks = {Operator("BDC"), Operator("BMC"), Operator("EMC"), Operator("MP"), Operator("DP")}
    artifact = ([Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Footer)], Operator("BDC"))
    with Pdf.open(io.BytesIO(sheet)) as pdf:
        for page in pdf.pages:
            # the sheet's own marked content (its tags) out, the whole of it one artifact
            kept = [(operands, op) for operands, op in parse_content_stream(page) if op not in marks]
            page.obj.Contents = pdf.make_stream(unparse_content_stream([artifact, *kept, ([], Operator("EMC"))]))
            for key in ("/StructParents", "/Tabs"):
                if key in page.obj:
                    del page.obj[key]
        if "/StructTreeRoot" in pdf.Root:
            del pdf.Root.StructTreeRoot
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def _outline(pdf, bookmarks: list[list]) -> None:
    """Add bookmarks ``[level, label, page, x, y, state]`` nested as WeasyPrint nests them (a level
    skipped under a heading does not make an empty depth); `pdf`: a pikepdf.Pdf."""
    from pikepdf import OutlineItem

    with pdf.open_outline() as outline:
        skipped, parents, previous = [], [None], 0
        for level, label, page, x, y, state in bookmarks:
            if level > previous:
                skipped.append(level - previous - 1)
            else:
                temp = level
                while temp < previous:
                    temp += 1 + skipped.pop()
                if temp > previous:
                    skipped.append(temp - previous - 1)
            previous = level
            depth = level - sum(skipped)
            item = OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
            item.is_closed = state == "closed"
            (outline.root if parents[depth - 1] is None else parents[depth - 1].children).append(item)
            del parents[depth:]
            parents.append(item)


def _destinations(pdf, anchors: dict[str, list]) -> None:
    """The named-destination tree of the merged document: ``{name: [page, x, y]}``, sorted."""
    from pikepdf import Array, Dictionary, Name, String

    pages = [page.obj for page in pdf.pages]
    names: list = []
    for name in sorted(anchors, key=lambda n: n.encode("utf-8")):
        page, x, y = anchors[name]
        names += [String(name), Array([pages[page], Name.XYZ, x, y, 0])]
    pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array(names)))  # one array made at once: half the time


def _drop_dead_links(pdf, anchors: dict, structure: "_Structure | None" = None) -> None:
    """Links to a name no part really holds are removed, as WeasyPrint removes them in one document (and
    from the structure tree: their link text stays)."""
    from pikepdf import Array

    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if "/Dest" not in a or str(a.Dest) in anchors]
        if len(kept) != len(annots):
            if structure is not None:
                for annot in annots:
                    if "/Dest" in annot and str(annot.Dest) not in anchors:
                        structure.drop_annotation(annot)
            page.obj.Annots = Array(kept)


#: where :func:`merge_parts` leaves the documents it opened, unfreed (None: they are freed on return)
_unfreed: list | None = None


def keep_joined_documents() -> None:
    """From now on, :func:`merge_parts` in this process leaves the documents it opens unfreed.

    For a process that leaves with ``os._exit`` soon after a join (the printer child,
    :mod:`wlzmonitor.run.pdf_printer`): freeing qpdf's objects of a 200-page report, every part's
    and the joined one's, takes ~0.13 s, a third of the join, and the edit loop waits for it. The
    bytes are the same; the memory (tens of megabytes per join) goes with the process."""
    global _unfreed
    if _unfreed is None:
        _unfreed = []


#: the entries of a part's structure tree root that :class:`_Structure` joins (WeasyPrint writes these)
_JOINED_TREE_KEYS = frozenset({"/Type", "/K", "/ParentTree", "/ParentTreeNextKey", "/Namespaces"})


class _Structure:
    """The parts' structure trees (tagged PDF) joined into the merged document's: each part's elements
    under one root in report order, its parent tree keys (pages' ``/StructParents``, annotations'
    ``/StructParent``) moved past the parts before it. Copied with the pages' own copier, so every
    element's page and annotation references are the merged document's. A part without a tree, or with
    entries this does not join, leaves the whole document untagged (:meth:`finish` adds nothing)."""

    def __init__(self, merged):
        self.merged = merged
        self.kids: list = []
        self.parents: dict[int, object] = {}
        self.namespaces: dict[tuple[int, int], object] = {}
        self.next_key = 0
        self.complete = True

    def add(self, source, first_page: int) -> None:
        """Join the tree of `source`, whose pages are the merged document's from `first_page` on."""
        from pikepdf import Array, NumberTree

        tree = source.Root.get("/StructTreeRoot")
        if tree is None or set(tree.keys()) - _JOINED_TREE_KEYS or not self.complete:
            self.complete = False
            return
        offset = self.next_key
        tree = self._copy(tree)  # the whole tree in one copy (C++): elements, parent tree, namespaces
        parents = NumberTree(tree.ParentTree) if "/ParentTree" in tree else {}
        keys = sorted(int(key) for key in parents.keys())
        for key in keys:
            self.parents[offset + key] = parents[key]
        kids = tree.get("/K")
        self.kids += list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]
        for namespace in tree.get("/Namespaces", ()):
            self.namespaces.setdefault(namespace.objgen, namespace)
        for index in range(len(source.pages)):
            page = self.merged.pages[first_page + index].obj
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annot in page.get("/Annots", ()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.next_key = offset + max(int(tree.get("/ParentTreeNextKey", 0)), keys[-1] + 1 if keys else 0)

    def _copy(self, obj):
        from pikepdf import Array, Dictionary

        if obj.is_indirect:
            return self.merged.copy_foreign(obj)
        if isinstance(obj, Array):
            return Array([self._copy(item) for item in obj])
        if isinstance(obj, Dictionary):
            return Dictionary({key: self._copy(value) for key, value in obj.items()})
        return obj

    def drop_annotation(self, annot) -> None:
        """A removed link annotation taken out of the tree (its element keeps the link text)."""
        from pikepdf import Array, Dictionary

        if "/StructParent" not in annot:
            return
        element = self.parents.pop(int(annot.StructParent), None)
        kids = element.get("/K") if isinstance(element, Dictionary) else None
        if isinstance(kids, Array):
            element.K = Array([kid for kid in kids if not (isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"
                                                         and kid.get("/Obj") is not None
                                                         and kid.Obj.objgen == annot.objgen)])

    def finish(self) -> None:
        """The merged document's structure tree root and mark information (when every part had a tree)."""
        from pikepdf import Array, Dictionary, Name

        if not self.complete or not self.kids:
            return
        nums = Array()
        for key in sorted(self.parents):
            nums.append(key)
            nums.append(self.parents[key])
        root = self.merged.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=Array(self.kids), ParentTreeNextKey=self.next_key,
            ParentTree=self.merged.make_indirect(Dictionary(Nums=nums))))
        if self.namespaces:
            root.Namespaces = Array(list(self.namespaces.values()))
        kids = self.kids
        if all(isinstance(kid, Dictionary) and kid.get("/S") == "/Document" for kid in kids):
            # one document, as one print makes it: the first part's element holds every part's pages
            document, pages = kids[0], []
            for kid in kids:
                pages += list(kid.K) if isinstance(kid.get("/K"), Array) else [kid.K] if "/K" in kid else []
            for page in pages:
                if isinstance(page, Dictionary) and "/P" in page:
                    page.P = document
            document.K = Array(pages)
            kids = [document]
            root.K = Array(kids)
        for kid in kids:
            if isinstance(kid, Dictionary) and "/P" in kid:
                kid.P = root
        self.merged.Root.StructTreeRoot = root
        self.merged.Root.MarkInfo = Dictionary(Marked=True)
        # a reader's window shows the report's title, not the file name (PDF/UA)
        self.merged.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def merge_parts(parts: list[tuple[bytes, dict]], year: int) -> bytes:
    """One PDF from the printed parts ``(pdf, info)`` in order; metadata, language and the document
    catalogue's other entries come from the first part. Same parts, same bytes.

    pikepdf (qpdf) joins them: ~0.1 s for the 2026 report's 193 pages, where pypdf took 0.35 s
    (the edit loop waits for it). pikepdf brings lxml, with which openpyxl would write workbooks
    differently; the package turns that off (:mod:`wlzmonitor`)."""
    from pikepdf import Array, Dictionary, Name, ObjectStreamMode, PageCopyWarning, Pdf, String

    merged = Pdf.new()
    kept = _unfreed if _unfreed is not None else []  # (cleared on return unless kept)
    kept.append(merged)
    structure = _Structure(merged)
    anchors, bookmarks, start, first = {}, [], 0, None
    for pdf, info in parts:
        source = Pdf.open(io.BytesIO(pdf))
        kept.append(source)
        first = first or source
        with warnings.catch_warnings():  # "named destinations not preserved": rebuilt for the whole below
            warnings.simplefilter("ignore", PageCopyWarning)
            merged.pages.extend(source.pages)
        structure.add(source, start)
        for name, (page, x, y) in info["anchors"].items():
            anchors.setdefault(name, [start + page, x, y])
        bookmarks += [[level, label, start + page, x, y, state] for level, label, page, x, y, state in info["bookmarks"]]
        start += len(source.pages)
    _destinations(merged, anchors)
    _drop_dead_links(merged, anchors, structure)
    structure.finish()
    _outline(merged, bookmarks)
    if bookmarks:  # the reader opens with the bookmarks shown: 190 pages found by chapter (review of the readers)
        merged.Root.PageMode = Name.UseOutlines
    if first is not None:
        merged.docinfo = merged.make_indirect(Dictionary(dict(first.docinfo.items())))
        if "/Lang" in first.Root:
            merged.Root.Lang = first.Root.Lang
    digest = hashlib.md5(b"".join(pdf for pdf, _ in parts), usedforsecurity=False).digest()
    merged.trailer.ID = Array([String(f"wlz-monitor-{year}".encode()), String(digest)])
    out = io.BytesIO()
    # deterministic: the file identifier's second half is an MD5 of the content, not of the time
    # objects in object streams: the structure tree's ~30,000 small elements would double the file otherwise
    merged.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=ObjectStreamMode.generate)
    return out.getvalue()
