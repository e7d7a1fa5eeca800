//! Finding articles: a parsed query turned into tantivy queries, part by part, ranked by BM25
//! with the statistics of the whole index (or of every partition of a distributed corpus),
//! so that parts searched apart rank as one index would.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, EmptyQuery, Occur, PhraseQuery,
    Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::error::{Error, Result};

use super::analyzer::stem;
use super::index::{Fields, SearchIndex};
use super::query::{Query, TextField};

/// The most words a prefix (or a stem) may stand for: past it, the query is refused rather
/// than run as a union of tens of thousands of terms.
pub const MAX_EXPANSION: usize = 10_000;

/// An article found: its position in the corpus and its BM25 score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    pub article: usize,
    pub score: f32,
}

/// What BM25 needs to know of the whole collection: articles, tokens per field, and how
/// many articles hold each term the query looks for. Parts' statistics add up.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Statistics {
    pub docs: u64,
    /// Tokens per field id.
    pub tokens: HashMap<u32, u64>,
    /// Articles holding a term, by field id and term bytes.
    pub doc_freq: HashMap<(u32, Vec<u8>), u64>,
}

impl Statistics {
    pub fn merge(&mut self, other: &Statistics) {
        self.docs += other.docs;
        for (field, tokens) in &other.tokens {
            *self.tokens.entry(*field).or_default() += tokens;
        }
        for (term, count) in &other.doc_freq {
            *self.doc_freq.entry(term.clone()).or_default() += count;
        }
    }
}

impl Bm25StatisticsProvider for Statistics {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.tokens.get(&field.field_id()).copied().unwrap_or(0))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let key = (
            term.field().field_id(),
            term.serialized_value_bytes().to_vec(),
        );
        Ok(self.doc_freq.get(&key).copied().unwrap_or(0))
    }
}

/// Articles matching `query`, best first (ties in corpus order). `stem`: a word also finds
/// the words of its Italian stem (`truppa` finds `truppe`).
pub fn find(index: &SearchIndex, query: &Query, stem: bool) -> Result<Vec<Found>> {
    let statistics = statistics(index, query, stem)?;
    find_with(index, query, stem, &statistics)
}

/// This index's share of the statistics `query` is ranked by.
pub fn statistics(index: &SearchIndex, query: &Query, stem: bool) -> Result<Statistics> {
    check_entities(index, query)?;
    let parts: Vec<Statistics> = index
        .parts
        .par_iter()
        .map(|(_, part)| {
            let searcher = part.reader.searcher();
            let mut compiler = Compiler::new(&searcher, &part.fields, stem);
            compiler.compile(query)?;
            let mut out = Statistics {
                docs: searcher.num_docs(),
                ..Statistics::default()
            };
            for field in [part.fields.body, part.fields.title] {
                let tokens = searcher.total_num_tokens(field).map_err(index_error)?;
                out.tokens.insert(field.field_id(), tokens);
            }
            for term in compiler.terms {
                let count = searcher.doc_freq(&term).map_err(index_error)?;
                let key = (
                    term.field().field_id(),
                    term.serialized_value_bytes().to_vec(),
                );
                out.doc_freq.insert(key, count);
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    let mut total = Statistics::default();
    parts.iter().for_each(|p| total.merge(p));
    Ok(total)
}

/// Like [`find`], ranked by `statistics` (those of a larger collection this index is part of).
pub fn find_with(
    index: &SearchIndex,
    query: &Query,
    stem: bool,
    statistics: &Statistics,
) -> Result<Vec<Found>> {
    check_entities(index, query)?;
    let per_part: Vec<Vec<Found>> = index
        .parts
        .par_iter()
        .map(|(first, part)| {
            let searcher = part.reader.searcher();
            let compiled = Compiler::new(&searcher, &part.fields, stem).compile(query)?;
            let found = searcher
                .search_with_statistics_provider(compiled.as_ref(), &AllScored, statistics)
                .map_err(index_error)?;
            Ok(found
                .into_iter()
                .map(|(position, score)| Found {
                    article: first + position as usize,
                    score,
                })
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut found: Vec<Found> = per_part.into_iter().flatten().collect();
    rank(&mut found);
    Ok(found)
}

/// Best score first, ties in corpus order: the order every merge of parts ends in.
pub fn rank(found: &mut [Found]) {
    found.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.article.cmp(&b.article)));
}

fn check_entities(index: &SearchIndex, query: &Query) -> Result<()> {
    if query.uses_entities() && !index.has_entities() {
        return Err(Error::Internal(
            "an entity: query reached an index built without entities".into(),
        ));
    }
    Ok(())
}

fn index_error(error: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {error}"))
}

/// Builds the tantivy query of one part, and notes the terms it looks for.
struct Compiler<'s> {
    searcher: &'s Searcher,
    fields: &'s Fields,
    stem: bool,
    terms: BTreeSet<Term>,
}

type Compiled = Box<dyn TantivyQuery>;

impl<'s> Compiler<'s> {
    fn new(searcher: &'s Searcher, fields: &'s Fields, stem: bool) -> Self {
        Self {
            searcher,
            fields,
            stem,
            terms: BTreeSet::new(),
        }
    }

    fn text_fields(&self, field: Option<TextField>) -> Vec<Field> {
        match field {
            Some(TextField::Body) => vec![self.fields.body],
            Some(TextField::Title) => vec![self.fields.title],
            None => vec![self.fields.body, self.fields.title],
        }
    }

    fn compile(&mut self, query: &Query) -> Result<Compiled> {
        Ok(match query {
            Query::Word(field, word) => {
                let mut terms = Vec::new();
                for f in self.text_fields(*field) {
                    if self.stem {
                        terms.extend(self.expand(f, word, Some(&stem(word)))?);
                    } else {
                        terms.push(Term::from_field_text(f, word));
                    }
                }
                self.any_term(terms)
            }
            Query::Prefix(field, prefix) => {
                let mut terms = Vec::new();
                for f in self.text_fields(*field) {
                    terms.extend(self.expand(f, prefix, None)?);
                }
                self.any_term(terms)
            }
            Query::Phrase(field, words, slop) => {
                let mut clauses: Vec<(Occur, Compiled)> = Vec::new();
                for f in self.text_fields(*field) {
                    clauses.push((Occur::Should, self.phrase(f, words.iter(), *slop)));
                    // Two words near each other are near in either order.
                    if slop.is_some() && words.len() == 2 {
                        clauses.push((Occur::Should, self.phrase(f, words.iter().rev(), *slop)));
                    }
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Source(name) => self.exact(self.fields.source, name),
            Query::Entity(name) => self.exact(self.fields.entity, name),
            Query::Date { first, last } => {
                let starts = Term::from_field_u64(self.fields.first_day, *last);
                let ends = Term::from_field_u64(self.fields.last_day, *first);
                // The article's days overlap the range: it starts before the range ends
                // and ends after the range starts.
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(starts))),
                    ),
                    (
                        Occur::Must,
                        Box::new(RangeQuery::new(Bound::Included(ends), Bound::Unbounded)),
                    ),
                ]))
            }
            Query::And(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    clauses.push(match part {
                        Query::Not(inner) => (Occur::MustNot, self.compile(inner)?),
                        other => (Occur::Must, self.compile(other)?),
                    });
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Or(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    clauses.push((Occur::Should, self.compile(part)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, self.compile(inner)?),
            ])),
            Query::All => Box::new(AllQuery),
        })
    }

    fn exact(&mut self, field: Field, name: &str) -> Compiled {
        let term = Term::from_field_text(field, name);
        self.terms.insert(term.clone());
        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
    }

    fn any_term(&mut self, terms: Vec<Term>) -> Compiled {
        if terms.is_empty() {
            return Box::new(EmptyQuery);
        }
        let clauses = terms
            .into_iter()
            .map(|term| {
                self.terms.insert(term.clone());
                let query: Compiled = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase<'w>(
        &mut self,
        field: Field,
        words: impl Iterator<Item = &'w String>,
        slop: Option<u32>,
    ) -> Compiled {
        let terms: Vec<(usize, Term)> = words
            .enumerate()
            .map(|(at, word)| (at, Term::from_field_text(field, word)))
            .collect();
        self.terms.extend(terms.iter().map(|(_, t)| t.clone()));
        Box::new(PhraseQuery::new_with_offset_and_slop(
            terms,
            slop.unwrap_or(0),
        ))
    }

    /// The words of `field` that begin with `prefix`; with `stem`, only those of that stem
    /// (the word itself always among them).
    fn expand(&self, field: Field, prefix: &str, stem_of: Option<&str>) -> Result<Vec<Term>> {
        // A stem need not be a prefix of its word: look from what they share.
        let from: String = match stem_of {
            Some(s) => prefix
                .chars()
                .zip(s.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
            None => prefix.to_owned(),
        };
        let mut words: BTreeSet<Vec<u8>> = BTreeSet::new();
        if stem_of.is_some() {
            words.insert(prefix.as_bytes().to_vec());
        }
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(index_error)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(from.as_bytes())
                .into_stream()
                .map_err(index_error)?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(from.as_bytes()) {
                    break;
                }
                let keep = match stem_of {
                    Some(s) => std::str::from_utf8(key).is_ok_and(|w| stem(w) == s),
                    None => true,
                };
                if keep {
                    words.insert(key.to_vec());
                    if words.len() > MAX_EXPANSION {
                        return Err(Error::InvalidValue {
                            location: format!("{prefix}*"),
                            field: "query".into(),
                            message: format!(
                                "stands for more than {MAX_EXPANSION} different words; make \
                                 the prefix longer"
                            ),
                        });
                    }
                }
            }
        }
        Ok(words
            .into_iter()
            .filter_map(|w| String::from_utf8(w).ok())
            .map(|w| Term::from_field_text(field, &w))
            .collect())
    }
}

/// Every matching article of a part: its position and score.
struct AllScored;

struct AllScoredSegment {
    positions: Column<u64>,
    found: Vec<(u64, Score)>,
}

impl Collector for AllScored {
    type Fruit = Vec<(u64, Score)>;
    type Child = AllScoredSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(AllScoredSegment {
            positions: segment.fast_fields().u64("position")?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u64, Score)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllScoredSegment {
    type Fruit = Vec<(u64, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(position) = self.positions.first(doc) {
            self.found.push((position, score));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}
