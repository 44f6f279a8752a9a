"""Executed notebook → self-contained, offline, deterministic HTML report page.

    html = notebook_to_html(nb, title="Hoofdstuk 2 — Capaciteit")
    assert_offline(html)

The page shows what a reviewer reads — markdown, tables, charts, printed text — and nothing of
the machinery: no code, no prompts, no stderr (warnings, logging), no tracebacks, no papermill
parameter cells. It loads nothing: no ``<script>``, no ``<link>``, no external URL in its markup
(:func:`assert_offline`, :mod:`wlzmonitor.run.offline_check`, parses the page and checks every
element, URL attribute and piece of CSS; text is never read as markup). (nbconvert's own
classic/lab templates pull require.js, MathJax and mermaid from a CDN; our
template under ``templates/nbconvert/wlz_report`` extends only nbconvert's markup-free
``base/display_priority.j2`` and writes every tag itself). The stylesheet is
``templates/nbconvert/wlz_report/report.css``, inlined.

Cell tags honoured (set them in the py:percent header, ``# %% tags=["remove_cell"]``):

- ``remove_cell``: the cell is not in the page at all;
- ``remove_output``: the cell's outputs are not in the page;
- ``parameters``, ``injected-parameters`` (papermill), ``papermill-error-cell-tag``: never shown.

Determinism: the same notebook content gives byte-identical HTML. Nothing from notebook or
cell metadata reaches the page (papermill/nbclient timestamps live there), cell ids are not
used, and pandas Styler uuids (``T_1a2b3``) are renumbered in order of appearance.

nbconvert is slow to import (~0.8 s here) and its exporter builds a Jinja environment, so the
exporter is built once per process (:func:`get_exporter`) and reused. nbconvert and nbformat are
imported inside the functions that use them, not at the top: every worker process imports this
module before it starts its kernel, and the kernel start should not wait for them.
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wlzmonitor.run.offline_check import assert_offline  # the offline check of a page's markup (re-exported)
from wlzmonitor.present.page_frame import frame_page

if TYPE_CHECKING:  # nbformat/nbconvert are imported lazily: importing this module stays cheap
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

__all__ = ["TEMPLATE_DIR", "TEMPLATE_NAME", "assert_offline", "get_exporter", "notebook_to_html", "prepare_for_report"]

TEMPLATE_DIR = Path(__file__).parent / "templates" / "nbconvert"
TEMPLATE_NAME = "wlz_report"

#: cells with one of these tags are left out of the page entirely
HIDDEN_CELL_TAGS = frozenset({"remove_cell", "parameters", "injected-parameters", "papermill-error-cell-tag"})
#: cells with one of these tags keep their (markdown) content but lose their outputs
HIDDEN_OUTPUT_TAGS = frozenset({"remove_output"})
#: output mimetypes never rendered (they would need a script to do anything)
SCRIPT_MIMETYPES = frozenset(
    {
        "application/javascript",
        "application/vnd.jupyter.widget-view+json",
        "application/vnd.jupyter.widget-state+json",
        "text/vnd.mermaid",
    }
)

_STYLER_UUID = re.compile(r"(?<![0-9A-Za-z_])T_([0-9a-f]{5})(?![0-9A-Za-z])")
# HTML5 parses inline <svg> without namespace declarations; drop them so no URL is left.
_SVG_XMLNS = re.compile(r"""\s+xmlns(?::\w+)?=(["'])http://www\.w3\.org/[^"']*\1""")


@functools.cache
def get_exporter() -> HTMLExporter:
    """The process-wide HTML exporter (our offline template); built on first use, then reused."""
    # nbconvert and nbformat are imported here, not at the top (see the module docstring)
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class _ReportExporter(HTMLExporter):
        """HTMLExporter without its BeautifulSoup post-pass.

        HTMLExporter.from_notebook_node re-parses the whole page with BeautifulSoup only to add
        an English "No description has been provided" alt text and lab-template tabindexes; that
        costs time on pages with embedded PNGs and says nothing useful. We skip it.
        """

        def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter(
                "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

        def _validate_preprocessor(self, nbc, preprocessor):
            # nbconvert validates with relax_add_props=True, which recompiles the nbformat JSON
            # schema on every call (~0.1 s each). Our input is a clean v4 notebook built by
            # prepare_for_report, so the strict validator (compiled once, cached) does.
            nbformat.validate(nbc)

    exporter = _ReportExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=False,  # headings keep a local "#id" ¶ link (shown on hover)
        sanitize_html=False,  # Styler HTML carries its own <style>; sanitising would drop it
        # not embed_images: nbconvert then re-parses every raw HTML block in markdown with
        # BeautifulSoup, which closes <details> before its content. Charts come as outputs.
        embed_images=False,
        optimistic_validation=True,  # validate once after all preprocessors, not after each
    )
    # compile the templates now (≈50 ms), so the first real page costs what the others cost
    exporter.from_notebook_node(nbformat.v4.new_notebook(), resources={"wlz": {"title": "", "lang": "nl"}})
    return exporter


def prepare_for_report(nb: NotebookNode) -> NotebookNode:
    """A copy of `nb` holding only what the report shows (see the module docstring).

    Dropped: hidden-tag cells, outputs of ``remove_output`` cells, stderr streams, error outputs,
    script-only mimetypes, code cells left without output, all notebook and cell metadata
    except tags (and image alt texts), cell ids.
    """
    import nbformat  # not at the top: importing this module stays cheap (see the module docstring)

    out = nbformat.v4.new_notebook()
    out.metadata = nbformat.NotebookNode({"language_info": {"name": "python"}})
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & HIDDEN_CELL_TAGS:
            continue
        metadata: dict[str, Any] = {"tags": sorted(tags)} if tags else {}
        if "alt" in cell.get("metadata", {}):
            metadata["alt"] = cell.metadata["alt"]
        if cell.cell_type == "code":
            outputs = [] if tags & HIDDEN_OUTPUT_TAGS else _visible_outputs(cell.get("outputs", []))
            if not outputs:
                continue
            new = nbformat.v4.new_code_cell(source="", metadata=metadata)
            new.outputs = outputs
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source=cell.source, metadata=metadata)
            if cell.get("attachments"):
                new.attachments = copy.deepcopy(cell.attachments)
        elif cell.cell_type == "raw":
            new = nbformat.v4.new_raw_cell(source=cell.source, metadata=metadata)
            if "raw_mimetype" in cell.get("metadata", {}):
                new.metadata["raw_mimetype"] = cell.metadata["raw_mimetype"]
        else:
            continue
        new["id"] = f"c{len(out.cells) + 1:04d}"  # never rendered; fixed so nothing random
        out.cells.append(new)
    return out


def _visible_outputs(outputs: list) -> list:
    visible = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout" and output.get("text"):
                visible.append(copy.deepcopy(output))
        elif kind in ("display_data", "execute_result"):
            data = {k: v for k, v in output.get("data", {}).items() if k not in SCRIPT_MIMETYPES}
            if not data:
                continue
            new = copy.deepcopy(output)
            new["data"] = data
            new.pop("execution_count", None)
            new["output_type"] = "display_data"
            visible.append(new)
        # "error" outputs (tracebacks) are never shown
    return visible


def notebook_to_html(nb: NotebookNode, *, title: str, lang: str = "nl") -> str:
    """Render an executed notebook as one self-contained, offline, deterministic HTML page."""
    clean = prepare_for_report(nb)
    body, _ = get_exporter().from_notebook_node(clean, resources={"wlz": {"title": title, "lang": lang}})
    return frame_page(normalise_html(body))


def normalise_html(html: str) -> str:
    """Remove what may differ between two runs of the same content; one trailing newline."""
    mapping: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        uid = match.group(1)
        if uid not in mapping:
            mapping[uid] = f"u{len(mapping) + 1:04d}"
        return "T_" + mapping[uid]

    html = _STYLER_UUID.sub(renumber, html)
    html = _SVG_XMLNS.sub("", html)
    html = _readable_heading_ids(html)
    return html.strip() + "\n"


_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#\2">', re.DOTALL)


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", urllib.parse.unquote(text))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "kop"


def _readable_heading_ids(html: str) -> str:
    """nbconvert's heading ids are percent-encoded text (``%C3%89%C3%A9n-omzetgroep``); make
    them plain, unique slugs (``een-omzetgroep``, ``een-omzetgroep-2``) and keep local links."""
    used: dict[str, int] = {}
    first: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        level, old, content = match.groups()
        slug = _slug(old)
        used[slug] = used.get(slug, 0) + 1
        new = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        first.setdefault(old, new)
        return f'<h{level} id="{new}">{content}<a class="anchor-link" href="#{new}">'

    html = _HEADING.sub(replace, html)
    for old, new in first.items():
        if old != new:
            html = html.replace(f'href="#{old}"', f'href="#{new}"')
    return html
