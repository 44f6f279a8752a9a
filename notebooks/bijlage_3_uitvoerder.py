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

chapter = Chapter.open("bijlage_3_uitvoerder", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# In deze bijlage staat een selectie van de vragen uit de enquête waarbij een uitsplitsing van de
# antwoorden is gemaakt op basis van de Wlz-uitvoerder van de zorgorganisaties. Indien er sprake is
# van een statistisch significant verschil tussen de Wlz-uitvoerders, staat dit in het rood
# weergegeven onder de betreffende tabel. De toets staat beschreven in Bijlage 1.

# %%
chapter.remaining_tables()
