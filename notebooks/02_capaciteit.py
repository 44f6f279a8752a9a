# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
year = 0  # 0: the latest survey year with an export (config/report.yml); run_all.py passes its own
output_dir = ""  # empty: outputs/scratch/<year> (interactive runs); run_all.py passes its own folder
root = ""  # empty: this repository
result_file = ""  # empty: the cached result (computed when its inputs changed); run_all.py passes its own

# %%
from wlzmonitor.present.chapter import Chapter

chapter = Chapter.open("02_capaciteit", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# ## 2.1 Afspraken over capaciteitsontwikkeling

# %%
chapter.text(
    "Over vervangingsbouw van intramurale capaciteit heeft {capaciteit_afspraken:vervangingsbouw/1+vervangingsbouw/2} "
    "(grotendeels) toereikende afspraken kunnen maken, over uitbreiding van intramurale capaciteit "
    "{capaciteit_afspraken:uitbreiding_intramuraal/1+uitbreiding_intramuraal/2} en over uitbreiding via scheiden "
    "wonen en zorg {capaciteit_afspraken:scheiden_wonen_zorg/1+scheiden_wonen_zorg/2} ({capaciteit_afspraken:n@1})."
)
chapter.table("capaciteit_afspraken")

# %%
chapter.text(
    "Als leveringsvorm waarvoor voor {jaar} afspraken zijn gemaakt, wordt het vaakst {leveringsvormen:max} genoemd. "
    "Per leveringsvorm: intramurale zorg met behandeling {leveringsvormen:1}, zonder behandeling {leveringsvormen:2}, "
    "VPT geclusterd {leveringsvormen:3}, VPT gespikkeld {leveringsvormen:4} en MPT {leveringsvormen:5} "
    "({leveringsvormen:n})."
)
if chapter.changed("leveringsvormen"):  # a caveat about the wording: only while the years differ
    chapter.text(
        "Let op: in de vraag van {jaar} ontbreken de woorden ‘voor capaciteitsuitbreiding’. Respondenten hebben de "
        "vraag waarschijnlijk breder opgevat dan bedoeld (de leveringsvormen die zij in het algemeen afspreken, niet "
        "alleen bij uitbreiding). De uitkomsten zijn daarom niet eenduidig en niet te vergelijken met de eerdere jaren "
        "waarin de vraag anders luidde (zie de toelichting onder {tabel:leveringsvormen})."
    )
chapter.table("leveringsvormen")

# %%
chapter.text(
    "{capaciteit_gesprek:1} komt op een goede manier met het zorgkantoor in gesprek over capaciteitsuitbreiding "
    "({capaciteit_gesprek:1@trend}), {capaciteit_gesprek:2} ten dele en {capaciteit_gesprek:3} niet."
)
chapter.table("capaciteit_gesprek")

# %% [markdown]
# ## 2.2 Leveringsvorm MPT voorliggend

# %%
if chapter.asked("mpt_voorliggend"):  # first asked in 2026
    chapter.text(
        "{mpt_voorliggend:1} ervaart dat het zorgkantoor in grote mate stuurt op MPT voorliggend aan VPT in "
        "ongeclusterde setting, {mpt_voorliggend:2} in beperkte mate en {mpt_voorliggend:3} helemaal niet "
        "({mpt_voorliggend:n})."
    )
chapter.table("mpt_voorliggend")

# %% [markdown]
# ## 2.3 Ontwikkeling urgent wachtenden

# %%
chapter.text(
    "{urgent_wachtenden:4} verwacht dat het aantal urgent wachtenden voor een verblijfplaats in {jaar} toeneemt "
    "({urgent_wachtenden:4@trend}), {urgent_wachtenden:3} dat het gelijk blijft en {urgent_wachtenden:2} dat het "
    "afneemt; {urgent_wachtenden:1} verwacht geen urgent wachtenden (meer)."
)
chapter.table("urgent_wachtenden")
