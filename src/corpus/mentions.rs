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

    #[test]
    fn a_title_settles_across_articles_only_in_full() {
        let texts = vec![
            "Il portavoce del Cremlino Dmitri Peskov ha parlato. Il ministro degli Esteri \
             nordcoreano Choe Son Hui è arrivato. Il ministro degli Esteri russo Sergei Lavrov \
             ha ricevuto la delegazione."
                .to_owned(),
            "Il portavoce del ministero della Difesa sudcoreano ha detto che «non ci sono \
             truppe al confine». Il leader nordcoreano ha replicato che «la cooperazione \
             crescerà ancora». Il portavoce ha aggiunto: «Seguiamo ogni movimento». Il \
             ministro degli Esteri cinese ha detto che «serve moderazione da tutte le parti». \
             Il ministro degli Esteri russo ha ribadito: «Nessuna escalation da parte nostra»."
                .to_owned(),
        ];
        let corpus = Corpus::from_texts(texts, None, true).unwrap();
        let mentions = corpus.mentions();
        let speakers: Vec<Option<&str>> = mentions[1]
            .quotes
            .iter()
            .map(|q| q.speaker.as_deref())
            .collect();
        assert_eq!(
            speakers,
            [None, None, None, None, Some("Sergei Lavrov")],
            "{:?}",
            mentions[1].quotes
        );
    }
}
