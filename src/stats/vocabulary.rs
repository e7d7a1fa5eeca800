//! Terms of an article under the user's vocabulary options: lower-casing, Italian stop-words,
//! Snowball stems, minimum length, numbers, folded elisions, entity-aware terms, n-grams.
//!
//! An article's body tokens become *units*: a term (`Corea del Nord` as one entity unit, or a
//! word), an inner word (a stop-word, an elided article, a word too short: it may sit inside an
//! n-gram but never starts or ends one), or a break (punctuation, a dropped number, a URL) that
//! no n-gram crosses. Terms are then the n-grams of consecutive units whose first and last units
//! are terms, listed as scikit-learn lists them: all n-grams of the smallest n first, each size in
//! text order.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use super::normalize::push_normalized;
use super::stopwords::Stopwords;
use crate::article::Article;
use crate::entities::Entity;
use crate::error::{Error, Result};
use crate::text::{Token, TokenKind};

/// The longest n-gram a vocabulary builds: beyond it counts are too sparse to mean anything.
pub const MAX_NGRAM: usize = 6;

/// What counts as a term. The defaults suit keyword statistics on Italian news.
#[derive(Clone, Debug, PartialEq)]
pub struct TermOptions {
    /// Lower-case words (entity names keep their case).
    pub lowercase: bool,
    /// Leave out the bundled Italian stop-words (see `stopwords_it.txt`).
    pub stopwords: bool,
    /// More stop-words, added to the bundled list (or used alone when `stopwords` is false).
    pub extra_stopwords: Vec<String>,
    /// Snowball Italian stems instead of word forms.
    pub stem: bool,
    /// Words shorter than this many characters are not terms.
    pub min_length: usize,
    /// Keep numbers (`2024`, `1.500`, `13mila`) as terms.
    pub numbers: bool,
    /// Elided words (`dell'`, `l'`, `quest'`) are not terms.
    pub fold_elisions: bool,
    /// An entity, however many words, is one term under its canonical name.
    pub entities: bool,
    /// Sizes of n-grams, smallest and largest, as scikit-learn's `ngram_range`.
    pub ngram_range: (usize, usize),
}

impl Default for TermOptions {
    fn default() -> Self {
        Self {
            lowercase: true,
            stopwords: true,
            extra_stopwords: Vec::new(),
            stem: false,
            min_length: 2,
            numbers: false,
            fold_elisions: true,
            entities: false,
            ngram_range: (1, 1),
        }
    }
}

/// What a unit may do in a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Term,
    Inner,
    Break,
}

/// One unit: its form in `Units::forms`, its role, and the index of its first token.
#[derive(Clone, Copy, Debug)]
pub struct Unit {
    start: u32,
    end: u32,
    pub role: Role,
    /// An elided word, written with no space before the next word.
    pub elided: bool,
    pub token: u32,
}

/// A word under the vocabulary options: see [`Vocabulary::word`].
pub struct Word<'a> {
    pub role: Role,
    pub elided: bool,
    pub unit: Cow<'a, str>,
}

/// The units of one article, reused from article to article to spare allocations.
#[derive(Clone, Debug, Default)]
pub struct Units {
    forms: String,
    pub units: Vec<Unit>,
}

impl Units {
    pub fn form(&self, unit: &Unit) -> &str {
        self.forms
            .get(unit.start as usize..unit.end as usize)
            .unwrap_or("")
    }

    fn clear(&mut self) {
        self.forms.clear();
        self.units.clear();
    }

    fn push(&mut self, role: Role, elided: bool, token: usize, form: &str) {
        let start = self.forms.len();
        self.forms.push_str(form);
        self.units.push(Unit {
            start: offset(start),
            end: offset(self.forms.len()),
            role,
            elided,
            token: offset(token),
        });
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether `word` has fewer than `min` characters, counting them only when the byte length
/// leaves it open (a character takes one to four bytes).
fn is_shorter(word: &str, min: usize) -> bool {
    word.len() < min || (word.len() < 4 * min && word.chars().count() < min)
}

/// Compiled term options: the stop-word set and the stemmer, shared by all threads.
pub struct Vocabulary {
    options: TermOptions,
    stopwords: Stopwords,
    stemmer: Option<Stemmer>,
}

impl Vocabulary {
    pub fn new(options: TermOptions) -> Result<Self> {
        let (min_n, max_n) = options.ngram_range;
        if min_n == 0 || min_n > max_n || max_n > MAX_NGRAM {
            return Err(invalid(
                "ngram_range",
                format!("({min_n}, {max_n}): expected 1 <= min <= max <= {MAX_NGRAM}"),
            ));
        }
        let stopwords = Stopwords::new(options.stopwords, &options.extra_stopwords);
        let stemmer = options.stem.then(|| Stemmer::create(Algorithm::Italian));
        Ok(Self {
            options,
            stopwords,
            stemmer,
        })
    }

    pub fn options(&self) -> &TermOptions {
        &self.options
    }

    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// Whether a lower-cased, normalised word is a stop-word (an elided form is looked up
    /// without its apostrophe too: `dell'` is `dell`).
    pub fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
            || lower
                .strip_suffix('\'')
                .is_some_and(|bare| self.stopwords.contains(bare))
    }

    /// What the word `form` (as `push_normalized` writes it under these options) is: a term
    /// or an inner word, elided or not, and the string it stands as in terms (its stem when
    /// stems are asked for and it is a term). `lower` is scratch space.
    pub fn word<'a>(&self, form: &'a str, lower: &'a mut String) -> Word<'a> {
        let lower: &'a str = if self.options.lowercase {
            form
        } else {
            lower.clear();
            push_normalized(lower, form, true);
            lower
        };
        let elided = lower.len() > 1 && lower.ends_with('\'');
        let role = if (elided && self.options.fold_elisions)
            || self.is_stopword(lower)
            || is_shorter(form, self.options.min_length)
        {
            Role::Inner
        } else {
            Role::Term
        };
        let unit = match (&self.stemmer, role) {
            (Some(stemmer), Role::Term) => stemmer.stem(lower),
            _ => Cow::Borrowed(form),
        };
        Word { role, elided, unit }
    }

    /// Fills `out` with the units of `tokens` (the body tokens of an article whose text is
    /// `text`). `entities`, sorted by start, replace the tokens they cover when the options ask
    /// for entity-aware terms.
    pub fn units(&self, text: &str, tokens: &[Token], entities: &[Entity], out: &mut Units) {
        out.clear();
        let mut lower = String::new();
        let mut form = String::new();
        let mut entities = entities
            .iter()
            .filter(|e| self.options.entities && e.sentence.is_some() && e.end > e.start)
            .peekable();
        let mut index = 0;
        while let Some(token) = tokens.get(index) {
            while entities.next_if(|e| e.end <= token.start).is_some() {}
            if let Some(entity) = entities.next_if(|e| e.start < token.end) {
                let name = if entity.canonical.is_empty() {
                    entity.text(text)
                } else {
                    entity.canonical.as_str()
                };
                out.push(Role::Term, false, index, name);
                while tokens.get(index).is_some_and(|t| t.start < entity.end) {
                    index += 1;
                }
                continue;
            }
            let surface = token.text(text);
            match token.kind {
                TokenKind::Word
                | TokenKind::Abbreviation
                | TokenKind::Hashtag
                | TokenKind::Handle => {
                    form.clear();
                    push_normalized(&mut form, surface, self.options.lowercase);
                    let word = self.word(&form, &mut lower);
                    out.push(word.role, word.elided, index, &word.unit);
                }
                TokenKind::Number if self.options.numbers => {
                    form.clear();
                    push_normalized(&mut form, surface, self.options.lowercase);
                    out.push(Role::Term, false, index, &form);
                }
                _ => out.push(Role::Break, false, index, ""),
            }
            index += 1;
        }
    }

    /// Calls `emit` with each term of `units`, n-grams by increasing size, each size in text
    /// order. `buf` is scratch space for n-grams.
    pub fn for_each_term(&self, units: &Units, buf: &mut String, mut emit: impl FnMut(&str)) {
        let (min_n, max_n) = self.options.ngram_range;
        let all = &units.units;
        for n in min_n..=max_n {
            if n == 1 {
                for unit in all.iter().filter(|u| u.role == Role::Term) {
                    emit(units.form(unit));
                }
                continue;
            }
            for (i, first) in all.iter().enumerate() {
                if first.role != Role::Term {
                    continue;
                }
                let Some(window) = all.get(i..i + n) else {
                    break;
                };
                let last = window[n - 1];
                if last.role != Role::Term || window.iter().any(|u| u.role == Role::Break) {
                    continue;
                }
                render(units, window, buf);
                emit(buf);
            }
        }
    }

    /// The terms of one article, in the order `for_each_term` gives them. Without `entities`
    /// (or with entity-aware terms off) words are the only units.
    pub fn article_terms(&self, article: &Article, entities: Option<&[Entity]>) -> Vec<String> {
        let mut units = Units::default();
        self.units(
            &article.text,
            &article.tokens(),
            entities.unwrap_or(&[]),
            &mut units,
        );
        let mut out = Vec::new();
        let mut buf = String::new();
        self.for_each_term(&units, &mut buf, |t| out.push(t.to_owned()));
        out
    }
}

/// Writes the n-gram of `window` into `buf`: forms joined by spaces, none after an elision.
pub fn render(units: &Units, window: &[Unit], buf: &mut String) {
    buf.clear();
    for (k, unit) in window.iter().enumerate() {
        if k > 0 && !window[k - 1].elided {
            buf.push(' ');
        }
        buf.push_str(units.form(unit));
    }
}

fn invalid(field: &str, message: String) -> Error {
    Error::InvalidValue {
        location: field.to_owned(),
        field: field.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::Label;
    use crate::text::tokenize;

    #[test]
    fn latin1_letters_lower_as_unicode_says() {
        // `´` (U+00B4) is an apostrophe to the vocabulary.
        for c in ('\u{80}'..='\u{24f}').filter(|&c| c != '\u{b4}') {
            let (mut lowered, mut kept) = (String::new(), String::new());
            push_normalized(&mut lowered, &c.to_string(), true);
            push_normalized(&mut kept, &c.to_string(), false);
            assert_eq!(lowered, c.to_lowercase().collect::<String>(), "{c:?}");
            assert_eq!(kept, c.to_string(), "{c:?}");
        }
    }

    fn terms(text: &str, options: TermOptions) -> Vec<String> {
        let vocabulary = Vocabulary::new(options).unwrap();
        let mut units = Units::default();
        vocabulary.units(text, &tokenize(text), &[], &mut units);
        let mut out = Vec::new();
        vocabulary.for_each_term(&units, &mut String::new(), |t| out.push(t.to_owned()));
        out
    }

    const TEXT: &str = "Il leader dell’Ucraina e la Corea del Nord: 1.500 soldati a Kursk.";

    #[test]
    fn defaults_drop_stopwords_elisions_numbers_and_punctuation() {
        assert_eq!(
            terms(TEXT, TermOptions::default()),
            ["leader", "ucraina", "corea", "nord", "soldati", "kursk"]
        );
    }

    #[test]
    fn options_change_the_terms() {
        let keep_all = TermOptions {
            lowercase: false,
            stopwords: false,
            fold_elisions: false,
            numbers: true,
            min_length: 1,
            ..TermOptions::default()
        };
        assert_eq!(
            terms(TEXT, keep_all),
            [
                "Il", "leader", "dell'", "Ucraina", "e", "la", "Corea", "del", "Nord", "1.500",
                "soldati", "a", "Kursk"
            ]
        );
        let stems = TermOptions {
            stem: true,
            ..TermOptions::default()
        };
        assert_eq!(
            terms("Le sanzioni sanzionate", stems),
            ["sanzion", "sanzion"]
        );
        let extra = TermOptions {
            extra_stopwords: vec!["Leader".into()],
            ..TermOptions::default()
        };
        assert!(!terms(TEXT, extra).contains(&"leader".to_owned()));
    }

    #[test]
    fn ngrams_do_not_start_or_end_with_stopwords_nor_cross_punctuation() {
        let options = TermOptions {
            ngram_range: (2, 3),
            ..TermOptions::default()
        };
        assert_eq!(
            terms(TEXT, options),
            ["leader dell'ucraina", "corea del nord", "soldati a kursk"]
        );
    }

    #[test]
    fn bad_ngram_ranges_are_refused() {
        for range in [(0, 1), (2, 1), (1, MAX_NGRAM + 1)] {
            let options = TermOptions {
                ngram_range: range,
                ..TermOptions::default()
            };
            assert!(matches!(
                Vocabulary::new(options),
                Err(Error::InvalidValue { .. })
            ));
        }
    }

    #[test]
    fn an_entity_is_one_term_under_its_canonical_name() {
        let article = parse(TEXT.to_owned(), Overrides::default()).unwrap();
        let start = TEXT.find("Corea").unwrap();
        let end = TEXT.find(':').unwrap();
        let entity = Entity {
            start,
            end,
            label: Label::Loc,
            canonical: "Corea del Nord".into(),
            sentence: Some(0),
            segment: crate::article::SegmentKind::Paragraph,
            place: None,
        };
        let vocabulary = Vocabulary::new(TermOptions {
            entities: true,
            ngram_range: (1, 3),
            ..TermOptions::default()
        })
        .unwrap();
        let found = vocabulary.article_terms(&article, Some(&[entity]));
        assert_eq!(
            found,
            [
                "leader",
                "ucraina",
                "Corea del Nord",
                "soldati",
                "kursk",
                "leader dell'ucraina",
                "soldati a kursk"
            ]
        );
    }
}
