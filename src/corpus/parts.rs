//! A corpus as one part of a larger one (as a cluster holds it, one part per machine): what
//! the part contributes to the names and roles settled across the whole, and the part with
//! the whole's names and roles in place of its own.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::entities::{find_entities, Aliases, CorpusNames, Entity, Model};
use crate::mentions::{extract_with, find_roles, RoleMemory};

use super::{listed_files, read_folder_files, Corpus, ReadOptions};
use crate::error::Result;

/// A role named next to its holder, as plain values: key, organization (as written), person.
pub type NamedRole = (String, Option<String>, String);

impl Corpus {
    /// Some of the files of the folder `root` (as [`listed_files`] lists them), read as reading
    /// the whole folder reads them; with `listing_errors`, the subfolders that could not be
    /// listed come first, as they do when the folder is read whole.
    pub fn read_folder_part(
        root: &std::path::Path,
        files: &[std::path::PathBuf],
        listing_errors: bool,
        options: &ReadOptions,
    ) -> Result<Corpus> {
        let mut corpus = Corpus::default();
        if listing_errors {
            let (_, failures) = listed_files(root);
            corpus.extend_parsed(failures, options.strict)?;
        }
        read_folder_files(root, files, options, &mut |chunk| {
            corpus.extend_parsed(chunk, options.strict)
        })?;
        Ok(corpus)
    }

    /// Each article's entities named within the article only, before the corpus settles its
    /// names: what [`crate::entities::NameTally::of`] tallies.
    pub fn article_entities(&self, model: &Model, aliases: &Aliases) -> Vec<Vec<Entity>> {
        self.articles
            .par_iter()
            .map(|article| find_entities(article, model, aliases))
            .collect()
    }

    /// This corpus with the entities `model` finds, named as `names` (settled over the whole
    /// corpus this one is part of) says, in place of the names it would settle alone.
    pub fn with_names(&self, model: &Model, aliases: &Aliases, names: &CorpusNames) -> Corpus {
        let mut entities = self.article_entities(model, aliases);
        names.apply(&mut entities);
        self.with_entities(entities)
    }

    /// This corpus with `entities` (one list per article, in order) as its entities: the
    /// entities of [`Corpus::article_entities`] found once, then renamed by
    /// [`CorpusNames::apply`], without running the model twice.
    pub fn with_entities(&self, entities: Vec<Vec<Entity>>) -> Corpus {
        Corpus {
            articles: self.articles.clone(),
            errors: self.errors.clone(),
            skipped: self.skipped.clone(),
            entities: OnceLock::from(Arc::new(entities)),
            mentions: OnceLock::new(),
        }
    }

    /// The roles named next to their holders in this corpus's articles, in order: what
    /// [`Corpus::mentions`] remembers to name roles that stand alone.
    pub fn named_roles(&self) -> Vec<NamedRole> {
        let entities = self.entities();
        let roles: Vec<_> = self
            .articles
            .par_iter()
            .zip(entities.par_iter())
            .map(|(article, entities)| find_roles(article, entities))
            .collect();
        roles
            .into_iter()
            .flatten()
            .filter(|r| r.person_span.is_some())
            .map(|r| (r.key, r.organization, r.person))
            .collect()
    }

    /// This corpus with its mentions extracted under the roles the whole corpus names
    /// (`roles`, from [`Corpus::named_roles`] of every part, in corpus order).
    pub fn with_roles(&self, roles: &[NamedRole]) -> Corpus {
        let mut memory = RoleMemory::new();
        for (key, organization, person) in roles {
            memory.add_named(key, organization.as_deref(), person);
        }
        let entities = self.entities();
        let mentions = self
            .articles
            .par_iter()
            .zip(entities.par_iter())
            .map(|(article, entities)| extract_with(article, entities, Some(&memory)))
            .collect();
        Corpus {
            articles: self.articles.clone(),
            errors: self.errors.clone(),
            skipped: self.skipped.clone(),
            entities: OnceLock::from(entities),
            mentions: OnceLock::from(Arc::new(mentions)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::NameTally;

    #[test]
    fn a_folder_read_in_parts_is_the_folder_read_whole() {
        let root = std::env::temp_dir().join(format!("rassegna-parts-{}", std::process::id()));
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("a.txt"), "Kim incontra Putin.").unwrap();
        std::fs::write(root.join("b/c.txt"), "Putin parla.").unwrap();
        std::fs::write(root.join("b/d.md"), "   ").unwrap();
        let options = ReadOptions::default();
        let whole = Corpus::read(&root, &options).unwrap();
        let (files, _) = listed_files(&root);
        let parts: Vec<Corpus> = files
            .chunks(2)
            .enumerate()
            .map(|(i, chunk)| Corpus::read_folder_part(&root, chunk, i == 0, &options).unwrap())
            .collect();
        let joined = Corpus::concat(parts);
        std::fs::remove_dir_all(&root).unwrap();
        let ids = |c: &Corpus| c.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&joined), ids(&whole));
        assert_eq!(ids(&whole), [Some("a".into()), Some("b/c".into())]);
        let locations = |c: &Corpus| {
            c.errors
                .iter()
                .map(|e| e.location.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(locations(&joined), locations(&whole));
        assert_eq!(whole.errors.len(), 1);
    }

    #[test]
    fn parts_named_by_the_whole_match_the_whole() {
        let texts = vec![
            "Ieri Putin ha parlato a lungo.".to_owned(),
            "Il presidente russo Vladimir Putin è arrivato a Pyongyang.".to_owned(),
            "Il presidente russo assicura che “non ci saranno altre sanzioni contro la Corea”."
                .to_owned(),
        ];
        let whole = Corpus::from_texts(texts.clone(), None, true).unwrap();
        let (model, aliases) = (Model::bundled(), Aliases::bundled());
        let parts: Vec<Corpus> = texts
            .chunks(1)
            .map(|t| Corpus::from_texts(t.to_vec(), None, true).unwrap())
            .collect();
        let mut tally = NameTally::default();
        for part in &parts {
            tally.merge(&NameTally::of(&part.article_entities(model, aliases)));
        }
        let names = tally.resolve(aliases);
        let named: Vec<Corpus> = parts
            .iter()
            .map(|p| p.with_names(model, aliases, &names))
            .collect();
        for (part, named) in parts.iter().zip(&named) {
            let mut found = part.article_entities(model, aliases);
            names.apply(&mut found);
            assert_eq!(*part.with_entities(found).entities(), *named.entities());
        }
        let roles: Vec<NamedRole> = named.iter().flat_map(Corpus::named_roles).collect();
        let mut entities = Vec::new();
        let mut mentions = Vec::new();
        for part in &named {
            let part = part.with_roles(&roles);
            entities.extend(part.entities().iter().cloned());
            mentions.extend(part.mentions().iter().map(|m| {
                m.quotes
                    .iter()
                    .map(|q| q.speaker.clone())
                    .collect::<Vec<_>>()
            }));
        }
        assert_eq!(entities, *whole.entities());
        assert_eq!(entities[0][0].canonical, "Vladimir Putin");
        let expected: Vec<_> = whole
            .mentions()
            .iter()
            .map(|m| {
                m.quotes
                    .iter()
                    .map(|q| q.speaker.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(mentions, expected);
        assert_eq!(mentions[2], [Some("Vladimir Putin".to_owned())]);
    }
}
