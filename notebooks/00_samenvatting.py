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

chapter = Chapter.open("00_samenvatting", year=year, output_dir=output_dir, root=root,
                       result_file=result_file)
chapter.header()

# %%
chapter.text(
    "Dit rapport geeft de resultaten van de enquête over de Wlz-zorgcontractering {jaar} die ActiZ onder haar "
    "leden heeft uitgezet. {respons:Aantal deelnemende zorgorganisaties} zorgorganisaties hebben de vragenlijst "
    "volledig ingevuld, een respons van {respons:Responspercentage} ({respons:Responspercentage@trend})."
)

# %% [markdown]
# In deze samenvatting staan de belangrijkste bevindingen per hoofdstuk, met tussen haakjes de
# uitkomsten van eerdere jaren. Alle cijfers zijn berekend uit de antwoorden; onder elke tabel in de
# hoofdstukken staat of een verandering ten opzichte van het vorige jaar statistisch significant is.
# Percentages zijn afgerond op hele procenten; door die afronding tellen de percentages van een
# kolom niet altijd op tot precies honderd procent.
#
# ## 1 Reguliere Wlz-inkoop en gevolgen

# %%
chapter.text(
    "{tariefpercentage:1} van de zorgorganisaties heeft het landelijk richttariefpercentage afgesproken "
    "({tariefpercentage:1@trend}) en {tariefpercentage:3} een hoger tariefpercentage ({tariefpercentage:3@trend})."
)
chapter.text(
    "{maatwerk:1} heeft bij het zorgkantoor om maatwerk verzocht om tot een hoger tariefpercentage te komen "
    "({maatwerk:1@trend}). {tevredenheid_tarief:1} is tevreden over het gesprek over het tariefpercentage "
    "({tevredenheid_tarief:1@trend}); over het gesprek over de transitiemiddelen is {transitie_tevredenheid:1} "
    "tevreden ({transitie_tevredenheid:1@trend})."
)
chapter.text(
    "Vrijwel alle organisaties bieden de productieafspraken samen met het zorgkantoor bij de NZa aan: "
    "{productieafspraken_nza:1!vrijwel-alle} ({productieafspraken_nza:1@trend})."
)

# %% [markdown]
# Meer in [hoofdstuk 1](01_tarieven.html).
#
# ## 2 Capaciteitsontwikkeling verpleegzorg

# %%
chapter.text(
    "{capaciteit_gesprek:1} komt op een goede manier met het zorgkantoor in gesprek over capaciteitsuitbreiding "
    "({capaciteit_gesprek:1@trend}), {capaciteit_gesprek:2} ten dele. In de toelichtingen komt terug dat het "
    "gesprek niet altijd leidt tot concrete, meerjarige afspraken of garanties."
)
chapter.text(
    "{urgent_wachtenden:4} verwacht dat het aantal urgent wachtenden voor een verblijfplaats toeneemt "
    "({urgent_wachtenden:4@trend}); {urgent_wachtenden:3} verwacht dat het gelijk blijft en {urgent_wachtenden:2} "
    "dat het afneemt."
)

# %% [markdown]
# Meer in [hoofdstuk 2](02_capaciteit.html).
#
# ## 3 Herschikking en overproductie

# %%
chapter.text(
    "Over de herschikking van de intramurale productieafspraken van vorig jaar heeft {herschikking_intramuraal:1+2} "
    "geheel of in "
    "grote mate overeenstemming bereikt met het zorgkantoor ({herschikking_intramuraal:1+2@trend}); voor zorg thuis "
    "is dat {herschikking_thuis:1+2} ({herschikking_thuis:1+2@trend})."
)

# %% [markdown]
# Meer in [hoofdstuk 3](03_herschikking.html).
#
# ## 4 Dialoog en afspraken over kwaliteit en innovatie

# %%
chapter.text(
    "{tarief_kwaliteit_van_bestaan:1} verwacht dat het overeengekomen tariefpercentage bijdraagt aan kwaliteit van "
    "bestaan ({tarief_kwaliteit_van_bestaan:1@trend}) en {tarief_kwaliteit_van_bestaan:2} ten dele."
)
chapter.text(
    "{innovatie_afspraken:1+2} heeft (grotendeels) afspraken gemaakt over de inzet en financiering van innovaties "
    "({innovatie_afspraken:1+2@trend}). Het inkoopbeleid wordt door {inkoopbeleid_innovatie:1} als ondersteunend "
    "voor innovatie ervaren ({inkoopbeleid_innovatie:1@trend})."
)

# %% [markdown]
# Meer in [hoofdstuk 4](04_kwaliteit_innovatie.html).
#
# ## 5 Wlz-inkoopbeleid, geldstromen, suggesties en NPS

# %%
chapter.text(
    "{eisen_zorgkantoor:1} vindt dat het zorgkantoor redelijke eisen hanteert ({eisen_zorgkantoor:1@trend}). "
    "{gevolgen_contractering:3} verwacht problemen door de reguliere contractering ({gevolgen_contractering:3@trend})."
)
chapter.text(
    "De Net Promoter Score over alle zorgkantoren is {nps:NPS} ({nps:NPS@trend}): {nps:Fans} fans en "
    "{nps:Critici} critici."
)

# %% [markdown]
# Meer in [hoofdstuk 5](05_inkoopbeleid_nps.html).
#
# ## Conclusie
#
# De basisafspraken van de Wlz-zorgcontractering ogen relatief stabiel, maar worden vaak aangevuld
# met opslagen, regionale modules en aanvullende afspraken. Dat biedt ruimte voor maatwerk, maar maakt
# de financieringsmix complexer en kan de onzekerheid in de uitvoering vergroten. De centrale opgave
# blijft om samen met zorgkantoren te komen tot afspraken die niet alleen bespreekbaar en procedureel
# haalbaar zijn, maar ook meerjarig voorspelbaar, uitvoerbaar en passend bij de uitdagingen van de
# sector rond capaciteit en personeel.
#
# ## Leeswijzer
#
# Het rapport heeft vijf hoofdstukken: de reguliere Wlz-inkoop en de gevolgen daarvan (1), de
# capaciteitsontwikkeling in de verpleegzorg (2), de herschikking en overproductie (3), de dialoog en
# afspraken over kwaliteit en innovatie (4) en het Wlz-inkoopbeleid, de geldstromen, suggesties en de
# NPS (5). De [kerncijfers](00_kerncijfers.html) zetten de belangrijkste uitkomsten op één pagina.
#
# Het aantal respondenten (n) kan per vraag verschillen, omdat sommige vragen afhangen van eerdere
# antwoorden. Boven elke tabel staat het aantal respondenten per vraag. Alleen volledig ingevulde
# vragenlijsten zijn meegenomen. Een verandering ten opzichte van het vorige jaar of een verschil
# tussen groepen dat statistisch significant is, staat in rood en vet onder de tabel, met
# ‘Significant’ ervoor; hoe is getoetst, staat in [Bijlage 1](bijlage_1_respons.html).
#
# De bijlagen geven de onderzoeksverantwoording (Bijlage 1), de verschillen naar jaaromzet (Bijlage 2)
# en naar Wlz-uitvoerder (Bijlage 3), de integrale vragenlijst (Bijlage 4) en de vergelijking met het
# gepubliceerde rapport (Bijlage 5). In de webversie heeft elke pagina bovenaan en onderaan knoppen naar
# de vorige en de volgende pagina, en een inhoudsopgave met een link naar elke tabel; in de PDF staan de
# hoofdstukken en tabellen in de inhoudsopgave voorin en in de bladwijzers.
