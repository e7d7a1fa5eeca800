//! Named entities: an averaged-perceptron BILOU tagger for PER, LOC and ORG in Italian news,
//! and the canonical names that join the mentions of one referent.
//!
//! `Model::bundled()` is the model trained on KIND (Wikinews); `Model::predict_document` runs it
//! over the sentences of an article (`Model::predict` over one sentence); `find_entities` runs it
//! over a parsed article and names each mention.
//! `train` and `read_kind_tsv` rebuild the model (see `src/bin/train_ner.rs`).

mod canonical;
mod document;
mod entity;
mod evaluate;
mod features;
mod in_article;
mod kind;
mod lexicon;
mod model;
mod places;
mod silver;
mod tables;
mod tags;
mod train;

pub use canonical::{
    canonicalize_article, canonicalize_corpus, name_key, Aliases, CorpusNames, NameTally,
    NameTallyRow,
};
pub use entity::Entity;
pub use evaluate::{evaluate, predict_sentences, score, Counts, Evaluation};
pub use in_article::find_entities;
pub use kind::{parse_kind_tsv, read_kind_tsv};
pub use lexicon::{Category, Lexicon};
pub use model::Model;
pub use places::{link_entities, places_table, PlaceTallies, PlaceTally};
pub use silver::{parse_wikineural, read_wikineural};
pub use tables::{
    entity_counts_table, entity_tallies_table, mentions_table, EntityTallies, EntityTally,
};
pub use tags::{EntitySpan, Label};
pub use train::{alignment, train, train_with_progress, Alignment, TrainOptions, TrainingSentence};

#[cfg(test)]
mod tests;
