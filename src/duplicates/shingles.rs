//! Word shingles of an article's content: the body tokens keyword counting reads (set-aside
//! text, headers, datelines, bylines and credits left out), words and numbers only, folded
//! for case and accents, each hashed (xxh3), taken `size` at a time and the hashes of a window
//! combined (a rolling hash, one step per word) and mixed. A set of shingles is a sorted list
//! of distinct 64-bit hashes.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::xxh3_64;

use super::minhash::mix;
use crate::article::Article;
use crate::error::{Error, Result};
use crate::stats::normalize::push_normalized;
use crate::text::{Token, TokenKind};

/// The longest shingle, in words.
pub const MAX_SHINGLE_SIZE: usize = 16;

/// Seeds the hash of a shingle's words, so that a one-word shingle is not that word's hash.
const SHINGLE_SEED: u64 = 0x7261_7373_6567_6e61;

/// Checks a shingle size given by a caller.
pub fn check_size(size: usize) -> Result<()> {
    if (1..=MAX_SHINGLE_SIZE).contains(&size) {
        Ok(())
    } else {
        Err(Error::InvalidValue {
            location: "duplicates".into(),
            field: "shingle_size".into(),
            message: format!("{size}: expected 1 to {MAX_SHINGLE_SIZE} words"),
        })
    }
}

/// Scratch space reused from article to article on one thread.
#[derive(Default)]
pub struct Shingler {
    tokens: Vec<Token>,
    word: String,
    lower: String,
    words: Vec<u64>,
}

impl Shingler {
    /// The article's shingles and how many words its content has.
    pub fn shingles(&mut self, article: &Article, size: usize) -> (Vec<u64>, usize) {
        self.tokens.clear();
        article.push_tokens(&mut self.tokens);
        self.words.clear();
        for token in &self.tokens {
            if !is_wordlike(token.kind) {
                continue;
            }
            let text = token.text(&article.text);
            if text
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                // Already folded: most words of a text.
                self.words.push(xxh3_64(text.as_bytes()));
                continue;
            }
            self.word.clear();
            push_folded(&mut self.word, &mut self.lower, text);
            if !self.word.is_empty() {
                self.words.push(xxh3_64(self.word.as_bytes()));
            }
        }
        (shingles_of_words(&self.words, size), self.words.len())
    }
}

/// Punctuation, quotes and symbols say nothing of which story an article tells.
fn is_wordlike(kind: TokenKind) -> bool {
    !matches!(
        kind,
        TokenKind::Punct | TokenKind::Quote | TokenKind::Symbol | TokenKind::Emoji
    )
}

/// Appends `word` lower-cased as terms are, and without accents (`perchè`, `perché` and
/// `perche` are one word: copies differ in such typos).
pub fn push_folded(out: &mut String, lower: &mut String, word: &str) {
    if word.is_ascii() {
        push_normalized(out, word, true);
        return;
    }
    lower.clear();
    push_normalized(lower, word, true);
    out.extend(lower.nfd().filter(|c| !is_combining_mark(*c)));
}

/// The distinct shingles of a list of word hashes, sorted. Content shorter than a shingle
/// is one shingle of all its words, so that short identical articles still meet.
pub fn shingles_of_words(words: &[u64], size: usize) -> Vec<u64> {
    if words.is_empty() {
        return Vec::new();
    }
    let size = size.clamp(1, MAX_SHINGLE_SIZE).min(words.len());
    // A window's words, each rotated by 7 bits per place, xor-ed: the next window's value is
    // this one's without its first word, rotated back, with the new last word. Then mixed.
    let last = (7 * (size as u32 - 1)) % 64;
    let mut window = words[..size]
        .iter()
        .enumerate()
        .fold(0u64, |h, (i, &w)| h ^ w.rotate_left(7 * i as u32));
    let mut out = Vec::with_capacity(words.len() - size + 1);
    out.push(mix(window ^ SHINGLE_SEED));
    for (first, &next) in words.iter().zip(&words[size..]) {
        window = (window ^ first).rotate_right(7) ^ next.rotate_left(last);
        out.push(mix(window ^ SHINGLE_SEED));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How many shingles two sorted sets share.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    fn of(text: &str, size: usize) -> Vec<u64> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        Shingler::default().shingles(&article, size).0
    }

    #[test]
    fn case_accents_and_punctuation_do_not_change_the_shingles() {
        let a = of("Il governo ha detto perché no. Poi è partito.", 3);
        let b = of("il GOVERNO ha detto, perche NO! Poi e partito", 3);
        assert_eq!(a, b);
        assert_eq!(a.len(), 7);
    }

    #[test]
    fn short_content_is_one_shingle_and_empty_content_none() {
        assert_eq!(of("Sì", 5).len(), 1);
        assert_eq!(of("Sì", 5), of("si!", 5));
        assert!(of("...", 5).is_empty());
    }

    #[test]
    fn the_rolling_hash_is_the_hash_of_each_window() {
        let words: Vec<u64> = (0..40u64).map(|w| mix(w % 7)).collect();
        let rolled = shingles_of_words(&words, 5);
        let mut each: Vec<u64> = words
            .windows(5)
            .map(|window| {
                let h = window
                    .iter()
                    .enumerate()
                    .fold(0u64, |h, (i, &w)| h ^ w.rotate_left(7 * i as u32));
                mix(h ^ SHINGLE_SEED)
            })
            .collect();
        each.sort_unstable();
        each.dedup();
        assert_eq!(rolled, each);
        // Seven distinct windows repeat over 40 words.
        assert_eq!(rolled.len(), 7);
    }

    #[test]
    fn shared_counts_the_intersection() {
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 7, 9]), 2);
        assert_eq!(shared(&[], &[1]), 0);
    }
}
