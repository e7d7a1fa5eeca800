//! Reader for KIND / NERMuD TSV files: token and BIO tag a line, blank lines between sentences.
//!
//! Sentences are rebuilt as raw text exactly as `shared/eval/ner_spans.py convert` does, so
//! that a model trained and scored here sees the text the official scorer sees.
//!
//! The files mark no boundary between documents, but keep each article's sentences together,
//! headline first; `mark_documents` finds the headlines.

use std::path::Path;

use crate::error::{Error, Result};

use super::tags::{EntitySpan, Label};
use super::train::TrainingSentence;

const NO_SPACE_BEFORE: &[&str] = &[
    ",", ".", ";", ":", "!", "?", ")", "]", "}", "»", "”", "%", "…",
];
const NO_SPACE_AFTER: &[&str] = &["(", "[", "{", "«", "“"];

/// The sentences of a KIND TSV file, as raw text with gold spans.
pub fn read_kind_tsv(path: &Path) -> Result<Vec<TrainingSentence>> {
    read_training_file(path, parse_kind_tsv)
}

/// The file at `path` read and given to `parse` with its location, which errors name.
pub(super) fn read_training_file(
    path: &Path,
    parse: fn(&str, &str) -> Result<Vec<TrainingSentence>>,
) -> Result<Vec<TrainingSentence>> {
    let location = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        location: location.clone(),
        message: e.to_string(),
    })?;
    parse(&text, &location)
}

/// The sentences of KIND TSV `text`; `location` names it in errors.
pub fn parse_kind_tsv(text: &str, location: &str) -> Result<Vec<TrainingSentence>> {
    let mut out = Vec::new();
    let mut sent: Vec<(&str, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !sent.is_empty() {
                out.push(detokenize(&sent, location)?);
                sent.clear();
            }
            continue;
        }
        let mut parts = line.split('\t');
        let tok = parts.next().unwrap_or_default();
        let tag = parts.next().unwrap_or("O").trim().to_uppercase();
        if tok.is_empty() {
            return Err(Error::Format {
                location: format!("{location}:{}", n + 1),
                message: "empty token".into(),
            });
        }
        sent.push((tok, tag));
    }
    if !sent.is_empty() {
        out.push(detokenize(&sent, location)?);
    }
    mark_documents(&mut out);
    Ok(out)
}

/// Numbers the documents of consecutive KIND sentences (`TrainingSentence::document`).
///
/// A Wikinews article opens with its headline, and a headline is the only kind of sentence
/// that ends without punctuation; so a new document starts at each sentence that ends
/// without final punctuation (nor `:` or `;`) and follows one that ends with it. This also cuts
/// at some section headings inside an article (`Le reazioni`), which only makes documents
/// smaller; it joins two articles only when a headline ends with punctuation. On WN_train it
/// finds 741 documents of 14.7 sentences on average, on WN_dev 201 of 12.9.
pub fn mark_documents(sentences: &mut [TrainingSentence]) {
    const FINAL: &[char] = &['.', '!', '?', '»', '"', '”', '…', ')'];
    let mut document = 0;
    let mut prev_final = true;
    for (i, s) in sentences.iter_mut().enumerate() {
        let text = s.text.trim_end();
        let is_final = text.ends_with(FINAL);
        if i > 0 && prev_final && !is_final && !text.ends_with([':', ';']) {
            document += 1;
        }
        s.document = document;
        prev_final = is_final;
    }
}

pub(super) fn detokenize(sent: &[(&str, String)], location: &str) -> Result<TrainingSentence> {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(sent.len());
    let mut prev: Option<&str> = None;
    for &(tok, _) in sent {
        if let Some(p) = prev {
            let glue = NO_SPACE_BEFORE.contains(&tok)
                || NO_SPACE_AFTER.contains(&p)
                || p.ends_with('\'')
                || p.ends_with('’');
            if !glue {
                text.push(' ');
            }
        }
        let start = text.len();
        text.push_str(tok);
        offsets.push((start, text.len()));
        prev = Some(tok);
    }
    let mut entities: Vec<EntitySpan> = Vec::new();
    let mut cur: Option<(usize, usize, String)> = None;
    let mut close = |cur: &mut Option<(usize, usize, String)>| -> Result<()> {
        if let Some((start, end, name)) = cur.take() {
            let label = Label::from_name(&name).ok_or_else(|| Error::InvalidValue {
                location: location.into(),
                field: "tag".into(),
                message: format!("unknown entity label {name:?}"),
            })?;
            entities.push(EntitySpan { start, end, label });
        }
        Ok(())
    };
    for ((_, tag), &(s, e)) in sent.iter().zip(&offsets) {
        let tag = tag.split('|').next().unwrap_or_default();
        if tag == "O" || tag.is_empty() {
            close(&mut cur)?;
            continue;
        }
        let (bio, label) = tag.split_once('-').unwrap_or(("B", tag));
        let continues = bio != "B" && cur.as_ref().is_some_and(|c| c.2 == label);
        if continues {
            if let Some(c) = cur.as_mut() {
                c.1 = e;
            }
        } else {
            close(&mut cur)?;
            cur = Some((s, e, label.to_string()));
        }
    }
    close(&mut cur)?;
    Ok(TrainingSentence {
        text,
        entities,
        domain: 0,
        document: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_text_and_spans_like_the_scorer() {
        let tsv =
            "Il\tO\npresidente\tO\ndell'\tO\nUniversità\tB-ORG\ndi\tI-ORG\nPisa\tI-ORG\n,\tO\n\
                   Mario\tB-PER\nRossi\tI-PER\n.\tO\n\nRoma\tB-LOC\n";
        let s = parse_kind_tsv(tsv, "t").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].text,
            "Il presidente dell'Università di Pisa, Mario Rossi."
        );
        let spans: Vec<&str> = s[0]
            .entities
            .iter()
            .map(|e| &s[0].text[e.start..e.end])
            .collect();
        assert_eq!(spans, ["Università di Pisa", "Mario Rossi"]);
        assert_eq!(s[1].entities[0].label, Label::Loc);
    }

    #[test]
    fn documents_start_at_headlines() {
        let sentences = [
            "Titolo uno",
            "Testo .",
            "Elenco :",
            "voce senza punto",
            "Fine .",
            "Altro titolo",
            "Testo .",
        ];
        let tsv: String = sentences
            .iter()
            .map(|s| {
                s.split(' ')
                    .map(|t| format!("{t}\tO\n"))
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        let docs: Vec<usize> = parse_kind_tsv(&tsv, "t")
            .unwrap()
            .iter()
            .map(|s| s.document)
            .collect();
        assert_eq!(docs, [0, 0, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn unknown_labels_are_errors() {
        assert!(parse_kind_tsv("x\tB-MISC\n", "t").is_err());
    }
}
