//! The full-text index a Python corpus keeps: built on first search, opened from a saved
//! folder, or joined from the indexes of the corpora it was joined from.

use std::sync::{Arc, Mutex, PoisonError};

use crate::corpus::Corpus;
use crate::error::Result;
use crate::search::SearchIndex;

/// The index a corpus keeps once built or opened.
#[derive(Default)]
pub struct CachedIndex(Mutex<Option<Arc<SearchIndex>>>);

impl CachedIndex {
    pub fn get(&self) -> Option<Arc<SearchIndex>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn set(&self, index: Arc<SearchIndex>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(index);
    }

    /// The index of `corpus`, built now if it has none (or none with entities, when
    /// `entities` asks for them).
    pub fn of(&self, corpus: &Corpus, entities: bool) -> Result<Arc<SearchIndex>> {
        let mut cached = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = cached.as_ref() {
            if !entities || index.has_entities() {
                return Ok(index.clone());
            }
        }
        let names = entities.then(|| corpus.entities());
        let index = Arc::new(SearchIndex::build(
            &corpus.articles,
            names.as_deref().map(Vec::as_slice),
        )?);
        *cached = Some(index.clone());
        Ok(index)
    }
}

/// The index of corpora joined, when each of them has one: kept without re-indexing.
pub fn joined_index(parts: &[&CachedIndex]) -> Option<Arc<SearchIndex>> {
    let indexes: Option<Vec<Arc<SearchIndex>>> = parts.iter().map(|p| p.get()).collect();
    let indexes = indexes?;
    let borrowed: Vec<&SearchIndex> = indexes.iter().map(Arc::as_ref).collect();
    Some(Arc::new(SearchIndex::concat(&borrowed)))
}
