//! Entity tables for a corpus, built column by column: one row per mention, or one row per
//! canonical name with its counts. Offsets in them are `str` indices, as Python slices.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, ListBuilder, StringBuilder, StringDictionaryBuilder, UInt32Builder,
};
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{ArrayRef, RecordBatch};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::columns::{arrow_error, count};
use crate::error::{Error, Result};
use crate::places::{Gazetteer, PlaceId};
use crate::text::CharOffsets;

use super::entity::Entity;
use super::tags::Label;

/// Articles per mention batch, as for the token table.
const ARTICLES_PER_BATCH: usize = 256;

/// One row per mention: article id, date and source, `str` offsets, label, text, canonical
/// name, sentence index, segment kind, whether the mention is in set-aside text, and the
/// place it names (gazetteer name and GeoNames id).
/// `entities[i]` are the entities of `articles[i]`.
pub fn mentions_table(
    articles: &[Arc<Article>],
    entities: &[Vec<Entity>],
) -> Result<Vec<RecordBatch>> {
    if articles.len() != entities.len() {
        return Err(Error::Internal(format!(
            "{} articles but entities for {}",
            articles.len(),
            entities.len()
        )));
    }
    if articles.is_empty() {
        return Ok(vec![mentions_batch(&[], &[])?]);
    }
    articles
        .par_chunks(ARTICLES_PER_BATCH)
        .zip(entities.par_chunks(ARTICLES_PER_BATCH))
        .map(|(a, e)| mentions_batch(a, e))
        .collect()
}

fn mentions_batch(articles: &[Arc<Article>], entities: &[Vec<Entity>]) -> Result<RecordBatch> {
    let mut id = StringDictionaryBuilder::<Int32Type>::new();
    let mut date = StringDictionaryBuilder::<Int32Type>::new();
    let mut source = StringDictionaryBuilder::<Int32Type>::new();
    let mut start = UInt32Builder::new();
    let mut end = UInt32Builder::new();
    let mut label = StringDictionaryBuilder::<Int8Type>::new();
    let mut text = StringBuilder::new();
    let mut canonical = StringBuilder::new();
    let mut sentence = UInt32Builder::new();
    let mut segment = StringDictionaryBuilder::<Int8Type>::new();
    let mut set_aside = BooleanBuilder::new();
    let mut place = StringBuilder::new();
    let mut geonameid = UInt32Builder::new();
    let gazetteer = Gazetteer::bundled();
    for (article, found) in articles.iter().zip(entities) {
        let offsets = CharOffsets::new(&article.text);
        let article_date = article.date.as_ref().map(|d| d.value.as_str());
        for entity in found {
            id.append_option(article.id.as_deref());
            date.append_option(article_date);
            source.append_option(article.source.as_deref());
            let (s, e) = offsets.char_span(entity.start, entity.end);
            start.append_value(count(s));
            end.append_value(count(e));
            label.append(entity.label.as_str()).map_err(arrow_error)?;
            text.append_value(entity.text(&article.text));
            canonical.append_value(&entity.canonical);
            sentence.append_option(entity.sentence.map(count));
            segment
                .append(entity.segment.as_str())
                .map_err(arrow_error)?;
            set_aside.append_value(entity.is_set_aside());
            let linked = entity.place.and_then(|id| gazetteer.get(id));
            place.append_option(linked.map(|p| p.name.as_str()));
            geonameid.append_option(linked.and_then(|p| p.geonameid));
        }
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("article", Arc::new(id.finish())),
        ("date", Arc::new(date.finish())),
        ("source", Arc::new(source.finish())),
        ("start", Arc::new(start.finish())),
        ("end", Arc::new(end.finish())),
        ("label", Arc::new(label.finish())),
        ("text", Arc::new(text.finish())),
        ("canonical", Arc::new(canonical.finish())),
        ("sentence", Arc::new(sentence.finish())),
        ("segment", Arc::new(segment.finish())),
        ("set_aside", Arc::new(set_aside.finish())),
        ("place", Arc::new(place.finish())),
        ("geonameid", Arc::new(geonameid.finish())),
    ];
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}

/// What the corpus says of one canonical name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityTally {
    /// Mentions per label, in `Label::ALL` order: a country acting (`la Russia ha deciso`) is
    /// ORG in KIND's guidelines and LOC elsewhere, yet one referent.
    pub labels: [usize; 3],
    pub mentions: usize,
    pub articles: usize,
    /// Surface forms with their counts, in order of first appearance.
    pub forms: Vec<(String, usize)>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// The places its mentions are linked to (gazetteer indices) with their counts.
    pub places: Vec<(u32, usize)>,
}

/// The tallies of a corpus's canonical names, in order of first appearance. The tallies of
/// consecutive parts of a corpus, merged in order, equal the tallies of the whole.
/// They travel between processes (`rassegna.dask`) as their rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    into = "Vec<(String, EntityTally)>",
    from = "Vec<(String, EntityTally)>"
)]
pub struct EntityTallies {
    order: Vec<String>,
    tallies: HashMap<String, EntityTally>,
}

impl EntityTallies {
    /// Tallies the mentions (outside set-aside text) of `articles`' entities.
    pub fn of(articles: &[Arc<Article>], entities: &[Vec<Entity>]) -> Self {
        let mut all = Self::default();
        for (article, found) in articles.iter().zip(entities) {
            let date = article.date.as_ref().map(|d| d.value.as_str());
            let mut seen_here: Vec<&str> = Vec::new();
            for entity in found.iter().filter(|e| !e.is_set_aside()) {
                let tally = all.entry(&entity.canonical);
                tally.mentions += 1;
                let label_index = Label::ALL
                    .iter()
                    .position(|l| *l == entity.label)
                    .unwrap_or(0);
                tally.labels[label_index] += 1;
                if let Some(PlaceId(id)) = entity.place {
                    match tally.places.iter_mut().find(|(p, _)| *p == id) {
                        Some((_, n)) => *n += 1,
                        None => tally.places.push((id, 1)),
                    }
                }
                let surface = entity.text(&article.text);
                match tally.forms.iter_mut().find(|(f, _)| f == surface) {
                    Some((_, n)) => *n += 1,
                    None => tally.forms.push((surface.to_owned(), 1)),
                }
                if seen_here.contains(&entity.canonical.as_str()) {
                    continue;
                }
                seen_here.push(entity.canonical.as_str());
                tally.articles += 1;
                if let Some(date) = date {
                    widen(tally, date, date);
                }
            }
        }
        all
    }

    fn entry(&mut self, canonical: &str) -> &mut EntityTally {
        if !self.tallies.contains_key(canonical) {
            self.order.push(canonical.to_owned());
        }
        self.tallies.entry(canonical.to_owned()).or_default()
    }

    /// Adds the tallies of the articles that follow these.
    pub fn merge(&mut self, other: EntityTallies) {
        let EntityTallies { order, mut tallies } = other;
        for name in order {
            let Some(theirs) = tallies.remove(&name) else {
                continue;
            };
            let ours = self.entry(&name);
            for (o, t) in ours.labels.iter_mut().zip(theirs.labels) {
                *o += t;
            }
            ours.mentions += theirs.mentions;
            ours.articles += theirs.articles;
            for (id, count) in theirs.places {
                match ours.places.iter_mut().find(|(p, _)| *p == id) {
                    Some((_, n)) => *n += count,
                    None => ours.places.push((id, count)),
                }
            }
            for (form, count) in theirs.forms {
                match ours.forms.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, n)) => *n += count,
                    None => ours.forms.push((form, count)),
                }
            }
            if let Some(first) = &theirs.first_date {
                widen(ours, first, first);
            }
            if let Some(last) = &theirs.last_date {
                widen(ours, last, last);
            }
        }
    }

    /// The tallies as (canonical name, tally) pairs, in order of first appearance.
    pub fn into_rows(self) -> Vec<(String, EntityTally)> {
        let EntityTallies { order, mut tallies } = self;
        order
            .into_iter()
            .filter_map(|name| tallies.remove(&name).map(|t| (name, t)))
            .collect()
    }

    pub fn from_rows(rows: Vec<(String, EntityTally)>) -> Self {
        let mut all = Self::default();
        for (name, tally) in rows {
            let mut one = Self::default();
            one.order.push(name.clone());
            one.tallies.insert(name, tally);
            all.merge(one);
        }
        all
    }
}

impl From<EntityTallies> for Vec<(String, EntityTally)> {
    fn from(tallies: EntityTallies) -> Self {
        tallies.into_rows()
    }
}

impl From<Vec<(String, EntityTally)>> for EntityTallies {
    fn from(rows: Vec<(String, EntityTally)>) -> Self {
        EntityTallies::from_rows(rows)
    }
}

fn widen(tally: &mut EntityTally, first: &str, last: &str) {
    if tally.first_date.as_deref().is_none_or(|d| first < d) {
        tally.first_date = Some(first.to_owned());
    }
    if tally.last_date.as_deref().is_none_or(|d| last > d) {
        tally.last_date = Some(last.to_owned());
    }
}

/// One row per canonical name: its most frequent label, mentions (and per label), articles,
/// surface forms (most frequent first), first and last article date, and the place its
/// mentions are most often linked to (gazetteer name and GeoNames id; null for no place). Mentions in set-aside text are not counted: a `Leggi
/// anche` line names another article's people. Rows are sorted by mentions, most first.
pub fn entity_counts_table(
    articles: &[Arc<Article>],
    entities: &[Vec<Entity>],
) -> Result<RecordBatch> {
    entity_tallies_table(EntityTallies::of(articles, entities))
}

/// The table of [`entity_counts_table`] from (merged) tallies.
pub fn entity_tallies_table(all: EntityTallies) -> Result<RecordBatch> {
    let EntityTallies { mut order, tallies } = all;
    // Stable sort: equal counts keep the order of first appearance.
    order.sort_by_key(|key| std::cmp::Reverse(tallies[key].mentions));
    let mut canonical = StringBuilder::new();
    let mut label = StringDictionaryBuilder::<Int8Type>::new();
    let mut mentions = UInt32Builder::new();
    let [mut per, mut loc, mut org] = std::array::from_fn(|_| UInt32Builder::new());
    let mut article_count = UInt32Builder::new();
    let mut forms = ListBuilder::new(StringBuilder::new());
    let mut first_date = StringBuilder::new();
    let mut last_date = StringBuilder::new();
    let mut place = StringBuilder::new();
    let mut geonameid = UInt32Builder::new();
    let gazetteer = Gazetteer::bundled();
    for key in &order {
        let tally = &tallies[key];
        canonical.append_value(key);
        // The most frequent label; the first in PER, LOC, ORG order on a tie.
        let top = (0..3).rev().max_by_key(|&i| tally.labels[i]).unwrap_or(0);
        label
            .append(Label::ALL[top].as_str())
            .map_err(arrow_error)?;
        mentions.append_value(count(tally.mentions));
        per.append_value(count(tally.labels[0]));
        loc.append_value(count(tally.labels[1]));
        org.append_value(count(tally.labels[2]));
        article_count.append_value(count(tally.articles));
        let mut by_count: Vec<&(String, usize)> = tally.forms.iter().collect();
        by_count.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for (form, _) in by_count {
            forms.values().append_value(form);
        }
        forms.append(true);
        first_date.append_option(tally.first_date.as_deref());
        last_date.append_option(tally.last_date.as_deref());
        // The most frequent place, the first on a tie.
        let linked = (tally.places.iter().rev())
            .max_by_key(|(_, n)| *n)
            .and_then(|(id, _)| gazetteer.get(PlaceId(*id)));
        place.append_option(linked.map(|p| p.name.as_str()));
        geonameid.append_option(linked.and_then(|p| p.geonameid));
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("canonical", Arc::new(canonical.finish())),
        ("label", Arc::new(label.finish())),
        ("mentions", Arc::new(mentions.finish())),
        ("per", Arc::new(per.finish())),
        ("loc", Arc::new(loc.finish())),
        ("org", Arc::new(org.finish())),
        ("articles", Arc::new(article_count.finish())),
        ("surface_forms", Arc::new(forms.finish())),
        ("first_date", Arc::new(first_date.finish())),
        ("last_date", Arc::new(last_date.finish())),
        ("place", Arc::new(place.finish())),
        ("geonameid", Arc::new(geonameid.finish())),
    ];
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides, SegmentKind};
    use arrow_array::cast::AsArray;
    use arrow_array::types::UInt32Type;
    use arrow_array::Array;

    fn article(text: &str, date: &str) -> Arc<Article> {
        let overrides = Overrides {
            date: Some(date.to_owned()),
            ..Overrides::default()
        };
        Arc::new(parse(text.to_owned(), overrides).unwrap())
    }

    fn entity(
        text: &str,
        surface: &str,
        label: Label,
        canonical: &str,
        segment: SegmentKind,
    ) -> Entity {
        let start = text.find(surface).unwrap();
        Entity {
            start,
            end: start + surface.len(),
            label,
            canonical: canonical.to_owned(),
            sentence: Some(0),
            segment,
            place: None,
        }
    }

    #[test]
    fn mention_rows_have_str_offsets() {
        let text = "Già Putin parla.";
        let articles = vec![article(text, "2024-06-18")];
        let found = vec![vec![entity(
            text,
            "Putin",
            Label::Per,
            "Vladimir Putin",
            SegmentKind::Paragraph,
        )]];
        let batches = mentions_table(&articles, &found).unwrap();
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 1);
        let start = batch
            .column_by_name("start")
            .unwrap()
            .as_primitive::<UInt32Type>();
        assert_eq!(start.value(0), 4); // "Già " is 4 characters, 5 bytes
        assert!(mentions_table(&articles, &[]).is_err());
        assert_eq!(mentions_table(&[], &[]).unwrap()[0].num_rows(), 0);
    }

    #[test]
    fn counts_skip_set_aside_text_and_span_dates() {
        let a = "Putin e Vladimir Putin.";
        let b = "Putin parla. Leggi anche Putin";
        let articles = vec![article(a, "2024-06-18"), article(b, "2023-09")];
        let found = vec![
            vec![
                entity(
                    a,
                    "Putin",
                    Label::Per,
                    "Vladimir Putin",
                    SegmentKind::Paragraph,
                ),
                entity(
                    a,
                    "Vladimir Putin",
                    Label::Per,
                    "Vladimir Putin",
                    SegmentKind::Paragraph,
                ),
            ],
            vec![
                entity(
                    b,
                    "Putin",
                    Label::Per,
                    "Vladimir Putin",
                    SegmentKind::Paragraph,
                ),
                Entity {
                    segment: SegmentKind::Boilerplate,
                    ..entity(
                        b,
                        "Putin",
                        Label::Per,
                        "Vladimir Putin",
                        SegmentKind::Paragraph,
                    )
                },
            ],
        ];
        let batch = entity_counts_table(&articles, &found).unwrap();
        assert_eq!(batch.num_rows(), 1);
        let column = |name: &str| batch.column_by_name(name).unwrap().clone();
        assert_eq!(column("mentions").as_primitive::<UInt32Type>().value(0), 3);
        assert_eq!(column("articles").as_primitive::<UInt32Type>().value(0), 2);
        assert_eq!(column("per").as_primitive::<UInt32Type>().value(0), 3);
        assert_eq!(column("first_date").as_string::<i32>().value(0), "2023-09");
        assert_eq!(
            column("last_date").as_string::<i32>().value(0),
            "2024-06-18"
        );
        let forms = column("surface_forms");
        let forms = forms.as_list::<i32>().value(0);
        let forms = forms.as_string::<i32>();
        assert_eq!(forms.len(), 2);
        assert_eq!(forms.value(0), "Putin");

        // The tallies of the two articles apart, merged in order, are the tallies of both.
        let mut merged = EntityTallies::of(&articles[..1], &found[..1]);
        let tail = EntityTallies::of(&articles[1..], &found[1..]);
        merged.merge(EntityTallies::from_rows(tail.into_rows()));
        assert_eq!(merged, EntityTallies::of(&articles, &found));
        assert_eq!(entity_tallies_table(merged).unwrap(), batch);
    }
}
