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

chapter = Chapter.open("bijlage_5_reproductie", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# Deze bijlage vergelijkt elk gepubliceerd cijfer van het rapport met het cijfer dat de pijplijn uit
# de respondentdata berekent, na afronding zoals het rapport afrondt. Waar het gepubliceerde rapport
# zichzelf tegenspreekt, staat de verklaring bij de afwijking
# (`data/published/<jaar>/known_discrepancies.yml`).

# %%
chapter.reproduction()

# %%
chapter.audit()
