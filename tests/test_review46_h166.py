"""Review 46 (h166): false positives of the later-year warning (h163)."""
from wlzmonitor.spec.prose import later_years


def test_an_amount_in_euros_is_no_later_year():
    assert later_years("De eigen bijdrage is € 2030 per jaar", 2026) == []
    assert later_years("kosten van €2030", 2026) == []
    assert later_years("een tarief van 2030 euro per maand", 2026) == []
    # a later year beside an amount is still warned
    assert later_years("In 2030 kost het € 2030", 2026) == [2030]
    assert later_years("Programma 2026-2030", 2026) == [2030]


def test_the_published_text_reads_counts_with_a_thousands_point():
    """The report prints counts with a thousands point since h161 ('n=1.250'); extract-published read the base as
    n=1 and a cell '1.250' as 1.25."""
    from wlzmonitor.spec.report_text import classify, parse_bases
    assert parse_bases("(n=1.250)") == "*=1250"
    assert parse_bases("(2025: n=1.003, 2026: n=1.250)") == "2025=1003;2026=1250"
    assert parse_bases("(n variërend van 998 tot 1.012)") == "*=998-1012"
    assert classify("1.250", "Totaal", "Aantal") == ("1250", "count", "")
    assert classify("1.250 (45,2%)", "Ja", "2026") == ("1250", "count", "45.2")
    assert classify("1.234,5", "Gemiddelde", "Gemiddeld") == ("1234.5", "mean", "")
    # as before
    assert parse_bases("(n=122)") == "*=122"
    assert classify("4,05", "x", "Gemiddeld") == ("4.05", "mean", "")
    assert classify("+25", "NPS", "2026") == ("25", "nps", "")
