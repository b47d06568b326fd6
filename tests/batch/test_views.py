"""What a notebook shows of many units: the default output columns, Cohort.to_frame and its
HTML, and the plots of batch results, tables and cohorts (examples/units-90-2021.csv)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import zona

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from zona.batch import score_arrays, score_table  # noqa: E402
from zona.batch.cohort import analyse  # noqa: E402

LKE = zona.load_builtin("permenpan-90-2021")
SAMPLE = Path(__file__).parents[2] / "examples" / "units-90-2021.csv"


def sample() -> pd.DataFrame:
    """The sample table as a CSV reader gives it: every cell text, blanks empty."""
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).replace({"": None})


def exact(frame: pd.DataFrame) -> list[zona.Result]:
    """Each unit of the table scored by the exact path."""
    found = []
    for row in frame.to_dict("records"):
        answers = {LKE.by_soal()[int(k[5:])].name: v for k, v in row.items()
                   if k.startswith("soal_") and v is not None}
        found.append(LKE.score(answers, {"prior_predicate": row["fact:prior_predicate"]}))
    return found


def test_default_outputs_are_what_an_analyst_reads() -> None:
    frame = sample().head(5)
    scored = score_table(LKE, frame)
    assert list(scored.columns) == [
        "unit", "instansi", "total", "pengungkit", "pemenuhan", "pem_mp", "pem_tt", "pem_sdm",
        "pem_akun", "pem_was", "pem_yan", "reform", "ref_mp", "ref_tt", "ref_sdm", "ref_akun",
        "ref_was", "ref_yan", "hasil", "bersih", "ipak", "prima", "ipkp", "areas", "area_mp",
        "area_tt", "area_sdm", "area_akun", "area_was", "area_yan", "WBK", "WBBM",
        "ELIGIBLE_WBK", "ELIGIBLE_WBBM", "problems"]
    every = score_table(LKE, frame, nodes="all")
    assert len(every.columns) == 2 + 176 + 7 + 4 + 1
    assert every[scored.columns].equals(scored)
    with pytest.raises(zona.ZonaError, match="give 'all' or a list"):
        score_table(LKE, frame, nodes="everything")
    sakip = zona.load(Path(__file__).parents[2] / "examples" / "sakip-88-2021.zona")
    assert score_arrays(sakip, pd.DataFrame({"pr_ada_1": ["Y"]})).grades.keys() == {"predikat"}


def test_the_sample_table_scores_as_the_exact_path_and_has_both_kinds_of_unit() -> None:
    with SAMPLE.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["unit", "instansi", "soal_1"] and header[-1] == "fact:prior_predicate"
    frame = sample()
    scored = score_table(LKE, frame)
    results = exact(frame)
    assert len(frame) == 200
    for name in ("WBK", "WBBM"):
        assert list(scored[name]) == [r.predicates[name].passed for r in results]
    assert 0 < sum(scored["WBBM"]) < sum(scored["WBK"]) < 200


def test_cohort_to_frame_and_html() -> None:
    frame = sample()
    cohort = analyse(LKE, frame, by="instansi")
    results = exact(frame)
    summary = cohort.to_frame()
    assert summary.index[0] == "all units"
    assert list(summary.index[1:]) == [f"instansi = {g.key}" for g in cohort.groups[1:]]
    passed = Counter(r.predicates["WBK"].passed for r in results)
    assert summary.loc["all units", "WBK passed"] == passed[True]
    assert summary.loc["all units", "WBK failed"] == passed[False]
    assert summary["units"].iloc[1:].sum() == summary.loc["all units", "units"] == 200
    blocking = cohort.to_frame("blocking")
    assert list(blocking.columns) == ["group", "predicate", "condition", "units", "share",
                                      "cumulative"]
    first = cohort.groups[0].blocking["WBK"][0]
    row = blocking[(blocking.group == "all units") & (blocking.predicate == "WBK")].iloc[0]
    assert (row.condition, row.units) == (first.condition, first.units)
    assert set(cohort.to_frame("costly").columns) >= {"group", "node", "points", "units"}
    assert len(cohort.to_frame("distributions")) == sum(len(g.distributions)
                                                         for g in cohort.groups)
    page = cohort._repr_html_()
    assert page.count("<table>") == 1 + sum(1 for g in cohort.groups if any(g.blocking.values()))
    assert "instansi = Pemda C" in page and first.condition.replace(">", "&gt;") in page
    with pytest.raises(zona.ZonaError, match="part='nope'"):
        cohort.to_frame("nope")
    assert repr(cohort) == "<Cohort permenpan-90-2021: 200 units, 5 groups by instansi>"
    assert repr(analyse(LKE, frame.head(3))) == "<Cohort permenpan-90-2021: 3 units>"


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow", "arrays", "results"])
def test_plot_cohort_takes_tables_arrays_and_results(kind: str) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from zona.render.plots import plot_cohort

    frame = sample()
    results = exact(frame)
    wbk = sum(1 for r in results if r.predicates["WBK"].passed)
    reach = sum(1 for r in results if r.total.score >= 75)
    given: object = {
        "pandas": lambda: score_table(LKE, frame),
        "polars": lambda: score_table(LKE, pl.from_pandas(frame)),
        "arrow": lambda: score_table(LKE, pa.Table.from_pandas(frame)),
        "arrays": lambda: score_arrays(LKE, frame),
        "results": lambda: results}[kind]()  # type: ignore[operator]
    options = {"ruleset": LKE} if kind in ("pandas", "polars", "arrow") else {}
    ax = plot_cohort(given, **options)  # in Indonesian: its numbers with a decimal comma
    labels = ax.get_legend_handles_labels()[1]
    expected = f"(WBK {wbk}/200)" if kind != "results" else f"({reach}/200)"
    assert labels[0] == f"WBK: total >= 75,00 {expected}"
    assert ax.get_title() == "permenpan-90-2021: 200 unit kerja"


def test_plot_cohort_says_what_a_table_needs() -> None:
    pytest.importorskip("matplotlib")
    from zona.render.plots import plot_cohort

    with pytest.raises(zona.ZonaError, match="needs ruleset="):
        plot_cohort(score_table(LKE, sample().head(3)))
    with pytest.raises(zona.ZonaError, match="no 'total' column"):
        plot_cohort(pd.DataFrame({"x": [1]}), ruleset=LKE)
    with pytest.raises(zona.ZonaError, match="takes Results"):
        plot_cohort(["a"])


def test_plot_blocking_and_levels() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from zona.render.plots import plot_blocking, plot_levels

    cohort = analyse(LKE, sample(), by="instansi")
    ax = plot_blocking(cohort, "WBK", top=3)
    assert [t.get_text() for t in ax.get_yticklabels()] == \
        [b.condition for b in cohort.groups[0].blocking["WBK"][:3]]
    assert ax.get_legend_handles_labels()[1] == [str(g.key) for g in cohort.groups[1:]]
    widths = [p.get_width() for p in ax.patches[:3]]  # the first group's bars
    found = {b.condition: b.units for b in cohort.groups[1].blocking["WBK"]}
    assert widths == [found.get(c, 0) for c in
                      [b.condition for b in cohort.groups[0].blocking["WBK"][:3]]]
    sakip = zona.load(Path(__file__).parents[2] / "examples" / "sakip-88-2021.zona")
    table = pd.DataFrame({"pr_ada_1": ["Y", "T", "Y"], "group": ["x", "y", "x"]})
    levels = analyse(sakip, table, by="group")
    ax = plot_levels(levels, "predikat")
    assert ax.get_legend_handles_labels()[1] == list(levels.groups[0].grades["predikat"])
    with pytest.raises(zona.ZonaError, match="no grade 'nope'"):
        plot_levels(levels, "nope")
