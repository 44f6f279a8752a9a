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

chapter = Chapter.open("03_herschikking", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %% [markdown]
# De herschikking betreft het voorgaande jaar: de vragen gaan over de productieafspraken van
# het jaar vóór het enquêtejaar. De kolommen van de tabellen dragen daarom het herschikkingsjaar.
#
# ## 3.1 Herschikking en overproductie zorg voor cliënten met verblijf

# %%
chapter.text(
    "Over de herschikking van de intramurale productieafspraken heeft {herschikking_intramuraal:1} geheel en "
    "{herschikking_intramuraal:2} in grote mate overeenstemming bereikt met het zorgkantoor; samen "
    "{herschikking_intramuraal:1+2} ({herschikking_intramuraal:1+2@trend})."
)
if chapter.asked("overproductie_intramuraal"):  # first asked in 2025
    chapter.text(
        "Van de organisaties zonder volledige overeenstemming schat {overproductie_intramuraal:1} in dat er sprake is "
        "van intramurale overproductie ({overproductie_intramuraal:n})."
    )
chapter.table("herschikking_intramuraal")
chapter.table("overproductie_intramuraal")

# %% [markdown]
# ## 3.2 Herschikking en overproductie zorg voor Wlz-cliënten met zorg thuis

# %%
chapter.text(
    "Voor zelfstandig wonende Wlz-cliënten heeft {herschikking_thuis:1} geheel en {herschikking_thuis:2} in grote "
    "mate overeenstemming bereikt; samen {herschikking_thuis:1+2} ({herschikking_thuis:1+2@trend})."
)
if chapter.asked("overproductie_thuis"):  # first asked in 2025
    chapter.text(
        "{overproductie_thuis:1} van de organisaties zonder volledige overeenstemming verwacht overproductie "
        "({overproductie_thuis:n})."
    )
chapter.table("herschikking_thuis")
chapter.table("overproductie_thuis")
chapter.table("herschikking_knelpunten")
