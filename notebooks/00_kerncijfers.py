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

chapter = Chapter.open("00_kerncijfers", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# De belangrijkste uitkomsten van de monitor op één pagina, per thema. Naast elk cijfer staat de
# uitkomst van het vorige jaar en of de verandering statistisch significant is (na correctie voor het
# aantal toetsen; zie Bijlage 1). De citaten zijn toelichtingen van zorgorganisaties, geschoond van
# namen en andere herleidbare gegevens. Elk kerncijfer linkt naar zijn tabel.
#
# ## Financiering

# %%
chapter.key_figures(
    ("tariefpercentage", 1, "sprak het landelijk richttariefpercentage af"),
    ("maatwerk", 1, "vroeg het zorgkantoor om maatwerk voor een hoger tariefpercentage"),
    ("tevredenheid_tarief", 1, "is tevreden over het gesprek over het tariefpercentage"),
)
chapter.quotes("Financiering")

# %% [markdown]
# ## Capaciteit

# %%
chapter.key_figures(
    ("capaciteit_gesprek", 1, "komt op een goede manier in gesprek over capaciteitsuitbreiding"),
    ("urgent_wachtenden", 4, "verwacht dat het aantal urgent wachtenden toeneemt"),
)
chapter.quotes("Capaciteit")

# %% [markdown]
# ## Herschikking

# %%
chapter.key_figures(
    ("herschikking_intramuraal", 1, "bereikte bij de herschikking intramuraal volledige overeenstemming"),
    ("herschikking_thuis", 1, "bereikte bij de herschikking voor zorg thuis volledige overeenstemming"),
)

# %% [markdown]
# ## Kwaliteit en innovatie

# %%
chapter.key_figures(
    ("tarief_kwaliteit_van_bestaan", 1, "verwacht dat het tariefpercentage bijdraagt aan kwaliteit van bestaan"),
    ("inkoopbeleid_innovatie", 1, "ervaart het inkoopbeleid als ondersteunend voor innovatie"),
)
chapter.quotes("Kwaliteit en innovatie")

# %% [markdown]
# ## Inkoopbeleid en zorgkantoren

# %%
chapter.key_figures(
    ("eisen_zorgkantoor", 1, "vindt dat het zorgkantoor redelijke eisen hanteert"),
    ("gevolgen_contractering", 3, "verwacht problemen door de reguliere contractering"),
    ("nps", "NPS", "Net Promoter Score van de zorgkantoren (% fans min % critici)"),
)
chapter.quotes("Inkoopbeleid")
