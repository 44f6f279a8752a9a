"""The appendix pages no hand-made report has, and the method and data-quality sections.

- `questionnaire_html(codebook)`: the questionnaire (Bijlage 4) rendered from the codebook:
  every question with its number, wording, answer options and codes, text fields and routing.
- `reproduction_html(reproduction)`: for every published table, the published and the computed
  figure side by side, with every deviation and its explanation (known_discrepancies.yml).
- `methods_html(...)`: the tests, the multiple-testing correction, intervals and weighting, every
  statement generated from the settings and the computed result.
- `representativeness_html(frame, population)`: respondents against members per group (Bijlage 1).
- `data_quality_html(survey)`: every exported row accounted for (counts only, no ids).
"""

from __future__ import annotations

import math

import html
import re
import numpy as np
import pandas as pd

from wlzmonitor.compute.weighting import EXTREME_WEIGHT
from wlzmonitor.spec.codebook import Codebook, Condition, Question
from wlzmonitor.spec.config import StatisticsSettings
from wlzmonitor.present.figures_text import format_value
from wlzmonitor.present.table_files import house_style
from wlzmonitor.present.page_frame import WEIGHT_WORDS, weighting_words
from wlzmonitor.present.table_html import interval_label, interval_level
from wlzmonitor.compute.tables import format_alpha, format_mean, format_p

TYPE_WORDS = {
    "single": "één antwoord mogelijk",
    "multi": "meerdere antwoorden mogelijk",
    "matrix": "één antwoord per onderdeel",
    "scale": "schaal van 1 tot en met 5 per onderdeel",
    "numeric": "getal",
    "open": "open antwoord",
    "nps": "schaal van 0 tot en met 10",
    "contact": "contactgegevens (worden nooit gerapporteerd)",
}
TEXT_FIELD = '<span class="open-veld">[open tekstveld]</span>'
MEASURE_WORDS = {"percent": "percentage", "mean": "gemiddelde", "nps": "NPS", "count": "aantal", "n": "basis (n)",
                 "number": "getal"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------------------------
# Questionnaire
# --------------------------------------------------------------------------------------------
def describe_condition(condition: Condition, codebook: Codebook) -> str:
    """A routing condition in Dutch, in the questionnaire's wording of the options."""
    if condition.op in ("all", "any"):
        joiner = " en " if condition.op == "all" else " of "
        return joiner.join(describe_condition(c, codebook) for c in condition.conditions)
    q = codebook.question(condition.question)
    where = q.number_label
    if condition.item and condition.item != "same":
        where += f", {q.item(condition.item).display_label}"
    elif condition.item == "same":
        where += ", hetzelfde onderdeel"
    labels = [f"‘{codebook.label(q.key, c)}’" for c in condition.codes] if q.options else [str(c) for c in condition.codes]
    options = " of ".join(labels)
    if condition.multi_codes:
        return (f"bij {where} is {options} aangekruist" if condition.op == "in"
                else f"bij {where} is {options} niet aangekruist")
    return (f"{where} is beantwoord met {options}" if condition.op == "in"
            else f"{where} is beantwoord, maar niet met {options}")


def _routing(q: Question, codebook: Codebook) -> str:
    parts = []
    if q.asked_if is not None:
        parts.append(f"Alleen gevraagd als {describe_condition(q.asked_if, codebook)}.")
    if q.item_asked_if is not None:
        parts.append(f"Per onderdeel alleen gevraagd als {describe_condition(q.item_asked_if, codebook)}.")
    if q.routing_note:
        parts.append(f"Routing in de vragenlijst: {q.routing_note}")
    return "".join(f'<p class="routing">{_e(p)}</p>' for p in parts)


def _options(q: Question) -> str:
    if not q.options:
        return ""
    rows = []
    for o in q.options:
        field = f" {TEXT_FIELD}" if o.code in q.text_field_options else ""
        rows.append(f'<li><span class="code">{o.code}</span> {_e(o.label)}{field}</li>')
    return '<ul class="opties">' + "".join(rows) + "</ul>"


def _items(q: Question) -> str:
    if not q.items:
        return ""
    return '<ul class="onderdelen">' + "".join(f"<li>{_e(i.label)}</li>" for i in q.items) + "</ul>"


def _extra(q: Question) -> str:
    bits = []
    if q.type in ("numeric",) and q.range:
        lo, hi = q.range
        span = f"{'' if lo is None else format_mean(lo, 0)} – {'' if hi is None else format_mean(hi, 0)}".strip()
        unit = {"percent": " (procent)", "count": " (aantal)"}.get(q.unit or "", "")
        bits.append(f"Getal{unit}, bereik {span}.")
    if q.range_labels:
        bits.append("; ".join(f"{k} = {v}" for k, v in sorted(q.range_labels.items())) + ".")
    if q.comment:
        bits.append("Met een toelichtingsveld.")
    if q.fields:
        bits.append("Velden: " + ", ".join(f.label or f"antwoord {f.code}" for f in q.fields) + ".")
    return "".join(f'<p class="detail">{_e(b)}</p>' for b in bits)


def questionnaire_html(codebook: Codebook) -> str:
    """Bijlage 4 from the codebook: every question, in questionnaire order."""
    out = [f'<p class="lead">{_e(codebook.title)}. Weergegeven vanuit het codeboek '
           f'(<code>{_e(codebook.path.name if codebook.path else "")}</code>): per vraag de code van elk '
           "antwoord zoals in de data, de open tekstvelden en de routing.</p>"]
    if codebook.fieldwork:
        fw = codebook.fieldwork
        out.append(f"<p>Veldwerk: {fw.start.day}-{fw.start.month}-{fw.start.year} t/m "
                   f"{fw.end.day}-{fw.end.month}-{fw.end.year}.</p>")
    # the questions' section: without it every question (h3) followed the page's h1, a level skipped in print
    # and the tagged PDF (the contents list's h2 is not printed; review h156)
    if codebook.questions:
        out.append('<h2 id="vragen">Vragen</h2>')
    previous = None
    for q in codebook.questions:
        number = q.number_label if q.number[:1].isdigit() else q.number
        body = (f'<p class="type">{_e(TYPE_WORDS.get(q.type, q.type))} · in de gegevensbestanden: '
                f'<code>{_e(q.key)}</code></p>'
                f"{_routing(q, codebook)}{_items(q)}{_options(q)}{_extra(q)}")
        if previous is not None and q.number == previous and q.number[:1].isdigit():
            # a follow-up field of the same question: under it, not a new heading with the same number
            out[-1] = out[-1].removesuffix("</section>") + (
                f'<div class="vervolgvraag" id="vraag-{_e(q.key)}"><h4>{_e(house_style(q.text))}</h4>{body}</div></section>')
        else:
            out.append(f'<section class="vraag" id="vraag-{_e(q.key)}">'
                       f'<h3><span class="nummer">{_e(number)}</span> {_e(house_style(q.text))}</h3>{body}</section>')
        previous = q.number
    if codebook.derived:
        out.append("<h2>Afgeleide variabelen</h2>")
        for d in codebook.derived:
            source = codebook.question(d.source).number_label if d.source in codebook else d.source
            groups = "".join(f'<li><span class="code">{o.code}</span> {_e(o.label)}</li>' for o in d.options)
            out.append(f'<section class="vraag"><h3>{_e(d.label)}</h3><p class="type">afgeleid uit {_e(source)} · '
                       f'in de gegevensbestanden: <code>{_e(d.key)}</code></p><ul class="opties">{groups}</ul></section>')
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Reproduction
# --------------------------------------------------------------------------------------------
def _fmt(value: float, measure: str, decimals: int) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if measure == "percent":
        return format_value(value, "percent") if decimals == 0 else f"{format_mean(value, decimals)}%"
    if measure == "mean":
        return format_mean(value, max(decimals, 2))
    if measure == "nps":
        return format_value(value, "nps")
    return format_mean(value, decimals)


_SIGNED = re.compile(r"\u2212(?=\d)")


def same_signs(text: str) -> str:
    """A negative figure written as the tables write it ('-14', not '−14'): a hand-written
    explanation must not print an NPS one way on this page and another way in the chapters."""
    return _SIGNED.sub("-", text)


def reproduction_summary(reproduction: pd.DataFrame) -> dict[str, int]:
    return {
        "figures": len(reproduction),
        "tables": reproduction["table"].nunique(),
        "equal": int(reproduction["equal"].sum()),
        "within": int(reproduction["within_tolerance"].sum()),
        "explained": int(((~reproduction["equal"]) & (reproduction["explanation"] != "")).sum()),
        "unexplained": int(((~reproduction["equal"]) & (reproduction["explanation"] == "")).sum()),
    }


def reproduction_html(reproduction: pd.DataFrame, titles: dict[str, str], row_labels: dict[tuple, str],
                      column_labels: dict[tuple, str]) -> str:
    """Published beside computed for every table; deviations highlighted with their reason."""
    s = reproduction_summary(reproduction)
    share = format_value(100 * s["equal"] / s["figures"], "percent") if s["figures"] else ""
    out = [f'<p class="lead">Van de {s["figures"]} gepubliceerde cijfers in {s["tables"]} tabellen is {s["equal"]} '
           f"({share}) na afronding gelijk aan wat de pijplijn uit de respondentdata berekent. "
           f"{s['explained']} afwijkingen zijn verklaard (de publicatie spreekt zichzelf daar tegen); "
           f"{s['unexplained']} afwijkingen zijn onverklaard.</p>"]
    deviations = reproduction[~reproduction["equal"]]
    if len(deviations):
        out.append("<h2>Afwijkingen en hun verklaring</h2><ul class=\"afwijkingen\">")
        for r in deviations.itertuples():
            label = row_labels.get((r.table_key, str(r.row_code)), str(r.row_code))
            column = column_labels.get((r.table_key, str(r.column_code)), str(r.column_code))
            where = f"{r.table}, {label or 'basis'}, {column}"
            reason = r.toelichting or r.explanation or "Onverklaard."
            out.append(f"<li><strong>{_e(where)}</strong>: gepubliceerd {_e(_fmt(r.published, r.measure, r.decimals))}, "
                       f"berekend {_e(_fmt(r.computed, r.measure, r.decimals))}. {_e(same_signs(reason))}</li>")
        out.append("</ul>")
    out.append("<h2>Per tabel</h2>")
    for number, part in reproduction.groupby("table", sort=False):
        key = part["table_key"].iloc[0]
        ok = int(part["equal"].sum())
        status = "alle cijfers gelijk" if ok == len(part) else f"{ok} van {len(part)} cijfers gelijk"
        out.append(f'<details class="reproductie"><summary>{_e(number)} – {_e(titles.get(key, key))} ({status})</summary>')
        out.append('<table class="rapport"><thead><tr><th>Rij</th><th>Kolom</th><th>Maat</th><th>Gepubliceerd</th>'
                   "<th>Berekend</th><th>Verschil</th><th>Status</th></tr></thead><tbody>")
        for r in part.itertuples():
            label = row_labels.get((r.table_key, str(r.row_code)), str(r.row_code)) or "basis"
            diff = "" if np.isnan(r.deviation) else format_mean(r.deviation, 2)
            state = "gelijk" if r.equal else ("verklaard" if r.explanation else "afwijking")
            cls = "" if r.equal else ' class="afwijking"'
            column = column_labels.get((r.table_key, str(r.column_code)), str(r.column_code))
            out.append(f"<tr{cls}><th>{_e(label)}</th><td>{_e(column)}</td><td>{_e(MEASURE_WORDS.get(r.measure, r.measure))}</td>"
                       f"<td>{_e(_fmt(r.published, r.measure, r.decimals))}</td><td>{_e(_fmt(r.computed, r.measure, r.decimals))}</td>"
                       f"<td>{_e(diff)}</td><td>{state}</td></tr>")
        out.append("</tbody></table></details>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Methods and data quality
# --------------------------------------------------------------------------------------------
def _as_before(published: bool) -> str:
    """What the methods compare with: the report the agency published for the year, or (a year
    without one: the monitor's own report) its earlier editions."""
    return "in het gepubliceerde rapport" if published else "in de eerdere edities van de monitor"


def _times_alpha(count: int, alpha: float) -> str:
    """'count × α' as the right-hand side of the printed equation, exact: 79 × 0,05 = 3,95 (one decimal
    printed '= 4,0'), 32 × 0,01 = 0,32; at least one decimal (32 × 0,05 = 1,6; 100 × 0,05 = 5,0)."""
    value = count * alpha
    decimals = next((d for d in range(1, 11) if abs(round(value, d) - value) < 1e-9), 10)
    return format_mean(value, decimals)


def _left_out_methods(tests: dict) -> str:
    """How many breakdowns were tested without the groups the small-group rule hides (compute.significance); ""
    when none (review h111: the page said nothing of them)."""
    left = [t for t in tests.values() if getattr(t, "left_out", ())]
    if not left:
        return ""
    untested = sum(1 for t in left if np.isnan(t.p_value))
    return (f"<p>Bij {len(left)} {'uitsplitsing' if len(left) == 1 else 'uitsplitsingen'} worden de uitkomsten van "
            "een of meer groepen niet getoond (–), omdat de groep te klein is of de kleine groep anders uit het totaal "
            "volgt. Daar is getoetst zonder die groepen: een toets over alle groepen zou hun uitkomsten prijsgeven."
            + (f" Bij {untested} daarvan bleef zo niets te toetsen over." if untested else "") + "</p>")


def _breakdown_methods(*, alpha: float, resamples: int, seed: int, tests: dict, small_base: int,
                       published: bool = True) -> str:
    # a breakdown without a p-value ("Geen toets mogelijk": everyone gave the same answer) was not tested
    tested = {k: t for k, t in tests.items() if not np.isnan(t.p_value)}
    n_tests = len(tested)
    n_perm = sum(1 for t in tested.values() if t.test == "chi2-permutatie")
    n_sig = sum(1 for t in tested.values() if t.significant)
    expected = _times_alpha(n_tests, alpha)
    thousands = format_mean(resamples, 0)
    return (
        "<h2>Toetsing van verschillen tussen groepen</h2>"
        "<p>Voor elke uitsplitsing naar omzetgroep (Bijlage 2) en naar Wlz-uitvoerder (Bijlage 3) is getoetst of "
        "de verdeling van de antwoorden verschilt tussen de groepen, met de χ²-toets van Pearson op de kruistabel "
        "van groep en antwoord (zonder continuïteitscorrectie), met een significantieniveau α = "
        f"{format_alpha(alpha)}.</p>"
        "<p>Bij kleine groepen is de χ²-benadering onbetrouwbaar. Is een verwacht aantal in de kruistabel kleiner dan 5, "
        f"dan komt de p-waarde uit een permutatietoets van dezelfde toetsgrootheid ({thousands} "
        "herschikkingen met vaste rij- en kolomtotalen, vaste startwaarde "
        f"{seed}). De herschikkingen gaan uit van de kruistabel zelf, niet van de volgorde van de rijen in de "
        "export: dezelfde antwoorden geven dus altijd dezelfde p-waarde. "
        f"Dat gold voor {n_perm} van de {n_tests} uitsplitsingen.</p>"
        f"{_left_out_methods(tests)}"
        f"<p>In totaal zijn {n_tests} uitsplitsingen getoetst, elk met α = {format_alpha(alpha)}. Ook als er in "
        f"werkelijkheid nergens een verschil tussen de groepen is, geeft dat gemiddeld {n_tests} × "
        f"{format_alpha(alpha)} = {expected} uitsplitsingen met p &lt; {format_alpha(alpha)}. {n_sig} van de "
        f"{n_tests} uitsplitsingen tonen een statistisch significant verschil; dit staat in rood en vet onder de tabel, met ‘Significant verschil.’ ervoor. "
        f"Zoals {_as_before(published)} is hier niet gecorrigeerd voor het aantal toetsen: een enkel "
        "significant verschil kan toeval zijn en is, ook door de kleine groepen, alleen richtinggevend. Groepen met "
        f"minder dan {small_base} respondenten zijn in tabellen en grafieken gemarkeerd met een sterretje.</p>"
    )


def _sources_text(changes: pd.DataFrame) -> str:
    """Where the previous year's shares come from, as the computation did it (per previous year)."""
    parts = []
    for previous, own in changes.groupby("previous", sort=True):
        sources = set(own["source_previous"])
        if sources == {"data"}:
            parts.append(f"de cijfers van {previous} zijn berekend uit de respondentdata van {previous} "
                         "(aantallen en basis per vraag)")
        elif sources == {"gepubliceerd"}:
            parts.append(f"de cijfers van {previous} zijn de gepubliceerde, afgeronde percentages met de basis uit het "
                         "bijschrift (het aantal respondenten is daaruit op een hele respondent teruggerekend)")
        else:
            parts.append(f"de cijfers van {previous} komen deels uit de respondentdata, deels uit de gepubliceerde "
                         "percentages")
    return "; ".join(parts)


def _fpc_effect(respondents: int | None, population: int | None) -> str:
    """How much smaller the finite-population correction would make a standard error at this year's
    response, computed (review: "ruim een derde … ongeveer 19%" was typed, wrong for 2025)."""
    if not respondents or not population or population <= 1 or respondents >= population:
        return "maakt de standaardfout kleiner naarmate een groter deel van de leden heeft geantwoord"
    smaller = 1 - math.sqrt((population - respondents) / (population - 1))
    return (f"maakt de standaardfout bij de respons van dit jaar ({format_mean(respondents, 0)} van {format_mean(population, 0)} benaderde leden, "
            f"{format_mean(100 * respondents / population, 0)}%) ongeveer {format_mean(100 * smaller, 0)}% kleiner")


def _change_methods(changes: pd.DataFrame, settings, *, alpha: float, population: int | None,
                    respondents: int | None = None) -> str:
    if changes is None or not len(changes):
        return ("<h2>Toetsing van veranderingen ten opzichte van vorig jaar</h2><p>Dit jaar heeft geen trendtabel "
                "met een voorgaand jaar om tegen te toetsen.</p>")
    family = int(changes["tests_in_family"].iloc[0])
    if family == 0:  # rows, but none with a p-value (e.g. earlier figures published without their base)
        return ("<h2>Toetsing van veranderingen ten opzichte van vorig jaar</h2><p>Geen verandering ten opzichte "
                "van het voorgaande enquêtejaar kon worden getoetst: onder elke trendtabel staat waarom "
                "(bijvoorbeeld een basis van dat jaar die niet bekend is).</p>")
    tests = changes.drop_duplicates("hypothesis") if "hypothesis" in changes else changes  # a test once
    raw = int((tests["p_value"] < alpha).sum())
    sig = int(tests["significant"].sum())
    correction = changes["correction"].iloc[0]
    test = ("de scoretoets voor het verschil tussen twee proporties (Miettinen-Nurminen; bij een verschil van nul "
            "de gepoolde z-toets). Die blijft geldig bij kleine aantallen en bij 0% of 100%, waar de gewone z-toets "
            "met ongepoolde variantie een veel te kleine p-waarde geeft." if settings.change_test == "score" else
            "de exacte toets van Fisher op de 2×2-tabel van jaar en antwoord. Die is geldig bij elke omvang, "
            "ook bij 0% of 100%, en eerder te voorzichtig dan te ruim.")
    fpc = (f"<p>Op de variantie van elk jaar is de eindige-populatiecorrectie toegepast (N = {format_mean(population, 0)} benaderde "
           "leden). Let op: die correctie veronderstelt een aselecte steekproef uit de leden.</p>"
           if settings.finite_population_correction else
           "<p>Er is geen eindige-populatiecorrectie toegepast. Zo'n correctie (met N = het aantal benaderde leden) "
           f"{_fpc_effect(respondents, population)}, maar dat is alleen "
           "terecht bij een aselecte steekproef uit de leden. De respondenten hebben zichzelf aangemeld; hun "
           "antwoorden kunnen systematisch afwijken van die van de andere leden, en dat verkleint geen correctie.</p>")
    multiple = ("Er is niet gecorrigeerd voor meervoudig toetsen." if correction == "geen correctie" else
                f"Omdat onder alle trendtabellen samen {family} veranderingen worden getoetst (de twee rijen van een "
                "vraag met twee antwoorden, zoals ja en nee, zijn één verandering), zou bij α = "
                f"{format_alpha(alpha)} zonder correctie gemiddeld {family} × {format_alpha(alpha)} = "
                f"{_times_alpha(family, alpha)} veranderingen ten onrechte significant heten, ook als er niets veranderd is. Daarom is de {correction} toegepast over alle {family} toetsen "
                "van het rapport samen" + (": de kans dat ook maar één van de als significant gemelde veranderingen "
                "toeval is, blijft onder α, ongeacht hoe de rijen van een tabel samenhangen."
                if correction.startswith("Holm") else ": gemiddeld is hooguit een fractie α van de als significant "
                "gemelde veranderingen toeval, als de toetsen onafhankelijk zijn of positief samenhangen (de rijen "
                "van één vraag hangen negatief samen: dan is dit bij benadering)."))
    return (
        "<h2>Toetsing van veranderingen ten opzichte van vorig jaar</h2>"
        "<p>Onder elke trendtabel staat of een percentage is veranderd ten opzichte van het voorgaande enquêtejaar. "
        f"De toets is {test} Er is tweezijdig getoetst met α = {format_alpha(alpha)}.</p>"
        f"<p>{multiple} {_counts_text(family, raw, sig, alpha)}</p>"
        f"{fpc}"
        "<p>De jaren worden als onafhankelijke steekproeven behandeld, ook al antwoorden veel organisaties in beide "
        "jaren; omdat hun antwoorden samenhangen, is de toets daardoor eerder te voorzichtig dan te ruim; "
        f"{_e(_sources_text(changes))}. "
        "Tabellen waarvan de vraag of de antwoordcategorieën zijn gewijzigd, zijn niet getoetst. Gemiddelden en de NPS "
        "worden niet op verandering getoetst; onder die tabellen staat dat ook.</p>"
    )


def _counts_text(family: int, raw: int, sig: int, alpha: float) -> str:
    """How many of the family's tests have p below alpha, before and after correction (Dutch, in number)."""
    below = f"een p-waarde onder {format_alpha(alpha)} zonder correctie"
    if raw == 0:
        return f"Geen van de {family} toetsen heeft {below}."
    text = (f"Van de {family} toetsen {'heeft' if raw == 1 else 'hebben'} er {raw} {below}; "
            + ("geen daarvan blijft" if sig == 0 else f"{sig} daarvan {'blijft' if sig == 1 else 'blijven'}")
            + " significant na correctie.")
    rest = raw - sig
    if rest:
        text += (" De andere heet" if rest == 1 else f" De andere {rest} heten") + \
            " onder de tabel ‘indicatief’: een aanwijzing, geen vastgestelde verandering."
    return text


def _interval_methods(settings, shown: bool) -> str:
    level = interval_level(settings.confidence).rstrip("%")
    where = (f"Ze staan in de tabellen als grijze tweede regel, bijvoorbeeld ‘({interval_label(settings.confidence)} 30–41%)’."
             if shown else "Ze staan niet in de tabellen van deze pagina's, wel in de Excel-werkmap en in de "
             "CSV-bestanden (de ondergrens en bovengrens in de kolommen ci_low en ci_high).")
    return (
        f"<h2>{level}%-betrouwbaarheidsintervallen</h2>"
        f"<p>Elk percentage, gemiddelde en elke NPS heeft een {level}%-betrouwbaarheidsinterval: de marge die alleen "
        "door toeval al ontstaat doordat een beperkt aantal organisaties antwoordde. Bij herhaalde metingen bevat "
        f"{level}% van zulke intervallen de werkelijke waarde. "
        "Voor percentages is dat het Wilson-interval (ook bruikbaar bij 0% en 100%), voor gemiddelden het "
        "t-interval uit de antwoorden van de respondenten, en voor de NPS (% fans − % critici) het interval uit de "
        "variantie van het verschil van twee aandelen van dezelfde respondenten. Aantallen en basissen hebben geen "
        "interval; cellen van groepen die om privacyredenen niet getoond worden ook niet. Het interval geeft alleen "
        f"de toevalsvariatie weer, niet de vertekening doordat leden zelf kiezen of ze meedoen. {where}</p>"
    )


def _weighting_methods(settings, weights: dict, year: int, possible=None, other_members: str = "",
                       published: bool = True) -> str:
    own = weights.get(year)
    if own is not None:
        margins = _e(weighting_words(own.margins))
        other = f" <strong>Let op:</strong> {other_members} Er is naar die ledenaantallen gewogen." if other_members else ""
        return (
            "<h2>Weging</h2>"
            f"<p>De uitkomsten zijn gewogen naar de ledenpopulatie per {margins} (raking, "
            "iteratief aangepast tot de gewogen verdeling van de respondenten op elk kenmerk gelijk is aan die van de "
            "leden). De basis n in de tabellen blijft het aantal respondenten. Door de weging tellen de "
            f"{format_mean(own.n, 0)} respondenten statistisch als {format_mean(own.n_effective, 0)} "
            f"(effectieve steekproefomvang volgens Kish; design effect {format_mean(own.design_effect, 2)}); "
            "intervallen en jaar-op-jaartoetsen gebruiken de effectieve omvang van de respondenten van elk cijfer (wie "
            "de vraag beantwoordde, in de groep van de kolom). De toetsen tussen groepen "
            f"(Bijlage 2 en 3) zijn ongewogen.{_weight_range(own)}{_earlier_weights(weights, year)}{other}</p>")
    text = (f"<h2>Weging</h2><p>De uitkomsten zijn ongewogen, zoals {_as_before(published)}: elke respondent "
            "telt even zwaar.")
    if possible is not None:
        text += (f" Een weging naar de ledenpopulatie per {_e(weighting_words(possible.margins))} "  # h159
                 f"zou de {format_mean(possible.n, 0)} respondenten statistisch laten tellen als {format_mean(possible.n_effective, 0)} "
                 f"(design effect {format_mean(possible.design_effect, 2)}); zie de vergelijking van respondenten en "
                 "leden hierboven.")
    return text + "</p>"


def _weight_range(own) -> str:
    """The smallest and largest weight, and a caution when one respondent counts as more than
    :data:`~wlzmonitor.compute.weighting.EXTREME_WEIGHT` (the weights are not trimmed)."""
    text = (f" De gewichten liggen tussen {format_mean(own.smallest, 2)} en {format_mean(own.largest, 2)} "
            "(gemiddeld 1).")
    if own.extreme:
        text += (f" <strong>Let op:</strong> het grootste gewicht is meer dan {format_mean(EXTREME_WEIGHT, 0)}: een "
                 f"respondent telt mee als {format_mean(own.largest, 2)} respondenten, zodat enkele respondenten de "
                 "gewogen uitkomsten sterk bepalen. Lees gewogen en ongewogen uitkomsten naast elkaar; de gewichten "
                 "zijn niet afgekapt, omdat de gewogen verdeling dan niet meer gelijk is aan die van de leden.")
    return text


def _earlier_weights(weights: dict, year: int) -> str:
    """The earlier years with respondent data, weighted the same way, with their design effects."""
    earlier = [(y, w) for y, w in sorted(weights.items()) if y != year and w is not None]
    if not earlier:
        return ""
    listed = ", ".join(f"{y} ({format_mean(w.n, 0)} respondenten, design effect {format_mean(w.design_effect, 2)})" for y, w in earlier)
    return (f" De eerdere jaren met respondentdata zijn op dezelfde manier gewogen: {listed}. Cijfers van jaren "
            "zonder respondentdata, overgenomen uit eerdere rapporten, zijn ongewogen.")


def methods_html(*, alpha: float, resamples: int, seed: int, tests: dict, small_base: int,
                 changes: pd.DataFrame | None = None, settings=None, weights: dict | None = None,
                 year: int | None = None, population: int | None = None, shown_intervals: bool = False,
                 possible_weights=None, respondents: int | None = None, members: int | None = None,
                 members_source: str = "", published: bool = True) -> str:
    """The methods section, every statement generated from the settings and the computed result
    (`members`: the population file's total, against `population`, the members approached;
    `published`: the agency published a report of the year, which the methods then refer to)."""
    settings = settings or StatisticsSettings()
    return (_breakdown_methods(alpha=alpha, resamples=resamples, seed=seed, tests=tests, small_base=small_base,
                               published=published)
            + _change_methods(changes if changes is not None else pd.DataFrame(), settings, alpha=alpha,
                              population=population, respondents=respondents)
            + _interval_methods(settings, shown_intervals)
            + _weighting_methods(settings, weights or {}, year or 0, possible_weights,
                                 other_members_note(members, population, year, members_source), published))


def data_quality_html(accounting: pd.DataFrame) -> str:
    """Every exported row accounted for: read, analysed, excluded per reason (counts only)."""
    rows = "".join(f"<tr><th>{_e(_dutch_step(r.step))}</th><td>{int(r.n)}</td></tr>" for r in accounting.itertuples())
    return ("<h2>Verantwoording van de respons</h2><p>Alleen volledig ingevulde vragenlijsten zijn geanalyseerd. "
            "Elke rij van de export is hieronder verantwoord: geanalyseerd of uitgesloten, met de reden.</p>"
            f'<table class="rapport"><tbody>{rows}</tbody></table>')


STEP_WORDS = {
    "rows read": "Rijen in de export",
    "included": "Geanalyseerd (volledig ingevuld)",
    "excluded: duplicate of an earlier row": "Uitgesloten: dubbele inzending",
    "excluded: incomplete response (voltooid = 0)": "Uitgesloten: niet afgerond",
    "excluded: incomplete (required answer missing)": "Uitgesloten: verplicht antwoord ontbreekt",
}


def _dutch_step(step: str) -> str:
    return STEP_WORDS.get(step, step)


def row_labels(tables: dict[str, pd.DataFrame]) -> dict[tuple, str]:
    return {(key, str(code)): str(label) for key, t in tables.items()
            for code, label in zip(t["row_code"], t["row"])}


def column_labels(tables: dict[str, pd.DataFrame]) -> dict[tuple, str]:
    return {(key, str(code)): str(label) for key, t in tables.items()
            for code, label in zip(t["column_code"], t["column"])}



# --------------------------------------------------------------------------------------------
# Who answered
# --------------------------------------------------------------------------------------------
def _gof_sentence(part: pd.DataFrame, alpha: float) -> str:
    first = part.iloc[0]
    if not np.isfinite(float(first["p_value"])):  # one group with members: nothing to compare
        return "Met één groep leden valt de verdeling niet te toetsen."
    p = _e(format_p(float(first["p_value"]), alpha=alpha))
    test = _e(first["test"])
    if first["p_value"] < alpha:
        return (f"De verdeling van de respondenten wijkt statistisch significant af van die van de leden "
                f"({test}, χ² = {format_mean(first['statistic'], 1)}, df = {int(first['dof'])}, {p}).")
    return (f"De verdeling van de respondenten wijkt niet statistisch significant af van die van de leden "
            f"({test}, χ² = {format_mean(first['statistic'], 1)}, df = {int(first['dof'])}, {p}).")


def other_members_note(members: int | None, approached: int | None, year: int | None, source: str = "") -> str:
    """A sentence when the population file's members are not the members approached this year (the
    codebook's `population`, in the response table): e.g. last year's file left unchanged for a new wave. Empty
    when they agree or either is unknown."""
    if not members or not approached or members == approached or not year:
        return ""
    where = f" (<code>{_e(source)}</code>)" if source else ""
    return (f"De ledenaantallen{where} tellen op tot {members} leden, maar in {year} zijn {approached} leden "
            "benaderd: ze horen bij een andere ledenpopulatie dan die van dit jaar.")


def representativeness_html(frame: pd.DataFrame, *, alpha: float, assumption: bool, source: str = "",
                            members: int | None = None, approached: int | None = None,
                            year: int | None = None) -> str:
    """Per group: members, respondents, response rate and shares, with the goodness-of-fit test."""
    out = ["<h2>Respondenten vergeleken met de leden</h2>",
           "<p>Hoe goed lijken de respondenten op alle leden? Per omzetgroep en per Wlz-uitvoerder staan hieronder "
           "het aantal leden, het aantal respondenten, de respons en de verdeling van beide. Een groep die veel "
           "minder vaak meedoet, weegt in de ongewogen uitkomsten minder zwaar dan in de ledenpopulatie.</p>"]
    if assumption:
        out.append('<p class="note"><strong>Let op:</strong> de ledenaantallen per groep zijn voorbeeldcijfers '
                   f"(<code>{_e(source)}</code>, gemarkeerd als aanname), niet de ledenadministratie van ActiZ. "
                   "Vervang ze door de werkelijke aantallen voordat conclusies worden getrokken.</p>")
    other = other_members_note(members, approached, year, source)
    if other:
        out.append(f'<p class="note"><strong>Let op:</strong> {other} De respons per groep hieronder is daarom '
                   "niet te vergelijken met het responspercentage bovenaan deze bijlage.</p>")
    for variable, part in frame.groupby("variable", sort=False):
        label = part["variable_label"].iloc[0]
        rows = "".join(
            f"<tr><th>{_e(r.group)}</th><td>{int(r.members)}</td><td>{int(r.respondents)}</td>"
            f"<td>{format_value(r.response_rate, 'percent')}</td><td>{format_value(r.share_members, 'percent')}</td>"
            f"<td>{format_value(r.share_respondents, 'percent')}</td></tr>" for r in part.itertuples())
        group = WEIGHT_WORDS.get(variable, label)  # the corner heads the groups: no empty header cell
        out.append(f'<table class="rapport"><caption>Respons naar {_e(group)}</caption><thead><tr>'
                   f'<th scope="col">{_e(group[:1].upper() + group[1:])}</th>'
                   "<th>Leden</th><th>Respondenten</th><th>Respons</th><th>Aandeel leden</th>"
                   f"<th>Aandeel respondenten</th></tr></thead><tbody>{rows}</tbody></table>")
        out.append(f"<p>{_gof_sentence(part, alpha)}</p>")
    return "\n".join(out)
