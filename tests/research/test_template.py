"""`sci research template` and `sci research import`: what is still missing, filled and merged back."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from flows.cli import app
from normalize.catalog import load_catalog
from normalize.cities import load_cities
from normalize.research import TEMPLATE_COLUMNS, build_template, read_research
from tests.research.conftest import DMS, EAKTE, HAMBURG, HEADER, KIEL, KOELN, MONTH

runner = CliRunner()
PILOT = "verwaltung.pilotprojekte.pilotprojekte"
PILOT_ALLOWED = "number >= 0 bonus points, at most 35 (higher is better)"


def add_kiel_eakte(research_dir):
    (research_dir / "verwaltung.csv").write_text(
        HEADER + f"{KIEL},{EAKTE},ja,https://www.kiel.de/eakte,Pressemitteilung,Alice,2021-06-05\n",
        encoding="utf-8",
    )


def test_missing_pairs_research_parameters_first(collected, research_dir, cities):
    add_kiel_eakte(research_dir)
    rows = build_template(
        "verwaltung",
        month=MONTH,
        data_dir=collected,
        research_dir=research_dir,
        cities=cities,
        only_research=True,
    )
    assert [(r["city_ags"], r["parameter_id"], r["current"], r["allowed"]) for r in rows] == [
        (KIEL, DMS, "not_checkable", "ja / nein"),  # collected, but unknown
        (KIEL, PILOT, "not collected", PILOT_ALLOWED),
        (HAMBURG, PILOT, "not collected", PILOT_ALLOWED),
        (KOELN, PILOT, "not collected", PILOT_ALLOWED),
    ]
    assert rows[0]["city_name"] == "Kiel"
    assert rows[0]["parameter_name"] == "Dokumentenmanagementsystem (DMS)"
    assert {r["value"] + r["evidence_url"] + r["note"] + r["researcher"] + r["checked_on"] for r in rows} == {
        ""
    }


def test_all_parameters_of_the_area_and_one_city(collected, research_dir, cities):
    catalog = load_catalog()
    verwaltung = [p.id for p in catalog.parameters.values() if p.area_id == "verwaltung"]
    others = [p for p in verwaltung if catalog.parameter(p).how != "research"]
    rows = build_template(
        "verwaltung", month=MONTH, data_dir=collected, research_dir=research_dir, cities=cities
    )
    assert len(verwaltung) == 29 and len(others) == 26
    # research parameters first (Kiel dms, Kiel eakte, 3x pilot), then 26 other parameters x 3 cities
    assert len(rows) == 5 + 26 * 3
    assert [r["parameter_id"] for r in rows[:5]] == [DMS, EAKTE, PILOT, PILOT, PILOT]
    assert [r["parameter_id"] for r in rows[5::3]] == others
    hamburg = [c for c in cities if c.ags == HAMBURG][0]
    rows = build_template(
        "verwaltung", month=MONTH, data_dir=collected, research_dir=research_dir, cities=cities, city=hamburg
    )
    assert [r["parameter_id"] for r in rows] == [PILOT] + others


def test_entries_of_later_months_do_not_count(collected, research_dir, cities):
    (research_dir / "verwaltung.csv").write_text(
        HEADER + f"{KIEL},{DMS},ja,https://www.kiel.de/dms,,Alice,2021-07-02\n", encoding="utf-8"
    )
    rows = build_template(
        "verwaltung",
        month=MONTH,
        data_dir=collected,
        research_dir=research_dir,
        cities=cities,
        only_research=True,
    )
    assert (KIEL, DMS) in {(r["city_ags"], r["parameter_id"]) for r in rows}


def test_cli_template_fill_and_import(collected, research_dir, cities_path, tmp_path):
    add_kiel_eakte(research_dir)
    out = tmp_path / "template.csv"
    result = runner.invoke(
        app,
        [
            "research",
            "template",
            "--area",
            "verwaltung",
            "--only-research",
            "--month",
            MONTH,
            "--cities",
            str(cities_path),
            "--out",
            str(out),
        ],
        terminal_width=300,
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 4 open line(s), 2 parameter(s), 3 city(ies), month {MONTH}\n"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(TEMPLATE_COLUMNS)
    assert lines[1] == (f"{KIEL},Kiel,{DMS},Dokumentenmanagementsystem (DMS),ja / nein,not_checkable,,,,,")
    assert (
        lines[3]
        == f'{HAMBURG},Hamburg,{PILOT},Weitere Pilotprojekte im Bereich Verwaltung,"{PILOT_ALLOWED}",not collected,,,,,'
    )

    # The researcher fills two lines and leaves the others open.
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    rows[0].update(
        value="nein",
        evidence_url="https://www.kiel.de/digital",
        note="Strategie 2021",
        researcher="Bob",
        checked_on="2021-06-20",
    )
    rows[2].update(
        value="2,5",
        evidence_url="https://www.hamburg.de/pilot",
        note="",
        researcher="Bob",
        checked_on="2021-06-21",
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")

    before = (research_dir / "verwaltung.csv").read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["research", "import", str(out), "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 0, result.output
    assert result.output == "added 2 entries: 2 to verwaltung.csv\n"
    assert (research_dir / "verwaltung.csv").read_text(encoding="utf-8") == before + (
        f"{KIEL},{DMS},nein,https://www.kiel.de/digital,Strategie 2021,Bob,2021-06-20\n"
        f'{HAMBURG},{PILOT},"2,5",https://www.hamburg.de/pilot,,Bob,2021-06-21\n'
    )
    found = read_research(research_dir, cities=load_cities(cities_path))
    assert found.problems == [] and len(found.entries) == 3

    # Importing the same file again is refused whole; nothing changes.
    after = (research_dir / "verwaltung.csv").read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["research", "import", str(out), "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 1
    assert (
        f"{out}:2: already in the research dir: {KIEL}, {DMS}, checked_on 2021-06-20 ({research_dir}/verwaltung.csv:3)"
        in result.output
    )
    assert (research_dir / "verwaltung.csv").read_text(encoding="utf-8") == after


def test_import_is_all_or_nothing(research_dir, cities_path, tmp_path):
    filled = tmp_path / "filled.csv"
    filled.write_text(
        ",".join(TEMPLATE_COLUMNS)
        + "\n"
        + f"{KIEL},Kiel,{DMS},DMS,ja / nein,,ja,https://www.kiel.de/a,,Bob,2021-06-20\n"
        + f"{KIEL},Kiel,mobilitaet.parken.handyparken,x,ja / nein,,ja,https://www.kiel.de/b,,Bob,2021-06-20\n"
        + f"{KIEL},Kiel,{EAKTE},eAkte,ja / nein,,kaputt,https://www.kiel.de/c,,Bob,2021-06-20\n",
        encoding="utf-8",
    )
    before = {p.name: p.read_text() for p in research_dir.iterdir()}
    result = runner.invoke(
        app, ["research", "import", str(filled), "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 1
    assert f"{filled}:4: value for {EAKTE}: 'kaputt' is not a boolean" in result.output
    assert {p.name: p.read_text() for p in research_dir.iterdir()} == before
    # without the bad line, entries go to the file of their own area
    filled.write_text("\n".join(filled.read_text().splitlines()[:3]) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["research", "import", str(filled), "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 0, result.output
    assert result.output == "added 2 entries: 1 to mobilitaet.csv, 1 to verwaltung.csv\n"
    assert (research_dir / "mobilitaet.csv").read_text().splitlines()[1:] == [
        f"{KIEL},mobilitaet.parken.handyparken,ja,https://www.kiel.de/b,,Bob,2021-06-20"
    ]


def test_template_unknown_area(research_dir, tmp_path):
    result = runner.invoke(app, ["research", "template", "--area", "space", "--out", str(tmp_path / "t.csv")])
    assert result.exit_code == 1
    assert "unknown area 'space'" in result.output
