//! Term counts of many documents as a sparse documents × terms matrix (CSR), and the
//! operations on it that TF-IDF, frequencies and keyness need: document frequencies, totals,
//! columns kept, renumbered and sorted. `text_counts` makes them, from texts or articles.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::strings::Strings;

const NONE: u32 = u32::MAX;

/// Documents × terms counts: row `d` holds `indices[indptr[d]..indptr[d + 1]]` (term
/// columns) and the matching `counts`. Read back from bytes, the arrays are checked to fit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CountArrays")]
pub struct TermCounts {
    pub terms: Strings,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub counts: Vec<u32>,
}

/// The fields of [`TermCounts`] as they are read, before they are checked.
#[derive(Deserialize)]
struct CountArrays {
    terms: Strings,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    counts: Vec<u32>,
}

impl TryFrom<CountArrays> for TermCounts {
    type Error = String;

    fn try_from(a: CountArrays) -> Result<Self, String> {
        let sound = a.indptr.first() == Some(&0)
            && a.indptr.windows(2).all(|w| w[0] <= w[1])
            && a.indptr.last() == Some(&a.indices.len())
            && a.counts.len() == a.indices.len()
            && a.indices.iter().all(|&i| (i as usize) < a.terms.len());
        if !sound {
            return Err("term counts whose arrays do not fit together".into());
        }
        Ok(TermCounts {
            terms: a.terms,
            indptr: a.indptr,
            indices: a.indices,
            counts: a.counts,
        })
    }
}

impl TermCounts {
    pub fn documents(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    pub fn row(&self, doc: usize) -> (&[u32], &[u32]) {
        let range = self.indptr[doc]..self.indptr[doc + 1];
        (&self.indices[range.clone()], &self.counts[range])
    }

    /// In how many documents each term occurs.
    pub fn document_frequencies(&self) -> Vec<u32> {
        let columns = self.terms.len();
        // Chunks long next to the vocabulary, so each chunk's counts are worth their vector.
        self.indices
            .par_chunks((1 << 20).max(8 * columns))
            .map(|chunk| {
                let mut df = vec![0u32; columns];
                for &i in chunk {
                    df[i as usize] += 1;
                }
                df
            })
            .reduce_with(|mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            })
            .unwrap_or_else(|| vec![0; columns])
    }

    /// How often each term occurs in all documents.
    pub fn totals(&self) -> Vec<u64> {
        let mut total = vec![0u64; self.terms.len()];
        for (&i, &c) in self.indices.iter().zip(&self.counts) {
            total[i as usize] += u64::from(c);
        }
        total
    }

    /// Adds up the cells of a row that fall in the same column (counts whose keys wrote one
    /// string twice). Rows must be sorted by column, so such cells are neighbours.
    pub fn join_duplicate_cells(&mut self) {
        let mut write = 0;
        for doc in 0..self.documents() {
            let (read, end) = (self.indptr[doc], self.indptr[doc + 1]);
            self.indptr[doc] = write;
            for k in read..end {
                let (i, c) = (self.indices[k], self.counts[k]);
                if write > self.indptr[doc] && self.indices[write - 1] == i {
                    self.counts[write - 1] += c;
                } else {
                    self.indices[write] = i;
                    self.counts[write] = c;
                    write += 1;
                }
            }
        }
        if let Some(last) = self.indptr.last_mut() {
            *last = write;
        }
        self.indices.truncate(write);
        self.counts.truncate(write);
    }

    /// Keeps the columns whose `new_index` is not `u32::MAX`, renumbered as it says (a
    /// one-to-one map onto `0..new_terms.len()`), with each row sorted by column. Rows are
    /// rewritten in parallel, then compacted in place: no second copy of the matrix is made.
    pub fn remap_columns(&mut self, new_index: &[u32], new_terms: Strings) {
        let lengths = self.rewrite_rows(|_| |i: u32| new_index[i as usize]);
        let mut write = 0;
        for (doc, length) in lengths.into_iter().enumerate() {
            let read = self.indptr[doc];
            self.indices.copy_within(read..read + length, write);
            self.counts.copy_within(read..read + length, write);
            self.indptr[doc] = write;
            write += length;
        }
        if let Some(last) = self.indptr.last_mut() {
            *last = write;
        }
        self.indices.truncate(write);
        self.counts.truncate(write);
        self.indices.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.terms = new_terms;
    }

    /// Renumbers the cells of each row by the map `map_of_row(row)` gives it (column `i`
    /// becomes `map[i]`; every column of the row must be in its map) and sorts the row, in
    /// parallel: counts whose rows were numbered by different tables get one numbering.
    pub fn renumber_rows<'a>(&mut self, map_of_row: impl Fn(usize) -> &'a [u32] + Sync) {
        self.rewrite_rows(|row| {
            let map = map_of_row(row);
            move |i: u32| map[i as usize]
        });
    }

    /// Sorts each row by column, in parallel; rows already in order are only checked.
    pub fn sort_rows(&mut self) {
        rows_mut(&self.indptr, &mut self.indices, &mut self.counts)
            .into_par_iter()
            .for_each_init(RowScratch::default, |scratch, (indices, counts)| {
                if !indices.is_sorted() {
                    scratch.rewrite(indices, counts, |i| i);
                }
            });
    }

    /// Rewrites each row in parallel with its columns renumbered by the map `column_of_row`
    /// gives for it (cells whose column becomes `NONE` dropped) and sorted, at the front of
    /// the row; returns each row's new length.
    fn rewrite_rows<M: Fn(u32) -> u32>(
        &mut self,
        column_of_row: impl Fn(usize) -> M + Sync,
    ) -> Vec<usize> {
        rows_mut(&self.indptr, &mut self.indices, &mut self.counts)
            .into_par_iter()
            .enumerate()
            .map_init(RowScratch::default, |scratch, (row, (indices, counts))| {
                scratch.rewrite(indices, counts, column_of_row(row))
            })
            .collect()
    }

    /// Columns in alphabetical (code point) order, as scikit-learn sorts its vocabulary.
    pub fn sort_terms(&mut self) {
        self.keep_sorted(|_| true);
    }

    /// Keeps the terms for which `keep(column)` holds, in alphabetical order.
    pub fn keep_sorted(&mut self, keep: impl Fn(usize) -> bool + Sync) {
        let order = alphabetical(&self.terms, keep);
        self.keep_in_order(&order);
    }

    /// Keeps the columns `order` lists (each at most once), in that order.
    pub fn keep_in_order(&mut self, order: &[u32]) {
        let identity = order.len() == self.terms.len()
            && order
                .iter()
                .enumerate()
                .all(|(new, &old)| new == old as usize);
        if identity {
            self.sort_rows();
            return;
        }
        let mut new_index = vec![NONE; self.terms.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new as u32;
        }
        let new_terms = self.terms.select(order);
        self.remap_columns(&new_index, new_terms);
    }
}

/// The first sixteen bytes of `term` read as one big-endian number (zero-padded): two terms
/// whose keys differ are in the order of their keys, so most comparisons of terms need not
/// reach for the strings.
pub fn prefix_key(term: &str) -> u128 {
    let mut prefix = [0u8; 16];
    let bytes = term.as_bytes();
    let n = bytes.len().min(16);
    prefix[..n].copy_from_slice(&bytes[..n]);
    u128::from_be_bytes(prefix)
}

/// The indices of the `terms` for which `keep(index)` holds, in code point order of the terms,
/// compared by their [`prefix_key`]s first: a vocabulary sorts several times faster. Terms
/// already in order (as counted texts give them) are only checked.
pub fn alphabetical(terms: &Strings, keep: impl Fn(usize) -> bool + Sync) -> Vec<u32> {
    let in_order = (1..terms.len())
        .into_par_iter()
        .all(|i| terms[i - 1] < terms[i]);
    if in_order {
        return (0..terms.len() as u32)
            .into_par_iter()
            .filter(|&i| keep(i as usize))
            .collect();
    }
    let mut keyed: Vec<(u128, u32)> = (0..terms.len())
        .into_par_iter()
        .filter(|&i| keep(i))
        .map(|i| (prefix_key(&terms[i]), i as u32))
        .collect();
    sort_by_prefix(&mut keyed, |i| Cow::Borrowed(&terms[i as usize]));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Sorts `(prefix_key(whole(i)), i)` pairs into the code point order of the strings
/// `whole(i)`: by key, then the few runs of one key (strings sharing their first sixteen
/// bytes) by the whole strings. Equal strings end up side by side.
pub fn sort_by_prefix<'a>(keyed: &mut [(u128, u32)], whole: impl Fn(u32) -> Cow<'a, str>) {
    keyed.par_sort_unstable_by_key(|&(prefix, _)| prefix);
    order_prefix_runs(keyed, whole);
}

/// Orders the runs of one prefix key in `keyed` (sorted by key) by the whole strings.
pub fn order_prefix_runs<'a>(keyed: &mut [(u128, u32)], whole: impl Fn(u32) -> Cow<'a, str>) {
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_by_cached_key(|&(_, i)| whole(i));
        }
    }
}

/// Scratch space for rewriting rows, kept from row to row by each thread.
#[derive(Default)]
struct RowScratch {
    cells: Vec<u64>,
    spare: Vec<u64>,
}

/// Rows shorter than this sort by comparison; longer ones by radix.
const RADIX_MIN_ROW: usize = 64;

impl RowScratch {
    /// Renumbers one row's cells by `column` (dropping those that become `NONE`), sorts them
    /// by column and writes them back at the front of the row; returns how many there are.
    /// A cell is one number, column << 32 | count.
    fn rewrite(
        &mut self,
        indices: &mut [u32],
        counts: &mut [u32],
        column: impl Fn(u32) -> u32,
    ) -> usize {
        let cells = &mut self.cells;
        cells.clear();
        let mut widest = 0u32;
        for (&i, &c) in indices.iter().zip(counts.iter()) {
            let i = column(i);
            if i != NONE {
                widest |= i;
                cells.push(u64::from(i) << 32 | u64::from(c));
            }
        }
        if cells.len() < RADIX_MIN_ROW {
            cells.sort_unstable();
        } else {
            let bytes = (32 - widest.leading_zeros()).div_ceil(8);
            radix_sort_by_column(cells, &mut self.spare, bytes);
        }
        for (k, &cell) in cells.iter().enumerate() {
            indices[k] = (cell >> 32) as u32;
            counts[k] = cell as u32;
        }
        cells.len()
    }
}

/// Sorts `cells` by their high half (a column below 2^(8 * `bytes`)), one byte at a time
/// from the lowest: as many counting passes as the columns have bytes, where a comparison
/// sort of a row of a few hundred cells mispredicts a branch at every other step. The
/// counts of every byte are taken in one read of the cells. Columns are distinct within a
/// row, so the order of equal keys does not matter.
fn radix_sort_by_column(cells: &mut Vec<u64>, spare: &mut Vec<u64>, bytes: u32) {
    let passes = bytes as usize;
    // A row has fewer than 2^32 cells: its terms are distinct u32 columns.
    let mut starts = [[0u32; 256]; 4];
    for &cell in cells.iter() {
        let column = (cell >> 32) as u32;
        for (pass, counts) in starts.iter_mut().enumerate().take(passes) {
            counts[(column >> (8 * pass)) as usize & 0xff] += 1;
        }
    }
    spare.clear();
    spare.resize(cells.len(), 0);
    for (pass, starts) in starts.iter_mut().enumerate().take(passes) {
        let mut sum = 0;
        for start in starts.iter_mut() {
            let count = *start;
            *start = sum;
            sum += count;
        }
        let shift = 32 + 8 * pass;
        for &cell in cells.iter() {
            let digit = (cell >> shift) as usize & 0xff;
            spare[starts[digit] as usize] = cell;
            starts[digit] += 1;
        }
        std::mem::swap(cells, spare);
    }
}

/// The rows of a CSR matrix as disjoint mutable slices of its two value arrays.
fn rows_mut<'a>(
    indptr: &[usize],
    mut a: &'a mut [u32],
    mut b: &'a mut [u32],
) -> Vec<(&'a mut [u32], &'a mut [u32])> {
    let mut rows = Vec::with_capacity(indptr.len().saturating_sub(1));
    for pair in indptr.windows(2) {
        let length = pair[1] - pair[0];
        let (row_a, rest_a) = std::mem::take(&mut a).split_at_mut(length);
        let (row_b, rest_b) = std::mem::take(&mut b).split_at_mut(length);
        rows.push((row_a, row_b));
        a = rest_a;
        b = rest_b;
    }
    rows
}

#[cfg(test)]
impl TermCounts {
    /// The counts of documents given as lists of terms, terms numbered in order of first
    /// appearance (not sorted, as the operations below must not assume).
    pub(crate) fn of_documents(docs: &[&[&str]]) -> TermCounts {
        let mut terms: Vec<&str> = Vec::new();
        let mut c = TermCounts {
            indptr: vec![0],
            ..TermCounts::default()
        };
        for doc in docs {
            let mut row: Vec<(u32, u32)> = Vec::new();
            for term in *doc {
                let column = match terms.iter().position(|t| t == term) {
                    Some(column) => column,
                    None => {
                        terms.push(term);
                        terms.len() - 1
                    }
                } as u32;
                match row.iter_mut().find(|(i, _)| *i == column) {
                    Some((_, n)) => *n += 1,
                    None => row.push((column, 1)),
                }
            }
            c.indices.extend(row.iter().map(|&(i, _)| i));
            c.counts.extend(row.iter().map(|&(_, n)| n));
            c.indptr.push(c.indices.len());
        }
        c.terms = terms.into_iter().collect();
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sort_by_column_short_and_long_narrow_and_wide() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut scratch = RowScratch::default();
        for len in [0, 1, 2, 63, 64, 65, 300, 2000] {
            for bits in [1, 8, 9, 16, 17, 24, 31] {
                // Distinct columns below 2^bits, as a row has them, in a shuffled order.
                let mut columns: Vec<u32> = (0..len as u32).map(|k| k % (1 << bits)).collect();
                columns.sort_unstable();
                columns.dedup();
                let mut wide: Vec<u32> = columns
                    .iter()
                    .map(|&c| (c ^ (next() as u32 & ((1 << bits) - 1))) | c)
                    .collect();
                wide.sort_unstable();
                wide.dedup();
                for k in (1..wide.len()).rev() {
                    wide.swap(k, next() as usize % (k + 1));
                }
                let mut indices = wide.clone();
                let mut counts: Vec<u32> = wide.iter().map(|&c| c.wrapping_mul(7) | 1).collect();
                let kept = scratch.rewrite(&mut indices, &mut counts, |i| i);
                let mut expected: Vec<(u32, u32)> =
                    wide.iter().map(|&c| (c, c.wrapping_mul(7) | 1)).collect();
                expected.sort_unstable();
                let got: Vec<(u32, u32)> = indices.into_iter().zip(counts).collect();
                assert_eq!(kept, expected.len());
                assert_eq!(got, expected, "{len} cells below 2^{bits}");
            }
        }
    }

    #[test]
    fn rewriting_a_row_drops_the_cells_mapped_to_none() {
        let mut scratch = RowScratch::default();
        let mut indices: Vec<u32> = (0..100).rev().collect();
        let mut counts: Vec<u32> = (0..100).collect();
        let kept = scratch.rewrite(&mut indices, &mut counts, |i| {
            if i % 2 == 0 {
                i / 2
            } else {
                NONE
            }
        });
        assert_eq!(kept, 50);
        assert_eq!(indices[..50], (0..50).collect::<Vec<u32>>()[..]);
        assert_eq!(
            counts[..50],
            (0..50).map(|c| 99 - 2 * c).collect::<Vec<u32>>()[..]
        );
    }

    fn dense(c: &TermCounts) -> Vec<Vec<(String, u32)>> {
        (0..c.documents())
            .map(|d| {
                let (idx, cnt) = c.row(d);
                idx.iter()
                    .zip(cnt)
                    .map(|(&i, &n)| (c.terms[i as usize].to_string(), n))
                    .collect()
            })
            .collect()
    }

    const DOCS: &[&[&str]] = &[&["b", "a", "b"], &[], &["c", "a"], &["a", "a", "d"]];

    #[test]
    fn sorted_terms_keep_their_rows() {
        let mut two = TermCounts::of_documents(DOCS);
        assert!(two.terms.iter().eq(["b", "a", "c", "d"]));
        two.sort_terms();
        assert!(two.terms.iter().eq(["a", "b", "c", "d"]));
        assert_eq!(
            dense(&two),
            vec![
                vec![("a".into(), 1), ("b".into(), 2)],
                vec![],
                vec![("a".into(), 1), ("c".into(), 1)],
                vec![("a".into(), 2), ("d".into(), 1)],
            ]
        );
        assert_eq!(two.document_frequencies(), [3, 1, 1, 1]);
        assert_eq!(two.totals(), [4, 2, 1, 1]);
    }

    #[test]
    fn cells_of_one_column_in_a_row_are_joined() {
        let mut c = TermCounts {
            terms: ["dell'ucraina", "kim"].into_iter().collect(),
            indptr: vec![0, 1, 4, 5],
            indices: vec![1, 0, 0, 1, 0],
            counts: vec![1, 2, 1, 3, 7],
        };
        c.join_duplicate_cells();
        assert_eq!(c.indptr, [0, 1, 3, 4]);
        assert_eq!(c.indices, [1, 0, 1, 0]);
        assert_eq!(c.counts, [1, 3, 3, 7]);
    }

    #[test]
    fn alphabetical_is_code_point_order() {
        let words = [
            "perché",
            "per",
            "perch",
            "a",
            "",
            "zuppa",
            "abcdefghij",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefghijklmnopq",
            "abcdefghijklmnop",
            "abcdefghijklmnop\0",
            "abcdefghijklmno",
            "città",
            "citta",
            "Zeta",
            "\u{1F600}",
            "é",
            "e",
            "perchè",
        ];
        let terms: Strings = words.iter().collect();
        let mut expected: Vec<u32> = (0..terms.len() as u32).collect();
        expected.sort_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        assert_eq!(alphabetical(&terms, |_| true), expected);
        expected.retain(|&i| i % 2 == 0);
        assert_eq!(alphabetical(&terms, |i| i % 2 == 0), expected);
        let sorted = terms.select(&expected);
        assert_eq!(
            alphabetical(&sorted, |i| i != 1),
            [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        );
    }

    #[test]
    fn keeping_every_column_in_place_sorts_the_rows() {
        let mut c = TermCounts {
            terms: ["a", "b", "c"].into_iter().collect(),
            indptr: vec![0, 3, 3, 5],
            indices: vec![2, 0, 1, 1, 0],
            counts: vec![7, 8, 9, 1, 2],
        };
        c.keep_in_order(&[0, 1, 2]);
        assert_eq!(c.indptr, [0, 3, 3, 5]);
        assert_eq!(c.indices, [0, 1, 2, 0, 1]);
        assert_eq!(c.counts, [8, 9, 7, 2, 1]);
        assert_eq!(c.document_frequencies(), [2, 2, 1]);
    }

    #[test]
    fn dropped_columns_leave_compact_rows() {
        let mut c = TermCounts::of_documents(DOCS);
        c.keep_sorted(|i| c_term(i) != "a");
        fn c_term(i: usize) -> &'static str {
            ["b", "a", "c", "d"][i]
        }
        assert!(c.terms.iter().eq(["b", "c", "d"]));
        assert_eq!(c.indptr, [0, 1, 1, 2, 3]);
        assert_eq!(c.indices, [0, 1, 2]);
        assert_eq!(c.counts, [2, 1, 1]);
    }
}
