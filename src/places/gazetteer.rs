//! The gazetteer: GeoNames records with their names (Italian first), looked up by a key that
//! forgives case, accents, apostrophes and hyphens (`Kazan’` is `kazan`, `Emilia-Romagna` is
//! `emilia romagna`).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// The bundled gazetteer's data (`scripts/build_places.py`).
const BUNDLED: &str = include_str!("gazetteer.tsv");

/// An index into [`Gazetteer::places`]: stable for one build of the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// What a place is, as GeoNames' feature codes say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    Continent,
    Country,
    /// A first-level administrative region (`Crimea`, `Lombardia`, `Oblast' di Kaluga`).
    Region,
    /// A region that is no administrative unit (`Donbass`, `Medio Oriente`): no GeoNames id.
    Area,
    Capital,
    City,
}

impl Feature {
    fn from_code(code: &str) -> Option<Feature> {
        Some(match code {
            "CONT" => Feature::Continent,
            "PCLI" => Feature::Country,
            "ADM1" => Feature::Region,
            "RGN" => Feature::Area,
            "PPLC" => Feature::Capital,
            "PPL" => Feature::City,
            _ => return None,
        })
    }

    /// The kind an analyst filters on: continent, country, region or city.
    pub fn kind(self) -> &'static str {
        match self {
            Feature::Continent => "continent",
            Feature::Country => "country",
            Feature::Region | Feature::Area => "region",
            Feature::Capital | Feature::City => "city",
        }
    }

    /// A state, or a seat of government that stands for one (`Mosca ha risposto`).
    pub fn acts_as_state(self) -> bool {
        matches!(self, Feature::Country | Feature::Capital)
    }
}

/// One record.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// `None` for the few regions that are no GeoNames record (`Donbass`).
    pub geonameid: Option<u32>,
    pub feature: Feature,
    /// ISO 3166-1 alpha-2 code; empty for continents and regions across countries.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// `None` for regions, whose population the data does not give.
    pub population: Option<u64>,
    /// The Italian name where the data has one (`Mosca`), else GeoNames' (`Kazan'`).
    pub name: String,
    /// The first-level region a city is in.
    pub region: Option<PlaceId>,
}

/// The places, and every name's key with the places that bear it.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// The 64-bit hashes of the names' keys, sorted; `entries[i]` is the place of `hashes[i]`
    /// and whether the name is the place's own rather than another of its names. Hashes
    /// rather than the 320,000 keys themselves: a tenth of the memory, and two of them
    /// colliding is a chance of one in a billion.
    hashes: Vec<u64>,
    entries: Vec<(PlaceId, bool)>,
}

impl Gazetteer {
    /// The gazetteer shipped with rassegna, parsed on first use.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED_GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED_GAZETTEER.get_or_init(|| {
            // The file is built and tested with the crate: a failure here is a build error.
            Gazetteer::parse(BUNDLED).expect("the bundled gazetteer parses")
        })
    }

    /// Reads `geonameid, feature, country, lat, lon, population, region, name, other names`
    /// lines (`#` comments), as `scripts/build_places.py` writes them.
    pub fn parse(tsv: &str) -> Result<Gazetteer> {
        let mut gazetteer = Gazetteer::default();
        let mut names: Vec<(u64, PlaceId, bool)> = Vec::new();
        let mut regions: Vec<Option<u32>> = Vec::new();
        let mut by_geonameid: FxHashMap<u32, PlaceId> = FxHashMap::default();
        for (number, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |field: &str| Error::InvalidValue {
                location: format!("gazetteer line {}", number + 1),
                field: field.into(),
                message: format!("cannot read {field} in {line:?}"),
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [gid, code, country, lat, lon, population, region, name, others] = fields[..]
            else {
                return Err(bad("line"));
            };
            let optional = |value: &str, field: &str| -> Result<Option<u64>> {
                if value.is_empty() {
                    Ok(None)
                } else {
                    value.parse().map(Some).map_err(|_| bad(field))
                }
            };
            let id = PlaceId(u32::try_from(gazetteer.places.len()).map_err(|_| bad("line"))?);
            let geonameid = optional(gid, "geonameid")?
                .map(|g| u32::try_from(g).map_err(|_| bad("geonameid")))
                .transpose()?;
            let place = Place {
                geonameid,
                feature: Feature::from_code(code).ok_or_else(|| bad("feature"))?,
                country: country.to_owned(),
                lat: lat.parse().map_err(|_| bad("lat"))?,
                lon: lon.parse().map_err(|_| bad("lon"))?,
                population: optional(population, "population")?,
                name: name.to_owned(),
                region: None,
            };
            regions.push(
                optional(region, "region")?
                    .map(|g| u32::try_from(g).map_err(|_| bad("region")))
                    .transpose()?,
            );
            if let Some(g) = geonameid {
                by_geonameid.insert(g, id);
            }
            for (other, own) in [(name, true)]
                .into_iter()
                .chain(others.split('|').map(|o| (o, false)))
            {
                if let Some(hash) = key_hash(other) {
                    names.push((hash, id, own));
                }
            }
            gazetteer.places.push(place);
        }
        // One entry per (name, place), its own name if it is so under any spelling.
        names.sort_unstable_by_key(|&(hash, id, own)| (hash, id, !own));
        names.dedup_by_key(|&mut (hash, id, _)| (hash, id));
        gazetteer.hashes = names.iter().map(|n| n.0).collect();
        gazetteer.entries = names.iter().map(|n| (n.1, n.2)).collect();
        for (place, region) in gazetteer.places.iter_mut().zip(regions) {
            place.region = region.and_then(|g| by_geonameid.get(&g).copied());
        }
        Ok(gazetteer)
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn get(&self, id: PlaceId) -> Option<&Place> {
        self.places.get(id.0 as usize)
    }

    /// The places a name may be, each with whether the name is the place's own.
    pub fn candidates(&self, name: &str) -> &[(PlaceId, bool)] {
        let Some(hash) = key_hash(name) else {
            return &[];
        };
        let from = self.hashes.partition_point(|&h| h < hash);
        let to = self.hashes.partition_point(|&h| h <= hash);
        self.entries.get(from..to).unwrap_or_default()
    }

    /// The place with this GeoNames id.
    pub fn by_geonameid(&self, geonameid: u32) -> Option<PlaceId> {
        self.places
            .iter()
            .position(|p| p.geonameid == Some(geonameid))
            .and_then(|i| u32::try_from(i).ok())
            .map(PlaceId)
    }
}

/// The hash of a name's key (SipHash with fixed keys: the same in every process); `None` for
/// a name without letters or digits.
fn key_hash(name: &str) -> Option<u64> {
    let key = place_key(name);
    if key.is_empty() {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    Some(hasher.finish())
}

/// A name as the gazetteer looks it up: lower case, without accents, apostrophes, dots or
/// brackets, hyphens as spaces, spaces collapsed.
pub fn place_key(name: &str) -> String {
    // Most names are ASCII, which decomposition leaves as it is: loading the gazetteer keys
    // 320,000 names.
    if name.is_ascii() {
        return key_of_chars(name.chars());
    }
    key_of_chars(
        name.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c)),
    )
}

fn key_of_chars(chars: impl Iterator<Item = char>) -> String {
    let mut key = String::new();
    let mut space = false;
    for c in chars {
        if c.is_alphanumeric() {
            if space && !key.is_empty() {
                key.push(' ');
            }
            space = false;
            key.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '–' || c == '/' {
            space = true;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_forgive_case_accents_and_punctuation() {
        assert_eq!(place_key("Kazan’"), "kazan");
        assert_eq!(place_key(" Emilia-Romagna "), "emilia romagna");
        assert_eq!(place_key("L'Avana"), "lavana");
        assert_eq!(place_key("Bogotà"), "bogota");
        assert_eq!(place_key("St. Louis"), "st louis");
    }

    #[test]
    fn the_bundled_gazetteer_has_italian_names_and_regions() {
        let g = Gazetteer::bundled();
        let only = |name: &str, feature: Feature| {
            g.candidates(name)
                .iter()
                .map(|(id, _)| g.get(*id).unwrap())
                .find(|p| p.feature == feature)
                .unwrap_or_else(|| panic!("{name}: no {feature:?}"))
                .clone()
        };
        let moscow = only("Mosca", Feature::Capital);
        assert_eq!(
            (moscow.geonameid, moscow.country.as_str()),
            (Some(524901), "RU")
        );
        assert_eq!(
            only("Corea del Nord", Feature::Country).geonameid,
            Some(1873107)
        );
        assert_eq!(
            only("Stati Uniti", Feature::Country).geonameid,
            Some(6252001)
        );
        assert_eq!(only("Crimea", Feature::Region).geonameid, Some(703883));
        assert_eq!(only("Donbass", Feature::Area).geonameid, None);
        let kaluga = only("Kaluga", Feature::City);
        let region = g.get(kaluga.region.unwrap()).unwrap();
        assert_eq!(region.geonameid, Some(553899));
        assert!(g.candidates("Regime").is_empty());
        assert_eq!(
            g.by_geonameid(524901).and_then(|id| g.get(id)),
            Some(&moscow)
        );
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(Gazetteer::parse("1\tPPL\tIT\tx\t1\t\t\tRoma\t").is_err());
        assert!(Gazetteer::parse("1\tXYZ\tIT\t1\t1\t\t\tRoma\t").is_err());
        assert!(Gazetteer::parse("1\tPPL\tIT").is_err());
        let g =
            Gazetteer::parse("# comment\n\n1\tPPL\tIT\t41.9\t12.5\t10\t\tRoma\tRome|Rom").unwrap();
        assert_eq!(g.candidates("ROME"), &[(PlaceId(0), false)]);
        assert_eq!(g.candidates("roma"), &[(PlaceId(0), true)]);
        assert!(g.candidates("Parigi").is_empty() && g.candidates("…").is_empty());
    }
}
