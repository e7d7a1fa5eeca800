//! Named entities: an averaged-perceptron BILOU tagger for PER, LOC and ORG in Italian news.
//!
//! `Model::bundled()` is the model trained on KIND (Wikinews); `Model::predict` runs it over the
//! tokens of a sentence. `train` and `read_kind_tsv` rebuild it (see `src/bin/train_ner.rs`).

mod features;
mod kind;
mod lexicon;
mod model;
mod tags;
mod train;

pub use kind::{parse_kind_tsv, read_kind_tsv};
pub use lexicon::{Category, Lexicon};
pub use model::Model;
pub use tags::{EntitySpan, Label};
pub use train::{alignment, train, train_with_progress, Alignment, TrainOptions, TrainingSentence};

#[cfg(test)]
mod tests;
