//! The entities of a whole corpus: every article tagged in parallel, names made canonical
//! across the corpus, and cached for the tables that build on them.

use std::sync::Arc;

use rayon::prelude::*;

use crate::entities::{canonicalize_corpus, find_entities, Aliases, Entity, Model};

use super::Corpus;

impl Corpus {
    /// Entities of every article, in corpus order, with the bundled model and aliases.
    /// Computed once, in parallel, on first use.
    pub fn entities(&self) -> Arc<Vec<Vec<Entity>>> {
        self.entities
            .get_or_init(|| Arc::new(self.entities_with(Model::bundled(), Aliases::bundled())))
            .clone()
    }

    /// Entities of every article found by `model`, with names made canonical under `aliases`.
    pub fn entities_with(&self, model: &Model, aliases: &Aliases) -> Vec<Vec<Entity>> {
        let mut found: Vec<Vec<Entity>> = self
            .articles
            .par_iter()
            .map(|article| find_entities(article, model, aliases))
            .collect();
        canonicalize_corpus(&mut found, aliases);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_surname_takes_the_full_name_another_article_gives() {
        let texts = vec![
            "Il presidente russo Vladimir Putin è arrivato a Pyongyang.".to_owned(),
            "Ieri Putin ha parlato a lungo.".to_owned(),
        ];
        let corpus = Corpus::from_texts(texts, None, true).unwrap();
        let entities = corpus.entities();
        let putin = entities[1]
            .iter()
            .find(|e| e.text(&corpus.articles[1].text) == "Putin")
            .expect("Putin found");
        assert_eq!(putin.canonical, "Vladimir Putin");
        assert!(Arc::ptr_eq(&entities, &corpus.entities()));
    }
}
