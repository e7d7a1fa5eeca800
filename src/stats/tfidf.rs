//! TF-IDF with scikit-learn's definitions (`TfidfVectorizer`): document-frequency limits,
//! `max_features`, smooth or plain idf, sublinear tf, l1/l2 row norms.
//!
//! - `idf(t) = ln((1 + n) / (1 + df(t))) + 1` with `smooth_idf`, else `ln(n / df(t)) + 1`;
//!   1 when `use_idf` is off.
//! - `tf` is the raw count, or `1 + ln(count)` with `sublinear_tf`.
//! - Each row of `tf × idf` is divided by its l2 (or l1) norm; empty rows stay empty.
//! - `min_df`/`max_df` are document counts (integers) or proportions of the documents; a term
//!   is kept when `min_df ≤ df ≤ max_df`. Then `max_features` keeps the terms most frequent in
//!   the whole corpus; scikit-learn breaks ties at the cut in numpy's (unstable) argsort order,
//!   rassegna alphabetically.
//! - Columns are the kept terms in code point order, as scikit-learn's vocabulary.

use rayon::prelude::*;

use super::counts::{alphabetical, TermCounts};
use super::strings::Strings;
use crate::error::{Error, Result};

/// A document-frequency bound: a number of documents, or a proportion of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DocLimit {
    Count(u64),
    Proportion(f64),
}

impl DocLimit {
    fn documents(self, n: usize) -> f64 {
        match self {
            DocLimit::Count(k) => k as f64,
            DocLimit::Proportion(p) => p * n as f64,
        }
    }

    fn check(self, name: &str) -> Result<()> {
        match self {
            DocLimit::Proportion(p) if !(0.0..=1.0).contains(&p) => Err(invalid(
                name,
                format!("{p}: a proportion must be between 0.0 and 1.0 (or give a count)"),
            )),
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    L1,
    L2,
    None,
}

impl Norm {
    pub fn from_name(name: Option<&str>) -> Result<Self> {
        match name {
            None => Ok(Norm::None),
            Some("l2") => Ok(Norm::L2),
            Some("l1") => Ok(Norm::L1),
            Some(other) => Err(invalid(
                "norm",
                format!("{other:?}: expected 'l2', 'l1' or None"),
            )),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TfidfOptions {
    pub smooth_idf: bool,
    pub sublinear_tf: bool,
    pub use_idf: bool,
    pub norm: Norm,
    pub min_df: DocLimit,
    pub max_df: DocLimit,
    pub max_features: Option<usize>,
}

impl Default for TfidfOptions {
    fn default() -> Self {
        Self {
            smooth_idf: true,
            sublinear_tf: false,
            use_idf: true,
            norm: Norm::L2,
            min_df: DocLimit::Count(1),
            max_df: DocLimit::Proportion(1.0),
            max_features: None,
        }
    }
}

/// The TF-IDF matrix (CSR, documents × terms) with the counts and frequencies behind it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tfidf {
    pub terms: Strings,
    pub df: Vec<u32>,
    pub idf: Vec<f64>,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub tf: Vec<u32>,
    pub values: Vec<f64>,
}

impl Tfidf {
    pub fn documents(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }
}

/// Document frequencies up to this have their idf computed once, in a table.
const IDF_TABLE: usize = 4096;

/// Weighs `counts` (documents × terms, any column order) as scikit-learn's `TfidfVectorizer`.
pub fn tfidf(counts: TermCounts, options: &TfidfOptions) -> Result<Tfidf> {
    weigh(counts, options, false).map(|(weighed, _)| weighed)
}

/// As [`tfidf`], for counts whose terms are already in code point order, as
/// `TermCounts::sort_terms` and `TextCounter::join` leaves them: the order is not
/// checked again (but for a debug assertion). With the result, the column in `counts` of
/// each of its terms (fewer when `min_df`, `max_df` or `max_features` dropped some).
pub fn tfidf_of_sorted(counts: TermCounts, options: &TfidfOptions) -> Result<(Tfidf, Vec<u32>)> {
    weigh(counts, options, true)
}

/// The weighed counts, and the column in `counts` of each kept term.
fn weigh(
    mut counts: TermCounts,
    options: &TfidfOptions,
    sorted: bool,
) -> Result<(Tfidf, Vec<u32>)> {
    options.min_df.check("min_df")?;
    options.max_df.check("max_df")?;
    let n = counts.documents();
    if n == 0 {
        // Said plainly, rather than as the min_df/max_df clash an empty input also makes.
        return Err(invalid(
            "documents",
            "no documents to weigh: TF-IDF needs at least one".into(),
        ));
    }
    let high = options.max_df.documents(n);
    let low = options.min_df.documents(n);
    if high < low {
        return Err(invalid(
            "max_df",
            "max_df corresponds to fewer documents than min_df".into(),
        ));
    }
    let df = counts.document_frequencies();
    let mut keep: Vec<bool> = df
        .iter()
        .map(|&d| f64::from(d) <= high && f64::from(d) >= low)
        .collect();
    if let Some(limit) = options.max_features {
        let kept = keep.iter().filter(|&&k| k).count();
        if kept > limit {
            let totals = counts.totals();
            let mut order: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
            order.par_sort_unstable_by(|&a, &b| {
                totals[b]
                    .cmp(&totals[a])
                    .then_with(|| counts.terms[a].cmp(&counts.terms[b]))
            });
            keep.fill(false);
            for &i in order.iter().take(limit) {
                keep[i] = true;
            }
        }
    }
    if !counts.terms.is_empty() && !keep.iter().any(|&k| k) {
        return Err(invalid(
            "min_df",
            "after pruning, no terms remain; try a lower min_df or a higher max_df".into(),
        ));
    }
    let order = if sorted {
        debug_assert!(
            counts.terms.iter().is_sorted(),
            "terms not in code point order"
        );
        (0..keep.len() as u32)
            .filter(|&i| keep[i as usize])
            .collect()
    } else {
        alphabetical(&counts.terms, |i| keep[i])
    };
    let kept_df: Vec<u32> = order.iter().map(|&i| df[i as usize]).collect();
    drop(df);
    counts.keep_in_order(&order);
    let smooth = f64::from(u8::from(options.smooth_idf));
    let idf_of = |d: u32| ((n as f64 + smooth) / (f64::from(d) + smooth)).ln() + 1.0;
    let idf: Vec<f64> = if options.use_idf {
        // Most terms are in a few documents: the logarithm of each small df is taken once.
        let small: Vec<f64> = (0..=n.min(IDF_TABLE) as u32).map(idf_of).collect();
        kept_df
            .iter()
            .map(|&d| small.get(d as usize).copied().unwrap_or_else(|| idf_of(d)))
            .collect()
    } else {
        vec![1.0; kept_df.len()]
    };
    let mut values = vec![0.0f64; counts.indices.len()];
    let mut rest = values.as_mut_slice();
    let mut rows = Vec::with_capacity(n);
    for pair in counts.indptr.windows(2) {
        let (row, tail) = std::mem::take(&mut rest).split_at_mut(pair[1] - pair[0]);
        rows.push((pair[0], row));
        rest = tail;
    }
    rows.into_par_iter().for_each(|(start, row)| {
        let indices = &counts.indices[start..start + row.len()];
        let tfs = &counts.counts[start..start + row.len()];
        for ((value, &i), &c) in row.iter_mut().zip(indices).zip(tfs) {
            let tf = f64::from(c);
            let tf = if options.sublinear_tf {
                tf.ln() + 1.0
            } else {
                tf
            };
            *value = tf * idf[i as usize];
        }
        let norm = match options.norm {
            Norm::L2 => row.iter().map(|v| v * v).sum::<f64>().sqrt(),
            Norm::L1 => row.iter().map(|v| v.abs()).sum::<f64>(),
            Norm::None => 1.0,
        };
        if norm > 0.0 {
            for value in row.iter_mut() {
                *value /= norm;
            }
        }
    });
    let weighed = Tfidf {
        terms: counts.terms,
        df: kept_df,
        idf,
        indptr: counts.indptr,
        indices: counts.indices,
        tf: counts.counts,
        values,
    };
    Ok((weighed, order))
}

fn invalid(field: &str, message: String) -> Error {
    Error::InvalidValue {
        location: field.to_owned(),
        field: field.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(docs: &[&[&str]]) -> TermCounts {
        TermCounts::of_documents(docs)
    }

    const DOCS: &[&[&str]] = &[&["mosca", "kim", "kim"], &["kim", "seul"], &[]];

    #[test]
    fn smooth_idf_and_l2_rows_by_hand() {
        let t = tfidf(counts(DOCS), &TfidfOptions::default()).unwrap();
        assert!(t.terms.iter().eq(["kim", "mosca", "seul"]));
        assert_eq!(t.df, [2, 1, 1]);
        let idf_kim = (4.0f64 / 3.0).ln() + 1.0;
        let idf_one = 2.0f64.ln() + 1.0;
        assert!((t.idf[0] - idf_kim).abs() < 1e-15);
        // Row 0: kim 2 × idf_kim, mosca 1 × idf_one, then l2.
        let (a, b) = (2.0 * idf_kim, idf_one);
        let norm = (a * a + b * b).sqrt();
        assert_eq!(t.indptr, [0, 2, 4, 4]);
        assert!((t.values[0] - a / norm).abs() < 1e-15);
        assert!((t.values[1] - b / norm).abs() < 1e-15);
    }

    #[test]
    fn limits_and_sublinear_tf() {
        let options = TfidfOptions {
            max_df: DocLimit::Count(1),
            sublinear_tf: true,
            smooth_idf: false,
            norm: Norm::None,
            ..TfidfOptions::default()
        };
        let t = tfidf(counts(DOCS), &options).unwrap();
        assert!(t.terms.iter().eq(["mosca", "seul"]));
        assert!((t.values[0] - (3.0f64.ln() + 1.0)).abs() < 1e-15);
        let options = TfidfOptions {
            max_features: Some(1),
            ..TfidfOptions::default()
        };
        assert!(tfidf(counts(DOCS), &options)
            .unwrap()
            .terms
            .iter()
            .eq(["kim"]));
    }

    #[test]
    fn impossible_limits_are_errors() {
        let options = TfidfOptions {
            min_df: DocLimit::Count(3),
            max_df: DocLimit::Count(2),
            ..TfidfOptions::default()
        };
        assert!(tfidf(counts(DOCS), &options).is_err());
        let options = TfidfOptions {
            min_df: DocLimit::Count(3),
            ..TfidfOptions::default()
        };
        assert!(tfidf(counts(DOCS), &options).is_err());
        let options = TfidfOptions {
            max_df: DocLimit::Proportion(1.5),
            ..TfidfOptions::default()
        };
        assert!(tfidf(counts(DOCS), &options).is_err());
    }

    #[test]
    fn idf_beyond_the_table_is_the_same_formula() {
        // `common` is in every document, `rare` in the first IDF_TABLE + 2: both beyond the
        // table of small document frequencies; `once` is in it.
        let n = IDF_TABLE + 10;
        let docs: Vec<Vec<&str>> = (0..n)
            .map(|d| match d {
                0 => vec!["common", "rare", "once"],
                d if d < IDF_TABLE + 2 => vec!["common", "rare"],
                _ => vec!["common"],
            })
            .collect();
        let docs: Vec<&[&str]> = docs.iter().map(Vec::as_slice).collect();
        for smooth_idf in [true, false] {
            let options = TfidfOptions {
                smooth_idf,
                ..TfidfOptions::default()
            };
            let t = tfidf(counts(&docs), &options).unwrap();
            assert!(t.terms.iter().eq(["common", "once", "rare"]));
            let s = f64::from(u8::from(smooth_idf));
            for (k, df) in [n, 1, IDF_TABLE + 2].into_iter().enumerate() {
                let expected = ((n as f64 + s) / (df as f64 + s)).ln() + 1.0;
                assert_eq!(t.df[k] as usize, df);
                assert_eq!(t.idf[k], expected, "term {k}, smooth_idf {smooth_idf}");
            }
        }
    }

    #[test]
    fn sorted_counts_weigh_as_any_counts() {
        let options = TfidfOptions {
            max_df: DocLimit::Count(1),
            ..TfidfOptions::default()
        };
        let mut sorted = counts(DOCS);
        sorted.sort_terms();
        let (weighed, kept) = tfidf_of_sorted(sorted, &options).unwrap();
        assert_eq!(weighed, tfidf(counts(DOCS), &options).unwrap());
        // `kim`, in both documents, is dropped from `kim`, `mosca`, `seul`.
        assert_eq!(kept, [1, 2]);
    }

    #[test]
    fn no_documents_is_an_error_that_says_so() {
        let error = tfidf(counts(&[]), &TfidfOptions::default()).unwrap_err();
        assert!(error.to_string().contains("no documents"), "{error}");
    }
}
