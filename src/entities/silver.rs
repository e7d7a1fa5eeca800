//! Reader for WikiNEuRal's CoNLL files (`index<TAB>token<TAB>tag`, IOB2, a blank line between
//! sentences): silver Wikipedia sentences to train on beside KIND.
//!
//! WikiNEuRal has a MISC class (events, works, nationalities) that KIND does not: MISC becomes
//! outside. Its sentences come from unrelated pages, so each is a document of its own.

use std::path::Path;

use crate::error::{Error, Result};

use super::kind::{detokenize, read_training_file};
use super::train::TrainingSentence;

/// The sentences of a WikiNEuRal file, as raw text with gold spans, each its own document.
pub fn read_wikineural(path: &Path) -> Result<Vec<TrainingSentence>> {
    read_training_file(path, parse_wikineural)
}

/// The sentences of WikiNEuRal `text`; `location` names it in errors.
pub fn parse_wikineural(text: &str, location: &str) -> Result<Vec<TrainingSentence>> {
    let mut out = Vec::new();
    let mut sent: Vec<(&str, String)> = Vec::new();
    let flush = |sent: &mut Vec<(&str, String)>, out: &mut Vec<TrainingSentence>| {
        if !sent.is_empty() {
            let mut s = detokenize(sent, location)?;
            s.document = out.len();
            out.push(s);
            sent.clear();
        }
        Ok::<(), Error>(())
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut sent, &mut out)?;
            continue;
        }
        let mut parts = line.split('\t');
        let (_, Some(token), tag) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Error::Format {
                location: format!("{location}:{}", n + 1),
                message: "expected index, token and tag separated by tabs".into(),
            });
        };
        if token.is_empty() {
            return Err(Error::Format {
                location: format!("{location}:{}", n + 1),
                message: "empty token".into(),
            });
        }
        let tag = tag.unwrap_or("O").trim().to_uppercase();
        let tag = if tag.ends_with("MISC") {
            "O".into()
        } else {
            tag
        };
        sent.push((token, tag));
    }
    flush(&mut sent, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Label;

    #[test]
    fn misc_is_outside_and_each_sentence_is_a_document() {
        let text = "0\tLa\tO\n1\tMostra\tB-MISC\n2\tdi\tI-MISC\n3\tVenezia\tI-MISC\n\n\
                    0\tMario\tB-PER\n1\tRossi\tI-PER\n2\tvive\tO\n3\ta\tO\n4\tRoma\tB-LOC\n5\t.\tO\n";
        let s = parse_wikineural(text, "t").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].entities.is_empty());
        assert_eq!(s[1].text, "Mario Rossi vive a Roma.");
        let spans: Vec<(&str, Label)> = s[1]
            .entities
            .iter()
            .map(|e| (&s[1].text[e.start..e.end], e.label))
            .collect();
        assert_eq!(spans, [("Mario Rossi", Label::Per), ("Roma", Label::Loc)]);
        assert_eq!((s[0].document, s[1].document), (0, 1));
    }

    #[test]
    fn a_line_without_a_token_is_an_error_with_its_line() {
        let err = parse_wikineural("0\tLa\tO\n1\n", "f.conllu").unwrap_err();
        assert!(err.to_string().contains("f.conllu:2"), "{err}");
    }
}
