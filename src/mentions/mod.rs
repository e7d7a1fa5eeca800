//! Mentions: who said what (quotes), how many (quantities), when (dates), and who holds which
//! title (roles), found by rules and word lists over an article's tokens and entities.
//!
//! `extract(&article, &entities)` finds all four layers at once; entities are computed once
//! by the caller (`find_entities`, or `Corpus::entities` for names canonical across a corpus)
//! and shared. Roles come first because they name the speakers of quotes (`il portavoce`).

mod calendar;
mod dates;
mod doc;
mod numbers;
mod quantities;
mod quotes;
mod roles;
mod speakers;
pub mod tables;

pub use crate::places::country_of_adjective;
pub use calendar::{DateValue, Day, Precision};
pub use dates::{find_dates, DateKind, DateMention};
pub use numbers::{parse_digits, parse_number_word};
pub use quantities::{find_quantities, Quantity};
pub use quotes::{find_quotes, Quote};
pub use roles::{find_roles, Role, RoleMemory};
pub use speakers::SpeakerKind;

use crate::article::Article;
use crate::entities::Entity;

use doc::Doc;

/// The four layers of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mentions {
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateMention>,
    pub quotes: Vec<Quote>,
    pub roles: Vec<Role>,
}

/// Every mention of `article`, with speakers and role holders named as in `entities`.
pub fn extract(article: &Article, entities: &[Entity]) -> Mentions {
    extract_with(article, entities, None)
}

/// Like [`extract`], with roles seen in other articles of a corpus (`il presidente russo`
/// named in one article identifies him in another).
pub fn extract_with(
    article: &Article,
    entities: &[Entity],
    corpus_roles: Option<&RoleMemory>,
) -> Mentions {
    let doc = Doc::new(article, entities);
    let mut phrases = roles::phrases_in(&doc, corpus_roles);
    let quotes = quotes::quotes_in(&doc, &mut phrases);
    roles::resolve_again(&mut phrases);
    let roles = roles::roles_from(&doc, &phrases);
    let dates = dates::dates_in(&doc);
    let quantities = quantities::quantities_in(&doc, &dates);
    Mentions {
        quantities,
        dates,
        quotes,
        roles,
    }
}

#[cfg(test)]
mod debug {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};

    /// `cargo test --lib mentions::debug -- --ignored --nocapture`: every layer over the seeds.
    #[test]
    #[ignore]
    fn print_seed_mentions() {
        let mut paths: Vec<_> = std::fs::read_dir("python/rassegna/data/sample")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let article = parse(text, Overrides::default()).unwrap();
            let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
            let m = extract(&article, &entities);
            let t = article.text.as_str();
            println!(
                "=== {:?} date={:?}",
                path.file_name().unwrap(),
                article.date.as_ref().map(|d| d.value.clone())
            );
            for q in &m.quantities {
                println!(
                    "  Q {:?} v={:?} lo={:?} hi={:?} ~{} mod={:?} unit={:?} ent={:?}",
                    q.text(t),
                    q.value,
                    q.low,
                    q.high,
                    q.approximate,
                    q.modifier,
                    q.unit,
                    q.entity
                );
            }
            for d in &m.dates {
                println!(
                    "  D {:?} {} {:?}",
                    d.text(t),
                    d.kind.as_str(),
                    d.value.as_ref().map(|v| v.iso())
                );
            }
            for q in &m.quotes {
                println!(
                    "  S {:?} <- {:?} cue={:?} scare={} span={:?}",
                    q.text(t).chars().take(50).collect::<String>(),
                    q.speaker,
                    q.cue,
                    q.scare,
                    q.speaker_span.map(|(a, b)| &t[a..b])
                );
            }
            for r in &m.roles {
                println!(
                    "  R {:?} -> {:?} org={:?} key={:?} named={}",
                    r.text,
                    r.person,
                    r.organization,
                    r.key,
                    r.person_span.is_some()
                );
            }
        }
    }
}
