//! Places: the gazetteer of GeoNames records (countries, regions, cities, continents) with
//! their Italian names, the linking of a place's mentions in an article to one record, and the
//! nationality adjectives and capitals that stand for countries.
//!
//! Shared by `entities` (each LOC mention, and each state or capital tagged ORG, gets its
//! place) and `mentions` (the country a role or a quantity belongs to). The gazetteer is built
//! by `scripts/build_places.py` into `gazetteer.tsv` and embedded in the crate.

mod gazetteer;
mod link;
mod nationality;

pub use gazetteer::{place_key, Feature, Gazetteer, Place, PlaceId};
pub use link::{link_places, MentionRole, PlaceMention};
pub use nationality::{country_of_adjective, country_of_capital, country_of_two_words, is_country};
