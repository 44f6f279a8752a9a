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

chapter = Chapter.open("bijlage_1_respons", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# ActiZ onderzoekt jaarlijks de Wlz-zorgcontractering door middel van een enquête onder haar
# leden. De vragenlijst wordt jaarlijks aangepast aan de actuele (beleids)ontwikkelingen.
#
# ## Respons op het onderzoek

# %%
chapter.text(
    "{respons:Aantal deelnemende zorgorganisaties} organisaties hebben de vragenlijst volledig ingevuld, een respons "
    "van {respons:Responspercentage} ({respons:Responspercentage@trend})."
)
chapter.table("respons")
chapter.data_quality()

# %% [markdown]
# ## Kenmerken respondenten

# %%
chapter.table("omzetgroep_verdeling")
chapter.table("zorgtype_verdeling")

# %% [markdown]
# ## Respondenten onderverdeeld naar Wlz-uitvoerders

# %%
chapter.text(
    "Respondenten beantwoorden de vragen voor het zorgkantoor waarmee zij de meest omvangrijke productieafspraak "
    "maken ({vraag:hoofdzorgkantoor}). De zorgkantoren zijn ingedeeld naar hun Wlz-uitvoerder."
)
chapter.table("uitvoerder_verdeling")
chapter.table("zorgkantoren_uitvoerders")

# %%
chapter.representativeness()

# %%
chapter.methods()
