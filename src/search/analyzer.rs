//! The one way text becomes search terms, for indexing, queries, hits and concordances alike:
//! runs of letters and digits, lowercased, accents folded (`perché` → `perche`), and on demand
//! reduced to their Italian stem (`truppe` → `trupp`).
//!
//! Words are cut at anything that is not a letter, digit or combining mark, as SQLite's
//! `unicode61` tokenizer cuts them: `l'esercito` is `l` + `esercito`, `Jong-un` is `jong` +
//! `un`, so an elided article or a hyphenated name is found by its parts.

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The name the text fields' analyzer is registered under in every index.
pub const ANALYZER: &str = "rassegna_it";

/// A word of `text`: byte range into it and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub folded: String,
}

/// A letter, digit or combining mark: what words are made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Lowercase without accents: `Perché` → `perche`, `Ţară` → `tara`. Letters without a
/// decomposition (`ß`, `ø`) stay as lowercased.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    word.chars().for_each(|c| fold_into(c, &mut out));
    out
}

/// Appends `c` folded to `out`.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |part| {
            if !is_combining_mark(part) {
                out.push(part);
            }
        });
    }
}

/// Walks a text word by word, folding each into a buffer the caller keeps: no allocation per
/// word, and ASCII (most of Italian news) one byte at a time.
struct Scanner<'t> {
    text: &'t str,
    at: usize,
}

impl Scanner<'_> {
    /// The byte range of the next word, its folded form written over `folded`.
    fn next_word(&mut self, folded: &mut String) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let start = loop {
            let &byte = bytes.get(self.at)?;
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    break self.at;
                }
                self.at += 1;
            } else {
                let c = self.text.get(self.at..)?.chars().next()?;
                if c.is_alphanumeric() {
                    break self.at;
                }
                self.at += c.len_utf8();
            }
        };
        folded.clear();
        while let Some(&byte) = bytes.get(self.at) {
            if byte.is_ascii() {
                // A run of ASCII letters and digits is copied and lowercased at once.
                let run = bytes[self.at..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len() - self.at);
                if run == 0 {
                    break;
                }
                let from = folded.len();
                folded.push_str(&self.text[self.at..self.at + run]);
                folded[from..].make_ascii_lowercase();
                self.at += run;
            } else {
                let Some(c) = self
                    .text
                    .get(self.at..)
                    .and_then(|rest| rest.chars().next())
                else {
                    break;
                };
                if !is_word_char(c) {
                    break;
                }
                fold_into(c, folded);
                self.at += c.len_utf8();
            }
        }
        Some(start..self.at)
    }
}

/// The words of `text` in order (see the module's note on where words are cut).
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut scanner = Scanner { text, at: 0 };
    std::iter::from_fn(move || {
        let mut folded = String::new();
        let range = scanner.next_word(&mut folded)?;
        Some(Word { range, folded })
    })
}

/// The Italian stem of a folded word (`truppe`, `truppa` → `trupp`).
pub fn stem(folded: &str) -> String {
    thread_local! {
        static ITALIAN: Stemmer = Stemmer::create(Algorithm::Italian);
    }
    ITALIAN.with(|stemmer| stemmer.stem(folded).into_owned())
}

/// [`words`] as a tantivy tokenizer, so that the index and the query see the same terms.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    scanner: Scanner<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            scanner: Scanner { text, at: 0 },
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(range) = self.scanner.next_word(&mut self.token.text) else {
            return false;
        };
        // `reset` leaves position at usize::MAX, so the first word is at 0.
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).map(|w| w.folded).collect()
    }

    #[test]
    fn words_are_folded_and_cut_as_unicode61_cuts_them() {
        assert_eq!(
            folded("L'esercito di Kim Jong-un è lì, perché?"),
            ["l", "esercito", "di", "kim", "jong", "un", "e", "li", "perche"]
        );
        assert_eq!(folded("ÀNSA 1.000 città"), ["ansa", "1", "000", "citta"]);
        assert_eq!(folded(" ,;"), Vec::<String>::new());
    }

    #[test]
    fn ranges_are_byte_ranges_of_the_original() {
        let text = "Più truppe: città";
        let found: Vec<&str> = words(text).map(|w| &text[w.range]).collect();
        assert_eq!(found, ["Più", "truppe", "città"]);
    }

    #[test]
    fn a_decomposed_accent_stays_inside_its_word() {
        assert_eq!(folded("cit\u{0074}a\u{0300} nuova"), ["citta", "nuova"]);
    }

    #[test]
    fn stems_join_singular_and_plural() {
        assert_eq!(stem("truppa"), stem("truppe"));
        assert_eq!(stem("nordcoreane"), stem("nordcoreani"));
    }

    #[test]
    fn the_tokenizer_numbers_positions_from_zero() {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("a, b c");
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push((token.position, token.text.clone(), token.offset_from));
        }
        assert_eq!(
            seen,
            [(0, "a".into(), 0), (1, "b".into(), 3), (2, "c".into(), 5)]
        );
    }
}
