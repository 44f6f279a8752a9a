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

chapter = Chapter.open("05_inkoopbeleid_nps", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# ## 5.1 Het Wlz-inkoopbeleid

# %%
chapter.text(
    "Ten opzichte van vorig jaar vindt {inkoop_wijzigingen:administratieve_lasten/3} dat de administratieve lasten "
    "zijn verslechterd en {inkoop_wijzigingen:adequate_tarieven/3} dat de adequaatheid van de tarieven is "
    "verslechterd ({inkoop_wijzigingen:n@1}). {eisen_zorgkantoor:1} vindt dat het zorgkantoor redelijke eisen "
    "hanteert ({eisen_zorgkantoor:1@trend}). {gevolgen_contractering:3} verwacht problemen door de reguliere "
    "contractering ({gevolgen_contractering:3@trend})."
)
chapter.table("inkoop_wijzigingen")
chapter.table("eisen_zorgkantoor")
chapter.trend_chart("eisen_zorgkantoor")  # the long series (from 2021) as a line
chapter.table("gevolgen_contractering")

# %% [markdown]
# ## 5.2 Geldstromen en administratieve belasting

# %%
chapter.text(
    "Van de aanvullende geldstromen wordt {geldstromen_belasting:max} het meest belastend gevonden, gemiddeld op een "
    "schaal van 1 tot 5. Voor meerzorg is dat {geldstromen_belasting:meerzorg} ({geldstromen_belasting:meerzorg@trend})."
)
if chapter.asked("geldstromen_gebruik", "hlo_opslag"):  # the HLO-opslag: first asked in 2026
    chapter.text("De HLO-opslag wordt door {geldstromen_gebruik:hlo_opslag} van de organisaties gebruikt.")
chapter.table("geldstromen_gebruik")
chapter.table("geldstromen_belasting")

# %% [markdown]
# ## 5.3 HLO-opslag

# %%
if chapter.asked("hlo_themas") and chapter.asked("hlo_honorering"):  # first asked in 2026
    chapter.text(
        "Voor de HLO-opslag diende {hlo_themas:3} een voorstel in op het thema duurzaamheid en {hlo_themas:4} op anders "
        "werken in de zorg; arbeidsmarkt ({hlo_themas:2!lt:4}) en langer thuis ({hlo_themas:1!lt:4}) worden minder vaak "
        "genoemd ({hlo_themas:n}). Bij {hlo_honorering:1} is de volledige opslag gehonoreerd."
    )
chapter.table("hlo_themas")
chapter.table("hlo_honorering")

# %% [markdown]
# ## 5.4 Suggesties voor het nieuwe Wlz-inkoopbeleid

# %%
chapter.themes("suggesties_inkoopbeleid")
chapter.explanations("suggesties_inkoopbeleid", title="Alle suggesties voor het inkoopbeleid ({vraag:suggesties_inkoopbeleid})")

# %% [markdown]
# ## 5.5 Net Promoter Score (NPS) zorgkantoren
#
# De NPS is het percentage fans (score 9–10) min het percentage critici (score 0–6).

# %%
chapter.text(
    "Hier is de NPS berekend uit de aantallen: het onafgeronde percentage fans min het onafgeronde percentage critici, "
    "daarna afgerond. Het gepubliceerde rapport trok de afgeronde percentages van elkaar af; daardoor kan een NPS "
    "hier één punt afwijken van het verschil van de gedrukte percentages (zie Bijlage 5)."
)
chapter.text(
    "De NPS over alle zorgkantoren is {nps:NPS} ({nps:NPS@trend}): {nps:Fans} fans, {nps:Neutralen} neutralen en "
    "{nps:Critici} critici."
)
chapter.table("nps")
chapter.trend_chart("nps")  # the long series (from 2021) as a line
chapter.table("nps__uitvoerder")
