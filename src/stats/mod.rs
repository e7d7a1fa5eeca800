//! Keyword statistics: vocabulary and terms, counts, TF-IDF, keyness, collocations,
//! co-occurrence, trends and keyphrases, over articles and corpora. Pure Rust.

pub mod collocations;
pub mod cooccurrence;
pub mod counts;
pub mod form_table;
pub(crate) mod intern;
pub mod keyness;
pub mod keyphrases;
pub mod normalize;
pub mod partial;
pub mod stopwords;
pub mod strings;
pub mod text_counts;
pub mod tfidf;
pub mod trends;
pub mod vocabulary;

pub use counts::TermCounts;
pub use tfidf::{tfidf, DocLimit, Norm, Tfidf, TfidfOptions};
pub use vocabulary::{TermOptions, Vocabulary};
