"""Review 46 (h166): false positives of the later-year warning (h163)."""
from wlzmonitor.spec.prose import later_years


def test_an_amount_in_euros_is_no_later_year():
    assert later_years("De eigen bijdrage is € 2030 per jaar", 2026) == []
    assert later_years("kosten van €2030", 2026) == []
    assert later_years("een tarief van 2030 euro per maand", 2026) == []
    # a later year beside an amount is still warned
    assert later_years("In 2030 kost het € 2030", 2026) == [2030]
    assert later_years("Programma 2026-2030", 2026) == [2030]
