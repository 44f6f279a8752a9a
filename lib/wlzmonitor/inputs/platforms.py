"""What survey platforms write in their exports, for drafting a mapping.

Each :class:`Platform` knows how to recognise its export (columns only it writes), how many
header rows it has, which of its own columns hold the respondent id, which are bookkeeping
(dates, durations, languages: ``ignore``), which identify a person or organisation
(``identifying``, with their role), its row rules (previews, test responses, spam, and what
makes a response complete) and how it joins the options of a multi-select question in one
cell. :func:`detect` picks the platform of an export from its headers. Nothing here reads
a file; :mod:`wlzmonitor.inputs.draft_mapping` uses it.

Sources: the platforms' documentation of their response exports (Qualtrics "Understanding
your dataset": three header rows, ``Status`` 0 = IP Address, 1 = Survey Preview, 2 = Survey
Test, 4 = Imported, 8 = Spam, 9 = Preview Spam, 12 = Imported Spam, 16 = Offline,
17 = Offline Preview; ``Finished`` 1/0 or True/False; ``Progress`` 0-100), and exports of
SurveyMonkey, LimeSurvey, Google Forms and Microsoft Forms as they come (English and Dutch
interface).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

__all__ = ["Platform", "PLATFORMS", "QUALTRICS", "QUALTRICS_ORDER_AND_TIMING", "GENERIC", "detect", "RuleDraft",
           "TEST_VALUE", "plain_header"]

#: a value in an e-mail or name column that marks a test response ("test@...", "test2@…", "Test Account",
#: "testaccount@…"): "test" opening it, not a member's surname inside it ("m.test@…", "Jan Test": review of
#: the agency exports, the earlier guess excluded them as test responses)
TEST_VALUE = r"(?i)^\W*test(?:account|user|respondent|persoon|gebruiker)?(?![a-z])"


@dataclass(frozen=True)
class RuleDraft:
    """A row rule as the draft writes it: YAML flow text with ``{Header}`` where the export's
    own spelling of a header goes, and a comment."""

    template: str
    comment: str

    def headers(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template.replace("{{", "").replace("}}", ""))

    def render(self, actual: dict[str, str]) -> str | None:
        """The rule with the export's headers filled in; None when one is missing."""
        try:
            return self.template.format(**{h: json.dumps(actual[h.casefold()],
                                                         ensure_ascii=False)
                                           for h in self.headers()})
        except KeyError:
            return None


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    #: headers (any spelling listed) that together recognise the platform
    signature: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    id_columns: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: header -> role (organisation | email | name | phone | other)
    identifying: dict[str, str] = field(default_factory=dict)
    #: columns to ignore by pattern (a derived column such as Qualtrics' NPS group)
    ignore_patterns: tuple[str, ...] = ()
    exclude: tuple[RuleDraft, ...] = ()
    complete: RuleDraft | None = None
    #: the status values the tool writes for a response (every other value kept by no exclude rule
    #: is an error: a new status of the tool is not analysed silently)
    respondents: RuleDraft | None = None
    multi_delimiters: tuple[str, ...] = (",", ";", "|")
    #: how it marks an incomplete response, for the draft's comment
    incomplete_note: str = ""

    def matches(self, headers: set[str]) -> bool:
        return all(any(h.casefold() in headers for h in names) for names in self.signature)


#: Qualtrics' columns about how a question was shown, not what was answered: the display order of a
#: randomised question's choices or statements ("Q2_DO", "Q5_ADO") or of a randomiser's blocks
#: ("FL_12_DO", "FL_491_DO_FL_493", "FL_8_DO_Vignette1"), written with "Export viewing order data";
#: and a timing question's four columns ("Q41_First Click", "Q41_Last Click", "Q41_Page Submit",
#: "Q41_Click Count"; an SPSS name has "_" for the space, "Q41_First_Click")
QUALTRICS_ORDER_AND_TIMING = (r"_A?DO$", r"^FL_\d+_DO(?:_|$)",
                              r"(?i)_(?:first[ _]click|last[ _]click|page[ _]submit|click[ _]count)$")

QUALTRICS = Platform(
    "qualtrics", "Qualtrics",
    signature=(("ResponseId", "ResponseID", "_recordId"), ("StartDate",), ("Status",)),
    header_rows=3, id_columns=("ResponseId", "ResponseID", "_recordId"),
    ignore=("StartDate", "EndDate", "Duration (in seconds)", "Duration__in_seconds_",
            "RecordedDate", "DistributionChannel", "UserLanguage", "Q_RecaptchaScore",
            "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore",
            "Q_RelevantIDLastStartDate", "Q_TotalDuration"),
    identifying={"IPAddress": "other", "RecipientLastName": "name",
                 "RecipientFirstName": "name", "RecipientEmail": "email",
                 "ExternalReference": "other", "ExternalDataReference": "other",
                 "LocationLatitude": "other", "LocationLongitude": "other"},
    ignore_patterns=(r"_NPS_GROUP$", r"^Q_", *QUALTRICS_ORDER_AND_TIMING),
    exclude=(RuleDraft('{{column: {Status}, in: ["Survey Preview", "Offline Preview", 1, 17], '
                       'reason: preview}}', "Qualtrics: 1 = Survey Preview, 17 = Offline Preview"),
             RuleDraft('{{column: {Status}, in: ["Survey Test", 2], reason: test}}',
                       "Qualtrics: 2 = Survey Test (generated test responses)"),
             RuleDraft('{{column: {Status}, in: ["Spam", "Preview Spam", "Imported Spam", 8, 9, '
                       '12], reason: spam}}', "Qualtrics: 8, 9, 12 = flagged as spam")),
    complete=RuleDraft('{{all: [{{column: {Finished}, in: ["True", 1]}}, {{column: {Progress}, '
                       'at_least: 100}}]}}', "Qualtrics: Finished = True (1) and Progress = 100"),
    respondents=RuleDraft('{{column: {Status}, in: ["IP Address", "Imported", "Offline", 0, 4, 16]}}',
                          "Qualtrics: 0 = IP Address (the survey link), 4 = Imported, 16 = Offline App"),
    multi_delimiters=(",",),
    incomplete_note="Finished = False, Progress below 100")

SURVEYMONKEY = Platform(
    "surveymonkey", "SurveyMonkey",
    signature=(("Respondent ID", "respondent_id"), ("Collector ID", "collector_id")),
    header_rows=2, id_columns=("Respondent ID", "respondent_id"),
    ignore=("Collector ID", "collector_id", "Start Date", "End Date", "date_created",
            "date_modified"),
    identifying={"IP Address": "other", "Email Address": "email", "First Name": "name",
                 "Last Name": "name", "Custom Data 1": "other", "ip_address": "other",
                 "email_address": "email", "first_name": "name", "last_name": "name",
                 "custom_1": "other"},
    complete=RuleDraft("true", "SurveyMonkey writes no completion column: a partial response "
                               "lacks the pages not submitted and is excluded for its missing "
                               "required answers"),
    incomplete_note=("no completion column: a partial response lacks the pages not "
                     "submitted, and is excluded for its missing required answers"))

LIMESURVEY = Platform(
    "limesurvey", "LimeSurvey",
    signature=(("id",), ("submitdate",), ("lastpage",)),
    id_columns=("id",),
    ignore=("lastpage", "startlanguage", "seed", "startdate", "datestamp", "refurl"),
    identifying={"ipaddr": "other", "token": "other", "email": "email", "firstname": "name",
                 "lastname": "name"},
    complete=RuleDraft("{{column: {submitdate}, filled: true}}",
                       "LimeSurvey: an incomplete response has no submitdate"),
    multi_delimiters=(";", ","),
    incomplete_note="an empty submitdate")

GOOGLE_FORMS = Platform(
    "google_forms", "Google Forms",
    signature=(("Tijdstempel", "Timestamp", "Marca temporal", "Zeitstempel"),),
    id_columns=("Tijdstempel", "Timestamp"),
    identifying={"E-mailadres": "email", "Email Address": "email", "Email address": "email",
                 "E-Mail-Adresse": "email"},
    multi_delimiters=(", ",),
    complete=RuleDraft("true", "a form keeps submitted responses only"),
    incomplete_note="none: a form keeps submitted responses only")

MS_FORMS = Platform(
    "ms_forms", "Microsoft Forms",
    signature=(("Id", "ID"), ("Begintijd", "Start time"),
               ("Tijd van voltooien", "Voltooiingstijd", "Completion time")),
    id_columns=("Id", "ID"),
    ignore=("Begintijd", "Start time", "Tijd van voltooien", "Voltooiingstijd", "Completion time",
            "Tijdstip van laatste wijziging", "Last modified time"),
    identifying={"E-mail": "email", "Email": "email", "Naam": "name", "Name": "name"},
    multi_delimiters=(";",),
    complete=RuleDraft("true", "a form keeps submitted responses only"),
    incomplete_note="none: a form keeps submitted responses only")

GENERIC = Platform("generic", "an unrecognised survey tool", signature=())

PLATFORMS = (QUALTRICS, SURVEYMONKEY, LIMESURVEY, MS_FORMS, GOOGLE_FORMS)

_LIME_HEADING = re.compile(r"^([A-Za-z][A-Za-z0-9_]*(?:\[[^\]]*\])?)\.\s")


def plain_header(header: str) -> str:
    """A header without LimeSurvey's "code. text" heading text (``"id. Antwoord ID"`` -> ``id``),
    its spacing as the loader compares it (a non-breaking space typed or pasted into
    "Duration (in seconds)" in Excel is a space)."""
    header = " ".join(header.split())
    m = _LIME_HEADING.match(header)
    return m.group(1) if m else header


def detect(headers: list[str]) -> Platform:
    """The platform whose export has these headers (GENERIC when none fits)."""
    seen = {plain_header(h).casefold() for h in headers} | {h.casefold() for h in headers}
    for p in PLATFORMS:
        if p.matches(seen):
            return p
    return GENERIC
