//! The mentions of a whole corpus: quantities, dates, quotes and roles of every article, with
//! speakers and role holders named as the corpus names them, and roles named in one article
//! identifying them in the others. Computed once, in parallel, on first use.

use std::sync::Arc;

use rayon::prelude::*;

use crate::mentions::{extract_with, find_roles, Mentions, RoleMemory};

use super::Corpus;

impl Corpus {
    /// Mentions of every article, in corpus order.
    pub fn mentions(&self) -> Arc<Vec<Mentions>> {
        self.mentions
            .get_or_init(|| {
                let entities = self.entities();
                // First the roles written with a name, from every article…
                let named: Vec<_> = self
                    .articles
                    .par_iter()
                    .zip(entities.par_iter())
                    .map(|(article, entities)| find_roles(article, entities))
                    .collect();
                let mut memory = RoleMemory::new();
                for roles in &named {
                    memory.add_roles(roles);
                }
                // …then every layer, with those roles to name the ones that stand alone.
                Arc::new(
                    self.articles
                        .par_iter()
                        .zip(entities.par_iter())
                        .map(|(article, entities)| extract_with(article, entities, Some(&memory)))
                        .collect(),
                )
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_named_in_one_article_names_a_speaker_in_another() {
        let texts = vec![
            "Il presidente russo Vladimir Putin è arrivato a Pyongyang.".to_owned(),
            "Il presidente russo assicura che “non ci saranno altre sanzioni contro la Corea”."
                .to_owned(),
        ];
        let corpus = Corpus::from_texts(texts, None, true).unwrap();
        let mentions = corpus.mentions();
        assert_eq!(mentions[1].quotes.len(), 1);
        assert_eq!(
            mentions[1].quotes[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
        assert!(Arc::ptr_eq(&mentions, &corpus.mentions()));
    }
}
