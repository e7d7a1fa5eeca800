//! Keyword in context (as quanteda's `kwic` and NLTK's `concordance`): every place a word,
//! phrase or regular expression occurs in the articles' bodies, with the words either side.
//!
//! A word or phrase becomes a regular expression that matches it in any case and with or
//! without accents (`citta` finds `Città`); a regular expression is taken as written. The
//! `regex` crate runs in time linear in the text, whatever the pattern (`(a+)+$` included).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use crate::article::Article;
use crate::error::{Error, Result};

use super::analyzer::{fold, is_word_char, words};
use super::context::{left, right, sentence_of};

/// Lines past which a concordance is refused: a pattern that frequent is better counted.
pub const MAX_LINES: usize = 1_000_000;
/// Compiled size past which a regular expression is refused (the `regex` crate's unit).
const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// One occurrence: article position, byte range of the match, its sentence, and context.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub article: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: Option<usize>,
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// A compiled concordance pattern.
pub struct Pattern {
    regex: Regex,
    /// Words must stand whole: no letter or digit just outside the match.
    whole_words: bool,
}

impl Pattern {
    /// `pattern` as words (a trailing `*` makes the last a prefix), or with `regex`, as a
    /// regular expression.
    pub fn new(pattern: &str, regex: bool) -> Result<Self> {
        let invalid = |message: String| Error::InvalidValue {
            location: pattern.to_owned(),
            field: "pattern".into(),
            message,
        };
        if regex {
            let compiled = RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| invalid(format!("not a valid regular expression: {e}")))?;
            return Ok(Self {
                regex: compiled,
                whole_words: false,
            });
        }
        let (body, prefix) = match pattern.trim().strip_suffix('*') {
            Some(body) => (body, true),
            None => (pattern, false),
        };
        let folded: Vec<String> = words(body).map(|w| w.folded).collect();
        if folded.is_empty() {
            return Err(invalid("no word to look for".into()));
        }
        let mut source = String::new();
        for (n, word) in folded.iter().enumerate() {
            if n > 0 {
                source.push_str(r"[^\p{L}\p{N}]+");
            }
            for c in word.chars() {
                source.push_str(&variants(c));
            }
        }
        if prefix {
            source.push_str(r"[\p{L}\p{N}\p{M}]*");
        }
        let compiled = RegexBuilder::new(&source)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| invalid(format!("cannot be searched for: {e}")))?;
        Ok(Self {
            regex: compiled,
            whole_words: true,
        })
    }

    /// Byte ranges of the matches in `text`.
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut at = 0;
        std::iter::from_fn(move || loop {
            let found = self.regex.find_at(text, at)?;
            let (start, end) = (found.start(), found.end());
            at = if end > start {
                end
            } else {
                // An empty match: step over one character.
                start + text.get(start..)?.chars().next()?.len_utf8()
            };
            if start == end {
                continue;
            }
            let stands_alone = !self.whole_words
                || (!text[..start].chars().next_back().is_some_and(is_word_char)
                    && !text[end..].chars().next().is_some_and(is_word_char));
            if stands_alone {
                return Some((start, end));
            }
            if self.whole_words {
                // A word glued to the match may hide one that starts inside it.
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        })
    }
}

/// The character `c` in a regular expression, in either case and with any accent Latin
/// scripts give it.
fn variants(c: char) -> String {
    static TABLE: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: HashMap<char, Vec<char>> = HashMap::new();
        for code in 0x41..0x250u32 {
            let Some(letter) = char::from_u32(code) else {
                continue;
            };
            let folded = fold(&letter.to_string());
            let mut chars = folded.chars();
            if let (Some(base), None) = (chars.next(), chars.next()) {
                if base != letter {
                    table.entry(base).or_default().push(letter);
                }
            }
        }
        table
    });
    let mut class = vec![c];
    class.extend(table.get(&c).into_iter().flatten());
    if class.len() == 1 {
        return regex::escape(&c.to_string());
    }
    let inside: String = class
        .iter()
        .map(|v| regex::escape(&v.to_string()))
        .collect();
    format!("[{inside}]")
}

/// Every occurrence of `pattern` in the body of `articles`, in corpus order, with `window`
/// words of context either side.
pub fn concordance(
    articles: &[Arc<Article>],
    pattern: &Pattern,
    window: usize,
) -> Result<Vec<Line>> {
    let per_article: Vec<Vec<Line>> = articles
        .par_iter()
        .enumerate()
        .map(|(position, article)| lines_of(position, article, pattern, window))
        .collect();
    let total: usize = per_article.iter().map(Vec::len).sum();
    if total > MAX_LINES {
        return Err(Error::InvalidValue {
            location: pattern.regex.as_str().chars().take(80).collect(),
            field: "pattern".into(),
            message: format!(
                "occurs {total} times, more than the {MAX_LINES} lines a concordance shows; \
                 filter the corpus first or count it with frequencies()"
            ),
        });
    }
    Ok(per_article.into_iter().flatten().collect())
}

/// What sorts lines by their context: the folded words of the right context, or of the left
/// context nearest first (`left`), joined by spaces, which sort before any letter or digit.
pub fn sort_key(line: &Line, left: bool) -> String {
    let mut key: Vec<String> = words(if left { &line.left } else { &line.right })
        .map(|w| w.folded)
        .collect();
    if left {
        key.reverse();
    }
    key.join(" ")
}

fn lines_of(position: usize, article: &Article, pattern: &Pattern, window: usize) -> Vec<Line> {
    let text = article.text.as_str();
    let mut out = Vec::new();
    for segment in article.segments.iter().filter(|s| s.kind.is_body()) {
        let Some(piece) = text.get(segment.start..segment.end) else {
            continue;
        };
        for (start, end) in pattern.matches(piece) {
            let (start, end) = (start + segment.start, end + segment.start);
            out.push(Line {
                article: position,
                start,
                end,
                sentence: sentence_of(article, start),
                left: super::context::one_line(left(text, start, window)),
                matched: text[start..end].to_owned(),
                right: super::context::one_line(right(text, end, window)),
            });
        }
    }
    out
}
