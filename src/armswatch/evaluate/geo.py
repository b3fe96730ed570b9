"""GeoWebNews, GeoVirus, LGL and TR-News → toponym recognition and resolution scores.

PATH is one XML file of the Pragmatic-Guide-to-Geoparsing-Evaluation family (`<articles><article>…`,
each with a `<text>`); `limit` takes the first N articles in file order. Three toponym schemas are read:

- GeoWebNews (`GWN.xml`): `<toponyms><toponym>` with `extractedName`, `type`, `start`, `end`, and for the
  toponyms that have them `geonamesID`, `latitude`, `longitude`;
- GeoVirus (`GeoVirus.xml`): `<locations><location>` with `name`, `start`, `end`, `lat`, `lon`, `page`
  (its offsets count from 1: `start` − 1 indexes the text);
- LGL and TR-News (`lgl.xml`, `TR-News.xml`): `<toponyms><toponym>` with `phrase`, `start`, `end` and a
  `<gaztag geonameid>` holding `name`, `fclass`, `fcode`, `lat`, `lon`, `country` and, below country level,
  `admin1` (TR-News: `<admin1 geonameid="…">Ontario</admin1>`; LGL: the GeoNames admin1 code, "OK").
  A toponym without a gaztag is a toponym without coordinates.

A gold offset pair that does not index its name (GeoVirus's after the shift by one) is moved to the
nearest place within a few characters where the name stands; one not found there is dropped (two in
GeoWebNews, whose article 19 has broken offsets). Both counts are in `counts`.

Which gold annotations are toponyms. GeoWebNews tags every token it looked at; the toponyms are the
literal types (Literal, Literal_Modifier, Embedded_Literal, Mixed, Coercion) and the associative ones
(Metonymic, Non_Literal_Modifier, Embedded_Non_Lit), all of which carry coordinates except nine
coercions ("Percy French Hotel"). Demonym ("Canadians", "the Saudis": people, no coordinates), Homonym
("Montana" as a nickname), Language, Non_Toponym ("Bank of Japan") and the Literal_/Non_Lit_Expression
context words are not toponyms. Adjectives ("Russian news outlets", "the Mexican people") are toponyms
with the state's point (Non_Literal_Modifier / Mixed / Literal_Modifier with modifierType Adjective), so
a demonym adjective counts. GeoVirus, LGL and TR-News annotate toponyms only.

System toponyms of one article (armswatch run end to end with `armswatch.process.process`):
- every `Place` of the extraction, with its point (a capital acting as a state — "Moscow said" — is a
  country-precision place at the state's point);
- every COUNTRY mention with a state id ("Russia", "U.S.") and every NORP mention with one that is an
  adjective ("Russian"), at the state's point (`resolve_place(id, kind="country")`); a plural demonym
  ("Russians": people) is no toponym, as in GeoWebNews. Demonym adjectives count only in a file that
  annotates them (`annotates_demonyms`: GeoWebNews by its types, or any gold toponym that is a state's
  demonym, as "Turkish" in TR-News); GeoVirus annotates none.
- every NORP mention that is a continent's adjective ("African", "European") and every ORG mention of a
  union that lies in one continent ("the EU"), at GeoNames' point for the continent
  (`normalize.place.continent_of`, `data/continent_forms.yaml`), as GeoWebNews places "EU" and
  "European" at Europe's point. Like demonym adjectives these are associative uses, counted only in a
  file that annotates demonyms (GeoVirus tags 1 of its 20 "EU"/"European Union").
One per span; a Place wins.

Scores:
- `span_p/r/f1`: exact spans; `overlap_p/r/f1`: one-to-one matches of overlapping spans, greedy by the
  largest overlap (the "recognised" toponyms below).
- `acc161`: the share of gold toponyms with coordinates that we recognised and resolved within 161 km
  (100 miles) of the gold point, great-circle; `acc161_resolved`: the same over the recognised ones only
  (one recognised but without a point counts as wrong); `median_km`, `mean_km`: error over the
  recognised and resolved ones.
- `gold_span_acc161` (+ `gold_span_median_km`): resolution alone: each gold toponym's text resolved as
  armswatch resolves a mention (a state name or demonym through the knowledge files, anything else
  through `armswatch.normalize.place_info`) with the article's dominant country (from our extraction)
  as hint. It separates resolution errors from detection errors.
- `admin1_acc` (formats that carry admin1: LGL, TR-News): over recognised and resolved toponyms whose
  gold has an admin1 and whose answer is below country level, the share with our ISO 3166-2 code equal to
  the gold's (gold admin1 by its GeoNames id, else by its GeoNames code, else by its name).
- `metonymy_state_acc` (GeoWebNews): over recognised gold Metonymic toponyms that name a state or its
  capital ("Russia accused", "Moscow said"), the share we resolved to that state at country precision.
  GeoWebNews itself puts a metonymic capital at the city's point, so `acc161` counts "Moscow said" → Russia
  as an error (a handful of mentions): the project wants the state there (DESIGN.md).
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from armswatch.errors import InvalidDocument
from armswatch.evaluate import EvalResult, prf
from armswatch.knowledge import load_knowledge
from armswatch.normalize import dominant_country, place_info
from armswatch.normalize.place import (
    PlaceInfo,
    admin1_by_geonames,
    continent_of,
    country_by_geonames_id,
    resolve_place,
)
from armswatch.records import Document, Extraction

# GeoWebNews types that are toponyms; every other type is not scored.
GWN_TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Literal_Modifier",
        "Embedded_Literal",
        "Mixed",
        "Coercion",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
    }
)
KM_161 = 161.0  # 100 miles, the customary threshold
_EARTH_KM = 6371.0088
_SHIFT = 3  # how far a gold offset pair is looked for its name
_CONTEXT = 60


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    type: str | None  # GeoWebNews type; None for the other formats
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    admin1: str | None = None  # ISO 3166-2, where the format gives admin1 and it maps to one
    admin1_raw: str | None = None  # admin1 as the file gives it


@dataclass(slots=True)
class Article:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)  # GeoWebNews annotations that are no toponym
    moved: int = 0
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class SysToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str | None
    source: str  # place / country / demonym / continent


# --- reading -------------------------------------------------------------------------------------------
def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """The offsets of `name` at or nearest to [start, end), within `_SHIFT` characters; None if absent."""
    if text[start:end] == name:
        return start, end
    for d in sorted(range(-_SHIFT, _SHIFT + 1), key=abs):
        if d and start + d >= 0 and text[start + d : start + d + len(name)] == name:
            return start + d, start + d + len(name)
    return None


def _gaztag(el: ET.Element) -> tuple[float | None, float | None, int | None, str | None, str | None]:
    """lat, lon, geonameid, admin1 (ISO 3166-2 when it maps to one) and admin1 as written, of a gaztag."""
    tag = el.find("gaztag")
    if tag is None:
        return None, None, None, None, None
    lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
    gid = _int(tag.get("geonameid"))
    adm = tag.find("admin1")
    if adm is None:
        return lat, lon, gid, None, None
    raw = (adm.text or "").strip() or None
    country = tag.find("country")
    iso = admin1_by_geonames(
        geonames_id=_int(adm.get("geonameid")),
        code=raw,
        name=raw,
        country=(country.text or "").strip() if country is not None and country.text else None,
        country_geonames_id=_int(country.get("geonameid")) if country is not None else None,
    )
    return lat, lon, gid, iso, raw


def read_articles(path: Path) -> list[Article]:
    """Every article of a GeoWebNews / GeoVirus / LGL / TR-News file, with its gold toponyms."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InvalidDocument(str(path), f"cannot read as XML: {e}") from e
    articles: list[Article] = []
    for n, el in enumerate(root.iter("article")):
        text = el.findtext("text") or ""
        ident = el.get("docid") or el.get("file") or str(n)
        art = Article(ident, text)
        one_based = el.find("locations") is not None
        for top in [*el.iterfind("toponyms/toponym"), *el.iterfind("locations/location")]:
            name = top.findtext("extractedName") or top.findtext("phrase") or top.findtext("name") or ""
            start, end = _int(top.findtext("start")), _int(top.findtext("end"))
            kind = top.findtext("type")
            if kind is not None and kind not in GWN_TOPONYM_TYPES:
                art.ignored[kind] += 1
                continue
            if start is None or end is None or not name:
                art.dropped += 1
                continue
            if one_based:
                start, end = start - 1, end - 1
            where = _align(text, start, end, name)
            if where is None:
                art.dropped += 1
                continue
            art.moved += where != (start, end)
            if top.find("gaztag") is not None or (top.tag == "toponym" and kind is None):
                lat, lon, gid, adm, raw = _gaztag(top)
            else:
                lat = _float(top.findtext("latitude") or top.findtext("lat"))
                lon = _float(top.findtext("longitude") or top.findtext("lon"))
                gid, adm, raw = _int(top.findtext("geonamesID")), None, None
            art.toponyms.append(GoldToponym(where[0], where[1], name, kind, lat, lon, gid, adm, raw))
        art.toponyms.sort(key=lambda t: (t.start, t.end))
        articles.append(art)
    return articles


# --- system toponyms -----------------------------------------------------------------------------------
@cache
def _demonyms() -> dict[str, frozenset[str]]:
    return {sid: frozenset(d.casefold() for d in s.demonyms) for sid, s in load_knowledge().states.items()}


def is_people(text: str, state: str) -> bool:
    """Whether a demonym form names the people ("Russians", "the Saudis"), not the state's adjective."""
    low = text.casefold().removeprefix("the ")
    forms = _demonyms().get(state, frozenset())
    if low in forms:
        return False
    return low.endswith("s") and (low[:-1] in forms or low[:-2] in forms)


def _country_point(code: str) -> PlaceInfo | None:
    return resolve_place(code, kind="country")


def is_demonym(text: str) -> bool:
    """Whether a text is a state's demonym adjective ("Turkish", "North Korean")."""
    low = text.casefold()
    return any(low in forms for forms in _demonyms().values())


def annotates_demonyms(articles: list[Article]) -> bool:
    """Whether a file counts demonym adjectives as toponyms: GeoWebNews (typed) or a gold one ("Turkish")."""
    return any(t.type is not None or is_demonym(t.text) for a in articles for t in a.toponyms)


def system_toponyms(ex: Extraction, *, demonyms: bool = True) -> list[SysToponym]:
    """The toponyms of one extraction with their points (module docstring); demonym adjectives only with
    `demonyms`."""
    out: dict[tuple[int, int], SysToponym] = {}
    for p in ex.places:
        out[(p.span.start, p.span.end)] = SysToponym(
            p.span.start, p.span.end, p.span.text, p.lat, p.lon, p.country, p.admin1, p.precision, "place"
        )
    for m in ex.entities:
        if (m.span.start, m.span.end) in out:
            continue
        if demonyms and m.type in ("NORP", "ORG"):
            cont = continent_of(m.span.text)  # "African", "European", "the EU": the continent
            if cont is not None:
                out[(m.span.start, m.span.end)] = SysToponym(
                    m.span.start,
                    m.span.end,
                    m.span.text,
                    cont.lat,
                    cont.lon,
                    None,
                    None,
                    "continent",
                    "continent",
                )
                continue
        if m.type not in ("COUNTRY", "NORP") or not m.id:
            continue
        if (m.type == "NORP" or is_demonym(m.span.text)) and (not demonyms or is_people(m.span.text, m.id)):
            continue
        info = _country_point(m.id)  # None for a state the gazetteer lacks: recognised, no point
        source = "country" if m.type == "COUNTRY" else "demonym"
        lat, lon = (info.lat, info.lon) if info is not None else (None, None)
        out[(m.span.start, m.span.end)] = SysToponym(
            m.span.start, m.span.end, m.span.text, lat, lon, m.id, None, "country", source
        )
    return sorted(out.values(), key=lambda t: (t.start, t.end))


def resolve_gold_text(text: str, hint: str | None) -> PlaceInfo | None:
    """A gold toponym's text resolved as armswatch resolves a mention of it (no context beyond the hint)."""
    for ref in load_knowledge().lookup(text):
        if ref.kind == "state":
            return _country_point(ref.id)
    return continent_of(text) or place_info(text, hint)


# --- scoring -------------------------------------------------------------------------------------------
def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def match(gold: list[GoldToponym], system: list[SysToponym]) -> dict[int, int]:
    """Gold index → system index: one-to-one, overlapping spans, greedy by largest overlap."""
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = g.start == s.start and g.end == s.end
                pairs.append((not exact, -overlap, i, j))
    pairs.sort()
    got: dict[int, int] = {}
    used: set[int] = set()
    for _exact, _overlap, i, j in pairs:
        if i not in got and j not in used:
            got[i] = j
            used.add(j)
    return got


def metonymy_target(g: GoldToponym) -> str | None:
    """The state a gold Metonymic toponym stands for, when it names a state or its capital."""
    if g.type != "Metonymic":
        return None
    if g.geonames_id is not None:
        code = country_by_geonames_id(g.geonames_id)
        if code is not None:
            return code
    for ref in load_knowledge().lookup(g.text):
        if ref.kind in ("state", "capital"):
            return ref.id
    return None


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    otp: int = 0
    with_coords: int = 0
    recognised: int = 0
    resolved: int = 0
    ok: int = 0
    errors_km: list[float] = field(default_factory=list)
    gold_ok: int = 0
    gold_resolved: int = 0
    gold_km: list[float] = field(default_factory=list)
    admin1_total: int = 0
    admin1_ok: int = 0
    meto_total: int = 0
    meto_ok: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    ok_by_type: Counter[str] = field(default_factory=Counter)
    found_by_source: Counter[str] = field(default_factory=Counter)


def _ctx(text: str, start: int, end: int) -> str:
    return (
        text[max(0, start - _CONTEXT) : start] + "[[" + text[start:end] + "]]" + text[end : end + _CONTEXT]
    ).replace("\n", " ")


def score_article(
    art: Article, ex: Extraction, t: Tally, errors: list[dict[str, Any]], *, demonyms: bool = True
) -> None:
    system = system_toponyms(ex, demonyms=demonyms)
    gold = art.toponyms
    gold_spans = {(g.start, g.end) for g in gold}
    sys_spans = {(s.start, s.end) for s in system}
    t.tp += len(gold_spans & sys_spans)
    t.fp += len(sys_spans - gold_spans)
    t.fn += len(gold_spans - sys_spans)
    pairs = match(gold, system)
    t.otp += len(pairs)
    hint = dominant_country(ex)
    for i, g in enumerate(gold):
        kind = g.type or "toponym"
        j = pairs.get(i)
        s = system[j] if j is not None else None
        if s is not None:
            t.found_by_source[s.source] += 1
        target = metonymy_target(g)
        if target is not None and s is not None:
            t.meto_total += 1
            t.meto_ok += s.country == target and s.precision == "country"
        if g.lat is None or g.lon is None:
            continue
        t.with_coords += 1
        t.by_type[kind] += 1
        info = resolve_gold_text(g.text, hint)
        if info is not None and info.lat is not None and info.lon is not None:
            t.gold_resolved += 1
            d = km(g.lat, g.lon, info.lat, info.lon)
            t.gold_km.append(d)
            t.gold_ok += d <= KM_161
        err: dict[str, Any] = {
            "article": art.id,
            "gold": {
                "start": g.start,
                "end": g.end,
                "text": g.text,
                "type": g.type,
                "lat": g.lat,
                "lon": g.lon,
            },
            "context": _ctx(art.text, g.start, g.end),
        }
        if s is None:
            errors.append({**err, "error": "missed"})
            continue
        t.recognised += 1
        got = {"text": s.text, "lat": s.lat, "lon": s.lon, "country": s.country, "precision": s.precision}
        if s.lat is None or s.lon is None:
            errors.append({**err, "error": "unresolved", "system": got})
            continue
        t.resolved += 1
        d = km(g.lat, g.lon, s.lat, s.lon)
        t.errors_km.append(d)
        if d <= KM_161:
            t.ok += 1
            t.ok_by_type[kind] += 1
        else:
            errors.append({**err, "error": "far", "km": round(d), "system": got})
        if g.admin1 is not None and s.precision in ("city", "admin1", "point"):
            t.admin1_total += 1
            t.admin1_ok += s.admin1 == g.admin1
    matched = set(pairs.values())
    for j, s in enumerate(system):
        if j not in matched:
            errors.append(
                {
                    "article": art.id,
                    "error": "spurious",
                    "system": {"start": s.start, "end": s.end, "text": s.text, "source": s.source},
                    "context": _ctx(art.text, s.start, s.end),
                }
            )


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process

    articles = read_articles(path)
    demonyms = annotates_demonyms(articles)
    if limit is not None:
        articles = articles[:limit]
    t = Tally()
    errors: list[dict[str, Any]] = []
    docs = [Document(text=a.text, external_id=a.id, source_file=str(path)) for a in articles]
    for art, ex in zip(articles, process(docs), strict=True):
        score_article(art, ex, t, errors, demonyms=demonyms)
    p, r, f = prf(t.tp, t.fp, t.fn)
    n_sys = t.tp + t.fp
    n_gold = t.tp + t.fn
    op, orr, of = prf(t.otp, n_sys - t.otp, n_gold - t.otp)
    metrics: dict[str, float] = {
        "span_p": p,
        "span_r": r,
        "span_f1": f,
        "overlap_p": op,
        "overlap_r": orr,
        "overlap_f1": of,
        "acc161": t.ok / t.with_coords if t.with_coords else 0.0,
        "acc161_resolved": t.ok / t.recognised if t.recognised else 0.0,
        "median_km": statistics.median(t.errors_km) if t.errors_km else 0.0,
        "mean_km": statistics.fmean(t.errors_km) if t.errors_km else 0.0,
        "gold_span_acc161": t.gold_ok / t.with_coords if t.with_coords else 0.0,
        "gold_span_median_km": statistics.median(t.gold_km) if t.gold_km else 0.0,
    }
    if t.admin1_total:
        metrics["admin1_acc"] = t.admin1_ok / t.admin1_total
    if t.meto_total:
        metrics["metonymy_state_acc"] = t.meto_ok / t.meto_total
    ignored: Counter[str] = Counter()
    for a in articles:
        ignored.update(a.ignored)
    counts: dict[str, int] = {
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "system_toponyms": n_sys,
        "exact_tp": t.tp,
        "overlap_tp": t.otp,
        "gold_with_coords": t.with_coords,
        "recognised": t.recognised,
        "resolved": t.resolved,
        "within_161km": t.ok,
        "gold_span_resolved": t.gold_resolved,
        "gold_span_within_161km": t.gold_ok,
        "admin1_scored": t.admin1_total,
        "admin1_correct": t.admin1_ok,
        "metonymy_scored": t.meto_total,
        "metonymy_state": t.meto_ok,
        "gold_offsets_moved": sum(a.moved for a in articles),
        "gold_dropped": sum(a.dropped for a in articles),
    }
    for kind, n in sorted(t.by_type.items()):
        counts[f"coords_{kind}"] = n
        counts[f"within_161km_{kind}"] = t.ok_by_type[kind]
    for source, n in sorted(t.found_by_source.items()):
        counts[f"recognised_by_{source}"] = n
    notes = [f"first {limit} articles in file order" if limit is not None else "all articles"]
    notes.append(
        "demonym adjectives count as toponyms (the file annotates them)"
        if demonyms
        else "demonym adjectives are not toponyms here (the file annotates none)"
    )
    if ignored:
        notes.append(
            "GeoWebNews annotations not scored (no toponyms): "
            + ", ".join(f"{k} {v}" for k, v in sorted(ignored.items()))
        )
    return EvalResult("geo", str(path), len(articles), metrics, counts, errors, notes)
