//! What one part of a corpus contributes to finding its duplicates: per article, the size
//! and fingerprint of its shingle set and its MinHash signature. Parts merge in corpus
//! order into the signatures of the whole, as one machine computes them.

use std::sync::Arc;

use super::minhash::{mix, push_signature};
use super::shingles::{check_size, Shingler};
use crate::article::Article;
use crate::error::{Error, Result};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The most positions a signature may have.
pub const MAX_NUM_PERM: usize = 1024;

/// Marks an article without shingles (nothing to compare): no signature row.
pub const NO_ROW: u32 = u32::MAX;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Signatures {
    pub shingle_size: u32,
    pub num_perm: u32,
    /// Per article: distinct shingles of its content (0: nothing to compare).
    pub sizes: Vec<u32>,
    /// Per article: a hash of its whole shingle set; articles of one content share it.
    pub fingerprints: Vec<u64>,
    /// Per article: its row of `values`, shared by the articles of one fingerprint, or
    /// [`NO_ROW`].
    pub rows: Vec<u32>,
    /// `num_perm` values per row.
    pub values: Vec<u32>,
    /// Per article: words of its content (what `keep="longest"` compares).
    pub words: Vec<u32>,
    /// Each row's shingles, kept where the signatures were made so that verifying a pair
    /// needs no second pass over the articles; they do not travel (a part on another machine
    /// sends the shingles of its candidates when asked).
    #[serde(skip)]
    pub shingles: Vec<Vec<u64>>,
}

/// Checks a signature length given by a caller.
pub fn check_num_perm(num_perm: usize) -> Result<()> {
    if (1..=MAX_NUM_PERM).contains(&num_perm) {
        Ok(())
    } else {
        Err(Error::InvalidValue {
            location: "duplicates".into(),
            field: "num_perm".into(),
            message: format!("{num_perm}: expected 1 to {MAX_NUM_PERM}"),
        })
    }
}

/// The fingerprint of a shingle set; never 0 for a non-empty set, 0 for the empty one.
fn fingerprint(shingles: &[u64]) -> u64 {
    if shingles.is_empty() {
        return 0;
    }
    // The set is sorted, so equal sets fold the same sequence.
    shingles
        .iter()
        .fold(shingles.len() as u64, |print, &s| mix(print ^ s))
        .max(1)
}

impl Signatures {
    /// The signatures of `articles`, in parallel.
    pub fn of_articles(
        articles: &[Arc<Article>],
        shingle_size: usize,
        num_perm: usize,
    ) -> Result<Self> {
        check_size(shingle_size)?;
        check_num_perm(num_perm)?;
        let each: Vec<(u64, Vec<u32>, Vec<u64>, usize)> = articles
            .par_iter()
            .map_init(Shingler::default, |shingler, article| {
                let (shingles, words) = shingler.shingles(article, shingle_size);
                let mut signature = Vec::new();
                if !shingles.is_empty() {
                    push_signature(&shingles, num_perm, &mut signature);
                }
                (fingerprint(&shingles), signature, shingles, words)
            })
            .collect();
        let mut out = Signatures {
            shingle_size: shingle_size as u32,
            num_perm: num_perm as u32,
            ..Signatures::default()
        };
        let mut row_of: FxHashMap<u64, u32> = FxHashMap::default();
        for (print, signature, shingles, words) in each {
            let size = u32::try_from(shingles.len()).unwrap_or(u32::MAX);
            let row = if signature.is_empty() {
                NO_ROW
            } else {
                *row_of.entry(print).or_insert_with(|| {
                    out.values.extend_from_slice(&signature);
                    out.shingles.push(shingles);
                    (out.values.len() / num_perm - 1) as u32
                })
            };
            out.words.push(u32::try_from(words).unwrap_or(u32::MAX));
            out.sizes.push(size);
            out.fingerprints.push(print);
            out.rows.push(row);
        }
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// The signature of article `index`, if it has shingles.
    pub fn signature(&self, index: usize) -> Option<&[u32]> {
        let row = *self.rows.get(index)?;
        if row == NO_ROW {
            return None;
        }
        let n = self.num_perm as usize;
        self.values.get(row as usize * n..(row as usize + 1) * n)
    }

    /// Appends the signatures of the part that follows.
    pub fn merge(&mut self, next: Signatures) -> Result<()> {
        if self.is_empty() && self.values.is_empty() {
            let keep = (self.shingle_size, self.num_perm);
            *self = next;
            if keep != (0, 0) && keep != (self.shingle_size, self.num_perm) {
                return Err(mismatch(keep, (self.shingle_size, self.num_perm)));
            }
            return Ok(());
        }
        if (self.shingle_size, self.num_perm) != (next.shingle_size, next.num_perm) {
            return Err(mismatch(
                (self.shingle_size, self.num_perm),
                (next.shingle_size, next.num_perm),
            ));
        }
        let base = (self.values.len() / self.num_perm.max(1) as usize) as u32;
        self.rows.extend(
            next.rows
                .iter()
                .map(|&r| if r == NO_ROW { NO_ROW } else { r + base }),
        );
        // Shingles are all here, or none: a part that travelled left its own behind.
        if self.shingles.len() == base as usize
            && next.shingles.len() * self.num_perm as usize == next.values.len()
        {
            self.shingles.extend(next.shingles);
        } else {
            self.shingles.clear();
        }
        self.sizes.extend(next.sizes);
        self.words.extend(next.words);
        self.fingerprints.extend(next.fingerprints);
        self.values.extend(next.values);
        Ok(())
    }
}

fn mismatch(a: (u32, u32), b: (u32, u32)) -> Error {
    Error::InvalidValue {
        location: "duplicates".into(),
        field: "parts".into(),
        message: format!(
            "parts signed with different options: shingle_size {} and num_perm {}, then {} and {}",
            a.0, a.1, b.0, b.1
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    pub(crate) fn articles(texts: &[&str]) -> Vec<Arc<Article>> {
        texts
            .iter()
            .map(|t| Arc::new(parse((*t).to_owned(), Overrides::default()).unwrap()))
            .collect()
    }

    #[test]
    fn copies_share_a_row_and_empty_content_has_none() {
        let a = articles(&[
            "Uno due tre quattro cinque sei.",
            "...",
            "Uno due tre quattro cinque sei.",
        ]);
        let s = Signatures::of_articles(&a, 3, 16).unwrap();
        assert_eq!(s.rows, vec![0, NO_ROW, 0]);
        assert_eq!(s.sizes, vec![4, 0, 4]);
        assert_eq!(s.values.len(), 16);
        assert!(s.signature(1).is_none());
    }

    #[test]
    fn parts_merge_into_the_signatures_of_the_whole() {
        let a = articles(&[
            "Il vertice di Pyongyang si chiude.",
            "Il vertice di Pyongyang si chiude.",
            "Kim incontra Putin.",
            "...",
            "Kim incontra Putin.",
        ]);
        let whole = Signatures::of_articles(&a, 2, 32).unwrap();
        for split in 0..=a.len() {
            let mut merged = Signatures::of_articles(&a[..split], 2, 32).unwrap();
            merged
                .merge(Signatures::of_articles(&a[split..], 2, 32).unwrap())
                .unwrap();
            for i in 0..a.len() {
                assert_eq!(
                    merged.signature(i),
                    whole.signature(i),
                    "split {split}, article {i}"
                );
            }
            assert_eq!(merged.fingerprints, whole.fingerprints);
            assert_eq!(merged.sizes, whole.sizes);
        }
        let mut other = Signatures::of_articles(&a, 3, 32).unwrap();
        assert!(other.merge(whole).is_err());
    }
}
