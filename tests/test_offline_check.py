"""The offline check reads a page's markup, never its text (run/offline_check.py, run/html_export.py).

Respondent text full of URLs, @import, url(...), x=// and <script> (escaped on the page) is harmless;
a real external reference planted in markup, attributes or CSS fails the check."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from wlzmonitor.run.html_export import assert_offline, notebook_to_html
from wlzmonitor.run.offline_check import answer_sources, css_problems, offline_problems, url_problem

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

#: answers respondents may well write; on a page they are escaped text
ANSWERS = [
    "Zie http:// voor meer informatie",
    "Zie https://www.zorgkantoor.example/beleid?jaar=2026 en http://x.nl",
    "Wij gebruiken @import van gegevens uit ons ECD",
    "x=// is een formule in ons systeem",
    "url(https://evil.example/a.png) en url('//evil.example')",
    "<script src='https://evil.example/x.js'></script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<iframe src=//evil.example></iframe> <link rel=stylesheet href=//x>",
    "src=//cdn.example/a.js href=http://a.example",
    "mailto:info@zorg.example, file:///C:/data, \\\\server\\share",
    "background: url(http://x); expression(alert(1)); -moz-binding: url(x)",
]


def _page(body: str) -> str:
    return f'<!DOCTYPE html>\n<html lang="nl"><head><style>p{{color:#222}}</style></head><body>{body}</body></html>'


@pytest.mark.parametrize("answer", ANSWERS)
def test_an_escaped_answer_is_text_not_markup(answer):
    escaped = html.escape(answer)
    for body in (f"<p>{escaped}</p>", f"<table><tr><td>{escaped}</td></tr></table>",
                 f"<details><summary>Toelichtingen</summary><ul><li>{escaped}</li></ul></details>",
                 f'<figure><img src="data:image/png;base64,{PNG}" alt="{escaped}" title="{escaped}"></figure>',
                 f"<pre>{escaped}</pre>"):
        assert offline_problems(_page(body)) == [], body
        assert_offline(_page(body))


def test_answers_with_quotes_escape_without_quote_escaping_still_pass():
    """Text content escaped with quote=False (as table labels are) is text too."""
    body = "".join(f"<th>{html.escape(a, quote=False)}</th>" for a in ANSWERS)
    assert offline_problems(_page(f"<table><tr>{body}</tr></table>")) == []


def test_a_whole_notebook_page_with_hostile_answers_passes():
    cells = [new_markdown_cell("# Toelichtingen\n\nZie http:// voor meer informatie; x=//; @import.")]
    for answer in ANSWERS:
        cells.append(new_code_cell("print(answer)", outputs=[new_output("stream", name="stdout", text=answer + "\n")]))
        cells.append(new_code_cell("show(answer)", outputs=[new_output(
            "display_data", data={"text/html": f"<blockquote>{html.escape(answer)}</blockquote>"})]))
    page = notebook_to_html(new_notebook(cells=cells), title="Toelichtingen – <b>2026</b>")
    assert_offline(page)
    assert "&lt;script" in page and "<script" not in page


# -- real external references in markup: they fail ---------------------------------------------
PLANTED = [
    ('<script src="x.js"></script>', "<script> tag"),
    ("<script>alert(1)</script>", "<script> tag"),
    ('<link rel="stylesheet" href="style.css">', "<link> tag"),
    ('<link rel="icon" href="data:image/png;base64,AAAA">', "<link> tag"),
    ('<iframe src="a.html"></iframe>', "<iframe> tag"),
    ('<object data="x.pdf"></object>', "<object> tag"),
    ('<embed src="x.swf">', "<embed> tag"),
    ('<base href="https://evil.example/">', "<base> tag"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example">', "<meta> refresh"),
    ('<img src="https://cdn.example.org/a.png">', "external URL in src= of <img>"),
    ('<img src="HTTP://CDN.EXAMPLE.ORG/A.PNG">', "external URL in src= of <img>"),
    ('<img src="//cdn.example.org/a.png">', "protocol-relative URL in src= of <img>"),
    ('<img src="\\\\cdn.example.org\\a.png">', "protocol-relative URL in src= of <img>"),
    ('<img srcset="a.png 1x, https://cdn.example/b.png 2x">', "external URL in srcset= of <img>"),
    ('<video poster="//cdn.example/p.jpg"></video>', "protocol-relative URL in poster= of <video>"),
    ('<audio src="https://x.example/a.mp3"></audio>', "external URL in src= of <audio>"),
    ('<form action="https://evil.example/post"><input name=q></form>', "external URL in action= of <form>"),
    ('<button formaction="//evil.example">x</button>', "protocol-relative URL in formaction= of <button>"),
    ('<a href="https://www.actiz.nl">ActiZ</a>', "external URL in href= of <a>"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL in href= of <a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "javascript: URL in href= of <a>"),
    ('<a href=" JAVASCRIPT:alert(1)">x</a>', "javascript: URL in href= of <a>"),
    ('<a href="mailto:info@zorg.example">mail</a>', "mailto: URL in href= of <a>"),
    ('<a href="file:///etc/passwd">x</a>', "file: URL in href= of <a>"),
    ('<a href="/etc/passwd">x</a>', "absolute path (outside the output folder) in href= of <a>"),
    ('<a href="../2025/index.html">2025</a>', "path outside the output folder in href= of <a>"),
    ('<a href="x.html" ping="https://track.example">x</a>', "external URL in ping= of <a>"),
    ('<img src="data:text/html;base64,PHNjcmlwdD4=">', "data: URL that is no embedded image"),
    ('<svg><image href="https://x.example/a.png"/></svg>', "external URL in href= of <image>"),
    ('<svg><use xlink:href="https://x.example/s.svg#a"/></svg>', "external URL in xlink:href= of <use>"),
    ('<img src="a.png" onerror="alert(1)">', "event handler onerror= on <img>"),
    ('<body onload="x()">', "event handler onload= on <body>"),
    ('<iframe srcdoc="<p>x</p>"></iframe>', "srcdoc= on <iframe>"),
    ("<style>@import 'x.css';</style>", "CSS @import"),
    ('<style>@import url("https://x.example/a.css");</style>', "CSS @import"),
    ("<style>@\\69mport 'x.css';</style>", "CSS @import"),  # a CSS escape
    ("<style>/* */@import/**/'x.css';</style>", "CSS @import"),
    ("<style>body{background:url(https://x.example/a.png)}</style>", "CSS url(): external URL in a <style>"),
    ("<style>body{background:url(//x.example/a.png)}</style>", "CSS url(): protocol-relative URL"),
    ("<style>@font-face{src:url('https://x.example/f.woff')}</style>", "CSS url(): external URL"),
    ('<style>div{background-image:image-set("https://x.example/a.png" 1x)}</style>', "CSS image-set(): external URL"),
    ("<style>div{width:expression(alert(1))}</style>", "CSS expression()"),
    ("<style>div{behavior:url(x.htc)}</style>", "CSS behavior"),
    ('<div style="background:url(https://x.example/a.png)">x</div>', "in a style attribute of <div>"),
    ('<div style="background:u\\72l(//x.example/a.png)">x</div>', "CSS url(): protocol-relative URL"),
    ('<svg><style>@import "x.css";</style></svg>', "CSS @import"),
    ("<!--[if IE]><script src=x.js></script><![endif]-->", "conditional comment"),
]


@pytest.mark.parametrize(("markup", "named"), PLANTED)
def test_a_planted_external_reference_fails(markup, named):
    page = _page(f"<p>Gewone tekst met http:// en @import.</p>{markup}")
    with pytest.raises(ValueError, match="HTML is not self-contained/offline") as err:
        assert_offline(page)
    assert named in str(err.value)
    assert "line 2" in str(err.value)  # where it is


@pytest.mark.parametrize("markup", [
    '<a href="#kop">¶</a>',
    '<a href="02_capaciteit.html#tabel-5">Tabel 5</a>',
    '<a href="tables/index.csv">CSV</a>',
    '<a href="wlz_monitor_2026_tabellen.xlsx">Excel</a>',
    '<a href="./figures/01_tarieven_x.svg">SVG</a>',
    f'<img src="data:image/png;base64,{PNG}" alt="Figuur 1: tarieven (zie http://)">',
    '<img src="data:image/svg+xml;utf8,%3Csvg%3E%3C/svg%3E">',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use href="#p1"/></svg>',
    '<div style="clip-path:url(#c1);color:#222">x</div>',
    f'<div style="background:url(data:image/png;base64,{PNG})">x</div>',
    "<style>table.rapport td{padding:2px} /* http://example.org in a comment */</style>",
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    "<!-- gewone opmerking met https://example.org -->",
    '<details><summary>Meer</summary><p title="http://x">tekst</p></details>',
])
def test_local_markup_is_fine(markup):
    assert offline_problems(_page(markup)) == []


def test_url_problem():
    assert url_problem("#a") is None and url_problem("") is None and url_problem("a/b.html?x=1#y") is None
    assert url_problem("https://x") == "external URL" and url_problem("ws://x") == "external URL"
    assert url_problem("a/../../b") == "path outside the output folder"
    assert url_problem("\tjavascript:x") == "javascript: URL"


def test_css_problems_reads_through_comments_and_escapes():
    assert css_problems("a{color:red}") == []
    assert [w for w, _ in css_problems("@im/**/port 'x';")] == []  # a comment inside the word: no @import
    assert [w for w, _ in css_problems("@\\000069mport 'x';")] == ["CSS @import"]


def test_an_error_about_respondent_markup_names_respondent_question_and_column():
    """If markup from an answer ever reached a page raw, the run names where it came from."""
    class Q(SimpleNamespace):
        def field_columns(self):
            return {"tekst": self.key + "__tekst"}

    codebook = SimpleNamespace(questions=[
        Q(key="toelichting", type="open", private=False, text_column=None, comment_column=None),
        Q(key="tarief", type="single", private=False, text_column="tarief__anders", comment_column=None),
        Q(key="contact", type="open", private=True, text_column=None, comment_column=None)])
    responses = pd.DataFrame({"toelichting__tekst": ["niets", "zie <img src=//evil.example/p.png>"],
                              "tarief__anders": ["//evil.example/p.png", None],
                              "contact__tekst": ["//evil.example/p.png", None]},
                             index=pd.Index(["R0001", "R0002"], name="respondent_id"))
    survey = SimpleNamespace(codebook=codebook, responses=responses)
    problem = offline_problems(_page("<img src=//evil.example/p.png>"))[0]
    assert answer_sources(problem.raw, survey) == [
        "respondent R0002, question toelichting, column toelichting__tekst",
        "respondent R0001, question tarief, column tarief__anders"]
