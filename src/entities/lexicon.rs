//! Gazetteers and word clusters, stored as hashes of normalised token sequences.
//!
//! Entries are cut with rassegna's own tokenizer and matched over the tokens of a sentence, so
//! a gazetteer hit always lines up with token boundaries. Only 64-bit hashes are kept: the
//! model file stays small and carries no copy of the lists it was built from.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::text::{tokenize, Token};

/// Gazetteer categories; a bit each in an entry's flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// KIND's list of organisation names from Wikipedia.
    Org,
    /// Countries (CLDR territory names in Italian, GeoNames).
    Country,
    /// Continents, macro-regions and states.
    Region,
    /// Cities of 15,000+ people (GeoNames).
    City,
    /// The 2,000 most frequent Italian words.
    Word1,
    /// The 10,000 most frequent Italian words.
    Word2,
    /// The 50,000 most frequent Italian words.
    Word3,
    /// First names (Faker's person providers).
    First,
    /// Surnames (Faker's person providers).
    Last,
    /// Names annotated PER in the training data (held out by fold while training).
    TrainPer,
    /// Names annotated LOC in the training data.
    TrainLoc,
    /// Names annotated ORG in the training data.
    TrainOrg,
    /// News media and agencies (`scripts/media_it.txt`).
    Media,
    /// Names WikiNEuRal's silver annotation marks PER (read at training time).
    SilverPer,
    /// Names WikiNEuRal marks LOC.
    SilverLoc,
    /// Names WikiNEuRal marks ORG.
    SilverOrg,
}

impl Category {
    pub const ALL: [Category; 16] = [
        Category::Org,
        Category::Country,
        Category::Region,
        Category::City,
        Category::Word1,
        Category::Word2,
        Category::Word3,
        Category::First,
        Category::Last,
        Category::TrainPer,
        Category::TrainLoc,
        Category::TrainOrg,
        Category::Media,
        Category::SilverPer,
        Category::SilverLoc,
        Category::SilverOrg,
    ];

    /// The categories matched as multi-token names; the others are single-word flags.
    pub(crate) const NAMES: [Category; NNAMES] = [
        Category::Org,
        Category::Country,
        Category::Region,
        Category::City,
        Category::TrainPer,
        Category::TrainLoc,
        Category::TrainOrg,
        Category::Media,
        Category::SilverPer,
        Category::SilverLoc,
        Category::SilverOrg,
    ];

    /// The training-data category of an entity label.
    pub(crate) fn of_label(label: super::tags::Label) -> Category {
        match label {
            super::tags::Label::Per => Category::TrainPer,
            super::tags::Label::Loc => Category::TrainLoc,
            super::tags::Label::Org => Category::TrainOrg,
        }
    }

    /// The silver-data category of an entity label.
    pub fn silver_of_label(label: super::tags::Label) -> Category {
        match label {
            super::tags::Label::Per => Category::SilverPer,
            super::tags::Label::Loc => Category::SilverLoc,
            super::tags::Label::Org => Category::SilverOrg,
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Some(match name {
            "ORG" => Category::Org,
            "COUNTRY" => Category::Country,
            "REGION" => Category::Region,
            "CITY" => Category::City,
            "WORD1" => Category::Word1,
            "WORD2" => Category::Word2,
            "WORD3" => Category::Word3,
            "FIRST" => Category::First,
            "LAST" => Category::Last,
            "MEDIA" => Category::Media,
            _ => return None,
        })
    }

    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Keys are already hashes: pass them through.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// How many categories are matched as multi-token names.
pub(crate) const NNAMES: usize = 11;

/// Longest gazetteer entry, in tokens, that is looked for.
pub(crate) const MAX_ENTRY_TOKENS: usize = 8;

/// The lexical resources a model is trained and run with.
#[derive(Clone, Default, Debug, PartialEq)]
pub struct Lexicon {
    pub(crate) entries: HashKeyed<u16>,
    pub(crate) clusters: HashKeyed<[u16; 3]>,
}

/// The hash an entry of `name` is stored under: its tokens' hashes in sequence; `None` for a
/// name of no token or of more than [`MAX_ENTRY_TOKENS`].
fn entry_hash(name: &str) -> Option<u64> {
    let tokens = tokenize(name);
    if tokens.is_empty() || tokens.len() > MAX_ENTRY_TOKENS {
        return None;
    }
    let mut buf = String::new();
    Some(tokens.iter().fold(SEQ_SEED, |h, t| {
        seq_step(h, word_hash(t.text(name), &mut buf))
    }))
}

impl Lexicon {
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Adds a name (tokenised here) to a gazetteer category.
    pub fn add_entry(&mut self, category: Category, name: &str) {
        if let Some(h) = entry_hash(name) {
            *self.entries.entry(h).or_insert(0) |= category.bit();
        }
    }

    /// Whether `name`, cut into tokens as an entry is, is an entry of `category`.
    pub fn contains(&self, category: Category, name: &str) -> bool {
        entry_hash(name).is_some_and(|h| {
            self.entries
                .get(&h)
                .is_some_and(|&flags| flags & category.bit() != 0)
        })
    }

    /// Sets the clusters of a word at three granularities.
    pub fn add_cluster(&mut self, word: &str, ids: [u16; 3]) {
        let mut buf = String::new();
        self.clusters.insert(word_hash(word, &mut buf), ids);
    }

    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    /// Reads `CATEGORY<TAB>entry` lines (unknown categories are skipped) into the lexicon.
    pub fn add_tsv(&mut self, tsv: &str) {
        for line in tsv.lines() {
            if let Some((cat, entry)) = line.split_once('\t') {
                if let Some(cat) = Category::from_name(cat) {
                    self.add_entry(cat, entry.trim());
                }
            }
        }
    }

    /// Reads `word<TAB>c1<TAB>c2<TAB>c3` lines into the cluster table; malformed lines are
    /// skipped.
    pub fn add_cluster_tsv(&mut self, tsv: &str) {
        for line in tsv.lines() {
            let mut parts = line.split('\t');
            let word = parts.next().unwrap_or_default();
            let ids: Vec<u16> = parts.filter_map(|p| p.trim().parse().ok()).collect();
            if let [a, b, c] = ids[..] {
                self.add_cluster(word, [a, b, c]);
            }
        }
    }

    /// For each token and each name category, where the token stands in the longest gazetteer
    /// match covering it: 0 none, 1 begin, 2 inside, 3 last, 4 unit. Also the single-word
    /// flags of each token.
    pub(crate) fn annotate(
        &self,
        text: &str,
        tokens: &[Token],
        hashes: &[u64],
        positions: &mut Vec<[u8; NNAMES]>,
        flags: &mut Vec<u16>,
    ) {
        positions.clear();
        positions.resize(tokens.len(), [0; NNAMES]);
        flags.clear();
        flags.extend(hashes.iter().map(|&h| {
            self.entries
                .get(&seq_step(SEQ_SEED, h))
                .copied()
                .unwrap_or(0)
        }));
        for i in 0..tokens.len() {
            // Names start with a capital, a digit or a quote-less symbol; skip the rest cheaply.
            let word = tokens[i].text(text);
            let first = word.chars().next().unwrap_or(' ');
            if !(first.is_uppercase() || first.is_ascii_digit()) {
                continue;
            }
            let mut h = SEQ_SEED;
            let mut best = [0usize; NNAMES];
            let window = &hashes[i..hashes.len().min(i + MAX_ENTRY_TOKENS)];
            for (k, &word) in window.iter().enumerate() {
                h = seq_step(h, word);
                if let Some(&f) = self.entries.get(&h) {
                    for (c, cat) in Category::NAMES.iter().enumerate() {
                        if f & cat.bit() != 0 {
                            best[c] = k + 1;
                        }
                    }
                }
            }
            for (c, &len) in best.iter().enumerate() {
                if len == 0 {
                    continue;
                }
                for k in 0..len {
                    let code = if len == 1 {
                        4
                    } else if k == 0 {
                        1
                    } else if k + 1 == len {
                        3
                    } else {
                        2
                    };
                    // Keep the longest match a token belongs to: an earlier start that
                    // already covers it wins, as it is at least as long.
                    let slot = &mut positions[i + k][c];
                    if *slot == 0 {
                        *slot = code;
                    }
                }
            }
        }
    }
}

const SEQ_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

fn seq_step(h: u64, word: u64) -> u64 {
    mix(h.rotate_left(17) ^ word)
}

/// A strong 64-bit finaliser (splitmix64): spreads every input bit over the output.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, finalised.
pub(crate) fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// Lower-cases `word` into `buf`, with typographic apostrophes made straight and digits made
/// `0`, so that `L’Aquila` matches `l'aquila` and years share one form.
pub(crate) fn normalise<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    for c in word.chars() {
        match c {
            '’' | '‘' | '`' => buf.push('\''),
            '0'..='9' => buf.push('0'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
    buf
}

/// The hash of a word's normalised form.
pub(crate) fn word_hash(word: &str, buf: &mut String) -> u64 {
    bytes_hash(normalise(word, buf).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotate(lex: &Lexicon, text: &str) -> (Vec<[u8; NNAMES]>, Vec<u16>) {
        let tokens = tokenize(text);
        let mut buf = String::new();
        let hashes: Vec<u64> = tokens
            .iter()
            .map(|t| word_hash(t.text(text), &mut buf))
            .collect();
        let (mut p, mut f) = (Vec::new(), Vec::new());
        lex.annotate(text, &tokens, &hashes, &mut p, &mut f);
        (p, f)
    }

    #[test]
    fn longest_match_wins() {
        let mut lex = Lexicon::new();
        lex.add_entry(Category::Country, "Stati Uniti");
        lex.add_entry(Category::Org, "Banca d'Italia");
        lex.add_entry(Category::Country, "Italia");
        lex.add_entry(Category::Word1, "banca");
        let (p, f) = annotate(&lex, "La Banca d’Italia e gli Stati Uniti");
        // Tokens: La Banca d’ Italia e gli Stati Uniti
        assert_eq!(p[1][0], 1);
        assert_eq!(p[3][0], 3);
        assert_eq!(p[3][1], 4);
        assert_eq!(p[6][1], 1);
        assert_eq!(p[7][1], 3);
        assert_eq!(p[0], [0; NNAMES]);
        assert_ne!(f[1] & Category::Word1.bit(), 0);
        assert!(lex.contains(Category::Org, "banca d'Italia"));
        assert!(!lex.contains(Category::Country, "Banca d'Italia"));
        assert!(!lex.contains(Category::Org, "Banca"));
    }

    #[test]
    fn lowercase_text_is_not_matched_as_a_name() {
        let mut lex = Lexicon::new();
        lex.add_entry(Category::City, "Roma");
        let (p, _) = annotate(&lex, "Roma e roma");
        assert_eq!(p[0][3], 4);
        assert_eq!(p[2][3], 0);
    }

    #[test]
    fn tsv_readers_skip_bad_lines() {
        let mut lex = Lexicon::new();
        lex.add_tsv("CITY\tRoma\nnonsense\nXYZ\tfoo\n");
        lex.add_cluster_tsv("roma\t1\t2\t3\nbad\t1\n");
        assert_eq!(lex.entry_count(), 1);
        assert_eq!(lex.cluster_count(), 1);
    }
}
