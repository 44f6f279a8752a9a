"""The placeholder grammar of the notebooks' prose (filled by ``present.figures_text``).

A placeholder is ``{key:ROW}``, ``{key:ROW@COL}``, ``{key:ROW!check}``, ``{key:n}``, ``{key:max}``,
``{jaar}``, ``{vorig_jaar}``, ``{tabel:KEY}`` (the table's number, "Tabel 3") or ``{vraag:KEY}``
(the question's number, "Vraag 11"). Anything else between braces is a mistake: a mistyped
placeholder is never printed literally into a page (:func:`syntax_problems`). The grammar lives in
the spec stage so ``check-year`` can read the notebooks without running them.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass

from wlzmonitor.spec.strict_yaml import CONTROL_CHARACTER, control_character_problem

__all__ = ["PLACEHOLDER", "card_form_problem", "card_shown", "SENTENCE", "NUMBER_FORMS", "WORDS", "Placeholder", "placeholders", "syntax_problems",
           "TYPED_NUMBER", "SUPERLATIVES", "COMPARATIVES", "QUANTIFIERS", "QUANTIFIER_RANGES", "RATIO_CHECKS", "comparison_problems", "typed_figure_problems",
           "change_claims", "record_claims", "check_to_write", "TEST_CHECKS", "claim_coverage_problems", "label_problems", "has_figure", "CHANGES", "EITHER_WAY", "markdown_problems",
           "placeholder_typos", "typed_year_problems", "typed_date_problems", "later_years", "CHECKS", "BEFORE_CHECKS", "check_parts", "check_name_problem", "breakdown_test_problem", "figureless_text_problems", "typed_years", "FIRST_TIME", "earlier_comparisons", "LOOKALIKE_BRACES", "doubled_unit_problem"]

SUPERLATIVES = ("het vaakst", "het meest", "de meeste", "grootste", "hoogste", "het minst", "kleinste", "laagste",
                # a later review: more forms of "the most" ("het hoogst", "het zwaarst belastend", "de meest
                # genoemde", "koploper"); matched as whole words ("het best" is no "het bestuur")
                "het hoogst", "het laagst", "het grootst", "het kleinst", "het zwaarst", "het sterkst", "het best",
                "het slechtst", "het populairst", "de populairste", "meest genoemd", "minst genoemd",
                "vaakst genoemd", "koploper", "nummer één", "nummer 1",
                # a later review: "de belangrijkste reden", "staat bovenaan", "op de eerste plaats"
                "de belangrijkste", "het belangrijkst", "staat bovenaan", "staan bovenaan", "op de eerste plaats")
#: a superlative as a word of its own, with the inflection Dutch gives it ("het vaakste", "de meest genoemde",
#: "allergrootste")
_SUPERLATIVE = re.compile(r"(?<!\w)(?:aller)?(?:" + "|".join(re.escape(w) for w in sorted(SUPERLATIVES, key=len, reverse=True))
                          + r")(?:e|en|s)?(?!\w)")
#: a claim about the years, not the rows: a superlative "sinds 2025", "ooit", "in jaren", "meer dan ooit", "nog nooit
#: zo hoog", "een record": backed by {key:ROW!hoogste-ooit} / {key:ROW!laagste-ooit} (the survey year's figure above /
#: below every earlier year's), never by a row's !max (review of the statistics: "het hoogste aandeel sinds 2025"
#: passed with !max beside a higher 2025)
_RECORD = re.compile(r"(?:" + _SUPERLATIVE.pattern + r")(?:\s+[\w{}:]+){0,3}?\s+(?:sinds|ooit|in\s+(?:jaren|tijden)|"
                     r"tot\s+(?:nu|dusver)\s+toe|van\s+(?:alle|de\s+afgelopen)\s+jaren)\b"
                     r"|\b(?:meer|minder|vaker|hoger|lager|groter|kleiner)\s+dan\s+ooit\b"
                     r"|\b(?:nog\s+)?nooit\s+(?:eerder\s+)?zo\s+(?:hoog|laag|veel|weinig|groot|klein|vaak)\b"
                     r"|\brecord(?:hoogte|laagte|hoog|laag|niveau|aantal|aandeel|jaar)?\b"
                     # review h148: "recordhoog", "historisch laag", "een nieuw dieptepunt" passed as no claim
                     r"|\b(?:historisch|ongekend)\s+(?:hoog|hoge|laag|lage|hoogtepunt|laagtepunt|dieptepunt)\b"
                     r"|\bnieuw(?:e)?\s+(?:hoogtepunt|laagtepunt|dieptepunt)\b", re.IGNORECASE)
_RECORD_LOW = re.compile(r"laag|lage|klein|minst|minder|weinig|kleinst|diepte", re.IGNORECASE)
COMPARATIVES = ("hoger dan", "lager dan", "vaker dan", "minder vaak", "groter dan", "kleiner dan")
#: a comparative with words between it and its "dan" ("vroegen vaker om maatwerk dan kleine", "zijn minder
#: tevreden dan grote"): the same claim as :data:`COMPARATIVES`, backed by {key:ROW!gt:OTHER} / !lt:OTHER
_COMPARATIVE_SPLIT = re.compile(r"\b(?P<word>vaker|hoger|lager|groter|kleiner|beter|slechter|tevredener|positiever|"
                                r"negatiever|(?:meer|minder)\s+(?:vaak|tevreden|ontevreden|positief|negatief|kritisch))\b"
                                r"(?:\s+(?!dan\b)[\w{}()%,'’-]+){0,4}?\s+dan\b(?!\s+(?:verwacht|gedacht|gehoopt|gevreesd)\b)"
                                # than an earlier year: a claim of change (RISES, FALLS), not a comparison of rows
                                r"(?!\s+(?:in\s+)?(?:vorig\s+jaar|het\s+jaar|een\s+jaar|(?:19|20)\d\d|\{vorig_jaar\}))",
                                re.IGNORECASE)
#: words that say how large a share is: a sentence with a table figure and one of them needs the check
#: that backs the word, against the figure as printed (``{key:ROW!vrijwel-alle}`` …), one check for
#: each word; not after "die", "dat", "als", … (a group or a rule: "organisaties die minder dan de
#: helft van hun omzet …"), not in a sentence without a figure (a method explained). A fraction ("een
#: kwart", "de helft", "twee derde" …, with "meer dan", "minder dan", "ruim", "bijna", "ongeveer") is a
#: claim only about the figure or the organisations ("de helft ({x:1})", "een derde van de
#: organisaties"), not in "een derde meting" or "de helft van het jaar".
QUANTIFIERS = {
    "vrijwel alle": "vrijwel-alle", "bijna alle": "vrijwel-alle", "nagenoeg alle": "vrijwel-alle",
    "vrijwel iedereen": "vrijwel-alle", "bijna iedereen": "vrijwel-alle", "zo goed als alle": "vrijwel-alle",
    "zo goed als iedereen": "vrijwel-alle", "zo goed als niemand": "vrijwel-niemand",
    "het overgrote deel": "overgrote-deel", "overgrote meerderheid": "overgrote-deel",
    "meerderheid": "meerderheid", "merendeel": "meerderheid", "minderheid": "minderheid", "het gros": "meerderheid",
    # review of the statistics: "een ruime meerderheid" at 51% is not what a reader takes from it
    "ruime meerderheid": "ruime-meerderheid", "grote meerderheid": "ruime-meerderheid",
    "vrijwel niemand": "vrijwel-niemand", "bijna niemand": "vrijwel-niemand",
    # a later review: "iedereen" and "niemand" on their own are all and none, as printed
    "iedereen": "iedereen", "niemand": "niemand",
    "geen enkele organisatie": "niemand",
    # review of the statistics: "Alle organisaties (97%)"; not "van alle organisaties" (a share of them)
    **{f"alle {who}": "iedereen" for who in ("organisaties", "zorgorganisaties", "respondenten", "aanbieders",
                                             "zorgaanbieders", "leden", "deelnemers", "instellingen")},
    "allemaal": "iedereen", "elke organisatie": "iedereen", "iedere organisatie": "iedereen",
    "geen van de organisaties": "niemand", "geen organisatie": "niemand", "geen van hen": "niemand",
    # a later review: the 2026 report's "Geen van de respondenten geeft … aan"
    **{f"geen van de {who}": "niemand" for who in ("respondenten", "zorgorganisaties", "aanbieders", "zorgaanbieders",
                                                   "deelnemers", "instellingen", "leden")},
    **{f"geen enkele {one}": "niemand" for one in ("respondent", "zorgorganisatie", "aanbieder", "zorgaanbieder",
                                                   "deelnemer", "instelling")},
}
#: words before "alle organisaties" that make it the group a share is of ("de helft van alle organisaties")
_GROUP_BEFORE = ("van", "onder", "bij", "voor", "uit", "aan", "door", "met", "over", "op", "in", "tussen", "per")
QUANTIFIER_RANGES = {"vrijwel-alle": (90, 100), "overgrote-deel": (75, 100), "meerderheid": (51, 100),
                     "ruime-meerderheid": (60, 100),
                     "minderheid": (0, 49), "vrijwel-niemand": (0, 10), "iedereen": (100, 100), "niemand": (0, 0)}
#: fractions of the organisations: the share they name, with the words that bound it
FRACTIONS = {"een kwart": 25, "een derde": 33, "de helft": 50, "twee derde": 67, "tweederde": 67, "driekwart": 75,
             # review h89: "ruim een vijfde vraagt om maatwerk"
             "een vijfde": 20, "een tiende": 10, "drie kwart": 75}
#: "twee op de drie", "een op de vijf", "negen op de tien": N of every D organisations
_COUNTS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
           "tien": 10}
FRACTIONS.update({f"{n} op de {d}": round(100 * _COUNTS[n] / _COUNTS[d]) for n in _COUNTS for d in _COUNTS
                  if _COUNTS[n] < _COUNTS[d] and d not in ("een", "één")})
_BOUNDS = {"": (-5, 5), "ongeveer ": (-5, 5), "circa ": (-5, 5), "rond ": (-5, 5), "ruim ": (1, 12),
           "bijna ": (-10, -1), "meer dan ": (1, None), "minder dan ": (None, -1)}
for _fraction, _share in FRACTIONS.items():
    for _bound, (_low, _high) in _BOUNDS.items():
        _phrase = f"{_bound}{_fraction}"
        _check = {"meer dan de helft": "meerderheid", "minder dan de helft": "minderheid",
                  "de helft": "helft", "ongeveer de helft": "helft", "circa de helft": "helft",
                  "rond de helft": "helft"}.get(_phrase, _phrase.replace(" ", "-").replace("tweederde", "twee-derde")
                                                .replace("één", "een"))
        QUANTIFIERS[_phrase] = _check
        QUANTIFIER_RANGES.setdefault(_check, (0 if _low is None else _share + _low, 100 if _high is None else _share + _high))
#: the words before a quantifier that make it part of a group or rule, not a claim about a figure
_NO_CLAIM_BEFORE = ("die", "dat", "als", "wanneer", "indien", "waarvan", "waarin", "zodra", "tenzij")
_QUANTIFIER = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(QUANTIFIERS, key=len, reverse=True))
                         + r")\b")
#: a fraction as the subject of what the organisations did or said ("bijna een kwart vroeg om maatwerk",
#: "de helft verwacht een tekort", "de helft vraagt om maatwerk"): a claim about the figure (a later review of
#: the statistics; review h89)
_FRACTION_AS_SUBJECT = re.compile(
    r"\s+(?:vroeg|vroegen|verzocht|verzochten|heeft|hebben|had|hadden|is|zijn|was|waren|geeft|geven|gaf|gaven|"
    r"vindt|vinden|vond|vonden|verwacht|verwachten|verwachtte|verwachtten|ervaart|ervaren|ervoer|ervoeren|noemt|"
    r"noemen|noemde|noemden|wil|willen|wilde|wilden|kan|kunnen|kon|konden|zegt|zeggen|zei|zeiden|meldt|melden|"
    r"meldde|meldden|antwoordt|antwoorden|antwoordde|antwoordden|maakt|maken|maakte|maakten|ziet|zien|zag|zagen|"
    r"krijgt|krijgen|kreeg|kregen|ontvangt|ontvangen|ontving|ontvingen|beoordeelt|beoordelen|beoordeelde|"
    r"beoordeelden|gebruikt|gebruiken|gebruikte|gebruikten|overweegt|overwegen|overwoog|overwogen|biedt|bieden|"
    r"bood|boden|koos|kozen|kiest|kiezen|sloot|sloten|sluit|sluiten|staat|staan|stond|stonden|werkt|werken|"
    r"werkte|werkten|tekende|tekenden|deed|deden|doet|doen|"
    # review h89: the present tense of asking and going ("de helft vraagt om maatwerk", "gaat … bieden")
    r"vraagt|vragen|verzoekt|verzoeken|gaat|gaan|ging|gingen)\b")
#: what a fraction is a share of when it is a claim: the organisations that answered
_OF_ORGANISATIONS = re.compile(r"\s*(?:[({:]|van\s+(?:de|alle|hen|hun|deze)\s+(?:\w+\s+)?(?:organisaties|"
                               r"zorgorganisaties|respondenten|aanbieders|zorgaanbieders|leden|deelnemers|"
                               r"instellingen|ondervraagden)\b|(?:organisaties|zorgorganisaties|respondenten|"
                               r"aanbieders|zorgaanbieders|leden|deelnemers|instellingen)\b)")
#: words that say a figure went up / down since the year before: the sentence needs {key:ROW!stijging} /
#: {key:ROW!daling}, checked against the table when the chapter runs. Forms that describe a change of a
#: figure: the past tense and participles ("steeg", "gestegen", "daalde"), the nouns ("stijging",
#: "toename", "afname" — not "de toename van de zorgvraag", a subject), separable verbs ("nam flink
#: toe", "liep terug", "liep op tot"), the present tense towards a level ("stijgt naar 22%"). Left out:
#: adjectives ("stijgende kosten"), forecasts ("verwacht dat de kosten stijgen"), "neemt … af" (to
#: purchase) and "meer dan vorig jaar" (an intention as often as a figure).
_SPLIT = r"\b(?:{verb})\b(?P<between>(?:\s+(?!(?:{verb})\b)[\w{{}}%,.-]+){{0,3}}?)\s+{particle}\b"
_SURVEY = re.compile(r"\b(?:vragenlijst|enqu[eê]te|survey|peiling|interview|monitor)", re.IGNORECASE)
#: a noun followed by "van de/het/een ..." names what changed, not how a figure moved
_NOT_SUBJECT = r"(?!\s+van\s+(?:de|het|een|ons|onze|hun)\b)"
#: "meer … dan in 2025", "hoger uitgevallen dan vorig jaar": a comparison with an earlier year is a change
#: ("hoger dan" with nothing between is a comparative: {key:ROW!gt:OTHER}; "minder vaak" too)
_EARLIER = r"\s+dan\s+(?:in\s+)?(?:vorig\s+jaar|het\s+jaar\s+(?:ervoor|daarvoor)|een\s+jaar\s+eerder|(?:19|20)\d\d\b|\{vorig_jaar\})"


def _than_earlier(adjacent: str, split: str) -> str:
    """`adjacent` right before "dan in <year>" ("meer dan in 2025"; "meer dan vorig jaar" is as often an
    intention: "wil meer dan vorig jaar afspreken"), or the figure itself that "is/was/viel/lag" `split`
    than an earlier year ("is hoger uitgevallen dan in 2025", "viel lager uit dan het jaar ervoor"); not
    what respondents report or want ("ervaart meer lasten dan vorig jaar", "vindt een hoger tarief dan in
    2025 nodig": the question itself asks about the change)."""
    return (rf"\b(?:{adjacent})\s+dan\s+in\s+(?:(?:19|20)\d\d\b|\{{vorig_jaar\}}|het\s+jaar\s+(?:ervoor|daarvoor))"
            rf"|\b(?:is|was|zijn|waren|lag|lagen|ligt|liggen|viel|vielen|valt|vallen|kwam|kwamen|komt)\s+"
            rf"(?:(?:nu|dit\s+jaar|daarmee|duidelijk|iets|wat|veel|flink|fors)\s+)?(?:{split})\b"
            rf"\s+(?:uit|uitgevallen|geworden|gekomen|gebleken)" + _EARLIER)  # "hoger dan": a comparative



#: the organisations a comparison with an earlier year is about ("Meer organisaties dan in 2025"): a figure's
#: change, not an intention ("wil meer afspraken dan vorig jaar")
_WHO = r"(?:organisaties|zorgorganisaties|respondenten|aanbieders|zorgaanbieders|leden|deelnemers|instellingen)"
#: an amount before "meer/minder dan vorig jaar" ("een derde minder dan vorig jaar", "10 procentpunt meer", "vijf
#: procentpunt meer": review h155)
_AMOUNT = (r"(?:een\s+(?:kwart|derde|vijfde|tiende|stuk)|veel|de\s+helft|twee\s+derde|\d+(?:[.,]\d+)?\s*(?:%|procent(?:punt(?:en)?)?)"
           r"|(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|[a-z]+tien|[a-z]*twintig|[a-z]*dertig)"
           r"\s+procent(?:punt(?:en)?)?\b"
           r"|\{[a-z0-9_]+:[^{}]*\})")
_YEAR_BEFORE = r"(?:in\s+)?(?:vorig\s+jaar|het\s+jaar\s+(?:ervoor|daarvoor)|een\s+jaar\s+eerder|(?:19|20)\d\d\b|\{vorig_jaar\})"


def _more_or_less(more: str, comparative: str) -> tuple[str, ...]:
    """The forms of a change claimed by a comparison (review of the statistics: "Meer organisaties dan in
    {vorig_jaar} vroegen om maatwerk" beside a fall; "steeds meer"; "een derde minder dan vorig jaar"; "opnieuw
    hoger")."""
    return (rf"\b{more}\s+(?:\w+\s+){{0,2}}?{_WHO}\s+dan\s+{_YEAR_BEFORE}",
            rf"\b(?:steeds|almaar|alsmaar|telkens)\s+(?:{more}|{comparative})\b",
            rf"{_AMOUNT}\s+{more}\s+dan\s+{_YEAR_BEFORE}",
            # review h155: "(5 procentpunt) hoger dan vorig jaar", "lager dan in 2025" without a sign was read as a
            # comparison of rows only ({key:ROW!gt:OTHER}): a figure against an earlier year is a change
            rf"(?:{_AMOUNT}\s+)?\b(?:{comparative})\s+dan\s+{_YEAR_BEFORE}",
            rf"\b(?:opnieuw|weer|wederom)\s+(?:{comparative})\b(?!\s+dan\b)")


#: what a figure is ("het aandeel", "de tevredenheid") as the subject of a present-tense change
#: (not in a clause of what is expected or said: "verwacht dat het aantal urgent wachtenden toeneemt")
_FIGURE_SUBJECT = (r"(?<!\bdat het )(?<!\bdat de )(?<!\bof het )(?<!\bof de )(?<!\bdat )(?<!\bof )"
                   r"\b(?:aandeel|percentage|deel|aantal|gemiddelde|score|cijfer|tevredenheid|oordeel)\b")
#: the verbs of what organisations expect or say: a change after them is what they expect or say ("het aandeel
#: dat verwacht dat de kosten stijgen"), not the figure's
_SAID = (r"(?:verwacht\w*|denk\w*|dacht\w*|zeg\w*|zei\w*|vind\w*|vond\w*|meld\w*|noem\w*|geeft|geven|gaf|gaven|"
         r"antwoord\w*|vrees\w*|hoop\w*|voorzie\w*|ervaar\w*|ervaren|ervoer\w*)")
#: "ten opzichte van vorig jaar", "vergeleken met 2025", "in vergelijking met {vorig_jaar}", "sinds vorig jaar"
#: (review h155: "5 procentpunt hoger sinds vorig jaar" was no claim)
_AGAINST_EARLIER = (r"(?:ten\s+opzichte\s+van|t\.o\.v\.|vergeleken\s+met|in\s+vergelijking\s+met|sinds)\s+"
                    + _YEAR_BEFORE)


def _over_the_years(verbs: str, trend_adjectives: str, trend_state: str, comparatives: str, level: str
                    ) -> tuple[str, ...]:
    """Claims of change the past-tense forms miss (a later review of the statistics): the present tense
    with a figure as its subject ("het aandeel daalt al jaren", "het aandeel organisaties dat … groeit"), or
    over time ("groeit sinds 2024", "daalt jaar op jaar"); a trend ("een dalende lijn", "een opwaartse
    trend", "de trend is dalend"); a comparative with the year before named ("ten opzichte van vorig jaar
    vroegen minder organisaties", "lager in vergelijking met 2025"). Not "de zorgvraag groeit" on its own
    (the context, no figure of the table)."""
    return (rf"{_FIGURE_SUBJECT}(?:\s+(?!{_SAID}\b)[\w{{}}:]+){{0,6}}?\s+(?:{verbs})\b",
            rf"\b(?:{verbs})\s+(?:\w+\s+)?(?:al\s+(?:jaren|\w+\s+jaar)|sinds\s+(?:(?:19|20)\d\d|\{{vorig_jaar\}})|"
            rf"jaar\s+op\s+jaar|elk\s+jaar|ieder\s+jaar|jaarlijks|gestaag|gestadig)(?!\w)",
            rf"\b(?:{trend_adjectives})\s+(?:trend|lijn|beweging|tendens|ontwikkeling)\b",
            rf"\btrend\s+(?:is|was|blijft|bleef)\s+(?:\w+\s+)?{trend_state}\b",
            rf"{_AGAINST_EARLIER}(?!\w)[^.;:]*?\b(?:{comparatives})\b",
            rf"\b(?:{comparatives})\b[^.;:]{{0,60}}?{_AGAINST_EARLIER}(?!\w)",
            # "daalt daarbij van 28% in 2025 naar 19%", "stijgt (van 13% naar 20%)" (the 2026 report)
            rf"\b(?:{verbs})\s+(?:\w+\s+)?\(?\s*van\s+(?:\S+\s+){{0,4}}?(?:naar|tot)\b",
            # "ligt weer (ruim) onder het niveau van 2023" (the 2026 report)
            rf"\b{level}\s+het\s+niveau\s+van\s+{_YEAR_BEFORE}(?!\w)")



def _separable(verbs: str, particle: str) -> tuple[str, ...]:
    """A separable verb in the present tense about a figure ("het aandeel neemt toe", "Vergeleken met 2025 neemt
    het aandeel organisaties dat PGB-zorg biedt toe": the 2026 report), not about the context ("de zorgvraag neemt
    toe") or a purchase ("neemt zorg af")."""
    figure = r"(?:aandeel|percentage|aantal|gemiddelde|score|tevredenheid|oordeel)"
    return (rf"{_FIGURE_SUBJECT}(?:\s+(?!{_SAID}\b)[\w{{}}:]+){{0,6}}?\s+(?:{verbs})\s+(?:\w+\s+){{0,3}}?{particle}\b",
            rf"\b(?:{verbs})\s+(?:het|de)\s+{figure}\b[^.;:()]{{0,80}}?\s+{particle}\b")

#: a change in percentage points with its sign: a rise or a fall ("+5 procentpunt", "−3,5 procentpunten"; not "3-5")
_SIGNED_POINTS = r"(?<![\w.,]){sign}\s?\d+(?:[.,]\d+)?\s?(?:procentpunt(?:en)?|%-?punt(?:en)?|pp)\b"

RISES = tuple(re.compile(p, re.IGNORECASE) for p in (
    *_more_or_less("meer", "hoger|groter|vaker"), r"\bherstel(?:d|de|den)\b(?!\s+van\b)",
    r"\bgroeiden?\b", r"\bging(?:en)?\s+(?:\w+\s+){0,2}?omhoog\b", r"\bomhoog\s+gegaan\b",
    _than_earlier("meer", "hoger|groter"),
    r"\bgestegen\b", r"\bst(?:eeg|egen)\b", r"\bstijg(?:t|en)\s+(?:\S+\s+){0,2}?(?:naar|tot)\b",
    r"\btoegenomen\b", r"\bstijging\b", r"\btoename\b" + _NOT_SUBJECT, r"\bgegroeid\b", r"\bopgelopen\b",
    r"\bomhooggegaan\b", r"\bgroei\s+ten\s+opzichte\s+van\b",
    # review h148: a change in points with its sign ("+5 procentpunt ten opzichte van vorig jaar")
    _SIGNED_POINTS.format(sign=r"\+"),
    # a later review: "is verhoogd naar", "schoot omhoog", "klom naar", "kwam hoger uit" ("een verhoogd risico"
    # is an adjective: only towards a level)
    r"\bverhoogde?n?\s+(?:\S+\s+){0,2}?(?:naar|tot)\b", r"\bverhoogd\s+(?:\S+\s+){0,2}?(?:naar|tot)\b",
    r"\bscho(?:ot|ten)\s+(?:\w+\s+){0,2}?omhoog\b", r"\bomhooggeschoten\b", r"\bklom(?:men)?\b", r"\b(?:op)?geklommen\b",
    r"\bkwam(?:en)?\s+(?:\w+\s+){0,2}?hoger\s+uit\b", r"\bhoger\s+uitgekomen\b",
    _SPLIT.format(verb="nam|namen", particle="toe") + r"(?!\s+te\b)",
    _SPLIT.format(verb="liep|liepen", particle="op") + r"\s+(?:tot|naar)\b",
    *_over_the_years("stijgt|stijgen|groeit|groeien|toeneemt|toenemen|oploopt|oplopen", "opwaartse|stijgende",
                     "stijgend", "meer|hoger|groter|vaker", "boven"),
    *_separable("neemt|nemen", "toe")))
FALLS = tuple(re.compile(p, re.IGNORECASE) for p in (
    *_more_or_less("minder", r"lager|kleiner|minder\s+vaak"),
    r"\bkromp(?:en)?\b", r"\bgekrompen\b", r"\bging(?:en)?\s+(?:\w+\s+){0,2}?omlaag\b", r"\bomlaag\s+gegaan\b",
    _than_earlier("minder", "lager|kleiner"),
    r"\bgedaald\b", r"\bdaalden?\b", r"\bdaal(?:t|den)\s+(?:\S+\s+){0,2}?(?:naar|tot)\b",
    r"\bdaling\b", r"\bafname\b" + _NOT_SUBJECT, r"\bteruggelopen\b", r"\bafgenomen\b", r"\bgezakt\b",
    r"\bomlaaggegaan\b", r"\bzakten?\b",
    _SIGNED_POINTS.format(sign="[-\u2212\u2013]"),  # "-5 procentpunt", "−5 procentpunten" (review h148)
    r"\bslonk(?:en)?\b", r"\bgeslonken\b", r"\bverminderden?\s+(?:tot|naar)\b",
    # a later review: "is verlaagd naar", "viel terug naar" ("viel terug op de reserves": resorted to),
    # "is ingezakt", "kelderde", "kwam lager uit"
    r"\bverlaagde?n?\s+(?:\S+\s+){0,2}?(?:naar|tot)\b", r"\bverlaagd\s+(?:\S+\s+){0,2}?(?:naar|tot)\b",
    r"\bverminderd\s+(?:tot|naar)\b", r"\bviel(?:en)?\s+(?:\w+\s+){0,2}?terug\s+(?:naar|tot)\b",
    r"\bteruggevallen\s+(?:\S+\s+){0,2}?(?:naar|tot)\b",
    # review h148: "is teruggevallen." and "is verminderd" with no level after it ("teruggevallen op de reserves":
    # resorted to; "een verminderd aanbod": an adjective)
    r"\bteruggevallen\b(?!\s+op\b)(?!\s+(?:\S+\s+){0,2}?(?:naar|tot)\b)",
    r"\b(?:is|zijn|was|waren)\s+(?:\w+\s+){0,2}?verminderd\b(?!\s+(?:tot|naar)\b)", r"\bingezakt\b", r"\bgekelderd\b", r"\bkelderden?\b",
    r"\bkwam(?:en)?\s+(?:\w+\s+){0,2}?lager\s+uit\b", r"\blager\s+uitgekomen\b",
    _SPLIT.format(verb="liep|liepen", particle="terug"), _SPLIT.format(verb="nam|namen", particle="af"),
    *_over_the_years("daalt|dalen|krimpt|krimpen|zakt|zakken|afneemt|afnemen|terugloopt|teruglopen",
                     "neerwaartse|dalende", "dalend", r"minder|lager|kleiner|minder\s+vaak", "(?:onder|beneden)"),
    *_separable("neemt|nemen", "af"), *_separable("loopt|lopen", "terug")))
#: words that say a figure changed for the better or the worse since the year before ("verbeterde",
#: "is verslechterd", "ging vooruit", "achteruitgegaan"): which way is better depends on the question, so
#: the sentence needs {key:ROW!stijging} or {key:ROW!daling}, whichever it means (review: "het oordeel over
#: het zorgkantoor is verbeterd" passed beside a figure that fell). Not "verbetering van de zorg" (a subject)
#: or "ruimte voor verbetering" (no change).
_NO_CHANGE_BEFORE = r"(?<!\bvoor )(?<!\btot )(?<!\baan )(?<!\bter )(?<!\bop )"  # "ruimte voor verbetering"
CHANGES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bverbeterd(?:e|en)?\b", r"\bverslechterd(?:e|en)?\b", _NO_CHANGE_BEFORE + r"\bverbetering\b(?!\s+(?:van|voor|op)\b)",
    _NO_CHANGE_BEFORE + r"\bverslechtering\b(?!\s+(?:van|voor|op)\b)", r"\b(?:vooruit|achteruit)gegaan\b",
    _SPLIT.format(verb="ging|gingen|gaat|gaan", particle="(?:vooruit|achteruit)")))
#: what respondents report, judge or expect ("vindt … dat de lasten zijn verslechterd", "ziet een verbetering"):
#: the question itself asks about the change, so a word of :data:`CHANGES` after it in the clause is no claim
_REPORTED = re.compile(r"\b(?:vind|vindt|vinden|vond|vonden|ervaart|ervaren|ervoer|ervoeren|geeft|geven|gaf|gaven|"
                       r"zegt|zeggen|zei|zeiden|meldt|melden|meldde|meldden|ziet|zien|zag|zagen|noemt|noemen|noemde|"
                       r"antwoordt|antwoorden|antwoordde|verwacht|verwachten|verwachtte|denkt|denken|dacht|dachten|"
                       r"oordeelt|oordelen|beoordeelt|beoordelen|stelt|stellen|merkt|merken|merkte|constateert|"
                       r"constateren|rapporteert|rapporteren)\b[^.;:()]*$")
#: the pseudo-check of :data:`CHANGES`: backed by a check of either direction
EITHER_WAY = "stijging-of-daling"
#: words that name the factor of a change ("verdubbeld", "verdrievoudigde", "gehalveerd"): a claim of its own,
#: backed by {key:ROW!verdubbeling} / !verdrievoudiging / !halvering, not by a rise or fall alone (review of
#: the statistics: "verdubbelde tot 76%" passed beside 71% in 2025); "meer dan" before the word:
#: !meer-dan-verdubbeling …
MULTIPLES = ((re.compile(r"\bverdubbel(?:d|de|den|ing)\b", re.IGNORECASE), "verdubbeling"),
             (re.compile(r"\bverdrievoudig(?:d|de|den|ing)\b", re.IGNORECASE), "verdrievoudiging"),
             (re.compile(r"\bverviervoudig(?:d|de|den|ing)\b", re.IGNORECASE), "verviervoudiging"),
             (re.compile(r"\b(?:gehalveerd|halvering|halveerden?)\b", re.IGNORECASE), "halvering"),
             # "twee keer zo veel als in {vorig_jaar}", "half zo groot als vorig jaar" (review of the statistics;
             # "twee keer zo vaak als kleine organisaties" compares groups: {key:ROW!gt:OTHER})
             *((re.compile(rf"\b(?:{n})\s*(?:keer|maal)\s+zo\s+(?:veel|groot|hoog|vaak)\s+als\s+{_YEAR_BEFORE}",
                           re.IGNORECASE), check)
               for n, check in (("twee|2", "verdubbeling"), ("drie|3", "verdrievoudiging"), ("vier|4", "verviervoudiging"))),
             (re.compile(rf"\b(?:half\s+zo\s+(?:veel|groot|hoog|vaak)|(?:twee|2)\s*(?:keer|maal)\s+zo\s+(?:klein|laag|weinig))"
                         rf"\s+als\s+{_YEAR_BEFORE}", re.IGNORECASE), "halvering"))
#: the factor each check claims (survey year's figure / the column before's, both as printed): within 10%
#: of it, or with "meer dan" beyond it
RATIO_CHECKS = {f"{more}{word}": (factor, "beyond" if more else "around")
                for word, factor in (("verdubbeling", 2.0), ("verdrievoudiging", 3.0), ("verviervoudiging", 4.0),
                                     ("halvering", 0.5)) for more in ("", "meer-dan-")}
_MORE_THAN = re.compile(r"\bmeer\s+dan\s+$")
#: "afgenomen", "afname", "nam … af" about the survey itself ("de vragenlijst is afgenomen") are no fall
_SURVEY_WORDS = ("afgenomen", "afname", "af")
#: a rise/fall word with one of these just before it denies the change ("niet gestegen", "geen reden tot
#: een stijging"): no claim to check
_NEGATION = re.compile(r"\b(?:niet|geen)\s+(?:\w+\s+){0,3}$")
#: a sentence without a figure of its own that speaks of the figure before it ("Dit is een significante
#: stijging."): it starts with a word pointing back; an explanation ("Onder de tabel staat …") does not
#: a sentence without a figure that explains the method or a condition ("Een verschil heet significant als …",
#: "Onder de tabel staat …"), not a claim about the figure before it: any other such sentence with a claim of
#: change is checked against the template's checks (review of the statistics: "{x:1}. Een forse daling." passed)
_METHOD = re.compile(r"\b(?:als|indien|wanneer|zodra|tenzij|(?:onder|in|bij)\s+(?:de|elke|iedere|een)\s+tabel(?:len)?|"
                     r"betekent|heet|heten|noemen\s+we|geldt|gelden|getoetst|toets|toetsen|methode|verantwoording|"
                     r"bijlage|berekend|staat\s+of|aangegeven|vragenlijst|enqu[eê]te|veldwerk|uitgezet|"
                     # the fieldwork's period ("De afname liep van oktober tot december")
                     r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b",
                     re.IGNORECASE)
#: a p-value typed into prose ("(p < 0,05)", "p = 0,03"): a claim of significance (below 0,05) or of none, backed
#: by {key:ROW!significant} / !niet-significant like the word (review of the statistics: printed unchecked)
_P_VALUE = re.compile(r"\bp(?:\s*(?P<op>[<>=≤≥])|-?waarde\s*(?:(?P<of>[<>=≤≥])|van|is|was|bedraagt|:)?)\s*"
                      r"(?P<value>0?[.,]\d+)", re.IGNORECASE)  # h106: also "p-waarde 0,03", "p-waarde van 0,03"
_POINTS_BACK = re.compile(r"^\W*(?:dit|dat|deze|daarmee|hiermee|daarbij|wat|het\s+(?:aandeel|percentage|cijfer))\b",
                          re.IGNORECASE)
#: "statistisch significant", "significante": a claim about a test, backed by {key:ROW!significant}; with
#: "niet"/"geen" before it by {key:ROW!niet-significant}
_SIGNIFICANT = re.compile(r"\b(?P<neg>(?:niet|geen|zonder)[\s-]+(?:statistische?[\s-]+)?)?(?:signifi[ck]ante?|"
                          # review h106: the noun ("bereikt statistische significantie") and a common misspelling
                          r"(?:statistische\s+)?signifi[ck]antie|"
                          r"(?<=statistisch )betekenisvol(?:le)?)\b", re.IGNORECASE)
#: the checks against the year-on-year test of a row
TEST_CHECKS = ("significant", "niet-significant", "stabiel", "indicatief")
#: the checks of a placeholder that compare the survey year's figure with the column before it
BEFORE_CHECKS = frozenset({"stijging", "daling", "stijging-of-daling", *TEST_CHECKS, *RATIO_CHECKS})
#: every check a placeholder can carry after a '!' (``!gt:ROW`` / ``!lt:ROW`` besides), several joined by '!'
#: (``{x:1!stijging!significant}`` backs "significant gestegen"): `figures_text` runs each
CHECKS = ("max", "min", "stijging", "daling", *TEST_CHECKS, "hoogste-ooit", "laagste-ooit", *QUANTIFIER_RANGES,
          *RATIO_CHECKS)


def check_parts(check: str | None) -> list[str]:
    """The checks of a placeholder's ``!…`` part, in order (``"stijging!significant"`` is two)."""
    return [part for part in (check or "").split("!") if part]


def breakdown_test_problem(key: str) -> str:
    """Why a breakdown's figure cannot carry !significant, !niet-significant, !stabiel or !indicatief (review h106: the
    run said the row "was not tested against the column before (a changed question, no earlier figure …)")."""
    return (f"'{key}' is a breakdown: its columns are groups, not years, so no change since the column before was "
            "tested; whether the groups differ is the breakdown's own test, printed under its table (not corrected "
            "for the number of breakdowns tested), which no sentence can claim with a placeholder's check")


def check_name_problem(check: str | None) -> str | None:
    """What is wrong with the names of a placeholder's checks (``!stijgng``, ``!Significant``, ``!gt`` without its
    row), None when every one is known (review h106: check-year passed a mistyped name, only the run stopped)."""
    for part in (check or "").split("!"):
        op, _, other = part.partition(":")
        if part in CHECKS or (op in ("gt", "lt") and other):
            continue
        if not part:  # review h109: the message was "unknown check !:", naming nothing
            return ("unknown check !: an empty check name (two '!' in a row, or a '!' at the start or the end): join "
                    "checks with one '!' each, as in !daling!significant")
        if op in ("gt", "lt"):
            return f"!{part} names no row to compare with: write !{op}:ROW (or !{op}:ROW@COL)"
        guess = difflib.get_close_matches(part.lower(), [*CHECKS, "gt:ROW", "lt:ROW"], n=1, cutoff=0.6)
        return (f"unknown check !{part}" + (f" (did you mean !{guess[0]}?)" if guess else "")
                + ": use !max, !min, !gt:ROW, !lt:ROW, !stijging, !daling, !significant, !niet-significant, !stabiel, "
                "!indicatief, !hoogste-ooit, !laagste-ooit, a word of size (!meerderheid, !helft, !een-kwart, …: "
                "spec.prose.QUANTIFIER_RANGES) or a factor (!verdubbeling, !halvering, …); several joined: "
                "!stijging!significant")
    return _check_conflict(check_parts(check))


#: checks that no figure can pass together (review h109: "{x:1!stijging!daling}" passed check-year, the run stopped
#: on whichever came second): stabiel is neither significant nor indicative, indicatief is not significant after
#: the correction
_CONFLICTS = ({"stijging", "daling"}, {"significant", "niet-significant"}, {"significant", "stabiel"},
              {"significant", "indicatief"}, {"stabiel", "indicatief"}, {"max", "min"}, {"hoogste-ooit", "laagste-ooit"},
              {"stijging", "laagste-ooit"}, {"daling", "hoogste-ooit"})


def _check_conflict(parts: list[str]) -> str | None:
    """Two checks of one placeholder that contradict each other (one written twice is harmless: it runs twice)."""
    both = next((pair for pair in _CONFLICTS if pair <= set(parts)), None)
    if both:
        first, second = sorted(both, key=parts.index)
        return (f"!{first} and !{second} contradict each other: no figure passes both; keep the one the sentence "
                "means")
    return None
#: words that claim no change since the year before ("stabiel gebleven", "onveranderd", "vergelijkbaar met
#: vorig jaar"): backed by {key:ROW!stabiel} (not significant, and not indicative either: a fall of 13 points
#: with p = 0,03 before the correction is no "stable" figure; review of the statistics); synonyms of a significant change ("statistisch
#: aantoonbare verbetering", "een aanzienlijk verschil", "een duidelijke stijging", "een opvallend verschil", "statistisch
#: gezien hoger", "niet op toeval berust", "met 95% zekerheid"): by {key:ROW!significant}
#: (review of the statistics: both were printed beside a significant fall and an untested rise)
_UNCHANGED = re.compile(r"\b(?:(?:stabiel|gelijk|constant)\s+gebleven|bleef\s+(?:\w+\s+)?(?:stabiel|gelijk|constant)|"
                        r"onveranderd|ongewijzigd|"
                        # review of the statistics: "is stabiel", "nagenoeg hetzelfde gebleven", "nauwelijks
                        # veranderd", "veranderde niet", "een vergelijkbaar aandeel als vorig jaar"
                        r"(?:is|zijn|was|waren)\s+(?:\w+\s+)?stabiel|(?:\w+\s+)?hetzelfde\s+gebleven|"
                        # ("niet significant veranderd" is the test's outcome: !niet-significant)
                        r"(?:nauwelijks|niet|amper|weinig)\s+(?!(?:statistisch\s+)?significant)(?:\w+\s+)?"
                        # review h148: "nauwelijks gewijzigd", and the present tense "blijft (in 2026 grotendeels)
                        # stabiel" / "blijft gelijk" (the 2026 report's own words) passed as no claim
                        r"(?:veranderd|gewijzigd)|(?:blijft|blijven)\s+(?:[\w{}]+\s+){0,3}?(?:stabiel|gelijk|constant)\b|"
                        r"veranderden?\s+(?:\w+\s+)?(?:niet|nauwelijks|amper)\b(?!\s+(?:statistisch\s+)?significant)|"
                        r"(?:vergelijkbaar|vergelijkbare|gelijk|gelijke)\s+(?:aandeel|percentage|deel|niveau|"
                        r"score|gemiddelde|aantal)\s+als\s+" + _YEAR_BEFORE + "|"
                        r"(?:op\s+)?hetzelfde\s+niveau\s+als\s+" + _YEAR_BEFORE + "|"
                        r"nagenoeg\s+gelijk|vrijwel\s+gelijk|(?:vergelijkbaar\s+met|gelijk\s+aan|hetzelfde\s+als|"
                        r"evenveel\s+als|even\s+(?:groot|hoog|laag|vaak)\s+als|in\s+lijn\s+met|op\s+het\s+niveau\s+van|"
                        # review h89: "verschilt niet van", "wijkt nauwelijks af van", "komt overeen met", and each
                        # with "dat van" / "het aandeel in" before the year ("gelijk aan dat van vorig jaar"; not
                        # "die van": "De vraag is gelijk aan die van vorig jaar" is about the question)
                        r"(?:verschilt|verschilde|verschillen|verschilden)\s+(?:niet|nauwelijks|amper|weinig)\s+van|"
                        r"(?:wijkt|week|wijken|weken)\s+(?:niet|nauwelijks|amper|weinig)\s+af\s+van|"
                        r"(?:komt|kwam|komen|kwamen)\s+(?:\w+\s+)?overeen\s+met)"
                        r"\s+(?:(?:dat|het\s+(?:aandeel|percentage|gemiddelde|niveau)|de\s+score)\s+(?:van|in|uit)\s+)?"
                        r"(?:in\s+)?(?:vorig\s+jaar|\{vorig_jaar\}|(?:19|20)\d\d|het\s+jaar\s+(?:ervoor|daarvoor)|"
                        r"een\s+jaar\s+eerder))(?!\w)", re.IGNORECASE)
#: adverbs of size beside a rise or fall verb (:data:`_SIGNIFICANT_WORDS`)
_STRONG = (r"sterk|fors|flink|aanzienlijk|duidelijk|substantieel|opvallend|spectaculair|drastisch|enorm|"
           r"beduidend|markant|behoorlijk|fiks|scherp|opmerkelijk|aanmerkelijk|stevig|onmiskenbaar|"  # (five: h106)
           # review h155: "aantoonbaar hoger", "wezenlijk lager", "merkbaar gestegen" passed as a bare rise or fall
           r"aantoonbaar|wezenlijk|merkbaar")
#: "het verschil met vorig jaar is groot", "de daling (28% naar 19%) is fors", "de daling van {x@2025} naar {x} is
#: groot": the change itself called large (review h106), not a noun with its own subject before the verb ("het
#: verschil tussen de zorgkantoren", "de toename van de zorgvraag", "de verandering in het beleid": review h109)
_ASIDE = r"(?:\([^()]*\)\s*)?"  # "(28%)", a placeholder's parentheses
_CHANGE_IS_LARGE = (
    rf"\b(?:verschil|verandering|stijging|daling|toename|afname)\s+{_ASIDE}"
    rf"(?:(?:met|ten\s+opzichte\s+van|sinds|vergeleken\s+met|in\s+vergelijking\s+met)\s+(?:dat\s+van\s+)?"
    rf"{_YEAR_BEFORE}\s+{_ASIDE}|tussen\s+{_YEAR_BEFORE}\s+en\s+(?:\{{jaar\}}|(?:19|20)\d\d|dit\s+jaar)\s+{_ASIDE}"
    rf"|van\s+(?:\S+\s+)?(?:in\s+\S+\s+)?naar\s+(?:\S+\s+)?{_ASIDE})?"
    rf"(?:is|was|lijkt|blijkt)\s+(?!niet\b|geen\b)(?:(?:dit\s+jaar|daarmee|hiermee|dus|ook|wel|erg|heel|zeer|"
    rf"bijzonder|echt|vrij|relatief)\s+){{0,2}}(?:{_STRONG}|groot|wezenlijk)\b"
    r"(?!(?<=duidelijk)\s+(?:voor|aan)\b)")  # "is duidelijk voor de organisaties": understood, no size
_MOVED = (r"gestegen|gedaald|toegenomen|afgenomen|teruggelopen|gegroeid|gekrompen|opgelopen|verbeterd|verslechterd|"
          r"gezakt|gekelderd|verhoogd|verlaagd|omhooggegaan|omlaaggegaan|achteruitgegaan|vooruitgegaan|"
          r"gestegen|stijgen|dalen|toenemen|afnemen")
_MOVES = (r"steeg|stegen|daalde|daalden|groeide|groeiden|kromp|krompen|zakte|zakten|nam|namen|liep|liepen|ging|gingen"
          r"|stijgt|daalt|groeit|krimpt|zakt|neemt|loopt")  # the present tense too (a later review)
_SIGNIFICANT_WORDS = re.compile(r"\bstatistisch\s+(?:aantoonba(?:ar|re)|gezien|relevante?|"
                                # review h155: "statistisch onderbouwd gestegen", "statistisch hoger"
                                r"onderbouwde?|bewezen|aangetoonde?|vastgestelde?|zekere?|"
                                r"(?:meer|minder|hoger|lager|vaker|groter|kleiner|beter|slechter))\b|\b(?:wezenlijke?|aanzienlijke?|"
                                r"duidelijke?|betekenisvolle?|betrouwba(?:ar|re)|opvallende?|markante?|noemenswaardige?|"
                                r"aantoonba(?:ar|re)|substanti(?:eel|ële|ele)|relevante?|"
                                # a later review: "een groot verschil", "een forse daling"
                                r"groot|grote|flinke?|forse?|sterke?|enorme?|"
                                # review h106: "een scherpe / opmerkelijke / stevige daling"
                                r"scherpe?|opmerkelijke?|aanmerkelijke?|stevige?|onmiskenbare?|spectaculaire?|"
                                r"drastische?|beduidende?|behoorlijke?)\s+(?:verschil|verandering|stijging|daling|"
                                r"toename|afname|verbetering|verslechtering)\b"
                                # "een verschil dat niet op toeval berust", "niet toevallig", "met 95% zekerheid"
                                r"|\bniet\s+(?:op|aan)\s+toeval\b|\bniet\s+toevallig\b|\bgeen\s+toeval(?:streffer)?\b"
                                r"|\bmet\s+\d+(?:[,.]\d+)?\s*(?:%|procent)\s+(?:zekerheid|betrouwbaarheid)\b"
                                # "sterk gedaald", "daalde fors", "nam flink toe" (review of the statistics: the
                                # nouns needed the test, the adverbs only the direction)
                                rf"|\b(?:{_STRONG})\s+(?:\w+\s+)?(?:{_MOVED})\b"
                                # a later review: "aanzienlijk meer organisaties", "duidelijk lager", "een trendbreuk"
                                rf"|\b(?:{_STRONG})\s+(?:meer|minder|hoger|lager|vaker|groter|kleiner|beter|slechter)\b"
                                r"|\btrendbreuk\b"
                                # review h106: "het verschil met vorig jaar is groot", "een daling van betekenis"; review
                                # h109: only the change itself (nothing between, the year before named, "van X naar Y"):
                                # "het verschil tussen de zorgkantoren is groot" (groups), "de toename van de zorgvraag is
                                # groot" (the context), "de verandering is voor {x} duidelijk" stopped the run
                                rf"|{_CHANGE_IS_LARGE}"
                                r"|\b(?:verschil|verandering|stijging|daling|toename|afname)\s+van\s+(?:grote\s+)?betekenis\b"
                                rf"|\b(?:{_MOVES})\s+(?:[\w{{}}]+\s+){{0,2}}(?:{_STRONG})\b",  # "daalde {vorig_jaar} scherp" (h109)
                                re.IGNORECASE)
#: "buiten de foutmarge" claims a significant change, "binnen de foutmarge" none (review h106: both passed)
#: (review h109: not a bare "marge", a tariff's or a budget's: "binnen de marge van het richttarief" stopped the run)
_MARGIN = re.compile(r"\b(?P<side>buiten|binnen)\s+de\s+(?:\w+\s+)?(?:foutmarge|onzekerheidsmarge|statistische\s+marge|"
                     r"betrouwbaarheidsmarge|betrouwbaarheidsinterval|toevalsmarge)\b", re.IGNORECASE)
#: "een indicatieve daling", "een aanwijzing voor een stijging": the test before the correction for multiple
#: testing, backed by {key:ROW!indicatief} (review of the statistics: printed beside p = 0,67)
_INDICATIVE = re.compile(r"\bindicatie(?:f|ve)\b|\baanwijzing\s+(?:voor|van)\s+(?:een\s+)?(?:\w+\s+)?"
                         r"(?:stijging|daling|verschil|verandering|toename|afname)\b", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z{‘'])")

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::([^{}@!]+))?(?:@([^{}!]+))?(?:!([^{}]+))?\}")
#: ``{tabel:KEY}`` and ``{vraag:KEY}``: numbers assigned from the layout and the codebook
NUMBER_FORMS = ("tabel", "vraag")
#: placeholders without a table: the survey year and the year before
WORDS = ("jaar", "vorig_jaar")
_BRACED = re.compile(r"\{[^{}]*\}|\{[^{}]*$|\{[^{}]*(?=\{)|\}")
_KEY = re.compile(r"^[a-z0-9_]+$")
#: a placeholder in doubled braces, "{{maatwerk:1}}": an f-string's or str.format's escape of a brace
_DOUBLED = re.compile(r"\{\{([^{}]*)\}\}")
#: a number typed into prose instead of {tabel:KEY} / {vraag:KEY}: "Tabel 18", "vraag 6", "Tabel B5",
#: "tabellen 21 en 22"
TYPED_NUMBER = re.compile(r"\b(?:[Tt]abel|[Tt]abellen|[Vv]raag|[Vv]ragen)\s+B?\d+\b")


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its text and parts (``key`` is a table key, or tabel/vraag/jaar/vorig_jaar)."""

    text: str
    key: str
    rows: str | None
    column: str | None
    check: str | None

    @property
    def table_key(self) -> str | None:
        """The layout table the figure comes from (None: a year word or a question number)."""
        if self.key in WORDS or self.key == "vraag":
            return None
        if self.key == "tabel":
            return self.rows
        return self.key

    @property
    def other_rows(self) -> list[str]:
        """The rows its checks compare with (``!gt:OTHER``, ``!lt:OTHER@2025``: OTHER; a matrix's item/option)."""
        if not self.check or self.key in WORDS or self.key in NUMBER_FORMS:
            return []
        return [r.strip() for part in self.check.split("!") if part.startswith(("gt:", "lt:"))
                for r in part[3:].split("@", 1)[0].split("+") if r.strip()]

    @property
    def row_codes(self) -> list[str]:
        """The rows it names (items of a matrix before the '/'), its checks' other rows too (review of the 2027
        wave: ``!lt:2`` was not followed through a renumbering, nor a mistyped ``!lt:9`` named); none for n,
        max, min."""
        if self.key in WORDS or self.key in NUMBER_FORMS or not self.rows or self.rows in ("n", "max", "min"):
            return []
        return list(dict.fromkeys([r.strip().split("/")[0] for r in self.rows.split("+")]
                                  + [r.split("/")[0] for r in self.other_rows]))


def placeholders(template: str) -> list[Placeholder]:
    """Every well-formed placeholder of a text, in order."""
    return [Placeholder(m.group(0), *m.groups()) for m in PLACEHOLDER.finditer(template)]


#: what a keyboard, a word processor or a slip of the finger types for the ``:`` of a placeholder: ";", ",", the
#: ratio sign, the modifier-letter colons (full-width and small colons are ":" after NFKC)
_LOOKALIKE_COLONS = str.maketrans({c: ":" for c in ";,\u2236\ua789\u02d0"})


def _hint(fragment: str, known: list[str]) -> str:
    """' (did you mean ‘{maatwerk:1}’?)' for a placeholder mistyped in case, spacing or separator."""
    inner = fragment.strip("{}")
    # review h123: "{maatwerk：1}" (a full-width colon) was told "did you mean ‘{maatwerk}’", without its row
    fixed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", inner)).translate(_LOOKALIKE_COLONS)
    key, sep, rest = fixed.partition(":")
    key = key.lower()
    guesses = [key] if key in known else difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guesses:
        suggestion = "{" + guesses[0] + (sep + rest if sep else "") + "}"
        if suggestion != fragment and PLACEHOLDER.fullmatch(suggestion):
            return f" (did you mean ‘{suggestion}’ – key '{guesses[0]}'?)"
    return f" ('{key}' is no table of the layout)" if key and known and key not in known else ""


#: braces a keyboard or a word processor types for ``{`` and ``}`` (full-width, small form, ornament, white
#: curly brackets): a placeholder written with them is printed as written, never filled
LOOKALIKE_BRACES = "\uff5b\uff5d\ufe5b\ufe5c\u2774\u2775\u2983\u2984"
_LOOKALIKE_BRACE = re.compile(f"[{LOOKALIKE_BRACES}]")
#: what a placeholder prints itself, written again beside it: the ‘%’ (or "procent") after a figure, "n="
#: before a base, "Tabel" / "Vraag" before a number ("22%%", "n=n=122", "Tabel Tabel 4")
_UNIT_AFTER = re.compile(r"\s*(?:[%\uff05\ufe6a\u066a]|procent\b|percent\b|pct\b)", re.IGNORECASE)  # also ％, ﹪, ٪


def _as_shown(part: str) -> str:
    """A piece of text beside a placeholder as the page shows it (:func:`as_read`; ‘٪’ as ‘%’): an invisible
    character or a character reference between a placeholder and its unit ("{x:1}\u200b%", "{x:1}&nbsp;%",
    "{x:1}&#37;") hid the doubled unit the page prints ("22%%"; review h158)."""
    return as_read(part).replace("\u066a", "%")
_WORD_BEFORE = {"n": re.compile(r"\bn\s*[=:\uff1d\uff1a]?\s*$", re.IGNORECASE),
                "tabel": re.compile(r"\btabel(?:len)?\s*$", re.IGNORECASE),
                "vraag": re.compile(r"\bvra(?:ag|gen)\s*$", re.IGNORECASE)}
_PRINTS = {"n": "the base with its ‘n=’ (‘n=122’)", "tabel": "‘Tabel’ with the number (‘Tabel 3’)",
           "vraag": "‘Vraag’ with the number (‘Vraag 11’)"}


def _unit_problems(template: str) -> list[str]:
    """Placeholders with the unit or word they print written beside them (see :data:`_UNIT_AFTER`)."""
    problems = []
    for m in PLACEHOLDER.finditer(template):
        ph = Placeholder(m.group(0), *m.groups())
        before = template[max(0, m.start() - 24):m.start()]  # a short tail: linear in the template
        form = ph.key if ph.key in NUMBER_FORMS else "n" if ph.rows == "n" and ph.key not in WORDS else None
        # as typed, else as the page shows it ("n=\u200b{x:n}", "Tabel&nbsp;{tabel:x}": review h158)
        word = (_WORD_BEFORE[form].search(before) or _WORD_BEFORE[form].search(_as_shown(before))) \
            if form is not None else None
        if word:
            shown = re.sub(r"\s+", " ", word.group(0) + m.group(0))
            problems.append(f"‘{shown}’ would print the word twice: {m.group(0)} prints "
                            f"{_PRINTS[form]}; leave out the ‘{word.group(0).strip()}’ before it")
        after = _UNIT_AFTER.match(template, m.end()) or _UNIT_AFTER.match(_as_shown(template[m.end():m.end() + 24]))
        if after and form is None and ph.key not in WORDS:
            problems.append(f"‘{m.group(0)}{after.group(0)}’ would print the unit twice (‘22%%’): a figure "
                            f"placeholder prints its figure as the table does, a share with its ‘%’; leave out the "
                            f"‘{after.group(0).strip()}’ after it")
    return problems


def doubled_unit_problem(before: str, printed: str, after: str) -> str | None:
    """The problem when a placeholder's printed text ``printed`` starts with what the template has right
    before it (``before`` ends in "n=" and it prints "n=122") or ends with what follows it (``after``
    starts with "%" and it prints "22%"): derived from what each form prints, so a new form is covered."""
    tail, head = (re.sub(r"\s+", "", _as_shown(part)).casefold()  # ％ is %, "\u200b%" and "&nbsp;%" are "%"
                  for part in (before[-24:], after[:24]))
    lead = re.match(r"\D+(?=\d)", printed)
    prefix = re.sub(r"\s+", "", lead.group(0)).casefold() if lead else ""
    if prefix and tail.endswith(prefix):
        return f"‘{before[-len(lead.group(0)) - 4:].lstrip()}’ before a placeholder that prints ‘{printed}’: the page would read " \
               f"‘{lead.group(0).strip()}’ twice; leave it out of the text"
    trail = re.search(r"(?<=\d)\D+$", printed)
    suffix = re.sub(r"\s+", "", trail.group(0)).casefold() if trail else ""
    units = (suffix, *(("procent", "percent", "pct") if suffix.startswith("%") else ()))
    if suffix and any(head.startswith(u) for u in units if u):
        return f"a placeholder that prints ‘{printed}’ is followed by ‘{after[:12].strip()}’: the page would read " \
               f"the unit twice; leave it out of the text"
    return None


#: a placeholder typed with other brackets than braces, or without them: "[maatwerk:1]", "(maatwerk:1@2025)",
#: "<jaar>", "%(maatwerk)s", "maatwerk:n", "$maatwerk", and "${maatwerk:1}" (which prints "$22%"): printed
#: as written, never filled (not "#maatwerk": an anchor of a link, "[de tabel](#maatwerk)")
_CLOSER = {"[": "]", "(": ")", "<": ">", "%(": ")", "\u27e8": "\u27e9", "\u3008": "\u3009", "\u2329": "\u232a"}
_KEY_TYPED = re.compile(r"(?<![\w/\\])(?P<open>%\(|\$(?=\w)|[\[(<\u27e8\u3008\u2329]?)[ \t]*"
                        r"(?<![\w{}@:!/+-])(?P<key>[A-Za-z0-9_]+)(?![\w-])"
                        r"(?P<rest>(?::[\w+/-]+)?(?:@[\w+/-]+)?(?:![\w-]+)?)[ \t]*(?P<close>[\])>\u27e9\u3009\u232a]?)")
_SIGIL_BEFORE_BRACE = re.compile(r"[$#](?=\{)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_IN_BRACES = re.compile(r"\{[^{}\n]*\}")


def placeholder_typos(template: str, known: list[str] | tuple[str, ...]) -> list[str]:
    """Every placeholder of `template` typed with other brackets than ``{ }``, without brackets, or with a
    template language's ``$``/``#`` (its key one of `known`, or jaar, vorig_jaar, tabel, vraag): the page
    would print it as written. A key alone is a word of the sentence ("om maatwerk verzocht"); in brackets
    it is a typo when no sentence would write it so: with a row or column, an underscore, or a year word."""
    keys = {k.lower() for k in (*known, *WORDS, *NUMBER_FORMS)}
    problems = []
    for m in _SIGIL_BEFORE_BRACE.finditer(template):
        whole = PLACEHOLDER.match(template, m.end())
        if whole:
            problems.append(f"‘{m.group(0)}{whole.group(0)}’: the ‘{m.group(0)}’ before the placeholder would be "
                            f"printed beside its figure; write ‘{whole.group(0)}’")
    # well-formed placeholders are no typo, and a code span (`data/<jaar>/`) is printed as written on purpose
    # review h126: nor is the text inside braces ("{ maatwerk:1 }", "{{maatwerk:1}}"): syntax_problems names it
    text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), _IN_BRACES.sub(lambda m: " " * len(m.group(0)), template))
    for m in _KEY_TYPED.finditer(text):
        opened, key, rest, close = m.group("open"), m.group("key"), m.group("rest"), m.group("close")
        if key.lower() not in keys:
            continue
        bracketed = opened in _CLOSER and close == _CLOSER[opened]
        sigil = opened in ("$", "%(")
        if not (sigil or rest or (bracketed and ("_" in key or key.lower() in WORDS))):
            continue
        end = m.end() + (1 if opened == "%(" and template[m.end():m.end() + 1] == "s" else 0)
        typed = template[m.start():end].strip() if (bracketed or sigil) else f"{key}{rest}"
        written = f"{{{key.lower()}{rest or ('' if key.lower() in WORDS else ':ROW')}}}"
        problems.append(f"‘{typed}’ looks like a placeholder typed without its braces: the page would print it "
                        f"as written; write ‘{written}’ (a placeholder is in braces: {{key:ROW}}, "
                        "{key:ROW@COL}, {key:n}, {jaar}, {tabel:KEY}, {vraag:KEY})")
    return problems


def card_shown(parts: list[str], bare: bool = False) -> str:
    """A Kerncijfers card as a message shows it: its key and row (each cut at 40 characters), the label and any
    further part as '…' (review h126: the whole card was echoed, a 10 MB label, its markup or an e-mail address
    in it included). ``parts``: each part as the notebook writes it; ``bare``: one value, no tuple."""
    cut = [p if len(p) <= 40 else p[:39] + "…" for p in parts[:2]] + ["…"] * len(parts[2:])
    return cut[0] if bare and len(parts) == 1 else f"({', '.join(cut)}{',' if len(parts) == 1 else ''})"


def card_form_problem(card: object, shown: str | None = None) -> str | None:
    """Why a Kerncijfers card (an argument of ``chapter.key_figures``) is not ``(table key, row, label)`` with the
    key a text and the row a code as its table names it, a whole number or a text (None: it is). Review h123: a
    card of two parts stopped the run on a bare ValueError, a row None, 1.0 or True passed check-year."""
    example = "(\"maatwerk\", 1, \"vroeg om maatwerk\")"
    if shown is None:  # check-year: the card as the notebook writes it (card_shown)
        many = isinstance(card, (tuple, list))
        shown = card_shown([repr(p) for p in card] if many else [repr(card)], bare=not many)
    if not isinstance(card, (tuple, list)) or len(card) != 3:
        size = f"{len(card)} part{'s' if len(card) != 1 else ''}" if isinstance(card, (tuple, list)) else "no tuple"
        return (f"the Kerncijfers card {shown} has {size}: a card is (table key, row, label), e.g. {example}")
    key, row, _ = card
    if not isinstance(key, str):
        return f"the Kerncijfers card {shown} names no table: a card is (table key, row, label), e.g. {example}"
    if isinstance(row, bool) or not isinstance(row, (int, str)):
        return (f"the Kerncijfers card {shown} has the row {row!r}: a card is (table key, row, label) with the row "
                "as its table names it, a whole number (1) or a text (\"NPS\"), e.g. " + example)
    return None


#: characters that print as nothing but are letters or marks to Unicode (review h109: "{maatwerk:1\u3164}" was "no
#: row '1ㅤ'", the character unseen): combining grapheme joiner, Hangul fillers, Khmer vowels inherent, Mongolian
#: variation selectors, braille blank, variation selectors
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u3164\uffa0\u2800"
                           + "".join(chr(c) for c in range(0xFE00, 0xFE10)))


def _form_problem(fragment: str, known: list[str]) -> str | None:
    """What is wrong with `fragment`, which has the shape of a placeholder (None: nothing the grammar of
    ``present/figures_text.py`` forbids): {jaar}/{vorig_jaar} take nothing after the name, {tabel:KEY}/{vraag:KEY}
    a key only, a table's figure a row."""
    ph = Placeholder(fragment, *PLACEHOLDER.fullmatch(fragment).groups())
    if ph.key in WORDS and (ph.rows or ph.column or ph.check):
        return f"‘{fragment}’: {{{ph.key}}} takes nothing after the name: write ‘{{{ph.key}}}’"
    if ph.key in NUMBER_FORMS and (not ph.rows or not _KEY.match(ph.rows) or ph.column or ph.check):
        return f"‘{fragment}’: write {{{ph.key}:KEY}} with the key of a {'table' if ph.key == 'tabel' else 'question'}"
    if ph.key not in known and (word := difflib.get_close_matches(ph.key, WORDS, n=1, cutoff=0.75)):
        return f"‘{fragment}’ is not a placeholder (did you mean ‘{{{word[0]}}}’?)"  # h123: {jaaar}
    if ph.key not in WORDS and ph.key not in NUMBER_FORMS and ph.rows is None:
        return f"‘{fragment}’: a figure needs a row: {{{ph.key}:ROW}} (or {{{ph.key}:n}})"
    return None


def _doubled_problem(m: re.Match, known: list[str]) -> str:
    """A placeholder in doubled braces, "{{maatwerk:1}}", named once (review h123), with the pair to write: the
    inner text when it is a placeholder, else the hint a single pair would get (review h126: "{{ maatwerk:1 }}"
    was told to write "{ maatwerk:1 }", itself no placeholder, in three messages)."""
    single = "{" + m.group(1) + "}"
    told = f"‘{m.group(0)}’ has doubled braces (how an f-string or str.format writes one brace): the text is " \
           "filled as written, so write one pair"
    if PLACEHOLDER.fullmatch(single):
        wrong = _form_problem(single, known)  # review h137: "{{jaar:1}}" was told to write "{jaar:1}", wrong too
        return f"{told}: ‘{single}’" if wrong is None else f"{told}, and in one pair it is wrong too: {wrong}"
    return f"{told}; inside them ‘{single}’ is not a placeholder either{_hint(single, known)}: write {{key:ROW}}, " \
           "{key:ROW@COL}, {key:n}, {jaar}, {tabel:KEY} or {vraag:KEY} (lower case, no spaces)"


def syntax_problems(template: str, known: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every brace in `template` that is not a well-formed placeholder, described (empty: none).

    ``known``: the table keys (for a did-you-mean hint). Catches ``{maatwerk:1`` (not closed),
    ``{Maatwerk:1}``, ``{ maatwerk:1}``, ``{maatwerk;1}``, ``{jaar }`` and a lone ``}``; also a
    control character (``\\a``, ``\\x1b``: never printed into a page).
    """
    problems = [control_character_problem(c) for c in dict.fromkeys(CONTROL_CHARACTER.findall(template))]
    problems += [f"‘{c}’ (U+{ord(c):04X}) looks like a brace but is not one: a placeholder written with it is "
                 "printed as written; type the plain braces { and }" for c in dict.fromkeys(_LOOKALIKE_BRACE.findall(template))]
    problems += _unit_problems(template)
    problems += placeholder_typos(template, known)
    known = [*known, *WORDS, *NUMBER_FORMS]
    problems += [_doubled_problem(m, known) for m in _DOUBLED.finditer(template)]
    # review h126: a doubled pair is named once ("{{ maatwerk:1 }}" was also "not a placeholder")
    for m in _BRACED.finditer(_DOUBLED.sub(lambda d: " " * len(d.group(0)), template)):
        fragment = m.group(0)
        hidden = [c for c in dict.fromkeys(fragment) if c != " " and (unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp")
                                                                     or c in _BLANK_LETTERS)]
        if hidden:  # review h106: "{maatwerk:1\u200b}" was "no row 1​", the character unseen in the message
            problems.append(f"‘{fragment}’ holds an invisible character ({', '.join(f'U+{ord(c):04X}' for c in hidden)}: "
                            f"{', '.join(unicodedata.name(c, 'unnamed').lower() for c in hidden)}): delete it")
            continue
        if PLACEHOLDER.fullmatch(fragment):
            problems += [p for p in [_form_problem(fragment, known)] if p]
            continue
        if fragment == "}":
            problems.append("a ‘}’ without its ‘{’")
        elif not fragment.endswith("}"):
            problems.append(f"‘{fragment.strip()}’ has no closing brace")
        else:
            problems.append(f"‘{fragment}’ is not a placeholder{_hint(fragment, known)}: write {{key:ROW}}, "
                            "{key:ROW@COL}, {key:n}, {jaar}, {tabel:KEY} or {vraag:KEY} (lower case, no spaces)")
    return problems


#: Cyrillic and Greek letters that look like Latin ones: in a word of Latin letters ("significаnt" with a
#: Cyrillic 'а') a reader sees the Latin word, so the checks read it (review h106: such a claim passed unchecked)
_LOOKALIKE_LETTERS = str.maketrans(dict(zip("аеорсухіјѕԁһԛԝАВЕКМНОРСТХІЈЅαοκνρτυχιΑΒΕΗΙΚΜΝΟΡΤΥΧ",
                                            "aeopcyxijsdhqwABEKMHOPCTXIJSaokvptuxiABEHIKMNOPTYX", strict=True)))
_MIXED_WORD = re.compile(r"\w*[a-zA-Z]\w*")


#: the underscores of markdown emphasis at a word's edge ("_gestegen_", "__significant__"), outside a
#: placeholder's braces: "\_" is a word letter to a regex, so "\bgestegen\b" did not match "_gestegen_", which a
#: reader sees in italics (review h148: "Het aandeel ({x:1}) is _gestegen_." and "is _significant_ gestegen" in a
#: markdown cell passed); an underscore inside a word ("data_quality_log", "{vorig_jaar}") stays
_EMPHASIS_UNDERSCORES = re.compile(r"(?<!\w)_+(?=\w)|(?<=\w)_+(?!\w)")
_OUTSIDE_BRACES = re.compile(r"[^{}]+|\{[^{}]*\}?|\}")


def _without_emphasis_underscores(text: str) -> str:
    """`text` without the underscores of markdown emphasis (:data:`_EMPHASIS_UNDERSCORES`); braces as they are."""
    if "_" not in text:
        return text
    return "".join(part if part.startswith(("{", "}")) else _EMPHASIS_UNDERSCORES.sub("", part)
                   for part in _OUTSIDE_BRACES.findall(text))


#: a character reference ("&shy;", "&nbsp;", "&#173;"): the page shows its character (a soft hyphen, a space), so the
#: checks read that (review h148: "sig&shy;nificant hoger" passed; "niet&nbsp;significant" was read as "significant")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: markup inside a word ("ge<wbr>stegen", "sig<i>nificant</i>", "**ge**stegen"): a reader sees one word
_MARKUP_IN_WORD = re.compile(r"(?<=[^\W\d_])(?:</?[A-Za-z][^<>{}]*>|\*+|~~)(?=[^\W\d_])")


def _without_markup(text: str) -> str:
    """`text` with its character references as their characters and without markup inside a word."""
    if "&" in text:
        text = _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    return _MARKUP_IN_WORD.sub("", text) if "<" in text or "*" in text or "~" in text else text


def as_read(text: str) -> str:
    """`text` as a reader reads it: compatibility forms as their plain letters, no-break spaces as
    spaces, and without the invisible format characters (soft hyphen, zero-width space, …) that
    would split a claim word for the checks but not for the eye ("gest\u00adegen"); a Cyrillic or
    Greek look-alike letter in a Latin word as its Latin letter; markdown's emphasis underscores
    ("_gestegen_") and markup inside a word ("ge<wbr>stegen", "**ge**stegen") left out; a character reference
    ("&shy;", "&nbsp;") as its character."""
    plain = _without_emphasis_underscores(unicodedata.normalize("NFKC", _without_markup(text)))
    if plain.isascii():
        return plain
    plain = "".join(c for c in plain if unicodedata.category(c) != "Cf")
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_LOOKALIKE_LETTERS), plain)


def comparison_problems(template: str) -> list[str]:
    """Sentences with a comparison word ("het vaakst", "hoger dan") and no placeholder check backing it:
    a superlative needs {key:max} / {key:ROW!max}, a comparative {key:ROW!gt:OTHER} / {key:ROW!lt:OTHER},
    a change since the year before {key:ROW!stijging} / {key:ROW!daling}, a claim of significance
    {key:ROW!significant} / {key:ROW!niet-significant} (see :func:`_change_problems`)."""
    template = as_read(template)
    problems = []
    figures = has_figure(template)
    every_check = [c for m in PLACEHOLDER.finditer(template) for c in check_parts(m.group(4))]
    for sentence in SENTENCE.split(template):
        lower = sentence.lower().replace("eén", "één")  # "Eén op de vijf" at a sentence's start
        checks = [c for m in PLACEHOLDER.finditer(sentence) for c in check_parts(m.group(4))]
        extremes = [m.group(2) for m in PLACEHOLDER.finditer(sentence) if m.group(2) in ("max", "min")]
        record = _RECORD.search(PLACEHOLDER.sub(lambda p: p.group(0) if p.group(1) in WORDS else " ", lower))
        if record:
            needed = "laagste-ooit" if _RECORD_LOW.search(record.group(0)) else "hoogste-ooit"
            if needed not in checks:
                problems.append(f"the sentence “{sentence.strip()}” says '{record.group(0)}', a claim about the "
                                f"years, but no placeholder backs it: write {{key:ROW!{needed}}} (checked against "
                                "every earlier year; a row's !max/!min compares the rows of one year)")
        word = next((m.group(0) for m in _SUPERLATIVE.finditer(lower)), None)
        if word and not record and not extremes and not any(c in ("max", "min") for c in checks):
            problems.append(f"the sentence “{sentence.strip()}” says '{word}' but no placeholder backs it: "
                            "write {key:max} or {key:ROW!max} (min for the least)")
        split = _COMPARATIVE_SPLIT.search(PLACEHOLDER.sub(
            lambda p: p.group(0) if p.group(1) in WORDS else "{" + "x" * (len(p.group(0)) - 2) + "}", sentence))
        word = _comparative(lower) or (split and " ".join(split.group(0).split()))
        if word and not any(c.startswith(("gt:", "lt:")) for c in checks):
            problems.append(f"the sentence “{sentence.strip()}” says '{word}' but no placeholder backs it: "
                            "write {key:ROW!gt:OTHER} or {key:ROW!lt:OTHER}")
        problems += _quantifier_problems(sentence, lower, checks)
        if has_figure(sentence):
            problems += _change_problems(sentence, checks, [(m.group(2) or "", c) for m in PLACEHOLDER.finditer(sentence)
                                                            for c in check_parts(m.group(4))])
        elif figures and (_POINTS_BACK.search(PLACEHOLDER.sub(" ", sentence))
                          or not _METHOD.search(sentence)):  # about the figure before it, not the method
            problems += _change_problems(sentence, every_check, [(m.group(2) or "", c)
                                                                 for m in PLACEHOLDER.finditer(template)
                                                                 for c in check_parts(m.group(4))])
    return problems


def _comparative(lower: str) -> str | None:
    """The first word of :data:`COMPARATIVES` in `lower` that compares rows: not one followed by an earlier year
    ("hoger dan vorig jaar", "minder vaak dan in 2025": a change, backed by !stijging / !daling; review h155: it
    needed a !gt/!lt as well)."""
    return next((w for w in COMPARATIVES for m in re.finditer(re.escape(w), lower)
                 if not _THAN_EARLIER_AFTER.match(lower, m.end())), None)


#: what follows a comparative that compares with an earlier year (" vorig jaar" after "hoger dan", " dan in 2025"
#: after "minder vaak")
_THAN_EARLIER_AFTER = re.compile(r"(?:\s+dan)?\s+" + _YEAR_BEFORE, re.IGNORECASE)


def _quantifier_problems(sentence: str, lower: str, checks: list[str]) -> list[str]:
    """Each word of size (:data:`QUANTIFIERS`) in a sentence with a table figure needs a check of its
    own: two words, two checks."""
    if not has_figure(sentence):
        return []
    needed: list[tuple[str, str]] = []
    lower = PLACEHOLDER.sub(lambda p: "{" + " " * (len(p.group(0)) - 1), lower)  # words, not a check's name
    for m in _QUANTIFIER.finditer(lower):
        before = lower[:m.start()].split()
        if before and before[-1].strip(",;:(") in _NO_CLAIM_BEFORE:
            continue
        if m.group(0).startswith("alle ") and before and before[-1].strip(",;:(") in _GROUP_BEFORE:
            continue
        fraction = next((f for f in FRACTIONS if m.group(0).endswith(f)), None)
        if fraction is not None and not _OF_ORGANISATIONS.match(lower, m.end()) \
                and not _FRACTION_AS_SUBJECT.match(lower, m.end()):
            continue  # "een derde meting", "de helft van het jaar", "een op de drie keer"
        needed.append((m.group(0), QUANTIFIERS[m.group(0)]))
    problems, have = [], list(checks)
    for word, check in needed:
        if check in have:
            have.remove(check)
            continue
        low, high = QUANTIFIER_RANGES[check]
        problems.append(f"the sentence “{sentence.strip()}” says '{word}' but no placeholder backs it: write "
                        f"{{key:ROW!{check}}} (checked: {low}–{high}% as printed)")
    return problems


#: the start of a range typed before a share, named with it ("35-40%", "35–40 procent", "tussen 35 en 40%", "35 tot
#: 40 procent": only its end was named; review h158)
_RANGE_START = (r"(?:(?:tussen\s+\d+(?:[.,]\d+)?\s?(?:%\s?)?\s(?:en|tot)\s|\d+(?:[.,]\d+)?\s?(?:%\s?)?"
                r"(?:[-\u2013\u2014\u2212]|tot(?:\s+en\s+met)?|t/m)\s?)(?=\d+(?:[.,]\d+)?\s?(?:%|procent|pct|per\s?cent|\u066a)))?")
#: the unit of a typed share: "%", "procent", "procentpunt(en)", and "pct", "percent", "per cent", "٪" (review h158)
_SHARE_UNIT = r"(?:%|\u066a|procent\b|procentpunt(?:en)?\b|pct\b|percent\b|per\s?cent\b)"
#: a figure typed into prose ("35%", "96,4 %", "46 procent", "43 van de 122"): one that does not follow the data
_TYPED_FIGURE = re.compile(r"(?<![\w{.,])" + _RANGE_START + r"\d+(?:[.,]\d+)?\s?" + _SHARE_UNIT + r"|\b\d+\s+van\s+de\s+\d+\b"
                           # review of the 2027 wave: a score with its sign ("een NPS van -12", "+13"), a share in
                           # words ("twintig procent", "vijfentwintig procent"; "honderd procent" is a total),
                           # an average with decimals ("gemiddeld
                           # 3,4"), an amount with decimals ("9,8 miljard")
                           # (not the end of a range of years, "2021 -2025": a typed year, review h145; also
                           # after two spaces or a minus sign, "2021  -2025", "2021 −2025": review h147)
                           r"|(?<![\w{.,+\-−])(?![-−](?:19|20)\d\d(?!\d)(?:"
                           r"(?<=(?<![\w{@.,/-])(?:19|20)\d\d\s[-−](?:19|20)\d\d)|"
                           r"(?<=(?<![\w{@.,/-])(?:19|20)\d\d\s\s[-−](?:19|20)\d\d)))"
                           r"[+\-−]\d+(?:[.,]\d+)?(?![\w.,]\d|\w)"
                           r"|\b(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en)?(?:twintig|dertig|veertig|vijftig|"
                           r"zestig|zeventig|tachtig|negentig)|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|"
                           r"negentig|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|"
                           r"één|twee|drie|vier|vijf|zes|zeven|acht|negen)"  # review h158: "vijf procent(punt)"
                           r"\s+procent(?:punt(?:en)?)?\b"
                           r"|\bgemiddeld(?:e)?\s+(?:(?:op|van|een|score|cijfer|is|was|bedraagt|bedroeg|ligt|lag)\s+){0,2}"
                           r"\d+[.,]\d+"
                           # review h158: a score without its sign ("een NPS van 7", "de NPS is 0")
                           r"|\bNPS\s+(?:(?:van|is|was|bedraagt|bedroeg|kwam\s+uit\s+op|komt\s+uit\s+op)\s+)\d+(?![\w.,]\d|\w)"
                           r"|(?<![\w{.,])\d+[.,]\d+\s*(?:miljard|miljoen)\b",
                            re.IGNORECASE)
#: a count of respondents typed in ("Van de 122 deelnemers", "122 organisaties vulden"); a threshold of the method
#: is none ("minder dan 10 respondenten", as "minder dan n = 10": review h137, the two rules disagreed)
_TYPED_COUNT = re.compile(r"(?<![\w{.,])(?:\d{1,3}(?:[.,]\d{3})+|\d+)\s+(?:organisaties|zorgorganisaties|deelnemers|respondenten|leden|"
                          r"aanbieders|zorgaanbieders|instellingen)\b", re.IGNORECASE)
#: a base typed in ("(n=120)", "N = 122", "n\u00a0=\u00a01.234") instead of {key:n} (review h123)
_TYPED_BASE = re.compile(r"(?<![\w{])[nN]\s?=\s?\d+(?:\.\d{3})*(?![\w.,]\d|\w)")
#: ... unless it is a threshold of the method ("groepen met n=5 of minder", "minder dan n = 10"; review h126:
#: such a sentence in a markdown cell was warned of a typed figure and, no longer read as a method, of its
#: "significant als p < 0,05" as a claim)
_THRESHOLD_BEFORE = re.compile(r"(?:(?:minder|kleiner|groter|meer|lager|hoger)\s+dan|minimaal|maximaal|ten\s+minste|"
                               r"tenminste|hooguit|vanaf|onder|boven|drempel(?:waarde)?(?:\s+van)?)[\s(]*$", re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"[\s)]*(?:of|en)\s+(?:minder|meer|kleiner|groter|lager|hoger)\b", re.IGNORECASE)


def _typed_bases(words: str) -> list[str]:
    """The bases typed into `words` ("(n=120)"), not the thresholds of the method ("n=5 of minder")."""
    return [m.group(0) for m in _typed_counts(words, _TYPED_BASE)]


#: the words before a count of respondents that make it a threshold of the method: a group too small to show ("minder
#: dan 10 respondenten", "groepen vanaf 10 organisaties"). A result typed in is none: "meer dan 100 organisaties vulden
#: in", "minimaal 100 organisaties gaven aan", "onder 122 organisaties" ('among'; review h139)
_COUNT_THRESHOLD_BEFORE = re.compile(r"(?:(?:minder|kleiner|lager)\s+dan|vanaf|drempel(?:waarde)?(?:\s+van)?)[\s(]*$",
                                     re.IGNORECASE)


def _typed_counts(words: str, pattern: re.Pattern) -> list[re.Match]:
    """The matches of a base or count typed into `words`, not the thresholds of the method ("n=5 of minder",
    "minder dan 10 respondenten"; a count only after the words of a lower bound, :data:`_COUNT_THRESHOLD_BEFORE`)."""
    before = _THRESHOLD_BEFORE if pattern is _TYPED_BASE else _COUNT_THRESHOLD_BEFORE
    return [m for m in pattern.finditer(words)
            if not before.search(words, 0, m.start()) and not _THRESHOLD_AFTER.match(words, m.end())]


def _typed_figure_matches(words: str) -> list[re.Match]:
    """Every figure typed into `words` (placeholders taken out): shares, scores, counts and bases, in order."""
    found = [*_TYPED_FIGURE.finditer(words), *_typed_counts(words, _TYPED_COUNT), *_typed_counts(words, _TYPED_BASE)]
    return sorted(found, key=lambda m: m.start())


#: a sentence saying a question is new: "voor het eerst gevraagd/gesteld", "nieuw dit jaar", "een nieuwe vraag"
#: (read in every text a reader sees: :mod:`wlzmonitor.spec.reader_texts`)
FIRST_TIME = re.compile(r"\bvoor\s+het\s+eerst\s+(?:\w+\s+){0,3}?(?:gevraagd|gesteld|opgenomen|uitgevraagd)\b|"
                        r"\b(?:gevraagd|gesteld|opgenomen|uitgevraagd)\s+(?:\w+\s+){0,3}?voor\s+het\s+eerst\b|"
                        r"\bnieuwe\s+vraag\b|\bnieuw\s+(?:dit\s+jaar|in\s+\{jaar\}|in\s+deze\s+(?:editie|meting))",
                        re.IGNORECASE)
#: a year typed into prose: four digits 19xx/20xx that stand as a number of their own, not part of a word, an
#: amount ("2.025", "2025,50", "2026%"), a placeholder ("{x@2025}") or a date written in digits ("1-12-2025",
#: "12-2025", "1/12/2025", "01.12.2025", "2025-12-01", "2025-12"). Either end of a range of years is a year, however
#: the ends are joined: "2021-2025", "2021 -2025" and "2021/2025" as "2021–2025", "2021 - 2025", "2021—2025",
#: "2021 t/m 2025" and "2021 tot en met 2025" (review h145: a hyphen or a slash after a four-digit year hid the end
#: year, read as a date's). A two-digit end after a four-digit start is read too (:data:`_SHORT_RANGE`, review h154:
#: "2021-25", "2009-10"); "'21-'25" is not. The start of a range stands
#: alone as a year does (review h147: "export_2025-2026.csv", "monitor-2025-2026" warned 2026); one or two spaces
#: before the joining hyphen ("2021  -2025": a typed figure '-2025' before).
_TYPED_YEAR = re.compile(r"(?:(?<![\w{@.,/-])|(?<=(?<![\w{@.,/-])(?:19|20)\d\d[-/])"
                         r"|(?<=(?<![\w{@.,/-])(?:19|20)\d\d\s[-/])|(?<=(?<![\w{@.,/-])(?:19|20)\d\d\s\s[-/])"
                         r"|(?<=(?<![\w{@.,/-])(?:19|20)\d\d--)|(?<=(?<![\w{@.,/-])(?:19|20)\d\d---))"
                         r"(?:19|20)\d\d(?![\w%]|[.,]\d|[-/.]\d\d?[-/.]\d|-(?:0[1-9]|1[0-2])(?!\d|[.,]\d))")
#: a range whose end is written with two digits: "2021-25", "2021–25", "2024/25", "2021-'25", "2009-10" (review h154:
#: the end year was not read, and "2009-10" not even its start, taken for October 2009). A range only when the end is
#: after the start ("2025-12" stays December 2025, "2025-12-01" a date)
_SHORT_RANGE = re.compile(r"(?<![\w{@.,/-])((?:19|20)(\d\d))\s?(?:-{1,3}|[–—/])\s?['‘’]?(\d\d)(?![\w%]|[.,]\d|[-/.]\d)")


def _typed_year_spans(words: str) -> list[tuple[int, int]]:
    """(position, year) of every year typed into ``words`` (placeholders taken out), in order: :data:`_TYPED_YEAR`,
    and both ends of a range whose end has two digits (:data:`_SHORT_RANGE`)."""
    found = {m.start(): int(m.group(0)) for m in _TYPED_YEAR.finditer(words)}
    for m in _SHORT_RANGE.finditer(words):
        start, end = int(m.group(1)), int(m.group(3))
        if end > int(m.group(2)):
            found.setdefault(m.start(1), start)
            found[m.start(3)] = start - start % 100 + end
    return sorted(found.items())


def typed_years(template: str) -> list[int]:
    """The years typed into a text (outside its placeholders), in order."""
    return [year for _, year in _typed_year_spans(PLACEHOLDER.sub(" ", as_read(template)))]


def typed_year_problems(template: str, year: int) -> list[str]:
    """The survey year or the year before typed into prose instead of {jaar} / {vorig_jaar}: true this
    year, stale in next year's report ("In 2026 vroegen meer organisaties dan in 2025" in 2027's).
    Other years ("sinds de Wlz in 2015") stay as they are.

    A year is four digits 19xx/20xx standing as a number of their own (:data:`_TYPED_YEAR`). The end of a range of
    years is one, whatever joins it to the start: a hyphen ("2021-2025", "2021 -2025"), a dash ("2021–2025",
    "2021—2025", "2021 - 2025"), a slash ("2021/2025", "2025/2026") or words ("2021 t/m 2025", "2021 tot en met
    2025", "tussen 2021 en 2025"): each is stale next year alike. Not a year: the digits of an amount ("2.025",
    "2025,50", "2.021-2.025"), of a date written in digits ("1-12-2025", "12-2025", "1/12/2025", "2025-12-01":
    a fixed date), of a word or code ("Wlz2025"), page ranges ("p. 12-14") and two-digit years ("2021-25",
    "'21-'25"). A range in a quoted title of a published source is warned as any typed year: a warning, the title
    stays as it is."""
    words_only = PLACEHOLDER.sub(" ", as_read(template))
    figures = [f.span() for f in _typed_figure_matches(words_only)]
    out = []
    for at, typed in _typed_year_spans(words_only):
        if any(start <= at < end for start, end in figures):
            continue  # "N = 2026", "2026 respondenten": a figure, warned as one (review h137: it was warned twice)
        if typed in (year, year - 1):
            out.append(f"‘{typed}’ typed into the prose: write {{{'jaar' if typed == year else 'vorig_jaar'}}} "
                       "(stale in next year's report; a fixed date such as 'in 2027 voor het eerst gesteld' "
                       "stays as it is)")
    return out


def later_years(template: str, year: int) -> list[int]:
    """The years typed into a text after the year after the survey year (``year`` + 1), once each, in order: a
    wave's texts name its own year, the years before it and at most the next (review h163). A typed figure ("N =
    2029", "2030 organisaties") is no year, as in :func:`typed_year_problems`; nor is an amount ("€ 2030", "2030
    euro", review h166)."""
    words_only = PLACEHOLDER.sub(" ", as_read(template))
    figures = [f.span() for f in _typed_figure_matches(words_only)]
    amounts = [m.span() for m in _AMOUNT.finditer(words_only)]
    return list(dict.fromkeys(typed for at, typed in _typed_year_spans(words_only)
                              if typed > year + 1 and not any(start <= at < end for start, end in figures + amounts)))


#: an amount in euros written without a thousands point: "€ 2030", "€2030", "2030 euro" (review h166: warned as a
#: later year)
_AMOUNT = re.compile(r"(?:€|EUR)\s?\d+|\d+\s?(?:euro|EUR)\b", re.IGNORECASE)


#: a date written in digits: day-month-year ("1-12-2025", "1/12/2025", "01.12.2025"), ISO ("2025-12-01") or
#: month-year ("12-2025"); not part of a word, a file name or a number ("export_2025-12-01.csv", "0800-2025")
_DIGIT_DATE = re.compile(r"(?<![\w.,/-])(?:\d{1,2}[-/.]\d{1,2}[-/.](?P<dmy>(?:19|20)\d\d)"
                         r"|(?P<iso>(?:19|20)\d\d)-(?:0?[1-9]|1[0-2])-\d{1,2}|(?:0?[1-9]|1[0-2])[-/](?P<my>(?:19|20)\d\d))"
                         r"(?![\w%]|[.,]\d|[-/.]\d)")


def typed_date_problems(template: str, year: int, where: str = "the prose") -> list[str]:
    """A date written in digits in the survey year or the year before ("peildatum 1-12-2025" in 2026): a date of the
    wave (a peildatum, the export's date) typed by hand stays as typed in next year's report, where it is a year
    old (review h163: the same date in words, "1 december 2025", was warned as a typed year; in digits it passed,
    :func:`typed_year_problems` reads it as no year). Derived, "1-12-{vorig_jaar}", it moves with the report."""
    out = []
    for m in _DIGIT_DATE.finditer(PLACEHOLDER.sub(" ", as_read(template))):
        typed = int(m.group("dmy") or m.group("iso") or m.group("my"))
        if typed in (year, year - 1):
            word = "jaar" if typed == year else "vorig_jaar"
            out.append(f"the date ‘{m.group(0)}’ typed into {where} is of {typed}, "
                       f"{'the survey year' if typed == year else 'the year before'}: a date of this wave (a peildatum, "
                       f"the export's date) stays as typed in next year's report, stale there. Write its year as "
                       f"{{{word}}} ('{m.group(0).replace(str(typed), '{' + word + '}', 1)}'); a fixed date stays as it is (this warning then stays)")
    return out


def markdown_problems(text: str) -> list[str]:
    """A sentence of a notebook's markdown (fixed text, no placeholders) that claims a change, of a typed
    figure ("In 2026 vroeg 46% om maatwerk, een significante stijging") or of what the survey asked ("Het
    aandeel dat om maatwerk vroeg is verdubbeld"): not checked against the data, it belongs in
    ``chapter.text`` with the placeholder and its check (a check-year warning: a policy figure, "het
    richttarief steeg naar 95,5%", can be meant). A sentence about the method ("een verschil met 2025 is
    significant als …", :data:`_METHOD`) without a typed figure is no claim."""
    problems = []
    for sentence in SENTENCE.split(as_read(text)):
        words_only = PLACEHOLDER.sub(" ", sentence)
        if not _typed_figure_matches(words_only) and _METHOD.search(words_only):
            continue  # a method explained; a claim without a typed figure is one too (review of the statistics:
            # "… is dit jaar verdubbeld, een statistisch significante stijging" passed in a markdown cell)
        for words, check in dict.fromkeys(change_claims(sentence) + record_claims(sentence)):
            problems.append(f"the sentence “{sentence.strip()}” says '{words}' in fixed text: write it with "
                            f"chapter.text and the placeholder of the figure with {check_to_write(check)} (checked "
                            "against the data when the chapter runs)")
    return problems


def figureless_text_problems(template: str) -> list[str]:
    """The claims of change of a ``chapter.text`` without a table's figure (only ``{jaar}``, ``{tabel:KEY}`` or
    none): no check can back them, as in a markdown cell (:func:`markdown_problems`: a check-year warning). Review
    h106: "Het aandeel dat om maatwerk vroeg is significant gedaald." went through check-year and the run
    unreported, while the same sentence in a markdown cell was a warning."""
    if has_figure(template):
        return []  # its sentences are checked by comparison_problems
    return [p.replace(" in fixed text: write it with chapter.text and the placeholder of the figure with",
                      " in a text without a table's figure: write the placeholder of the figure with")
            for p in markdown_problems(template)]


#: a fraction typed into prose ("Eén op de vijf", "1 op de 4"): a figure unless a ratio check backs it
#: ("Negen op de tien organisaties ({vorm:3!negen-op-de-tien})")
_TYPED_FRACTION = re.compile(r"\b(?:een|één|eén|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d+)\s+op\s+de\s+"
                             r"(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d+)\b", re.IGNORECASE)


def typed_figure_problems(template: str) -> list[str]:
    """Percentages typed into a prose template instead of taken from a table by a placeholder
    (the hand-typed numbers that disagreed with the published report's own tables); a fraction
    ("Eén op de vijf") when no ratio check of a placeholder backs it."""
    words_only = PLACEHOLDER.sub(" ", as_read(template))
    found = [m.group(0) for m in _typed_figure_matches(words_only)]
    if "-op-de-" not in template:
        found += [m.group(0) for m in _TYPED_FRACTION.finditer(words_only)]
    return [f"‘{typed}’ typed into the prose: a figure must come from its table — write the placeholder "
            f"({'{key:n}' if _TYPED_BASE.fullmatch(typed) else '{key:ROW}'}) that prints it" for typed in found]


#: the checks that back a claim of change (one per figure the claim is about: :func:`claim_coverage_problems`)
def _backs_a_change(check: str) -> bool:
    return check in ("stijging", "daling", "hoogste-ooit", "laagste-ooit", *TEST_CHECKS, *RATIO_CHECKS) \
        or (check.startswith(("gt:", "lt:")) and "@" in check)


def claim_coverage_problems(template: str) -> list[str]:
    """A sentence that claims a change of more figures than carry a check ("Zowel maatwerk
    ({maatwerk:1!daling}) als urgent wachtenden ({urgent_wachtenden:2}) daalde": one check backed a claim
    about two figures, one of which rose; review of the statistics). The survey year's figures of
    different rows count (not ``n``, not an earlier column, not a year word); a check-year warning:
    a figure beside the claim may be no part of it ("steeg naar {x:1!stijging}, bij {x:n} organisaties")."""
    problems = []
    for sentence in SENTENCE.split(as_read(template)):
        claims = change_claims(sentence)
        if not claims:
            continue
        figures, backed = set(), set()
        for m in PLACEHOLDER.finditer(sentence):
            key, rows, column, check = m.group(1), m.group(2), m.group(3), m.group(4) or ""
            if key in WORDS or key in NUMBER_FORMS or rows in (None, "n", "max", "min") \
                    or column not in (None, "trend"):
                continue
            figures.add((key, rows))
            if any(_backs_a_change(c) for c in check_parts(check)):
                backed.add((key, rows))
        if len(figures) > 1 and figures - backed:
            unbacked = ", ".join(f"{{{k}:{r}}}" for k, r in sorted(figures - backed))
            problems.append(f"the sentence “{sentence.strip()}” says '{claims[0][0]}' of {len(figures)} figures, but "
                            f"{unbacked} carries no check: give each figure the claim is about its own check, or "
                            "split the sentence (one check backs only its own figure)")
    return problems


#: a comparison with an earlier year in words: "meer dan vorig jaar", "vaker dan in {vorig_jaar}", "minder tevreden
#: dan in 2026", "hoger dan een jaar eerder" (review h98: no claim of change for change_claims, which wants a
#: figure's subject; in a text printed as written it is one)
_EARLIER_COMPARISON = re.compile(r"\b(?P<word>meer|minder|vaker|hoger|lager|groter|kleiner|beter|slechter|\w{3,}er)\b"
                                 r"(?:\s+[\w-]+){0,3}?\s+dan\s+(?:in\s+)?(?:de\s+|het\s+)?(?:vorig(?:e)?\s+(?:jaar|meting|editie)|"
                                 r"het\s+jaar\s+(?:ervoor|daarvoor)|een\s+jaar\s+eerder|\{vorig_jaar\}|(?:19|20)\d\d\b)",
                                 re.IGNORECASE)
_MORE_WORDS = ("meer", "vaker", "hoger", "groter", "beter")
_LESS_WORDS = ("minder", "lager", "kleiner", "slechter")


def earlier_comparisons(text: str) -> list[tuple[str, str]]:
    """The comparisons of `text` with an earlier year in words, as ``(words, check)`` like :func:`change_claims`
    (``stijging``, ``daling`` or :data:`EITHER_WAY` for another comparative), not denied ("niet meer dan")."""
    words_only = PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1) in WORDS else " ", as_read(text))
    out = []
    for m in _EARLIER_COMPARISON.finditer(words_only):
        if _NEGATION.search(words_only[:m.start()].lower()):
            continue
        word = m.group("word").lower()
        out.append((m.group(0), "stijging" if word in _MORE_WORDS else "daling" if word in _LESS_WORDS else EITHER_WAY))
    return out


def label_problems(label: str) -> list[str]:
    """A key figure's label that claims a change, a test's outcome or a record ("vroeg om maatwerk, een
    verdubbeling"): the card prints the change since the year before and its test itself, from the data;
    its label says what the figure is (review of the statistics: a label is no sentence any check reads)."""
    text = as_read(label)
    claims = [words for words, _ in change_claims(text)]
    claims += [words for words, _ in earlier_comparisons(text) if not any(words in c or c in words for c in claims)]
    claims += [m.group(0) for m in _RECORD.finditer(text)]
    braces = [c for c in dict.fromkeys(label) if c in "{}"]  # (a look-alike brace: syntax_problems says it)
    return [f"the key figure's label ‘{label}’ says '{words}': the card prints the change since the year before "
            "and whether it is significant itself; let the label say what the figure is" for words in claims] + ([
        f"the key figure's label ‘{label}’ holds ‘{braces[0]}’: a card's label is printed as written: a "
        "placeholder such as {jaar} is not filled in (review h96); write it in words, the card prints the years itself"
    ] if braces else [])


def has_figure(text: str) -> bool:
    """The text holds a table's figure (a placeholder other than a year word or a number form)."""
    return any(m.group(1) not in WORDS and m.group(1) not in NUMBER_FORMS for m in PLACEHOLDER.finditer(text))


def check_to_write(check: str) -> str:
    """The placeholder form that backs a claim: "{key:ROW!stijging}", or for a change for the better or the
    worse "{key:ROW!stijging} or {key:ROW!daling} (the direction meant)"."""
    if check == EITHER_WAY:
        return "{key:ROW!stijging} or {key:ROW!daling} (the direction it means)"
    return f"{{key:ROW!{check}}}"


def record_claims(text: str) -> list[tuple[str, str]]:
    """The claims about the years in `text` ("het hoogste aandeel ooit", "een record", "nog nooit zo laag",
    "recordhoog"): ``(words, check)`` with check ``hoogste-ooit`` or ``laagste-ooit``. Review h148: a markdown
    cell, a text without a table's figure and a table's title or note were read for claims of change only,
    so "46%, het hoogste aandeel ooit" and a note "Recordaantal aanvragen" passed unreported."""
    words_only = PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1) in WORDS else " ", as_read(text))
    return [(m.group(0), "laagste-ooit" if _RECORD_LOW.search(m.group(0)) else "hoogste-ooit")
            for m in _RECORD.finditer(words_only)]


def change_claims(text: str) -> list[tuple[str, str]]:
    """The claims of change in `text` that are not denied: ``(words, check)`` with check
    ``stijging``, ``daling``, ``significant``, ``niet-significant``, ``stabiel`` (no change: not significant and
    not indicative either), ``indicatief``, a factor (:data:`RATIO_CHECKS`) or
    :data:`EITHER_WAY` (a change for the better or the worse: backed by either direction)."""
    # "{x:1!niet-significant}" is no claim in words; "{vorig_jaar}" is a year
    words_only = PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1) in WORDS else " ", as_read(text))
    lower, out = words_only.lower(), []
    for patterns, check in ((RISES, "stijging"), (FALLS, "daling")):
        for pattern in patterns:
            for m in pattern.finditer(lower):
                between = m.groupdict().get("between") or ""
                about_survey = check == "daling" and m.group(0).split()[-1] in _SURVEY_WORDS \
                    and _SURVEY.search(lower)
                if _NEGATION.search(lower[:m.start()]) or re.search(r"\b(?:niet|geen)\b", between) \
                        or _SURVEY.search(between) or about_survey:
                    continue
                out.append((words_only[m.start():m.end()], check))
    for pattern in CHANGES:
        for m in pattern.finditer(lower):
            before = lower[:m.start()]
            if not (_NEGATION.search(before) or _REPORTED.search(before)
                    or re.search(r"\b(?:niet|geen)\b", m.groupdict().get("between") or "")):
                out.append((words_only[m.start():m.end()], EITHER_WAY))
    for pattern, check in MULTIPLES:
        for m in pattern.finditer(lower):
            if _NEGATION.search(lower[:m.start()]):
                continue
            more = _MORE_THAN.search(lower[:m.start()])
            out.append((words_only[more.start() if more else m.start():m.end()], f"meer-dan-{check}" if more else check))
    for m in _SIGNIFICANT.finditer(words_only):
        out.append((m.group(0), "niet-significant" if m.group("neg") else "significant"))
    for m in _SIGNIFICANT_WORDS.finditer(words_only):
        if not _NEGATION.search(lower[:m.start()]):
            out.append((m.group(0), "significant"))
    for m in _MARGIN.finditer(words_only):  # "niet buiten de foutmarge" is within it (review h109: read as outside)
        outside = (m.group("side").lower() == "buiten") != bool(_NEGATION.search(lower[:m.start()]))
        out.append((m.group(0), "significant" if outside else "niet-significant"))
    for m in _UNCHANGED.finditer(words_only):
        if not _NEGATION.search(lower[:m.start()]):
            out.append((m.group(0), "stabiel"))
    for m in _P_VALUE.finditer(words_only):
        op = m.group("op") or m.group("of") or "="  # "p-waarde 0,03" is "p = 0,03"
        below = op in "<≤" or (op == "=" and float(m.group("value").replace(",", ".")) < 0.05)
        out.append((m.group(0), "significant" if below else "niet-significant"))
    for m in _INDICATIVE.finditer(words_only):
        if not _NEGATION.search(lower[:m.start()]):
            out.append((m.group(0), "indicatief"))
    return out


def _change_problems(sentence: str, checks: list[str], placed: list[tuple[str, str]] = ()) -> list[str]:
    """A sentence that says a table's figure rose, fell or changed significantly, without the check
    that backs it (`checks`: the sentence's, or the template's for a sentence without a figure of
    its own: "{maatwerk:1} vroeg om maatwerk. Dat is een significante stijging."); `placed`: the
    (rows, check) of its placeholders, for a comparison of a row with its own earlier column)."""
    out, text = [], sentence.strip()
    # a comparison of the same row with an earlier column backs it too ("{x:1!gt:1@2025}")
    against = {"stijging": "gt", "daling": "lt"}
    earlier = {(op, other.partition("@")[0]) for rows, c in placed for op, _, other in [c.partition(":")]
               if "@" in other and other.partition("@")[0] == rows}
    for words, check in dict.fromkeys(change_claims(sentence)):
        backing = ("stijging", "daling") if check == EITHER_WAY else (check,)
        if not any(c in checks or any(op == against.get(c) for op, _ in earlier) for c in backing):
            what = "the year-on-year test" if check in TEST_CHECKS else "the column before"
            out.append(f"the sentence “{text}” says '{words}' but no placeholder backs it: write "
                       f"{check_to_write(check)} in it (checked against {what} when the chapter runs)")
    return out
