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

chapter = Chapter.open("01_tarieven", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# ## 1.1 Tariefafspraken
#
# De zorgkantoren hanteren een landelijk richttariefpercentage van het NZa-maximumtarief, aangevuld
# met regionaal beleid, maatwerkverzoeken en de hardheidsclausule.

# %%
chapter.text(
    "{tariefpercentage:1} van de zorgorganisaties heeft het landelijk richttariefpercentage afgesproken "
    "({tariefpercentage:1@trend}); {tariefpercentage:3} een hoger tariefpercentage ({tariefpercentage:3@trend}), "
    "gemiddeld {tariefpercentage_hoger_lager:tariefpercentage_hoger@Gemiddeld} van het NZa-maximumtarief."
)
chapter.table("tariefpercentage")
chapter.table("tariefpercentage_hoger_lager")

# %%
chapter.text(
    "In {jaar} heeft {maatwerk:1} van de zorgorganisaties bij het zorgkantoor om maatwerk verzocht om tot een "
    "hoger tariefpercentage te komen ({maatwerk:1@trend}). Van de verzoeken is {maatwerk_gehonoreerd:1} "
    "gehonoreerd en {maatwerk_gehonoreerd:2} ten dele ({maatwerk_gehonoreerd:n})."
)
chapter.table("maatwerk")
chapter.table("maatwerk_redenen")
chapter.table("maatwerk_gehonoreerd")

# %%
chapter.text(
    "{tevredenheid_tarief:1} is tevreden over de manier waarop het gesprek over het tariefpercentage heeft "
    "plaatsgevonden ({tevredenheid_tarief:1@trend}), {tevredenheid_tarief:2} ten dele en {tevredenheid_tarief:3} niet. "
    "{hardheidsclausule:1} heeft aanspraak gemaakt op de hardheidsclausule ({hardheidsclausule:1@trend})."
)
chapter.table("tevredenheid_tarief")
chapter.table("hardheidsclausule")

# %% [markdown]
# ## 1.2 Transitiemiddelen

# %%
chapter.text(
    "{transitie_afspraken:1} heeft in grote mate en {transitie_afspraken:2} in beperkte mate aanvullende (regionale) "
    "afspraken gemaakt die worden gefinancierd vanuit de transitiemiddelen. Over het gesprek daarover is "
    "{transitie_tevredenheid:1} tevreden ({transitie_tevredenheid:1@trend}) en {transitie_tevredenheid:2} ten dele."
)
chapter.table("transitie_afspraken")
chapter.table("transitie_tevredenheid")

# %% [markdown]
# ## 1.3 Afspraken over Wlz-zorg

# %%
chapter.text(
    "{productieafspraken_nza:1} heeft de productieafspraken samen met het zorgkantoor bij de NZa aangeboden "
    "({productieafspraken_nza:1@trend}). {pgb:1} gaat in {jaar} zorg bieden via het PGB ({pgb:1@trend}), "
    "gemiddeld aan {pgb_aantal:pgb_aantal@Gemiddeld} cliënten."
)
chapter.table("productieafspraken_nza")
chapter.table("pgb")
chapter.table("pgb_aantal")

# %% [markdown]
# ## 1.4 Afspraken over Wlz-behandeling

# %%
chapter.text(
    "{behandeling_afspraak:1} van de zorgorganisaties kan met het zorgkantoor behandeling afspreken via omzetting "
    "naar een ZZP met behandeling ({behandeling_afspraak:1@trend}); {behandeling_afspraak:3} meldt dat het "
    "zorgkantoor heeft geweigerd en {behandeling_afspraak:4} dat het onderwerp niet is besproken."
)
if chapter.asked("behandeling_verhouding"):  # first asked in 2025
    chapter.text(
        "De afgesproken verhouding van plekken met en zonder behandeling sluit voor {behandeling_verhouding:1} aan bij "
        "de zorgvraag ({behandeling_verhouding:1@trend})."
    )
chapter.table("behandeling_afspraak")
chapter.table("behandeling_verhouding")
chapter.table("behandeling_externe_clienten")
