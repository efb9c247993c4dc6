"""Exam figures: the committed SVGs are exactly what tutor/banks/figures.py draws, each one
is a well-formed SVG, and figures and bank questions point at each other one-to-one."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_BANKS
from tutor.banks import figures
from tutor.banks.figures import FIGURES, write_all
from tutor.banks.reader import read_all

SVG = "{http://www.w3.org/2000/svg}svg"
REGENERATE = "regenerate with: python -m tutor.banks.figures"


def test_committed_figures_are_exactly_what_the_script_draws(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(FIGURES)
    missing = [rel for rel in FIGURES if not (BUNDLED_BANKS / rel).is_file()]
    assert not missing, f"not committed: {missing}; {REGENERATE}"
    stale = [
        rel
        for rel in FIGURES
        if (BUNDLED_BANKS / rel).read_bytes() != (tmp_path / rel).read_bytes()
    ]
    assert not stale, f"differ from the script: {stale}; {REGENERATE}"


def test_every_committed_svg_comes_from_the_script() -> None:
    committed = {
        p.relative_to(BUNDLED_BANKS).as_posix() for p in BUNDLED_BANKS.glob("*/figures/*.svg")
    }
    assert committed - set(FIGURES) == set(), "an .svg under figures/ that no function draws"


def test_drawing_is_deterministic() -> None:
    for rel, draw in FIGURES.items():
        assert draw() == draw(), rel


@pytest.mark.parametrize("rel", sorted(FIGURES))
def test_figure_is_an_svg_with_a_viewbox(rel: str) -> None:
    text = FIGURES[rel]()
    root = ET.fromstring(text)
    assert root.tag == SVG
    box = [float(v) for v in (root.get("viewBox") or "").split()]
    assert len(box) == 4 and box[2] > 0 and box[3] > 0, rel
    assert root.find("{http://www.w3.org/2000/svg}title") is not None, rel
    assert text.endswith("</svg>\n")


def _bank_images() -> set[str]:
    out = set()
    for folder in read_all(BUNDLED_BANKS):
        for _, bank in folder.banks:
            for q in bank.questions:
                out.update(f"{folder.path.name}/{img}" for img in q.images)
    return out


def test_every_figure_is_used_and_every_used_figure_is_drawn() -> None:
    used = _bank_images()
    unused = set(FIGURES) - used
    assert not unused, f"figures no question shows: {sorted(unused)}"
    used_figures = {u for u in used if u.split("/", 1)[1].startswith("figures/")}
    undrawn = used_figures - set(FIGURES)
    assert not undrawn, f"questions show figures no function draws: {sorted(undrawn)}"


# The numbers a key depends on, checked against the data the figures are drawn from.


def _abg() -> dict[str, float]:
    return {name: float(value) for name, value, *_ in figures.ABG_ROWS if value}


def test_abg_table_is_internally_consistent() -> None:
    v = _abg()
    hco3, paco2, ph = v["HCO_{3}^{−}"], v["PaCO_{2}"], v["pH"]
    assert ph == pytest.approx(6.1 + math.log10(hco3 / (0.03 * paco2)), abs=0.01)
    expected = 1.5 * hco3 + 8  # Winter's formula, +/- 2
    assert expected - 2 <= paco2 <= expected + 2
    anion_gap = v["Na^{+}"] - (v["Cl^{−}"] + hco3)
    assert anion_gap == 28 and v["알부민"] >= 4.0
    assert (anion_gap - 12) / (24 - hco3) == pytest.approx(1.0)  # delta ratio: no other disorder


def test_dmft_chart_counts_to_the_key() -> None:
    orthodontic = {14, 24}  # extracted for orthodontics (stated in dn-fig-001), not M
    decayed = set(figures.DMFT_CARIES)
    missing = figures.DMFT_MISSING - orthodontic
    filled = set(figures.DMFT_RESTORED) - decayed
    assert (len(decayed), len(missing), len(filled)) == (4, 1, 2)
    assert 27 not in filled  # a sealant is not a filling


def test_growth_chart_crosses_percentiles_down_while_weight_holds() -> None:
    ages, heights = figures.GROWTH_AGES, figures.GROWTH_HEIGHTS
    z = [
        (h - figures.height_for_age(a, 0.0))
        / (figures.height_for_age(a, 1.0) - figures.height_for_age(a, 0.0))
        for a, h in zip(ages, heights, strict=True)
    ]
    assert abs(z[0]) < 0.2 and z[-1] < -1.881  # 50th percentile at 3 y, below the 3rd at 8 y
    assert (heights[-1] - heights[2]) / (ages[-1] - ages[2]) < 4.0  # cm/year from age 5
    w50 = [figures.weight_for_age(a, 0.0) for a in ages]
    assert all(w >= m * 0.98 for w, m in zip(figures.GROWTH_WEIGHTS, w50, strict=True))
