//! Co-occurrence of entities (by canonical name) or of terms: pairs found together in a
//! sentence, an article, or within a window of tokens, with their counts and PMI.
//!
//! In a sentence or an article each pair counts once per context that holds both, and
//! `PMI = log2(n_ab N / (n_a n_b))` with `N` the contexts and `n_a` the contexts holding `a`.
//! In a window of `k` tokens each pair of occurrences at most `k` tokens apart counts, `n_a`
//! counts occurrences and `N` all occurrences. Pairs are unordered: `source < target`.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::intern::Interner;
use super::vocabulary::{Role, Units, Vocabulary};
use crate::article::Article;
use crate::entities::{Entity, Label};

/// Articles per batch: large enough that batch-local tallies are worth merging.
const BATCH_DOCUMENTS: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Sentence,
    Article,
    Window(usize),
}

/// What co-occurs: entities (of the given labels, all when empty and `places` is off) or terms.
#[derive(Clone, Copy)]
pub enum Items<'a> {
    /// With `places`, the entities linked to a place (a state tagged ORG too) besides those of
    /// the labels.
    Entities {
        labels: &'a [Label],
        places: bool,
    },
    Terms(&'a Vocabulary),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub source: String,
    pub target: String,
    pub count: u64,
    pub source_count: u64,
    pub target_count: u64,
    pub pmi: f64,
}

/// One occurrence: name id, token index, sentence index.
type Occurrence = (u32, usize, Option<usize>);

/// Counts of items, of pairs and of contexts, for a batch of articles or a part of a corpus.
/// Tallies of parts merge into the tally of the whole: the pairs do not depend on the split.
/// Travels between processes (`rassegna.dask`) as its [`TallyParts`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "TallyParts", from = "TallyParts")]
pub struct Tally {
    names: Interner,
    items: FxHashMap<u32, u64>,
    pairs: FxHashMap<(u32, u32), u64>,
    contexts: u64,
}

impl Tally {
    fn pair(&mut self, a: u32, b: u32) {
        if a != b {
            *self.pairs.entry((a.min(b), a.max(b))).or_insert(0) += 1;
        }
    }
}

fn occurrences(
    article: &Article,
    entities: &[Entity],
    items: Items<'_>,
    names: &mut Interner,
    units: &mut Units,
) -> Vec<Occurrence> {
    let tokens = article.tokens();
    let sentence_of = |token: usize| {
        article
            .sentences
            .partition_point(|s| s.tokens.end <= token)
            .min(article.sentences.len().saturating_sub(1))
    };
    match items {
        Items::Entities { labels, places } => entities
            .iter()
            .filter(|e| {
                let kept = if places {
                    e.place.is_some() || labels.contains(&e.label)
                } else {
                    labels.is_empty() || labels.contains(&e.label)
                };
                e.sentence.is_some() && kept
            })
            .map(|e| {
                let token = tokens.partition_point(|t| t.start < e.start);
                let name = if e.canonical.is_empty() {
                    e.text(&article.text)
                } else {
                    &e.canonical
                };
                (names.id(name), token, e.sentence)
            })
            .collect(),
        Items::Terms(vocabulary) => {
            vocabulary.units(&article.text, &tokens, entities, units);
            units
                .units
                .iter()
                .filter(|u| u.role == Role::Term)
                .map(|u| {
                    let token = u.token as usize;
                    (names.id(units.form(u)), token, Some(sentence_of(token)))
                })
                .collect()
        }
    }
}

fn count_batch(
    articles: &[Arc<Article>],
    entities: Option<&[Vec<Entity>]>,
    items: Items<'_>,
    context: Context,
) -> Tally {
    let mut tally = Tally::default();
    let mut units = Units::default();
    let mut seen: FxHashSet<u32> = FxHashSet::default();
    for (k, article) in articles.iter().enumerate() {
        let found = entities
            .and_then(|e| e.get(k))
            .map_or(&[][..], Vec::as_slice);
        let occ = occurrences(article, found, items, &mut tally.names, &mut units);
        match context {
            Context::Window(width) => {
                tally.contexts += occ.len() as u64;
                for (i, &(a, pos, _)) in occ.iter().enumerate() {
                    *tally.items.entry(a).or_insert(0) += 1;
                    for &(b, other, _) in &occ[i + 1..] {
                        if other.abs_diff(pos) > width {
                            break;
                        }
                        tally.pair(a, b);
                    }
                }
            }
            Context::Article | Context::Sentence => {
                let groups: Vec<&[Occurrence]> = if context == Context::Article {
                    tally.contexts += 1;
                    vec![&occ[..]]
                } else {
                    tally.contexts += article.sentences.len() as u64;
                    occ.chunk_by(|x, y| x.2 == y.2).collect()
                };
                for group in groups {
                    seen.clear();
                    seen.extend(group.iter().map(|o| o.0));
                    let mut distinct: Vec<u32> = seen.iter().copied().collect();
                    distinct.sort_unstable();
                    for (i, &a) in distinct.iter().enumerate() {
                        *tally.items.entry(a).or_insert(0) += 1;
                        for &b in &distinct[i + 1..] {
                            tally.pair(a, b);
                        }
                    }
                }
            }
        }
    }
    tally
}

/// Pairs seen at least `min_count` times, most frequent first.
pub fn cooccurrence(
    articles: &[Arc<Article>],
    entities: Option<&[Vec<Entity>]>,
    items: Items<'_>,
    context: Context,
    min_count: u64,
) -> Vec<Pair> {
    Tally::of(articles, entities, items, context).pairs(min_count)
}

/// A tally as plain values: names, (name, count) per item, (name, name, count) per pair, and
/// the number of contexts.
type TallyParts = (Vec<String>, Vec<(u32, u64)>, Vec<(u32, u32, u64)>, u64);

impl Tally {
    /// Counts `articles` in parallel batches; `entities` as in [`cooccurrence`].
    pub fn of(
        articles: &[Arc<Article>],
        entities: Option<&[Vec<Entity>]>,
        items: Items<'_>,
        context: Context,
    ) -> Tally {
        let tallies: Vec<Tally> = articles
            .par_chunks(BATCH_DOCUMENTS)
            .enumerate()
            .map(|(number, chunk)| {
                let found = entities.and_then(|e| e.get(number * BATCH_DOCUMENTS..));
                count_batch(chunk, found, items, context)
            })
            .collect();
        let mut all = Tally::default();
        for tally in tallies {
            all.merge(tally);
        }
        all
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: Tally) {
        let map = self.names.absorb(&other.names);
        for (id, c) in other.items {
            *self.items.entry(map[id as usize]).or_insert(0) += c;
        }
        for ((a, b), c) in other.pairs {
            let (a, b) = (map[a as usize], map[b as usize]);
            *self.pairs.entry((a.min(b), a.max(b))).or_insert(0) += c;
        }
        self.contexts += other.contexts;
    }

    fn into_parts(self) -> TallyParts {
        let names = self.names.names().map(str::to_owned).collect();
        let items = self.items.into_iter().collect();
        let pairs = self
            .pairs
            .into_iter()
            .map(|((a, b), c)| (a, b, c))
            .collect();
        (names, items, pairs, self.contexts)
    }

    /// A tally from [`Tally::into_parts`]; ids outside `names` are dropped.
    fn from_parts(parts: TallyParts) -> Tally {
        let (names, items, pairs, contexts) = parts;
        let mut tally = Tally {
            contexts,
            ..Tally::default()
        };
        let ids: Vec<u32> = names.iter().map(|n| tally.names.id(n)).collect();
        let id = |i: u32| ids.get(i as usize).copied();
        for (i, c) in items {
            if let Some(i) = id(i) {
                *tally.items.entry(i).or_insert(0) += c;
            }
        }
        for (a, b, c) in pairs {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                *tally.pairs.entry((a.min(b), a.max(b))).or_insert(0) += c;
            }
        }
        tally
    }

    /// Pairs seen at least `min_count` times, most frequent first.
    pub fn pairs(&self, min_count: u64) -> Vec<Pair> {
        let all = self;
        let n = all.contexts as f64;
        let mut out: Vec<Pair> = all
            .pairs
            .iter()
            .filter(|(_, &c)| c >= min_count.max(1))
            .map(|(&(a, b), &count)| {
                let na = all.items.get(&a).copied().unwrap_or(0);
                let nb = all.items.get(&b).copied().unwrap_or(0);
                let (mut source, mut target) = (all.names.name(a), all.names.name(b));
                let (mut sc, mut tc) = (na, nb);
                if source > target {
                    std::mem::swap(&mut source, &mut target);
                    std::mem::swap(&mut sc, &mut tc);
                }
                Pair {
                    source: source.to_owned(),
                    target: target.to_owned(),
                    count,
                    source_count: sc,
                    target_count: tc,
                    pmi: (count as f64 * n / (na as f64 * nb as f64)).log2(),
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.count
                .cmp(&x.count)
                .then_with(|| x.source.cmp(&y.source))
                .then_with(|| x.target.cmp(&y.target))
        });
        out
    }
}

impl From<Tally> for TallyParts {
    fn from(tally: Tally) -> Self {
        tally.into_parts()
    }
}

impl From<TallyParts> for Tally {
    fn from(parts: TallyParts) -> Self {
        Tally::from_parts(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::stats::TermOptions;

    fn corpus() -> Vec<Arc<Article>> {
        [
            "Kim incontra Putin a Mosca. Poi Kim parte.",
            "Putin parla. Mosca tace.",
        ]
        .iter()
        .map(|t| Arc::new(parse((*t).to_owned(), Overrides::default()).unwrap()))
        .collect()
    }

    #[test]
    fn terms_in_sentences_and_articles() {
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let articles = corpus();
        let items = Items::Terms(&vocabulary);
        let pairs = cooccurrence(&articles, None, items, Context::Sentence, 1);
        let find = |pairs: &[Pair], a: &str, b: &str| {
            pairs
                .iter()
                .find(|p| p.source == a && p.target == b)
                .map(|p| (p.count, p.source_count, p.target_count))
        };
        assert_eq!(find(&pairs, "kim", "putin"), Some((1, 2, 2)));
        assert_eq!(find(&pairs, "mosca", "putin"), Some((1, 2, 2)));
        assert_eq!(find(&pairs, "parla", "tace"), None);
        // 4 sentences: PMI of kim–putin = log2(1 × 4 / (2 × 2)) = 0.
        let p = pairs
            .iter()
            .find(|p| p.source == "kim" && p.target == "putin")
            .unwrap();
        assert!(p.pmi.abs() < 1e-12);
        let pairs = cooccurrence(&articles, None, items, Context::Article, 1);
        assert_eq!(find(&pairs, "mosca", "putin"), Some((2, 2, 2)));
        let pairs = cooccurrence(&articles, None, items, Context::Window(1), 1);
        assert_eq!(find(&pairs, "incontra", "kim"), Some((1, 1, 2)));
        assert_eq!(find(&pairs, "kim", "putin"), None);
    }

    #[test]
    fn tallies_of_parts_merge_into_the_pairs_of_the_whole() {
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let articles = corpus();
        let items = Items::Terms(&vocabulary);
        for context in [Context::Sentence, Context::Article, Context::Window(2)] {
            let whole = cooccurrence(&articles, None, items, context, 1);
            let mut merged = Tally::of(&articles[..1], None, items, context);
            let tail = Tally::of(&articles[1..], None, items, context);
            merged.merge(Tally::from_parts(tail.into_parts()));
            assert_eq!(merged.pairs(1), whole, "{context:?}");
        }
    }

    #[test]
    fn entities_by_canonical_name() {
        let articles = corpus();
        let text = &articles[0].text;
        let at = |name: &str, from: usize, sentence: usize| {
            let start = from + text[from..].find(name).unwrap();
            Entity {
                start,
                end: start + name.len(),
                label: Label::Per,
                canonical: if name == "Kim" {
                    "Kim Jong-un".into()
                } else {
                    name.into()
                },
                sentence: Some(sentence),
                segment: crate::article::SegmentKind::Paragraph,
                place: None,
            }
        };
        let found = vec![
            vec![at("Kim", 0, 0), at("Putin", 0, 0), at("Kim", 20, 1)],
            vec![],
        ];
        let pairs = cooccurrence(
            &articles,
            Some(&found),
            Items::Entities {
                labels: &[],
                places: false,
            },
            Context::Sentence,
            1,
        );
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].source.as_str(), pairs[0].target.as_str()),
            ("Kim Jong-un", "Putin")
        );
        let only_loc = cooccurrence(
            &articles,
            Some(&found),
            Items::Entities {
                labels: &[Label::Loc],
                places: false,
            },
            Context::Sentence,
            1,
        );
        assert!(only_loc.is_empty());
    }
}
