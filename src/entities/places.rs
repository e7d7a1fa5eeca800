//! Entities that are places: each LOC mention, and each state or capital tagged ORG (KIND's
//! label for a state that acts), linked to its gazetteer record; and the table of a corpus's
//! places, one row per record, built from tallies that merge across parts.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    Float64Builder, StringBuilder, StringDictionaryBuilder, UInt32Builder, UInt64Builder,
};
use arrow_array::types::Int8Type;
use arrow_array::{ArrayRef, RecordBatch};
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::columns::{arrow_error, count};
use crate::error::Result;
use crate::places::{
    country_of_adjective, link_places, Gazetteer, MentionRole, PlaceId, PlaceMention,
};

use super::entity::Entity;
use super::tags::Label;

/// Sets `place` on every entity of one article that names a place (people never do).
pub fn link_entities(text: &str, entities: &mut [Entity], gazetteer: &Gazetteer) {
    let (indices, mentions): (Vec<usize>, Vec<PlaceMention<'_>>) = entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let role = match e.label {
                Label::Loc => MentionRole::Place,
                Label::Org => MentionRole::Organisation,
                Label::Per => return None,
            };
            let before = text.get(..e.start).unwrap_or("");
            // Only the end of what comes before is read: a few words.
            let cut = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
            Some((
                i,
                PlaceMention {
                    text: e.text(text),
                    canonical: &e.canonical,
                    role,
                    before: &before[cut..],
                },
            ))
        })
        .unzip();
    if mentions.is_empty() {
        return;
    }
    let linked = link_places(gazetteer, &mentions, &nationalities(text));
    for (i, place) in indices.into_iter().zip(linked) {
        entities[i].place = place;
    }
}

/// The countries the text's nationality adjectives name (`le truppe ucraine`: `Ucraina`).
fn nationalities(text: &str) -> Vec<&'static str> {
    let mut countries: Vec<&'static str> = Vec::new();
    for word in text.split(|c: char| !c.is_alphabetic()) {
        // Adjectives are written lower case and have a stem and an ending: `russe` at least.
        if word.len() < 5 || !word.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        if let Some(country) = country_of_adjective(word) {
            if !countries.contains(&country) {
                countries.push(country);
            }
        }
    }
    countries
}

/// What the corpus says of one place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceTally {
    pub mentions: usize,
    pub articles: usize,
    /// Canonical names of the mentions with their counts, in order of first appearance.
    pub names: Vec<(String, usize)>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// The tallies of a corpus's places (mentions outside set-aside text), in order of first
/// appearance; the tallies of consecutive parts, merged in order, equal those of the whole.
/// Places travel as their gazetteer index, the same in every process of one rassegna.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceTallies {
    order: Vec<u32>,
    tallies: HashMap<u32, PlaceTally>,
}

impl PlaceTallies {
    pub fn of(articles: &[Arc<Article>], entities: &[Vec<Entity>]) -> Self {
        let mut all = Self::default();
        for (article, found) in articles.iter().zip(entities) {
            let date = article.date.as_ref().map(|d| d.value.as_str());
            let mut seen_here: Vec<u32> = Vec::new();
            for entity in found.iter().filter(|e| !e.is_set_aside()) {
                let Some(PlaceId(id)) = entity.place else {
                    continue;
                };
                let tally = all.entry(id);
                tally.mentions += 1;
                add_count(&mut tally.names, &entity.canonical, 1);
                if !seen_here.contains(&id) {
                    seen_here.push(id);
                    tally.articles += 1;
                    if let Some(date) = date {
                        widen(tally, date, date);
                    }
                }
            }
        }
        all
    }

    fn entry(&mut self, id: u32) -> &mut PlaceTally {
        if !self.tallies.contains_key(&id) {
            self.order.push(id);
        }
        self.tallies.entry(id).or_default()
    }

    /// Adds the tallies of the articles that follow these.
    pub fn merge(&mut self, other: PlaceTallies) {
        let PlaceTallies { order, mut tallies } = other;
        for id in order {
            let Some(theirs) = tallies.remove(&id) else {
                continue;
            };
            let ours = self.entry(id);
            ours.mentions += theirs.mentions;
            ours.articles += theirs.articles;
            for (name, n) in &theirs.names {
                add_count(&mut ours.names, name, *n);
            }
            for date in [&theirs.first_date, &theirs.last_date]
                .into_iter()
                .flatten()
            {
                widen(ours, date, date);
            }
        }
    }
}

fn add_count(counts: &mut Vec<(String, usize)>, name: &str, n: usize) {
    match counts.iter_mut().find(|(f, _)| f == name) {
        Some((_, c)) => *c += n,
        None => counts.push((name.to_owned(), n)),
    }
}

fn widen(tally: &mut PlaceTally, first: &str, last: &str) {
    if tally.first_date.as_deref().is_none_or(|d| first < d) {
        tally.first_date = Some(first.to_owned());
    }
    if tally.last_date.as_deref().is_none_or(|d| last > d) {
        tally.last_date = Some(last.to_owned());
    }
}

/// One row per place, most mentioned first: canonical (the corpus's most used name for it),
/// name (the gazetteer's), geonameid, country, kind, lat, lon, population, mentions, articles,
/// first and last article date.
pub fn places_table(all: PlaceTallies, gazetteer: &Gazetteer) -> Result<RecordBatch> {
    let PlaceTallies { mut order, tallies } = all;
    order.sort_by_key(|id| std::cmp::Reverse(tallies.get(id).map_or(0, |t| t.mentions)));
    let mut canonical = StringBuilder::new();
    let mut name = StringBuilder::new();
    let mut geonameid = UInt32Builder::new();
    let mut country = StringDictionaryBuilder::<Int8Type>::new();
    let mut kind = StringDictionaryBuilder::<Int8Type>::new();
    let mut lat = Float64Builder::new();
    let mut lon = Float64Builder::new();
    let mut population = UInt64Builder::new();
    let mut mentions = UInt32Builder::new();
    let mut articles = UInt32Builder::new();
    let mut first_date = StringBuilder::new();
    let mut last_date = StringBuilder::new();
    for id in &order {
        let (Some(tally), Some(place)) = (tallies.get(id), gazetteer.get(PlaceId(*id))) else {
            continue;
        };
        // The most used canonical name, the first on a tie.
        let top = tally
            .names
            .iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map_or(place.name.as_str(), |(s, _)| s.as_str());
        canonical.append_value(top);
        name.append_value(&place.name);
        geonameid.append_option(place.geonameid);
        if place.country.is_empty() {
            country.append_null();
        } else {
            country.append(&place.country).map_err(arrow_error)?;
        }
        kind.append(place.feature.kind()).map_err(arrow_error)?;
        lat.append_value(place.lat);
        lon.append_value(place.lon);
        population.append_option(place.population);
        mentions.append_value(count(tally.mentions));
        articles.append_value(count(tally.articles));
        first_date.append_option(tally.first_date.as_deref());
        last_date.append_option(tally.last_date.as_deref());
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("canonical", Arc::new(canonical.finish())),
        ("name", Arc::new(name.finish())),
        ("geonameid", Arc::new(geonameid.finish())),
        ("country", Arc::new(country.finish())),
        ("kind", Arc::new(kind.finish())),
        ("lat", Arc::new(lat.finish())),
        ("lon", Arc::new(lon.finish())),
        ("population", Arc::new(population.finish())),
        ("mentions", Arc::new(mentions.finish())),
        ("articles", Arc::new(articles.finish())),
        ("first_date", Arc::new(first_date.finish())),
        ("last_date", Arc::new(last_date.finish())),
    ];
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};
    use arrow_array::cast::AsArray;
    use arrow_array::types::UInt32Type;

    fn article(text: &str, date: &str) -> Arc<Article> {
        let overrides = Overrides {
            date: Some(date.to_owned()),
            ..Overrides::default()
        };
        Arc::new(parse(text.to_owned(), overrides).unwrap())
    }

    #[test]
    fn states_tagged_org_and_loc_are_one_place() {
        let texts = [
            "La Russia ha deciso di inviare truppe. Mosca ha risposto a Washington.",
            "Il presidente è arrivato in Russia, a Kazan, dopo una visita a Pyongyang.",
        ];
        let articles: Vec<Arc<Article>> = texts
            .iter()
            .zip(["2024-06-18", "2023-09-01"])
            .map(|(t, d)| article(t, d))
            .collect();
        let found: Vec<Vec<Entity>> = articles
            .iter()
            .map(|a| find_entities(a, Model::bundled(), Aliases::bundled()))
            .collect();
        let g = Gazetteer::bundled();
        let russia = g.by_geonameid(2017370).unwrap();
        let russias: Vec<Label> = found
            .iter()
            .flatten()
            .filter(|e| e.place == Some(russia))
            .map(|e| e.label)
            .collect();
        assert_eq!(russias.len(), 2, "{found:?}");
        let kazan = found[1]
            .iter()
            .find(|e| e.text(&articles[1].text) == "Kazan")
            .and_then(|e| e.place)
            .and_then(|id| g.get(id))
            .unwrap();
        assert_eq!(kazan.country, "RU");

        let batch = places_table(PlaceTallies::of(&articles, &found), g).unwrap();
        let names = batch.column_by_name("name").unwrap().as_string::<i32>();
        let row = (0..batch.num_rows())
            .find(|&i| names.value(i) == "Russia")
            .unwrap();
        let column = |n: &str| batch.column_by_name(n).unwrap().clone();
        assert_eq!(
            column("mentions").as_primitive::<UInt32Type>().value(row),
            2
        );
        assert_eq!(
            column("articles").as_primitive::<UInt32Type>().value(row),
            2
        );
        assert_eq!(
            column("first_date").as_string::<i32>().value(row),
            "2023-09-01"
        );
        // The tallies of the two articles apart, merged in order, are the tallies of both.
        let mut merged = PlaceTallies::of(&articles[..1], &found[..1]);
        merged.merge(PlaceTallies::of(&articles[1..], &found[1..]));
        assert_eq!(merged, PlaceTallies::of(&articles, &found));
    }
}
