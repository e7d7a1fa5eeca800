//! The merge of batch counts into one matrix with the batch vocabularies joined in parallel:
//! each term string belongs to one of `SHARDS` shards by its hash, and each shard numbers its
//! own terms, so shards merge side by side.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::counts::{Batch, Strings, TermCounts};

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;
const SHARD_MASK: u32 = SHARDS as u32 - 1;

/// One shard's terms: their strings in one buffer, found by hash without a key per term.
#[derive(Default)]
struct Shard {
    table: HashTable<u32>,
    strings: Strings,
    hashes: Vec<u64>,
    /// Per term of the shard: 1 + the serial number of the last batch that had it, to find a
    /// batch that wrote one string under two of its ids.
    seen: Vec<u32>,
}

impl Shard {
    /// The shard's number for `term` (whose hash is `hash`), and whether it is new.
    fn id(&mut self, term: &str, hash: u64) -> (u32, bool) {
        let strings = &self.strings;
        if let Some(&id) = self
            .table
            .find(hash, |&id| strings.get(id as usize) == term)
        {
            return (id, false);
        }
        let id = self.strings.len() as u32;
        self.strings.push(term);
        self.hashes.push(hash);
        let hashes = &self.hashes;
        self.table
            .insert_unique(hash, id, |&other| hashes[other as usize]);
        (id, true)
    }
}

/// The shard of a hash: bits the hash table uses neither for its slot (the low bits) nor for
/// its control bytes (the top seven), so a shard's table keeps the hash's full spread.
fn shard_of(hash: u64) -> usize {
    ((hash >> 32) as u32 & SHARD_MASK) as usize
}

/// Joins rounds of batches, in order, under one vocabulary. Between rounds it holds only the
/// merged counts and the vocabulary, so a long stream of texts is merged as it is counted.
/// Columns come out in no meaningful order: callers sort them (`TermCounts::keep_sorted`).
pub struct ParallelMerger {
    shards: Vec<Shard>,
    batches: u32,
    /// Columns are `local << SHARD_BITS | shard` until `finish` numbers them densely.
    counts: TermCounts,
}

impl Default for ParallelMerger {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            batches: 0,
            counts: TermCounts {
                indptr: vec![0],
                ..TermCounts::default()
            },
        }
    }
}

type Bucket = Vec<(u32, u64)>;
/// Per batch, per shard: (batch term, column) pairs.
type Columns = Vec<Vec<(u32, u32)>>;

impl ParallelMerger {
    /// Appends the rows of `batches`, in order.
    pub fn push_round(&mut self, batches: Vec<Batch>) {
        let first_serial = self.batches;
        self.batches += batches.len() as u32;
        // Each batch's terms, by the shard their hash picks.
        let buckets: Vec<Vec<Bucket>> = batches
            .par_iter()
            .map(|batch| {
                let mut buckets: Vec<Bucket> = (0..SHARDS).map(|_| Vec::new()).collect();
                for (t, term) in batch.terms.iter().enumerate() {
                    let hash = FxBuildHasher.hash_one(term);
                    buckets[shard_of(hash)].push((t as u32, hash));
                }
                buckets
            })
            .collect();
        // Each shard numbers its terms, batch after batch: the column of each batch term.
        let answers: Vec<(Columns, Vec<bool>)> = self
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, shard)| {
                let mut twice = vec![false; batches.len()];
                let columns = batches
                    .iter()
                    .zip(&buckets)
                    .enumerate()
                    .map(|(b, (batch, buckets))| {
                        let stamp = first_serial + b as u32 + 1;
                        buckets[s]
                            .iter()
                            .map(|&(t, hash)| {
                                let (local, new) = shard.id(batch.terms.get(t as usize), hash);
                                if new {
                                    shard.seen.push(stamp);
                                } else if shard.seen[local as usize] == stamp {
                                    twice[b] = true;
                                } else {
                                    shard.seen[local as usize] = stamp;
                                }
                                (t, (local << SHARD_BITS) | s as u32)
                            })
                            .collect()
                    })
                    .collect();
                (columns, twice)
            })
            .collect();
        drop(buckets);
        let sizes: Vec<usize> = batches.iter().map(|b| b.terms.len()).collect();
        let rows = batches;
        let mut per_batch: Vec<(Columns, bool)> = (0..rows.len())
            .map(|_| (Vec::with_capacity(SHARDS), false))
            .collect();
        for (columns, twice) in answers {
            for ((into, dup), (column, t)) in
                per_batch.iter_mut().zip(columns.into_iter().zip(twice))
            {
                into.push(column);
                *dup |= t;
            }
        }
        let rows: Vec<Batch> = rows
            .into_par_iter()
            .zip(per_batch)
            .zip(sizes)
            .map(|((mut batch, (columns, twice)), size)| {
                let mut global = vec![0u32; size];
                for (t, column) in columns.into_iter().flatten() {
                    global[t as usize] = column;
                }
                for i in batch.indices.iter_mut() {
                    *i = global[*i as usize];
                }
                if twice {
                    join_duplicates(&mut batch);
                }
                batch
            })
            .collect();
        let c = &mut self.counts;
        for batch in rows {
            let base = c.indices.len();
            c.indices.extend_from_slice(&batch.indices);
            c.counts.extend_from_slice(&batch.counts);
            c.indptr.extend(batch.indptr[1..].iter().map(|&p| p + base));
        }
    }

    /// The merged counts, columns numbered densely (shard after shard).
    pub fn finish(self) -> TermCounts {
        let mut counts = self.counts;
        let mut offsets = Vec::with_capacity(SHARDS);
        let mut total = 0u32;
        for shard in &self.shards {
            offsets.push(total);
            total += shard.strings.len() as u32;
        }
        counts.indices.par_iter_mut().for_each(|i| {
            *i = offsets[(*i & SHARD_MASK) as usize] + (*i >> SHARD_BITS);
        });
        let terms: Vec<Box<str>> = self
            .shards
            .par_iter()
            .map(|shard| shard.strings.iter().map(Box::from).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        counts.terms = terms;
        counts.indices.shrink_to_fit();
        counts.counts.shrink_to_fit();
        counts
    }
}

/// Adds up the cells of a row that fall in the same column (a batch whose keys wrote the
/// same string twice), keeping each row in first-appearance order of its columns.
fn join_duplicates(batch: &mut Batch) {
    let (mut indptr, mut indices, mut counts) = (vec![0], Vec::new(), Vec::new());
    let mut at: FxHashMap<u32, usize> = FxHashMap::default();
    for pair in batch.indptr.windows(2) {
        at.clear();
        for k in pair[0]..pair[1] {
            let (i, c) = (batch.indices[k], batch.counts[k]);
            match at.get(&i) {
                Some(&slot) => counts[slot] += c,
                None => {
                    at.insert(i, indices.len());
                    indices.push(i);
                    counts.push(c);
                }
            }
        }
        indptr.push(indices.len());
    }
    batch.indptr = indptr;
    batch.indices = indices;
    batch.counts = counts;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::counts::BatchCounter;

    fn batch(docs: &[&[&str]]) -> Batch {
        let mut counter = BatchCounter::default();
        for doc in docs {
            for term in *doc {
                counter.add(term);
            }
            counter.end_document();
        }
        counter.finish()
    }

    const DOCS: &[&[&str]] = &[
        &["b", "a", "b"],
        &[],
        &["c", "a"],
        &["a", "a", "d"],
        &["e", "b"],
    ];

    #[test]
    fn rounds_merged_by_shards_match_the_sequential_merge() {
        let mut expected = TermCounts::merge(DOCS.chunks(2).map(batch).collect());
        expected.sort_terms();
        for (round, size) in [(1, 1), (2, 2), (3, 1), (5, 5)] {
            let mut merger = ParallelMerger::default();
            let batches: Vec<Batch> = DOCS.chunks(size).map(batch).collect();
            let mut batches = batches.into_iter().peekable();
            while batches.peek().is_some() {
                merger.push_round(batches.by_ref().take(round).collect());
            }
            let mut merged = merger.finish();
            assert_eq!(merged.terms.len(), 5);
            merged.sort_terms();
            assert_eq!(merged, expected, "rounds of {round}, batches of {size}");
        }
    }

    #[test]
    fn one_string_under_two_batch_ids_is_one_column() {
        // What a batch gives when two of its keys write the same string.
        let mut terms = Strings::default();
        for term in ["dell'ucraina", "kim", "dell'ucraina"] {
            terms.push(term);
        }
        let twice = Batch {
            terms,
            indptr: vec![0, 3, 4],
            indices: vec![0, 1, 2, 2],
            counts: vec![1, 2, 3, 1],
        };
        let mut merger = ParallelMerger::default();
        merger.push_round(vec![batch(&[&["kim"]]), twice]);
        let mut merged = merger.finish();
        merged.sort_terms();
        assert_eq!(&*merged.terms, ["dell'ucraina", "kim"].map(Box::from));
        assert_eq!(merged.indptr, [0, 1, 3, 4]);
        assert_eq!(merged.indices, [1, 0, 1, 0]);
        assert_eq!(merged.counts, [1, 4, 2, 1]);
    }
}
