//! Partial counts of the parts of a corpus (as a cluster holds them, one part per machine),
//! merged into the counts of the whole: the same rows and columns as counting the whole.

use rustc_hash::FxHashMap;

use super::counts::TermCounts;
use super::intern::Interner;

/// Joins the term counts of consecutive parts of a corpus, in order, under one vocabulary.
/// Terms are numbered in order of first appearance, as [`TermCounts::of_articles`] numbers
/// them, so the result equals the counts of the whole corpus.
pub fn merge_term_counts(parts: Vec<TermCounts>) -> TermCounts {
    let mut terms = Interner::default();
    let mut merged = TermCounts {
        indptr: vec![0],
        ..TermCounts::default()
    };
    for part in parts {
        let global: Vec<u32> = part.terms.iter().map(|term| terms.id(term)).collect();
        let base = merged.indices.len();
        let rows = part.indptr.len().saturating_sub(1);
        merged.indices.extend(
            part.indices
                .iter()
                .map(|&i| global.get(i as usize).copied().unwrap_or(0)),
        );
        merged.counts.extend_from_slice(&part.counts);
        merged
            .indptr
            .extend(part.indptr.iter().skip(1).take(rows).map(|&p| p + base));
    }
    merged.terms = terms.into_strings();
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
    use crate::stats::keyness::{keyness, keyness_of};
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
        let whole = TermCounts::of_articles(&articles, None, &vocabulary);
        for split in [0, 1, 3, 5] {
            let (head, tail) = articles.split_at(split);
            let parts = vec![
                TermCounts::of_articles(head, None, &vocabulary),
                TermCounts::of_articles(tail, None, &vocabulary),
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
    }

    #[test]
    fn keyness_of_parts_equals_keyness_of_the_whole() {
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let articles = articles();
        // Target: articles 0, 1, 3; reference: the rest.
        let ordered: Vec<Arc<Article>> = [0, 1, 3, 2, 4]
            .iter()
            .map(|&i| articles[i].clone())
            .collect();
        let whole = keyness_of(&ordered, None, 3, &vocabulary, 1);
        let head = TermCounts::of_articles(&articles[..2], None, &vocabulary);
        let tail = TermCounts::of_articles(&articles[2..], None, &vocabulary);
        let (terms, a, b) = merge_keyness_counts(vec![
            keyness_counts(&head, &[0, 1], &[]),
            keyness_counts(&tail, &[1], &[0, 2]),
        ]);
        assert_eq!(keyness(terms, &a, &b, 1), whole);
    }
}
