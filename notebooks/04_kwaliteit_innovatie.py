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

chapter = Chapter.open("04_kwaliteit_innovatie", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# ## 4.1 Speerpunten kwaliteit en Generiek Kompas

# %%
chapter.text(
    "Zorgorganisaties beschreven in een open vraag ({vraag:kwaliteit_speerpunten}) hun speerpunten voor kwaliteit. "
    "De antwoorden zijn ingedeeld in thema's (meerdere thema's per antwoord mogelijk); daaronder staan alle "
    "antwoorden, ontdaan van namen, contactgegevens en organisatienamen."
)
chapter.themes("kwaliteit_speerpunten")
chapter.explanations("kwaliteit_speerpunten", title="Alle antwoorden over de speerpunten kwaliteit ({vraag:kwaliteit_speerpunten})")

# %%
chapter.text(
    "{tarief_kwaliteit_van_bestaan:1} verwacht dat het overeengekomen tariefpercentage bijdraagt aan kwaliteit van "
    "bestaan ({tarief_kwaliteit_van_bestaan:1@trend}), {tarief_kwaliteit_van_bestaan:2} ten dele en "
    "{tarief_kwaliteit_van_bestaan:3} niet."
)
chapter.table("tarief_kwaliteit_van_bestaan")

# %% [markdown]
# ## 4.2 Dialoog met het zorgkantoor over kwaliteit

# %%
chapter.text(
    "Bij {kwaliteit_dialoog:kwaliteitsbeeld_gesprek/1+kwaliteitsbeeld_gesprek/2} komt het kwaliteitsbeeld geheel of "
    "in ruime mate aan bod in het gesprek met het zorgkantoor; {kwaliteit_dialoog:dialoog_constructief/1+dialoog_constructief/2} "
    "ervaart de dialoog geheel of in ruime mate als constructief ({kwaliteit_dialoog:n@1})."
)
chapter.table("kwaliteit_dialoog")

# %% [markdown]
# ## 4.3 Afspraken over inzet innovaties

# %%
chapter.text(
    "{innovatie_afspraken:1+2} heeft voor {jaar} (grotendeels) afspraken gemaakt over de inzet en financiering van "
    "sociale en/of technologische innovaties ({innovatie_afspraken:1+2@trend}). Het inkoopbeleid wordt door "
    "{inkoopbeleid_innovatie:1} als ondersteunend ervaren ({inkoopbeleid_innovatie:1@trend}) en door "
    "{inkoopbeleid_innovatie:2} ten dele."
)
chapter.table("innovatie_afspraken")
chapter.table("inkoopbeleid_innovatie")
