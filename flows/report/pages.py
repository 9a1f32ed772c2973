"""The report's pages: the overview with the rankings, and one page per city.

Pages are self-contained: one inline ``<style>`` allowed by its hash in a Content-Security-Policy
that forbids every script, font, frame and fetch, so a page opens from disk with no network and an
injected script could not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from flows.report.html import Markup, el, join, link, local_href
from normalize.catalog import Catalog
from normalize.inspect import CityView, EvidenceItem, ParameterView, ScoreLine

CSS = """
:root{--ink:#1d2733;--muted:#5b6775;--line:#d9dee4;--bg:#ffffff;--soft:#f4f6f9;--up:#1a7f37;--down:#c62828}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
a{color:#0b5cad}nav a{margin-right:1rem}
.meta,.note{color:var(--muted)}.note{font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.up{color:var(--up)}.down{color:var(--down)}.same,.new{color:var(--muted)}
.state{font-size:.8rem;padding:.05rem .35rem;border-radius:.2rem;white-space:nowrap}
.state-known{background:#e6f4ea}.state-missing{background:#fde2e1;font-weight:600}
.state-not_checkable{background:#fff1d6;font-weight:600}.state-source_missing{background:#fff1d6}
.state-not_applicable{background:var(--soft)}
blockquote.snippet{margin:.2rem 0 .4rem;padding:.2rem .5rem;border-left:3px solid var(--line);background:var(--soft);white-space:pre-wrap;word-break:break-word}
.evidence{margin:0 0 .4rem}.evidence .meta{font-size:.85rem}
.unlinked{word-break:break-all;color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid var(--line);border-radius:.3rem;padding:.5rem .8rem;min-width:9rem}
.card .big{font-size:1.5rem;font-weight:600}
figure{margin:.5rem 0}svg{max-width:100%;height:auto}
ul.legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:1rem}
.problems li{color:var(--down)}
""".strip()
CSP_TEMPLATE = (
    "default-src 'none'; style-src '{style_hash}'; img-src data:; base-uri 'none'; form-action 'none'"
)
TREND_ARROWS = {"up": "▲", "down": "▼", "same": "="}


def style_hash(css: str = CSS) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def content_security_policy(css: str = CSS) -> str:
    return CSP_TEMPLATE.format(style_hash=style_hash(css))


def document(title: str, body: Markup) -> str:
    """A full HTML page with the CSP, the inline stylesheet and ``body``."""
    head = join(
        [
            Markup('<meta charset="utf-8">'),
            el("meta", http_equiv="Content-Security-Policy", content=content_security_policy()),
            el("meta", name="referrer", content="no-referrer"),
            el("meta", name="viewport", content="width=device-width, initial-scale=1"),
            el("title", title),
            Markup(f"<style>{CSS}</style>"),
        ]
    )
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>{head}</head>\n<body>{body}</body>\n</html>\n'


# --- formatting --------------------------------------------------------------------------------------


def fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def fmt_share(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f} %"


def trend_cell(trend: int | None, prev_rank: int | None, rank: int | None) -> Markup:
    """Arrow and places moved: ``▲ 3`` (up three places), ``▼ 1``, ``= 0``; ``new`` without a previous rank."""
    if trend is None or prev_rank is None:
        return el("span", "new", class_="new", title="no rank in the previous month")
    kind = "up" if trend > 0 else "down" if trend < 0 else "same"
    return el(
        "span",
        f"{TREND_ARROWS[kind]} {abs(trend)}",
        class_=kind,
        title=f"rank {prev_rank} → {rank}",
    )


# --- the overview -----------------------------------------------------------------------------------


@dataclass
class RankRow:
    ags: str
    name: str
    rank: int | None
    prev_rank: int | None
    trend: int | None
    score: float | None
    coverage: float | None
    areas: dict[str, float | None]


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def _int(value: Any) -> int | None:
    out = _num(value)
    return None if out is None else int(out)


def ranking_rows(scores, level: str, sid: str, names: dict[str, str], catalog: Catalog) -> list[RankRow]:
    """Rows of one ranking (overall or an area) from a month's scores, best rank first."""
    if scores is None or scores.empty:
        return []
    part = scores[(scores["level"] == level) & (scores["id"] == sid)]
    area_scores: dict[tuple[str, str], float | None] = {}
    if level == "overall":
        areas = scores[scores["level"] == "area"]
        for ags, aid, score in zip(areas["city_ags"], areas["id"], areas["score"], strict=True):
            area_scores[(str(ags), str(aid))] = _num(score)
    rows = []
    for rec in part.to_dict("records"):
        ags = str(rec["city_ags"])
        rows.append(
            RankRow(
                ags=ags,
                name=names.get(ags, ags),
                rank=_int(rec.get("rank")),
                prev_rank=_int(rec.get("prev_rank")),
                trend=_int(rec.get("trend")),
                score=_num(rec.get("score")),
                coverage=_num(rec.get("coverage")),
                areas={a.id: area_scores.get((ags, a.id)) for a in catalog.areas},
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name))
    return rows


def _ranking_table(rows: list[RankRow], catalog: Catalog, *, with_areas: bool, table_id: str) -> Markup:
    head = [
        el("th", "Rank", class_="num"),
        el("th", "Trend"),
        el("th", "City"),
        el("th", "Score", class_="num"),
    ]
    if with_areas:
        head += [el("th", a.name, class_="num") for a in catalog.areas]
    head.append(el("th", "Coverage", class_="num"))
    body = []
    for r in rows:
        cells = [
            el("td", "—" if r.rank is None else str(r.rank), class_="num"),
            el("td", trend_cell(r.trend, r.prev_rank, r.rank)),
            el("td", el("a", r.name, href=local_href(f"cities/{r.ags}.html"), class_="city-link")),
            el("td", fmt_score(r.score), class_="num"),
        ]
        if with_areas:
            cells += [el("td", fmt_score(r.areas.get(a.id)), class_="num") for a in catalog.areas]
        cells.append(el("td", fmt_share(r.coverage), class_="num"))
        body.append(el("tr", cells, data_ags=r.ags))
    return el("table", el("thead", el("tr", head)), el("tbody", body), id=table_id, class_="ranking")


def overview_page(
    *,
    month: str,
    catalog: Catalog,
    scores,
    names: dict[str, str],
    cities_without_scores: list[str],
    months: list[str],
    problems: list[str],
    generated_at: str,
) -> str:
    overall = ranking_rows(scores, "overall", "overall", names, catalog)
    nav = el(
        "nav",
        el("a", "Overall", href=local_href("#overall")),
        [el("a", a.name, href=local_href(f"#area-{a.id}")) for a in catalog.areas],
    )
    sections = [
        el("h1", f"Smart City Index {month}"),
        el(
            "p",
            f"{len(overall) or len(cities_without_scores)} cities · catalog {catalog.version} · "
            f"months in the data: {', '.join(months) if months else month} · generated {generated_at}",
            class_="meta",
        ),
        nav,
    ]
    if problems:
        sections.append(el("h2", "Problems while building the report"))
        sections.append(el("ul", [el("li", p) for p in problems], class_="problems"))
    sections.append(el("h2", "Overall ranking", id="overall"))
    if overall:
        sections.append(
            el(
                "p",
                "Rank 1 is best; the trend arrow shows the places moved since the previous month. "
                "Scores 0–100 with one decimal; coverage is the share of the city's parameters with a known value.",
                class_="note",
            )
        )
        sections.append(_ranking_table(overall, catalog, with_areas=True, table_id="ranking-overall"))
    else:
        sections.append(
            el("p", f"No scores for {month} yet (run `sci score --month {month}`).", class_="note")
        )
    for area in catalog.areas:
        sections.append(el("h2", f"{area.name}", id=f"area-{area.id}"))
        rows = ranking_rows(scores, "area", area.id, names, catalog)
        if rows:
            sections.append(_ranking_table(rows, catalog, with_areas=False, table_id=f"ranking-{area.id}"))
        else:
            sections.append(el("p", "No area scores.", class_="note"))
    if cities_without_scores:
        sections.append(el("h2", "Cities without scores"))
        sections.append(
            el(
                "ul",
                [
                    el(
                        "li",
                        el("a", names.get(a, a), href=local_href(f"cities/{a}.html"), class_="city-link"),
                    )
                    for a in cities_without_scores
                ],
            )
        )
    return document(f"Smart City Index {month}", el("main", sections))


# --- a city page ------------------------------------------------------------------------------------


def _state_badge(p: ParameterView) -> Markup:
    label = p.status if p.state == "known" and p.status else p.state_label
    return el("span", label, class_=f"state state-{p.state}")


def _evidence_block(item: EvidenceItem) -> Markup:
    if not item.found:
        return el("div", f"evidence record {item.evidence_id} not found", class_="evidence unlinked")
    target = item.final_url or item.url
    head = link(target or item.evidence_id, target) if target else el("span", item.evidence_id)
    meta = [
        f"fetched {item.fetched_at[:10]}" if item.fetched_at else None,
        f"HTTP {item.http_status}" if item.http_status is not None else None,
        f"rule {item.rule_id}" if item.rule_id else None,
        f"version {item.version}" if item.version else None,
        f"{len(item.items)} item(s)" if item.items else None,
        f"archived in {item.warc_file}" if item.warc_file else None,
    ]
    return el(
        "div",
        head,
        el("div", " · ".join(m for m in meta if m), class_="meta"),
        el("blockquote", item.snippet, class_="snippet") if item.snippet else None,
        class_="evidence",
    )


def _contribution(p: ParameterView) -> str:
    if p.pilot:
        return "—" if p.contribution is None else f"bonus {p.contribution:g}"
    if p.contribution is None:
        return "left out"
    return f"{p.score:.2f} × {p.weight:g} = {p.contribution:.2f}"


def _parameter_row(p: ParameterView) -> Markup:
    overridden = (
        el(
            "div",
            "overrides: "
            + "; ".join(
                f"{o.source} ({o.method}): {o.status}" + ("" if o.value is None else f" {o.value:g}")
                for o in p.overridden
            ),
            class_="meta",
        )
        if p.overridden
        else None
    )
    source = f"{p.method} · {p.source}" if p.method else "—"
    return el(
        "tr",
        el("td", el("div", p.name), el("div", p.parameter_id, class_="meta")),
        el("td", p.value_text, el("div", f"raw: {p.raw}", class_="meta") if p.raw else None),
        el("td", _state_badge(p)),
        el("td", _contribution(p), class_="num"),
        el("td", source, overridden),
        el(
            "td",
            [_evidence_block(i) for i in p.evidence]
            if p.evidence
            else el("span", "no evidence", class_="meta"),
        ),
        id=f"p-{p.parameter_id.replace('.', '-')}",
        data_state=p.state,
    )


def _score_table(lines: list[ScoreLine]) -> Markup:
    rows = [
        el(
            "tr",
            el("td", el("a", line.name, href=local_href(f"#area-{line.id}"))),
            el("td", fmt_score(line.score), class_="num"),
            el("td", "—" if line.rank is None else str(line.rank), class_="num"),
            el("td", trend_cell(line.trend, line.prev_rank, line.rank)),
            el("td", fmt_share(line.coverage), class_="num"),
        )
        for line in lines
    ]
    head = el(
        "tr",
        el("th", "Area"),
        el("th", "Score", class_="num"),
        el("th", "Rank", class_="num"),
        el("th", "Trend"),
        el("th", "Coverage", class_="num"),
    )
    return el("table", el("thead", head), el("tbody", rows), class_="areas")


def city_page(
    view: CityView,
    *,
    catalog: Catalog,
    city_info: dict[str, Any],
    map_svg: Markup | None,
    map_legend: list[tuple[str, str, int, str | None]],
    map_note: str | None,
    chart_svg: Markup | None,
    chart_legend: list[tuple[str, str]],
    chart_note: str | None,
    n_cities: int,
) -> str:
    """One city: summary, area scores, map, chart, then every parameter with its evidence."""
    cov = view.coverage
    overall = view.overall
    cards = el(
        "div",
        el(
            "div",
            el("div", "Overall", class_="meta"),
            el("div", fmt_score(overall.score if overall else None), class_="big"),
            class_="card",
        ),
        el(
            "div",
            el("div", "Rank", class_="meta"),
            el(
                "div",
                "—" if not overall or overall.rank is None else f"{overall.rank} of {n_cities}",
                class_="big",
            ),
            el("div", trend_cell(overall.trend, overall.prev_rank, overall.rank)) if overall else None,
            class_="card",
        ),
        el(
            "div",
            el("div", "Coverage", class_="meta"),
            el("div", fmt_share(cov.share), class_="big"),
            el(
                "div",
                f"{cov.known} of {cov.applicable} known · {cov.missing} missing · {cov.not_checkable} not checkable"
                + (f" · {cov.source_missing} source missing" if cov.source_missing else "")
                + (f" · {cov.not_applicable} not applicable" if cov.not_applicable else ""),
                class_="meta",
            ),
            class_="card",
            id="coverage",
        ),
        class_="cards",
    )
    website = city_info.get("website")
    facts = [f"AGS {view.city_ags}"]
    if city_info.get("state"):
        facts.append(str(city_info["state"]))
    if city_info.get("population"):
        facts.append(f"{int(city_info['population']):,} inhabitants".replace(",", "."))
    header = [
        el("p", el("a", "← Overview", href=local_href("../index.html"), id="back-to-overview")),
        el("h1", view.city_name),
        el(
            "p",
            " · ".join(facts),
            " · " if website else None,
            link(website, website) if website else None,
            class_="meta",
        ),
        el("p", f"Month {view.month} · catalog {view.catalog_version}", class_="meta"),
        cards,
    ]
    body = list(header)
    body.append(el("h2", "Scores by area", id="areas"))
    body.append(
        _score_table(view.areas) if view.areas else el("p", "No scores for this month.", class_="note")
    )

    body.append(el("h2", "Map", id="map"))
    if map_svg is not None:
        body.append(el("figure", map_svg))
        legend = [
            el(
                "li",
                el(
                    "svg",
                    el("circle", cx="6", cy="6", r="5", fill=color),
                    xmlns="http://www.w3.org/2000/svg",
                    width="12",
                    height="12",
                    viewBox="0 0 12 12",
                ),
                f" {label}: {count}" + (f" (as of {as_of})" if as_of else ""),
            )
            for label, color, count, as_of in map_legend
        ]
        if legend:
            body.append(el("ul", legend, class_="legend"))
    if map_note:
        body.append(el("p", map_note, class_="note", id="map-note"))

    body.append(el("h2", "Scores over time", id="history"))
    if chart_svg is not None:
        body.append(el("figure", chart_svg))
        body.append(
            el(
                "ul",
                [
                    el(
                        "li",
                        el(
                            "svg",
                            el("path", d="M0 6H14", stroke=color, stroke_width="3"),
                            xmlns="http://www.w3.org/2000/svg",
                            width="14",
                            height="12",
                            viewBox="0 0 14 12",
                        ),
                        f" {label}",
                    )
                    for label, color in chart_legend
                ],
                class_="legend",
            )
        )
    if chart_note:
        body.append(el("p", chart_note, class_="note"))

    body.append(el("h2", "Parameters and evidence", id="parameters"))
    body.append(
        el(
            "p",
            "Score column: the parameter score s (0–1) times its weight, summed per indicator before the "
            "indicator is min-max normalised across cities. Pilot projects add bonus points instead.",
            class_="note",
        )
    )
    by_indicator: dict[str, list[ParameterView]] = {}
    for p in view.parameters:
        by_indicator.setdefault(p.indicator_id, []).append(p)
    area_lines = {line.id: line for line in view.areas}
    indicator_lines = {line.id: line for line in view.indicators}
    for area in catalog.areas:
        line = area_lines.get(area.id)
        body.append(
            el("h2", f"{area.name} — {fmt_score(line.score if line else None)}", id=f"area-{area.id}")
        )
        for ind in area.indicators:
            params = by_indicator.get(ind.id, [])
            if not params:
                continue
            iline = indicator_lines.get(ind.id)
            label = "bonus" if ind.pilot else "index"
            rank = f", rank {iline.rank}" if iline and iline.rank is not None else ""
            body.append(
                el(
                    "h3",
                    f"{ind.name} — {label} {fmt_score(iline.score if iline else None)}{rank}",
                    id=f"i-{ind.id.replace('.', '-')}",
                )
            )
            head = el(
                "tr",
                el("th", "Parameter"),
                el("th", "Value"),
                el("th", "Status"),
                el("th", "Score", class_="num"),
                el("th", "Method · source"),
                el("th", "Evidence"),
            )
            body.append(
                el(
                    "table",
                    el("thead", head),
                    el("tbody", [_parameter_row(p) for p in params]),
                    class_="parameters",
                )
            )
    body.append(el("p", el("a", "← Overview", href=local_href("../index.html")), class_="meta"))
    return document(f"{view.city_name} — Smart City Index {view.month}", el("main", body))
