//! Partial counts of the parts of a corpus (as a cluster holds them, one part per machine),
//! merged into the counts of the whole: the same rows and columns as counting the whole.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::counts::TermCounts;
use super::strings::Strings;

/// Joins the term counts of consecutive parts of a corpus, in order, under one vocabulary in
/// code point order: each part's terms are in that order (as [`count_articles`] gives them),
/// so a column keeps its order among its part's columns and the rows stay sorted. The result
/// equals the counts of the whole corpus.
///
/// [`count_articles`]: super::text_counts::count_articles
pub fn merge_term_counts(mut parts: Vec<TermCounts>) -> TermCounts {
    if parts.len() == 1 {
        return parts.pop().unwrap_or_default();
    }
    // Every part's terms with where they come from, in string order; equal strings meet.
    let mut all: Vec<(&str, u32, u32)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| {
            part.terms
                .iter()
                .enumerate()
                .map(move |(k, term)| (term, p as u32, k as u32))
        })
        .collect();
    all.par_sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    let mut terms = Strings::default();
    let mut columns: Vec<Vec<u32>> = parts.iter().map(|p| vec![0; p.terms.len()]).collect();
    for (k, &(term, part, index)) in all.iter().enumerate() {
        if k == 0 || all[k - 1].0 != term {
            terms.push(term);
        }
        columns[part as usize][index as usize] = terms.len() as u32 - 1;
    }
    drop(all);
    let cells = parts.iter().map(|p| p.indices.len()).sum();
    let mut merged = TermCounts {
        terms,
        indptr: vec![0],
        indices: Vec::with_capacity(cells),
        counts: Vec::with_capacity(cells),
    };
    for (part, column) in parts.into_iter().zip(&columns) {
        let base = merged.indices.len();
        let rows = part.indptr.len().saturating_sub(1);
        merged.indices.extend(
            part.indices
                .iter()
                .map(|&i| column.get(i as usize).copied().unwrap_or(0)),
        );
        merged.counts.extend_from_slice(&part.counts);
        merged
            .indptr
            .extend(part.indptr.iter().skip(1).take(rows).map(|&p| p + base));
    }
    merged
}

/// Per-term totals of the target and reference parts of a keyness comparison.
pub type KeynessCounts = (Vec<Box<str>>, Vec<u64>, Vec<u64>);

/// The target and reference totals of the documents `target` and `reference` select (one
/// document may be in both), over the terms of `counts`.
pub fn keyness_counts(counts: &TermCounts, target: &[usize], reference: &[usize]) -> KeynessCounts {
    let mut a = vec![0u64; counts.terms.len()];
    let mut b = vec![0u64; counts.terms.len()];
    for (docs, totals) in [(target, &mut a), (reference, &mut b)] {
        for &doc in docs.iter().filter(|&&d| d < counts.documents()) {
            let (idx, cnt) = counts.row(doc);
            for (&i, &c) in idx.iter().zip(cnt) {
                totals[i as usize] += u64::from(c);
            }
        }
    }
    (counts.terms.iter().map(Box::from).collect(), a, b)
}

/// Sums the keyness totals of parts, terms in order of first appearance.
pub fn merge_keyness_counts(parts: Vec<KeynessCounts>) -> KeynessCounts {
    let mut ids: FxHashMap<Box<str>, usize> = FxHashMap::default();
    let (mut terms, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new());
    for (part_terms, part_a, part_b) in parts {
        for (term, (ca, cb)) in part_terms.into_iter().zip(part_a.into_iter().zip(part_b)) {
            let i = *ids.entry(term.clone()).or_insert_with(|| {
                terms.push(term);
                a.push(0);
                b.push(0);
                terms.len() - 1
            });
            a[i] += ca;
            b[i] += cb;
        }
    }
    (terms, a, b)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::article::{parse, Article, Overrides};
    use crate::stats::keyness::keyness;
    use crate::stats::text_counts::count_articles;
    use crate::stats::{tfidf, TermOptions, TfidfOptions, Vocabulary};

    fn articles() -> Vec<Arc<Article>> {
        [
            "Il vertice di Pyongyang. Kim incontra Putin a Pyongyang.",
            "Putin parla di sanzioni e di guerra.",
            "Nessuna parola utile qui.",
            "La guerra in Ucraina e il vertice con Kim.",
            "Sanzioni, sanzioni e ancora sanzioni.",
        ]
        .iter()
        .map(|t| Arc::new(parse((*t).to_owned(), Overrides::default()).unwrap()))
        .collect()
    }

    #[test]
    fn parts_merge_into_the_counts_of_the_whole() {
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let articles = articles();
        let whole = count_articles(&articles, None, &vocabulary).renumber();
        for split in [0, 1, 3, 5] {
            let (head, tail) = articles.split_at(split);
            let parts = vec![
                count_articles(head, None, &vocabulary).renumber(),
                count_articles(tail, None, &vocabulary).renumber(),
            ];
            let merged = merge_term_counts(parts);
            assert_eq!(merged, whole, "split at {split}");
            let options = TfidfOptions::default();
            let (x, y) = (
                tfidf(merged, &options).unwrap(),
                tfidf(whole.clone(), &options).unwrap(),
            );
            assert_eq!((x.terms, x.indptr, x.values), (y.terms, y.indptr, y.values));
        }
        let three = articles
            .chunks(2)
            .map(|c| count_articles(c, None, &vocabulary).renumber())
            .collect();
        assert_eq!(merge_term_counts(three), whole);
    }

    #[test]
    fn keyness_of_parts_equals_keyness_of_the_whole() {
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let articles = articles();
        // Target: articles 0, 1, 3; reference: the rest.
        let whole = count_articles(&articles, None, &vocabulary).renumber();
        let (terms, a, b) = keyness_counts(&whole, &[0, 1, 3], &[2, 4]);
        let expected = keyness(terms, &a, &b, 1);
        let head = count_articles(&articles[..2], None, &vocabulary).renumber();
        let tail = count_articles(&articles[2..], None, &vocabulary).renumber();
        let (terms, a, b) = merge_keyness_counts(vec![
            keyness_counts(&head, &[0, 1], &[]),
            keyness_counts(&tail, &[1], &[0, 2]),
        ]);
        assert_eq!(keyness(terms, &a, &b, 1), expected);
        assert!(!expected.0.is_empty());
    }
}
