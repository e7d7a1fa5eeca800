//! The entities of a parsed article: the tagger run over every segment that holds prose, as one
//! document (datelines, bylines and credits are metadata and left out), each mention tied to
//! its sentence and segment, then given its canonical name.

use crate::article::{Article, SegmentKind};
use crate::text::{tokenize_into, Token};

use std::collections::HashSet;
use std::ops::Range;

use super::canonical::{canonicalize_article, name_key, Aliases};
use super::entity::Entity;
use super::model::Model;
use super::places::link_entities;
use super::tags::Label;
use crate::places::Gazetteer;

/// Every entity of `article` in text order, with canonical names resolved within the article.
pub fn find_entities(article: &Article, model: &Model, aliases: &Aliases) -> Vec<Entity> {
    let tokens = article.tokens();
    // Tokens of the datelines, bylines and set-aside text, which have no sentences: short
    // lines, each tagged whole.
    let mut other: Vec<Token> = Vec::new();
    // What the tagger sees, in text order: (sentence index, segment kind, tokens from `tokens`
    // or from `other`).
    let mut pieces: Vec<(Option<usize>, SegmentKind, Range<usize>)> = Vec::new();
    // Body sentences, which are in segment order.
    let mut sentences = article.sentences.iter().enumerate().peekable();
    for segment in &article.segments {
        match segment.kind {
            // Metadata, not content: `MOSCA, 10 FEB (ANSA) -` names no one the story is about.
            SegmentKind::Header | SegmentKind::Dateline | SegmentKind::Byline => continue,
            kind if kind.is_body() => {
                while let Some((index, sentence)) =
                    sentences.next_if(|(_, s)| s.start < segment.end)
                {
                    pieces.push((Some(index), kind, sentence.tokens.clone()));
                }
            }
            kind => {
                let start = other.len();
                tokenize_into(&article.text, segment.start..segment.end, &mut other);
                pieces.push((None, kind, start..other.len()));
            }
        }
    }
    let slices: Vec<&[Token]> = pieces
        .iter()
        .map(|(sentence, _, range)| {
            let from = if sentence.is_some() { &tokens } else { &other };
            from.get(range.clone()).unwrap_or_default()
        })
        .collect();
    // One call for the whole article: the model labels a name in the light of its other
    // mentions.
    let mut found = Vec::new();
    for (spans, &(sentence, segment, _)) in model
        .predict_document(&article.text, &slices)
        .into_iter()
        .zip(&pieces)
    {
        found.extend(spans.into_iter().map(|span| Entity {
            start: span.start,
            end: span.end,
            label: span.label,
            canonical: String::new(),
            sentence,
            segment,
            place: None,
        }));
    }
    // Credits (`Foto: KEYSTONE`, `(ANSA)`) say who made the picture or the story.
    let credits: Vec<_> = article.segments.iter().filter_map(|s| s.credit).collect();
    found.retain(|e| !credits.iter().any(|c| e.start < c.end && c.start < e.end));
    complete_cut_names(&article.text, &mut found, aliases);
    canonicalize_article(&article.text, &mut found, aliases);
    // Corpus-wide naming changes a place's spelling, not its key: the link stays true.
    link_entities(&article.text, &mut found, Gazetteer::bundled());
    found
}

/// A person's name the tagger cut one word short (`Kim Jong` before `Un`, which also reads as
/// the article `un`) takes the next word back when the longer name is one the article or the
/// alias table knows.
fn complete_cut_names(text: &str, found: &mut [Entity], aliases: &Aliases) {
    let known: HashSet<String> = found
        .iter()
        .filter(|e| e.label == Label::Per)
        .map(|e| name_key(e.text(text)))
        .collect();
    for i in 0..found.len() {
        if found[i].label != Label::Per {
            continue;
        }
        let Some(rest) = text.get(found[i].end..) else {
            continue;
        };
        let mut chars = rest.chars();
        let (Some(separator), Some(first)) = (chars.next(), chars.next()) else {
            continue;
        };
        let continues = match separator {
            ' ' => first.is_uppercase(),
            '-' => first.is_alphabetic(),
            _ => false,
        };
        if !continues {
            continue;
        }
        let word_len: usize = rest[1..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        let end = found[i].end + 1 + word_len;
        if found.get(i + 1).is_some_and(|next| next.start < end) {
            continue;
        }
        let longer = &text[found[i].start..end];
        if known.contains(&name_key(longer)) || aliases.get(longer).is_some() {
            found[i].end = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    fn entities(text: &str) -> (Article, Vec<Entity>) {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let found = find_entities(&article, Model::bundled(), Aliases::bundled());
        (article, found)
    }

    #[test]
    fn datelines_bylines_and_credits_name_no_entity() {
        let (article, found) = entities(
            "Mosca accusa Kiev\n\nMOSCA, 10 FEB (ANSA) - Il ministro Sergei Lavrov ha parlato a \
             lungo con i giornalisti. (ANSA).\n\nPutin e Kim a Pyongyang. Foto: KEYSTONE\n",
        );
        let texts: Vec<&str> = found.iter().map(|e| e.text(&article.text)).collect();
        for metadata in ["MOSCA", "FEB", "ANSA", "KEYSTONE"] {
            assert!(!texts.contains(&metadata), "{texts:?}");
        }
        assert!(texts.contains(&"Sergei Lavrov"), "{texts:?}");
    }

    #[test]
    fn mentions_carry_sentence_segment_and_canonical_name() {
        let (article, found) = entities(
            "Putin a Pyongyang\n\nIl presidente russo Vladimir Putin è arrivato a Pyongyang. \
             Putin ha incontrato Kim Jong-un.\n\nPer continuare a leggere l'articolo sostienici \
             oppure accedi\n",
        );
        let texts: Vec<(&str, Label, &str, Option<usize>)> = found
            .iter()
            .map(|e| {
                (
                    e.text(&article.text),
                    e.label,
                    e.canonical.as_str(),
                    e.sentence,
                )
            })
            .collect();
        assert!(texts.contains(&("Vladimir Putin", Label::Per, "Vladimir Putin", Some(1))));
        assert!(texts.contains(&("Putin", Label::Per, "Vladimir Putin", Some(2))));
        assert!(texts.contains(&("Pyongyang", Label::Loc, "Pyongyang", Some(1))));
        let title = &found[0];
        assert_eq!(title.segment, SegmentKind::Title);
        assert_eq!(title.canonical, "Vladimir Putin");
        assert!(found.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn names_cut_short_are_completed_from_the_alias_table() {
        let mut found = vec![Entity {
            start: 0,
            end: 8,
            label: Label::Per,
            canonical: String::new(),
            sentence: Some(0),
            segment: SegmentKind::Paragraph,
            place: None,
        }];
        complete_cut_names(
            "Kim Jong Un parte. Kim Jong",
            &mut found,
            Aliases::bundled(),
        );
        assert_eq!(found[0].end, 11);
        // Nothing to complete: the text ends, or the next word is lower case.
        let mut found = vec![Entity {
            start: 0,
            end: 3,
            ..found[0].clone()
        }];
        complete_cut_names("Kim va", &mut found, Aliases::bundled());
        assert_eq!(found[0].end, 3);
        complete_cut_names("Kim", &mut found, Aliases::bundled());
        assert_eq!(found[0].end, 3);
    }

    #[test]
    fn entities_in_set_aside_text_are_marked() {
        let (article, found) = entities(
            "Mosca e Pyongyang firmano un accordo.\n\nLeggi anche: Sergei Lavrov a Pyongyang\n",
        );
        let lavrov = found
            .iter()
            .find(|e| e.text(&article.text) == "Sergei Lavrov")
            .expect("Lavrov found");
        assert!(lavrov.is_set_aside());
        assert_eq!(lavrov.sentence, None);
        assert!(found.iter().any(|e| !e.is_set_aside()));
    }
}
