//! Sentence boundaries over tokens of one block of text (a paragraph, a title, a caption).
//!
//! The tokenizer has already settled the hard cases (abbreviations keep their dots, numbers
//! keep their separators), so a boundary is decided by looking at the end mark, the closing
//! quotes and brackets glued after it, and the first character of the next token.

use std::ops::Range;

use super::{Token, TokenKind};

/// A sentence: byte span into the text and the range of its tokens in the token list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// Appends to `out` the sentences of the block whose tokens are `tokens[block]`.
/// Sentences never cross a block; token ranges index into `tokens`.
pub fn split_sentences(text: &str, tokens: &[Token], block: Range<usize>, out: &mut Vec<Sentence>) {
    let end = block.end.min(tokens.len());
    let start = block.start.min(end);
    let Some(block_tokens) = tokens.get(start..end) else {
        return;
    };
    let token_text = |t: &Token| text.get(t.start..t.end).unwrap_or("");
    let mut first = 0;
    let mut k = 0;
    while k < block_tokens.len() {
        let Some(tok) = block_tokens.get(k) else {
            break;
        };
        if !ends_sentence(tok, token_text(tok)) {
            k += 1;
            continue;
        }
        // Closing quotes and brackets, and further end marks (`?».`), go with the sentence.
        let mut last = k;
        while let Some(next) = block_tokens.get(last + 1) {
            let prev_end = block_tokens.get(last).map_or(0, |t| t.end);
            let s = token_text(next);
            if is_closing(next, s, prev_end) || is_end_punct(next, s) {
                last += 1;
            } else {
                break;
            }
        }
        let split = match block_tokens.get(last + 1) {
            None => true,
            Some(next) => opens_sentence(token_text(next)),
        };
        if split {
            push(out, block_tokens, start, first, last);
            first = last + 1;
        }
        k = last + 1;
    }
    if first < block_tokens.len() {
        push(out, block_tokens, start, first, block_tokens.len() - 1);
    }
}

fn push(out: &mut Vec<Sentence>, block_tokens: &[Token], offset: usize, first: usize, last: usize) {
    let (Some(a), Some(b)) = (block_tokens.get(first), block_tokens.get(last)) else {
        return;
    };
    out.push(Sentence {
        start: a.start,
        end: b.end,
        tokens: offset + first..offset + last + 1,
    });
}

/// `.`, `!`, `?`, `…`, `...`, `?!` and the abbreviations that close a list (`ecc.`).
fn ends_sentence(tok: &Token, s: &str) -> bool {
    match tok.kind {
        TokenKind::Punct => is_end_punct(tok, s),
        TokenKind::Abbreviation => s.eq_ignore_ascii_case("ecc.") || s.eq_ignore_ascii_case("etc."),
        _ => false,
    }
}

fn is_end_punct(tok: &Token, s: &str) -> bool {
    tok.kind == TokenKind::Punct && matches!(s.chars().next(), Some('.' | '!' | '?' | '…'))
}

/// A quote or bracket that closes what came before. Straight and “ ‘ quotes are ambiguous:
/// glued to the previous token they close (`diretto“,`), after a space they open.
fn is_closing(tok: &Token, s: &str, prev_end: usize) -> bool {
    match tok.kind {
        TokenKind::Quote => match s.chars().next() {
            Some('»' | '›' | '”' | '’' | '」' | '』') => true,
            Some('"' | '\'' | '“' | '‘' | '＂') => tok.start == prev_end,
            _ => false,
        },
        TokenKind::Punct => matches!(s, ")" | "]" | "}" | "）"),
        _ => false,
    }
}

/// Whether a token can start a sentence after an end mark.
fn opens_sentence(s: &str) -> bool {
    match s.chars().next() {
        Some(c) => {
            c.is_uppercase()
                || c.is_numeric()
                || matches!(
                    c,
                    '«' | '“'
                        | '‘'
                        | '"'
                        | '\''
                        | '„'
                        | '‚'
                        | '‹'
                        | '('
                        | '['
                        | '{'
                        | '-'
                        | '–'
                        | '—'
                        | '¿'
                        | '¡'
                )
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn sentences(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        split_sentences(text, &tokens, 0..tokens.len(), &mut out);
        // Every token in exactly one sentence, in order.
        let mut next = 0;
        for s in &out {
            assert_eq!(s.tokens.start, next, "{text:?}");
            assert!(s.tokens.start < s.tokens.end);
            assert_eq!(s.start, tokens[s.tokens.start].start);
            assert_eq!(s.end, tokens[s.tokens.end - 1].end);
            next = s.tokens.end;
        }
        assert_eq!(next, tokens.len(), "{text:?}");
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Il dott. Rossi è arrivato. Poi è partito.",
                &["Il dott. Rossi è arrivato.", "Poi è partito."],
            ),
            (
                "Sergei K. Shoigu ha parlato.",
                &["Sergei K. Shoigu ha parlato."],
            ),
            (
                "Costa 1.500 euro, cioè 1,5 mila. Bene.",
                &["Costa 1.500 euro, cioè 1,5 mila.", "Bene."],
            ),
            (
                "Aspetta... non so. Forse sì!",
                &["Aspetta... non so.", "Forse sì!"],
            ),
            (
                "«Siamo pronti.» Poi ha aggiunto: «Vinceremo».",
                &["«Siamo pronti.»", "Poi ha aggiunto: «Vinceremo»."],
            ),
            (
                "Lo ha detto ieri, ecc. Poi basta.",
                &["Lo ha detto ieri, ecc.", "Poi basta."],
            ),
            ("“Sono qui.” Poi via.", &["“Sono qui.”", "Poi via."]),
            ("«Siamo pronti», ha detto.", &["«Siamo pronti», ha detto."]),
            ("«Basta!» ha detto Rossi.", &["«Basta!» ha detto Rossi."]),
            (
                "Russia e Usa “sono sull’orlo di un conflitto militare diretto“, ha detto \
                 Sergei Lavrov in un’intervista.",
                &[
                    "Russia e Usa “sono sull’orlo di un conflitto militare diretto“, ha detto \
                   Sergei Lavrov in un’intervista.",
                ],
            ),
            (
                "“...diretto“, ha detto Lavrov",
                &["“...diretto“, ha detto Lavrov"],
            ),
            (
                "Il sig. Bianchi tace. Ok.",
                &["Il sig. Bianchi tace.", "Ok."],
            ),
            ("Nel 2022. Nel 2023.", &["Nel 2022.", "Nel 2023."]),
            (
                "Prima: dopo; ancora. Fine",
                &["Prima: dopo; ancora.", "Fine"],
            ),
            ("Davvero?! Sì.", &["Davvero?!", "Sì."]),
            ("Davvero? sì.", &["Davvero? sì."]),
            ("Era tardi… Poi niente.", &["Era tardi…", "Poi niente."]),
            ("Fine. 2023 inizio.", &["Fine.", "2023 inizio."]),
            ("Fine. «Inizio»", &["Fine.", "«Inizio»"]),
            ("Fine. (Nota)", &["Fine.", "(Nota)"]),
            ("Fine. – Dice", &["Fine.", "– Dice"]),
            ("«Davvero?». Poi", &["«Davvero?».", "Poi"]),
            ("Disse \"basta.\" Poi", &["Disse \"basta.\"", "Poi"]),
            ("Disse. \"Basta\"", &["Disse.", "\"Basta\""]),
            ("La S.p.A. Leonardo vola.", &["La S.p.A. Leonardo vola."]),
            ("Senza punto finale", &["Senza punto finale"]),
            ("...", &["..."]),
            (". . .", &[". . ."]),
            ("Putin. Путин.", &["Putin.", "Путин."]),
            ("Roma. Èvviva.", &["Roma.", "Èvviva."]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "{text}");
        }
    }

    #[test]
    fn empty_and_out_of_range_blocks() {
        let text = "Uno. Due.";
        let tokens = tokenize(text);
        let mut out = Vec::new();
        split_sentences(text, &tokens, 0..0, &mut out);
        split_sentences(text, &tokens, 3..2, &mut out);
        split_sentences(text, &tokens, 10..20, &mut out);
        assert!(out.is_empty());
        split_sentences("", &[], 0..5, &mut out);
        assert!(out.is_empty());
        // Tokens pointing outside the text do not panic either.
        let bogus = [Token {
            start: 50,
            end: 60,
            kind: TokenKind::Punct,
        }];
        split_sentences(text, &bogus, 0..1, &mut out);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn blocks_use_absolute_token_indices() {
        let text = "Titolo.\nUno. Due.";
        let tokens = tokenize(text);
        let mut out = Vec::new();
        split_sentences(text, &tokens, 0..2, &mut out);
        split_sentences(text, &tokens, 2..tokens.len(), &mut out);
        let spans: Vec<_> = out
            .iter()
            .map(|s| (&text[s.start..s.end], s.tokens.clone()))
            .collect();
        assert_eq!(spans, [("Titolo.", 0..2), ("Uno.", 2..4), ("Due.", 4..6)]);
    }

    #[test]
    fn nasty_blocks() {
        let quotes = "«".repeat(10_000) + &"».".repeat(10_000);
        for text in [
            "",
            "....",
            "?!?!",
            "» » »",
            "\u{0301}",
            quotes.as_str(),
            "«««»»»...",
        ] {
            let n = sentences(text).len();
            assert!(n <= text.len());
        }
    }
}
