//! Collocations: bigrams and trigrams of adjacent words that occur together more than chance
//! says, with PMI, NPMI, log-likelihood and t-score.
//!
//! Words are the units of the vocabulary (so the term options apply: stems, entities, …); an
//! n-gram is n consecutive units inside a run with no punctuation, its first and last units
//! terms (stop-words may sit inside: `corea del nord`). With `N` the units counted, `f(w)` each
//! unit's count and `f(g)` the n-gram's:
//!
//! - `PMI = log2(f(g) N^(n-1) / Π f(w))`, `NPMI = PMI / (−(n−1) log2(f(g) / N))` (1 when
//!   the words occur only together);
//! - `t = (f(g) − Π f(w) / N^(n-1)) / √f(g)`;
//! - log-likelihood: Dunning's G² on the 2×2 table of "first n−1 units" × "last unit" (for
//!   bigrams the usual table of w1 × w2).

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::intern::Interner;
use super::vocabulary::{Role, Units, Vocabulary};
use crate::article::Article;
use crate::entities::Entity;

/// Articles per batch: large enough that batch-local tallies are worth merging.
const BATCH_DOCUMENTS: usize = 256;

const NONE: u32 = u32::MAX;
type Gram = [u32; 3];

#[derive(Clone, Debug, PartialEq)]
pub struct Collocation {
    pub ngram: String,
    pub n: usize,
    pub count: u64,
    pub pmi: f64,
    pub npmi: f64,
    pub log_likelihood: f64,
    pub t_score: f64,
}

/// The unit and n-gram counts collocations are computed from. Tallies of the parts of a
/// corpus merge into the tally of the whole (`rassegna.dask`).
/// Travels between processes (`rassegna.dask`) as its [`GramTallyParts`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "GramTallyParts", from = "GramTallyParts")]
pub struct GramTally {
    names: Interner,
    units: FxHashMap<u32, u64>,
    /// Count, and whether the n-gram is a candidate (not just a trigram's prefix).
    grams: FxHashMap<Gram, (u64, bool)>,
    total: u64,
}

/// A [`GramTally`] as plain values: unit names; (unit id, count); (n-gram ids, `u32::MAX`
/// for no third unit, count, candidate); units counted.
type GramTallyParts = (Vec<String>, Vec<(u32, u64)>, Vec<(Gram, u64, bool)>, u64);

impl GramTally {
    /// Counts of `articles`, for collocations of `sizes` (within 2..=3).
    pub fn of(
        articles: &[Arc<Article>],
        entities: Option<&[Vec<Entity>]>,
        vocabulary: &Vocabulary,
        sizes: (usize, usize),
    ) -> GramTally {
        let sizes = clamp_sizes(sizes);
        articles
            .par_chunks(BATCH_DOCUMENTS)
            .enumerate()
            .map(|(number, chunk)| {
                let found = entities.and_then(|e| e.get(number * BATCH_DOCUMENTS..));
                count_batch(chunk, found, vocabulary, sizes)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .fold(GramTally::default(), |mut all, tally| {
                all.merge(tally);
                all
            })
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: GramTally) {
        let map = self.names.absorb(&other.names);
        for (id, c) in other.units {
            *self.units.entry(map[id as usize]).or_insert(0) += c;
        }
        for (gram, (c, candidate)) in other.grams {
            let gram = gram.map(|g| if g == NONE { NONE } else { map[g as usize] });
            let entry = self.grams.entry(gram).or_insert((0, false));
            entry.0 += c;
            entry.1 |= candidate;
        }
        self.total += other.total;
    }

    fn into_parts(self) -> GramTallyParts {
        let names = self.names.names().map(str::to_owned).collect();
        let units = self.units.into_iter().collect();
        let grams = self
            .grams
            .into_iter()
            .map(|(g, (c, k))| (g, c, k))
            .collect();
        (names, units, grams, self.total)
    }

    /// A tally from [`GramTally::into_parts`]; entries with ids outside `names` are dropped.
    fn from_parts(parts: GramTallyParts) -> GramTally {
        let (names, units, grams, total) = parts;
        let mut tally = GramTally {
            total,
            ..GramTally::default()
        };
        let ids: Vec<u32> = names.iter().map(|n| tally.names.id(n)).collect();
        let id = |i: u32| ids.get(i as usize).copied();
        for (i, c) in units {
            if let Some(i) = id(i) {
                *tally.units.entry(i).or_insert(0) += c;
            }
        }
        for (gram, c, candidate) in grams {
            let mapped = gram.map(|g| if g == NONE { Some(NONE) } else { id(g) });
            let [Some(a), Some(b), Some(z)] = mapped else {
                continue;
            };
            if a == NONE || b == NONE {
                continue;
            }
            let entry = tally.grams.entry([a, b, z]).or_insert((0, false));
            entry.0 += c;
            entry.1 |= candidate;
        }
        tally
    }
}

fn clamp_sizes(sizes: (usize, usize)) -> (usize, usize) {
    (sizes.0.clamp(2, 3), sizes.1.clamp(2, 3))
}

fn count_batch(
    articles: &[Arc<Article>],
    entities: Option<&[Vec<Entity>]>,
    vocabulary: &Vocabulary,
    sizes: (usize, usize),
) -> GramTally {
    let mut tally = GramTally::default();
    let mut units = Units::default();
    let mut ids = Vec::new();
    for (k, article) in articles.iter().enumerate() {
        let found = entities
            .and_then(|e| e.get(k))
            .map_or(&[][..], Vec::as_slice);
        vocabulary.units(&article.text, &article.tokens(), found, &mut units);
        ids.clear();
        ids.extend(units.units.iter().map(|u| match u.role {
            Role::Break => NONE,
            _ => tally.names.id(units.form(u)),
        }));
        for &id in ids.iter().filter(|&&id| id != NONE) {
            *tally.units.entry(id).or_insert(0) += 1;
            tally.total += 1;
        }
        let is_term = |i: usize| units.units[i].role == Role::Term;
        for i in 0..ids.len() {
            for n in 2..=3 {
                let Some(window) = ids.get(i..i + n) else {
                    break;
                };
                if window.contains(&NONE) {
                    break;
                }
                let mut gram = [NONE; 3];
                gram[..n].copy_from_slice(window);
                // Candidates, and the bigram prefixes trigram statistics need.
                let candidate =
                    (sizes.0..=sizes.1).contains(&n) && is_term(i) && is_term(i + n - 1);
                if candidate || (n == 2 && sizes.1 == 3) {
                    let entry = tally.grams.entry(gram).or_insert((0, false));
                    entry.0 += 1;
                    entry.1 |= candidate;
                }
            }
        }
    }
    tally
}

/// Collocations of sizes `sizes` (within 2..=3) seen at least `min_count` times, best NPMI
/// first.
pub fn collocations(
    articles: &[Arc<Article>],
    entities: Option<&[Vec<Entity>]>,
    vocabulary: &Vocabulary,
    sizes: (usize, usize),
    min_count: u64,
) -> Vec<Collocation> {
    let all = GramTally::of(articles, entities, vocabulary, sizes);
    collocations_of(&all, sizes, min_count)
}

/// The collocations of a tally (of a whole corpus, or merged from its parts).
pub fn collocations_of(all: &GramTally, sizes: (usize, usize), min_count: u64) -> Vec<Collocation> {
    let sizes = clamp_sizes(sizes);
    let n_units = all.total as f64;
    let unit = |id: u32| *all.units.get(&id).unwrap_or(&0) as f64;
    let mut out: Vec<Collocation> = all
        .grams
        .iter()
        .filter_map(|(gram, &(count, candidate))| {
            let n = gram.iter().filter(|&&g| g != NONE).count();
            if !candidate || count < min_count.max(1) || !(sizes.0..=sizes.1).contains(&n) {
                return None;
            }
            let forms: Vec<&str> = gram[..n].iter().map(|&g| all.names.name(g)).collect();
            let f = count as f64;
            let product: f64 = gram[..n].iter().map(|&g| unit(g)).product();
            let scale = n_units.powi(n as i32 - 1);
            let pmi = (f * scale / product).log2();
            let p = f / n_units;
            let npmi = if p >= 1.0 {
                1.0
            } else {
                pmi / (-(n as f64 - 1.0) * p.log2())
            };
            let t_score = (f - product / scale) / f.sqrt();
            let prefix = if n == 2 {
                unit(gram[0])
            } else {
                all.grams
                    .get(&[gram[0], gram[1], NONE])
                    .map_or(f, |p| p.0 as f64)
            };
            let last = unit(gram[n - 1]);
            let log_likelihood = dunning(f, prefix, last, n_units);
            Some(Collocation {
                ngram: join(&forms),
                n,
                count,
                pmi,
                npmi,
                log_likelihood,
                t_score,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.npmi
            .total_cmp(&a.npmi)
            .then_with(|| a.ngram.cmp(&b.ngram))
    });
    out
}

fn join(forms: &[&str]) -> String {
    let mut out = String::new();
    for (k, form) in forms.iter().enumerate() {
        if k > 0 && !forms[k - 1].ends_with('\'') {
            out.push(' ');
        }
        out.push_str(form);
    }
    out
}

/// G² of the 2×2 table with joint count `o11`, margins `r1` and `c1`, total `n`.
pub fn dunning(o11: f64, r1: f64, c1: f64, n: f64) -> f64 {
    let cells = [
        (o11, r1 * c1 / n),
        (r1 - o11, r1 * (n - c1) / n),
        (c1 - o11, (n - r1) * c1 / n),
        (n - r1 - c1 + o11, (n - r1) * (n - c1) / n),
    ];
    let sum: f64 = cells
        .iter()
        .filter(|(o, e)| *o > 0.0 && *e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum();
    (2.0 * sum).max(0.0)
}

impl From<GramTally> for GramTallyParts {
    fn from(tally: GramTally) -> Self {
        tally.into_parts()
    }
}

impl From<GramTallyParts> for GramTally {
    fn from(parts: GramTallyParts) -> Self {
        GramTally::from_parts(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::stats::TermOptions;

    #[test]
    fn dunning_by_hand() {
        // o11 = 10, rows 20 / 80, columns 15 / 85, n = 100: the textbook 2×2 table.
        let expected = 2.0
            * (10.0 * (10.0f64 / 3.0).ln()
                + 10.0 * (10.0f64 / 17.0).ln()
                + 5.0 * (5.0f64 / 12.0).ln()
                + 75.0 * (75.0f64 / 68.0).ln());
        assert!((dunning(10.0, 20.0, 15.0, 100.0) - expected).abs() < 1e-12);
    }

    #[test]
    fn a_fixed_phrase_is_a_collocation() {
        let text = "La Corea del Nord manda soldati. La Corea del Nord nega. \
            Soldati russi e soldati coreani. La Corea del Nord tace. Mosca manda armi.";
        let article = Arc::new(parse(text.to_owned(), Overrides::default()).unwrap());
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let found = collocations(&[article], None, &vocabulary, (2, 3), 2);
        let names: Vec<&str> = found.iter().map(|c| c.ngram.as_str()).collect();
        assert_eq!(names, ["corea del nord"]);
        let c = &found[0];
        assert_eq!((c.n, c.count), (3, 3));
        assert!(c.pmi > 0.0 && c.npmi > 0.0 && c.npmi <= 1.0 && c.t_score > 0.0);
    }

    #[test]
    fn tallies_of_parts_merge_into_the_tally_of_the_whole() {
        let texts = [
            "La Corea del Nord manda soldati. La Corea del Nord nega.",
            "Soldati russi e soldati coreani. La Corea del Nord tace.",
            "Mosca manda armi. La Corea del Nord manda soldati russi.",
        ];
        let articles: Vec<Arc<Article>> = texts
            .iter()
            .map(|t| Arc::new(parse((*t).to_owned(), Overrides::default()).unwrap()))
            .collect();
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let whole = collocations(&articles, None, &vocabulary, (2, 3), 1);
        let mut merged = GramTally::default();
        for part in [&articles[..1], &articles[1..]] {
            let parts = GramTally::of(part, None, &vocabulary, (2, 3)).into_parts();
            merged.merge(GramTally::from_parts(parts));
        }
        assert!(!whole.is_empty());
        assert_eq!(collocations_of(&merged, (2, 3), 1), whole);
        // One part alone counts less: the merge is what makes them equal.
        let first = GramTally::of(&articles[..1], None, &vocabulary, (2, 3));
        assert_ne!(collocations_of(&first, (2, 3), 1), whole);
        // Ids that name no unit are dropped, not a panic.
        let broken = (
            vec!["corea".to_owned()],
            vec![(7, 1)],
            vec![([0, 9, NONE], 1, true)],
            1,
        );
        assert!(collocations_of(&GramTally::from_parts(broken), (2, 3), 1).is_empty());
    }
}
