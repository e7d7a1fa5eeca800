//! The entities of a parsed article: the tagger run over every segment that holds prose, each
//! mention tied to its sentence and segment, then given its canonical name.

use crate::article::{Article, SegmentKind};
use crate::text::{tokenize_into, Token};

use super::canonical::{canonicalize_article, Aliases};
use super::model::Model;
use super::tags::Label;

/// One mention of an entity in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Byte offsets into `article.text`.
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// The name that all mentions of this referent share (`Putin` → `Vladimir Putin`).
    pub canonical: String,
    /// Index into `article.sentences`; `None` outside the body (bylines, set-aside text).
    pub sentence: Option<usize>,
    /// The kind of segment the mention is in.
    pub segment: SegmentKind,
}

impl Entity {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// In text that is not the article (a paywall prompt, a `Leggi anche` line).
    pub fn is_set_aside(&self) -> bool {
        self.segment.is_set_aside()
    }
}

/// Every entity of `article` in text order, with canonical names resolved within the article.
pub fn find_entities(article: &Article, model: &Model, aliases: &Aliases) -> Vec<Entity> {
    let mut found = Vec::new();
    let tokens = article.tokens();
    // Body sentences, which are in segment order.
    let mut sentences = article.sentences.iter().enumerate().peekable();
    let mut scratch: Vec<Token> = Vec::new();
    for segment in &article.segments {
        match segment.kind {
            SegmentKind::Header => continue,
            kind if kind.is_body() => {
                while let Some((index, sentence)) =
                    sentences.next_if(|(_, s)| s.start < segment.end)
                {
                    let Some(sentence_tokens) = tokens.get(sentence.tokens.clone()) else {
                        continue;
                    };
                    for span in model.predict(&article.text, sentence_tokens) {
                        found.push(Entity {
                            start: span.start,
                            end: span.end,
                            label: span.label,
                            canonical: String::new(),
                            sentence: Some(index),
                            segment: kind,
                        });
                    }
                }
            }
            // Datelines, bylines and set-aside text: short lines, tagged whole.
            kind => {
                scratch.clear();
                tokenize_into(&article.text, segment.start..segment.end, &mut scratch);
                for span in model.predict(&article.text, &scratch) {
                    found.push(Entity {
                        start: span.start,
                        end: span.end,
                        label: span.label,
                        canonical: String::new(),
                        sentence: None,
                        segment: kind,
                    });
                }
            }
        }
    }
    canonicalize_article(&article.text, &mut found, aliases);
    found
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
