//! Full-text search over a corpus: an Italian-aware analyzer, the query language, a tantivy
//! index built in parallel (in memory, or saved to a folder), BM25 ranking, hits with their
//! offsets, and keyword-in-context concordances.

mod analyzer;
mod concordance;
mod context;
mod hits;
mod index;
mod matching;
mod query;
#[cfg(test)]
mod tests;

pub use analyzer::{fold, stem, words, Word};
pub use concordance::{concordance, sort_key, Line, Pattern, MAX_LINES};
pub use context::{left, one_line, right, sentence_of};
pub use hits::{body_words, hits};
pub use index::SearchIndex;
pub use matching::{find, find_with, rank, statistics, Found, Statistics, MAX_EXPANSION};
pub use query::{parse, Query, TextField};
