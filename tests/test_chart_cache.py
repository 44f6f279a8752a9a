"""Charts drawn once (wlzmonitor.present.chart_cache): a chart whose data and specification did
not change is read back, byte for byte what drawing it gives; anything it shows that changed
(a value, a label, a title, a colour, a matplotlib setting) draws it again; a planted or edited
cache file is never used."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

from wlzmonitor.compute.signed_files import MAGIC
from wlzmonitor.present import chart_cache, charts
from wlzmonitor.present.chart_cache import ChartCache, chart_key, prune
from wlzmonitor.present.charts import make_chart, render
from wlzmonitor.spec.layout import TableSpec


@pytest.fixture(autouse=True)
def _private_key(private_key):
    """Every test here signs with a key of its own (conftest.private_key)."""


def spec(**kw) -> TableSpec:
    base = dict(key="tevreden", number="Tabel 7", chapter="x", question=None, kind="single",
                rows=(1, 2, 3), columns=(2026,))
    return TableSpec(**{**base, **kw})


def table(values=(40.0, 35.0, 25.0), labels=("Ja", "Nee", "Weet niet")) -> pd.DataFrame:
    return pd.DataFrame({"row": list(labels), "column": ["2026"] * 3, "value": list(values), "n": [80.0] * 3,
                         "row_code": [1, 2, 3], "column_code": [2026] * 3})


class Drawn:
    """make_chart, counting the charts actually drawn."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, s: TableSpec, t: pd.DataFrame, title: str = "Tevreden?"):
        def build():
            self.count += 1
            return make_chart(s, t, small_base=20, title=title)
        return build


def images(cache: ChartCache, drawn: Drawn, s: TableSpec, t: pd.DataFrame, title: str = "Tevreden?"):
    return cache.images(("table", s, t, 20, title), drawn(s, t, title))


def test_an_unchanged_chart_is_read_back_with_the_bytes_drawing_gives(tmp_path):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    first = images(cache, drawn, spec(), table())
    second = images(cache, drawn, spec(), table())
    assert drawn.count == 1 and (cache.hits, cache.misses) == (1, 1)
    assert second == first == render(make_chart(spec(), table(), small_base=20, title="Tevreden?"))
    assert second[0].startswith(b"\x89PNG") and b"<svg" in second[1]


@pytest.mark.parametrize("change", ["value", "label", "title", "spec", "small_base"])
def test_a_changed_figure_label_title_or_spec_draws_it_again(tmp_path, change):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    before = images(cache, drawn, spec(), table())
    s, t, title = spec(), table(), "Tevreden?"
    if change == "value":
        t = table(values=(40.0, 35.0000001, 24.9999999))
    elif change == "label":
        t = table(labels=("Ja", "Nee", "Weet ik niet"))
    elif change == "title":
        title = "Tevreden over het zorgkantoor?"
    elif change == "spec":
        s = spec(number="Tabel 8")
    if change == "small_base":
        after = cache.images(("table", s, t, 100, title), lambda: make_chart(s, t, small_base=100, title=title))
        assert cache.misses == 2
    else:
        after = images(cache, drawn, s, t, title)
        assert drawn.count == 2, "the changed chart was read back instead of drawn"
    assert after != before


def test_a_changed_colour_draws_it_again(tmp_path, monkeypatch):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    before = images(cache, drawn, spec(), table())
    colours = dict(charts.SEMANTIC_COLORS, ja="#123456")
    monkeypatch.setattr(charts, "SEMANTIC_COLORS", colours)
    after = images(cache, drawn, spec(), table())
    assert drawn.count == 2 and after != before
    monkeypatch.undo()
    monkeypatch.setenv("WLZ_MONITOR_CACHE_KEY", str(tmp_path / "key" / "cache-key"))
    assert images(cache, drawn, spec(), table()) == before and drawn.count == 2  # the old colour: read back


def test_a_changed_matplotlib_setting_draws_it_again(tmp_path):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    images(cache, drawn, spec(), table())
    with mpl.rc_context({"hatch.linewidth": 2.5}):
        images(cache, drawn, spec(), table())
    assert drawn.count == 2


def test_the_key_depends_on_the_library_source(monkeypatch):
    inputs = ("table", spec(), table(), 20, "Tevreden?")
    before = chart_key(inputs)
    monkeypatch.setattr(chart_cache, "_code_digest", lambda: b"another library")
    assert chart_key(inputs) != before


@pytest.mark.parametrize("tamper", ["edited", "planted", "truncated"])
def test_a_planted_or_edited_cache_file_is_never_used(tmp_path, tamper):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    good = images(cache, drawn, spec(), table())
    (path,) = (tmp_path / "charts").glob("*.chart")
    data = path.read_bytes()
    if tamper == "edited":
        path.write_bytes(data[:-10] + b"<script/>!")
    elif tamper == "planted":  # a validly formed file made without this user's key
        head = len(MAGIC)
        path.write_bytes(data[:head] + bytes(32) + data[head + 32:])
    else:
        path.write_bytes(data[:100])
    assert images(cache, drawn, spec(), table()) == good
    assert drawn.count == 2


def test_no_cache_draws_every_time_and_an_unhashable_argument_is_never_cached(tmp_path):
    drawn = Drawn()
    none = ChartCache(None)
    assert images(none, drawn, spec(), table()) == images(none, drawn, spec(), table())
    assert drawn.count == 2
    cache = ChartCache(tmp_path / "charts")
    odd = ("table", spec(), table(), 20, object())
    cache.images(odd, drawn(spec(), table()))
    cache.images(odd, drawn(spec(), table()))
    assert drawn.count == 4 and not list((tmp_path / "charts").glob("*.chart"))


def test_chart_files_are_identical_with_and_without_the_cache(tmp_path):
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    for _ in range(2):
        cache.save(("table", spec(), table(), 20, "Tevreden?"), drawn(spec(), table()), tmp_path / "cached", "x_t")
    ChartCache(None).save(("table", spec(), table(), 20, "Tevreden?"), drawn(spec(), table()),
                          tmp_path / "drawn", "x_t")
    for suffix in (".png", ".svg"):
        assert (tmp_path / "cached" / f"x_t{suffix}").read_bytes() == (tmp_path / "drawn" / f"x_t{suffix}").read_bytes()


def test_prune_removes_only_charts_unused_for_long(tmp_path):
    import os
    cache, drawn = ChartCache(tmp_path / "charts"), Drawn()
    images(cache, drawn, spec(), table())
    images(cache, drawn, spec(number="Tabel 8"), table())
    old, new = sorted((tmp_path / "charts").glob("*.chart"))
    os.utime(old, (1, 1))
    assert prune(tmp_path / "charts") == 1
    assert not old.exists() and new.exists()
