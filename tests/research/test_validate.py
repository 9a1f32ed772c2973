"""`sci research validate`: every problem of every file, each with file and line, all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from normalize.research import read_research
from tests.research.conftest import HEADER

runner = CliRunner()
TODAY = date(2021, 7, 1)

VERWALTUNG = (
    HEADER
    + "\n".join(
        [
            "02000000,verwaltung.interne_prozesse.dms,ja,https://www.hamburg.de/dms,Ratsbeschluss 2019,Alice,2021-06-10",
            "99999999,verwaltung.interne_prozesse.dms,ja,https://x.de/,,Alice,2021-06-10",
            "02000000,verwaltung.interne_prozesse.nope,ja,https://x.de/,,Alice,2021-06-10",
            "02000000,verwaltung.interne_prozesse.eakte,vielleicht,https://x.de/,,Alice,2021-06-10",
            "02000000,verwaltung.website.informationsgehalt,4,https://x.de/,,Alice,2021-06-10",
            "02000000,verwaltung.interne_prozesse.eakte,ja,www.x.de,,Alice,2021-06-10",
            "02000000,verwaltung.interne_prozesse.eakte,ja,https://x.de/,,,2999-01-01",
            "02000000,verwaltung.interne_prozesse.dms,nein,https://x.de/,,Bob,2021-06-10",
            "02000000,it_kommunikation.public_wlan.abdeckung,2,https://x.de/,,Bob,2021-06-10",
            "02000000,verwaltung.interne_prozesse.eakte,ja,https://x.de/,,Bob,2021-13-01",
            ",,,,,Bob,",
            "2000000,verwaltung.interne_prozesse.eakte,1,https://x.de/,,Bob,2021-06-01",
            "02000000,verwaltung.interne_prozesse.eakte,1,https://x.de/,,Bob,2021-06-02,extra",
        ]
    )
    + "\n"
)


def write_bad_dir(research_dir: Path) -> None:
    (research_dir / "verwaltung.csv").write_text(VERWALTUNG, encoding="utf-8")
    # German Excel: BOM, semicolons, decimal comma, DD.MM.YYYY.
    (research_dir / "mobilitaet.csv").write_text(
        "\ufeff"
        + HEADER.replace(",", ";")
        + "05315000;mobilitaet.multimodalitaet.app_bewertung;4,5;https://www.stadt-koeln.de/app;;Carla;15.06.2021\n",
        encoding="utf-8",
    )
    (research_dir / "notes.csv").write_text(HEADER, encoding="utf-8")
    (research_dir / "gesellschaft.csv").write_text(
        "city_ags,parameter_id,value,evidence_link,note,researcher,checked_on\n", encoding="utf-8"
    )
    (research_dir / "energie_umwelt.csv").write_bytes(
        HEADER.encode()
        + "02000000,energie_umwelt.energieloesungen.smart_meter,ja,https://x.de/,Zähler,Dora,2021-06-01\n".encode(
            "latin-1"
        )
    )
    (research_dir / "it_kommunikation.csv").write_text(
        HEADER
        + '02000000,it_kommunikation.public_wlan.abdeckung,2,https://x.de/,"two\nlines",Eve,2021-06-01\n'
        + "02000000,it_kommunikation.public_wlan.begrenzung,3,https://x.de/,,Eve,2021-06-01\n",
        encoding="utf-8",
    )


def expected_problems(d: str) -> list[str]:
    v = f"{d}/verwaltung.csv"
    return [
        f"{d}/energie_umwelt.csv:2: not UTF-8 text (save the file as CSV UTF-8)",
        f"{d}/gesellschaft.csv:1: missing column(s): evidence_url",
        f"{d}/gesellschaft.csv:1: unknown column(s): evidence_link (expected city_ags, parameter_id, value, "
        "evidence_url, note, researcher, checked_on)",
        f"{d}/it_kommunikation.csv:4: value for it_kommunikation.public_wlan.begrenzung: '3' is outside the levels 0..2",
        f"{d}/notes.csv: file name must be <area>.csv, one of: energie_umwelt, gesellschaft, it_kommunikation, "
        "mobilitaet, verwaltung",
        f"{v}:3: unknown city_ags '99999999' (not in the city registry)",
        f"{v}:4: unknown parameter_id 'verwaltung.interne_prozesse.nope' (catalog 2021.1)",
        f"{v}:5: value for verwaltung.interne_prozesse.eakte: 'vielleicht' is not a boolean (use ja/nein, 1/0, "
        "true/false, yes/no)",
        f"{v}:6: value for verwaltung.website.informationsgehalt: '4' is outside the levels 0..3",
        f"{v}:7: evidence_url 'www.x.de' is not an http(s) URL",
        f"{v}:8: researcher is empty",
        f"{v}:8: checked_on 2999-01-01 is in the future (today is 2021-07-01)",
        f"{v}:9: duplicate entry for city 02000000, verwaltung.interne_prozesse.dms, checked_on 2021-06-10 "
        f"(first at {v}:2)",
        f"{v}:10: parameter it_kommunikation.public_wlan.abdeckung belongs to area it_kommunikation, not to this "
        "file's verwaltung",
        f"{v}:11: checked_on '2021-13-01' is not a valid date (YYYY-MM-DD)",
        f"{v}:14: 8 fields but the header has 7 columns",
    ]


def test_every_problem_with_file_and_line(research_dir, cities):
    write_bad_dir(research_dir)
    found = read_research(research_dir, cities=cities, today=TODAY)
    assert [str(p) for p in found.problems] == expected_problems(str(research_dir))
    assert [
        (e.file.rsplit("/", 1)[1], e.line, e.city_ags, e.parameter_id, e.value, e.status)
        for e in found.entries
    ] == [
        ("it_kommunikation.csv", 2, "02000000", "it_kommunikation.public_wlan.abdeckung", 2.0, "value"),
        ("mobilitaet.csv", 2, "05315000", "mobilitaet.multimodalitaet.app_bewertung", 4.5, "value"),
        ("verwaltung.csv", 2, "02000000", "verwaltung.interne_prozesse.dms", 1.0, "present"),
        ("verwaltung.csv", 13, "02000000", "verwaltung.interne_prozesse.eakte", 1.0, "present"),
    ]
    assert found.entries[1].checked_on == date(2021, 6, 15)
    assert found.placeholders == 1


def test_cli_reports_all_and_fails(research_dir, cities_path):
    write_bad_dir(research_dir)
    result = runner.invoke(app, ["research", "validate", "--cities", str(cities_path)], terminal_width=300)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # The CLI checks against the real today: only the future-date line differs from the fixed-date run.
    today = date.today().isoformat()
    expected = [
        p.replace("(today is 2021-07-01)", f"(today is {today})")
        for p in expected_problems(str(research_dir))
    ]
    assert lines[: len(expected)] == expected
    assert lines[len(expected)] == (
        f"16 problem(s); 4 valid entries in 6 file(s) under {research_dir}, 1 open template line(s) skipped"
    )


def test_cli_ok(research_dir, cities_path):
    (research_dir / "verwaltung.csv").write_text(
        HEADER + "02000000,verwaltung.interne_prozesse.dms,ja,https://www.hamburg.de/dms,,Alice,2021-06-10\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["research", "validate", "--dir", str(research_dir), "--cities", str(cities_path)],
        terminal_width=400,
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"ok: 1 valid entries in 5 file(s) under {research_dir}\n"


def test_missing_dir(tmp_path, cities):
    found = read_research(tmp_path / "nowhere", cities=cities)
    assert [str(p) for p in found.problems] == [f"{tmp_path}/nowhere: research directory not found"]


def test_empty_file_and_unreadable_line(research_dir, cities):
    (research_dir / "verwaltung.csv").write_text("", encoding="utf-8")
    (research_dir / "mobilitaet.csv").write_text(HEADER + '02000000,"unterminated\n', encoding="utf-8")
    found = read_research(research_dir, cities=cities, today=TODAY)
    assert [str(p) for p in found.problems] == [
        f"{research_dir}/mobilitaet.csv:2: unreadable CSV line: unexpected end of data",
        f"{research_dir}/verwaltung.csv: the file is empty (it needs at least the header line)",
    ]


def test_short_line_is_a_problem_not_a_placeholder(research_dir, cities):
    (research_dir / "verwaltung.csv").write_text(HEADER + "02000000,verwaltung.interne_prozesse.dms\n")
    found = read_research(research_dir, cities=cities, today=TODAY)
    assert [str(p) for p in found.problems] == [
        f"{research_dir}/verwaltung.csv:2: 2 fields but the header has 7 columns"
    ]


def test_shipped_research_dir_is_valid():
    """The repository ships the area files with headers only: no invented facts about real cities."""
    found = read_research()
    assert found.problems == []
    assert found.entries == []
    assert [f.rsplit("/", 1)[1] for f in found.files] == [
        "energie_umwelt.csv",
        "gesellschaft.csv",
        "it_kommunikation.csv",
        "mobilitaet.csv",
        "verwaltung.csv",
    ]
