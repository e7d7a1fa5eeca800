//! Italian stop-words: the Snowball list plus a few news function words (see
//! `stopwords_it.txt` for the source and licence), extendable by the caller.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

const ITALIAN: &str = include_str!("stopwords_it.txt");

/// The bundled Italian list, one entry per word, comments and blank lines dropped.
pub fn italian() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        ITALIAN
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// A set of stop-words, looked up in lower case with the typographic apostrophe as `'`.
#[derive(Clone, Debug, Default)]
pub struct Stopwords {
    words: FxHashSet<Box<str>>,
}

impl Stopwords {
    /// The bundled list when `italian`, plus `extra` (normalised the same way).
    pub fn new(italian_list: bool, extra: &[String]) -> Self {
        let mut words = FxHashSet::default();
        if italian_list {
            words.extend(italian().iter().map(|w| Box::from(*w)));
        }
        for word in extra {
            let mut normal = String::with_capacity(word.len());
            super::normalize::push_normalized(&mut normal, word.trim(), true);
            if !normal.is_empty() {
                words.insert(normal.into_boxed_str());
            }
        }
        Self { words }
    }

    /// `word` must already be lower-cased and normalised.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_snowball_and_additions() {
        let list = italian();
        for word in ["di", "della", "è", "sono", "avrebbero", "già", "po'"] {
            assert!(list.contains(&word), "{word} missing");
        }
        assert!(!list.iter().any(|w| w.starts_with('#') || w.contains(' ')));
        assert!(!list.contains(&"stati"), "Stati Uniti must survive");
    }

    #[test]
    fn extra_words_are_normalised() {
        let stop = Stopwords::new(false, &["Mosca".into(), "  Quest’ ".into()]);
        assert!(stop.contains("mosca"));
        assert!(stop.contains("quest'"));
        assert!(!stop.contains("di"));
        assert_eq!(stop.len(), 2);
    }
}
