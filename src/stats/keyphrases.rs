//! Keyphrases of one article, unsupervised, as YAKE computes them (Campos et al. 2020; the
//! `yake` Python package, version 0.7, is the reference), over rassegna's sentences and tokens
//! with Italian stop-words.
//!
//! Each word gets five features from its own document only: casing (capitalised or acronym
//! occurrences), position (median sentence), frequency (against mean + standard deviation of
//! non-stop-words), relatedness to context (distinct neighbours within a window) and spread
//! over sentences; they combine into a score `H` where lower is better. Candidates are n-grams
//! (up to `n` words) inside a sentence, not crossing punctuation, not starting or ending with a
//! stop-word and holding no number or unusual token; a candidate scores
//! `Π H(w) / (TF × (1 + Σ H(w)))`, stop-words inside weighted by how strongly they bind their
//! neighbours. Near-duplicates (YAKE's `seqm` similarity above `dedup`) are dropped.
//!
//! Differences from the package: sentences and tokens are rassegna's (elided articles are
//! words of their own, `dell'` + `Ucraina`, so `ucraina` is a candidate where YAKE sees
//! `dell'ucraina`); the stop-words are rassegna's list; only body text is read.

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::push_normalized;
use super::vocabulary::Vocabulary;
use crate::article::Article;
use crate::text::Token;

#[derive(Clone, Debug, PartialEq)]
pub struct KeyphraseOptions {
    pub top: usize,
    /// Longest candidate, in words.
    pub n: usize,
    /// Words on each side that count as context (YAKE's `window_size`).
    pub window: usize,
    /// Similarity above which a candidate is a duplicate of a better one; 1.0 keeps all.
    pub dedup: f64,
}

impl Default for KeyphraseOptions {
    fn default() -> Self {
        Self {
            top: 10,
            n: 3,
            window: 1,
            dedup: 0.9,
        }
    }
}

/// YAKE's tags: d(igit), u(nusual), a(cronym), n (capitalised inside a sentence), p(lain).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Digit,
    Unusual,
    Acronym,
    Name,
    Plain,
}

fn is_excluded(c: char) -> bool {
    c.is_ascii_punctuation()
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_numeric)
}

/// Python's `str.isupper()`: some cased character, none lower-case.
fn is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

fn tag_of(word: &str, position: usize) -> Tag {
    let no_commas: String = word.chars().filter(|&c| c != ',').collect();
    let one_dot = no_commas.replacen('.', "", 1);
    if is_digits(&no_commas) || is_digits(&one_dot) {
        return Tag::Digit;
    }
    let (mut digits, mut alpha, mut excluded) = (0, 0, 0);
    for c in word.chars() {
        digits += usize::from(c.is_numeric());
        alpha += usize::from(c.is_alphabetic());
        excluded += usize::from(is_excluded(c));
    }
    if (digits > 0 && alpha > 0) || (digits == 0 && alpha == 0) || excluded > 1 {
        return Tag::Unusual;
    }
    if is_upper(word) {
        return Tag::Acronym;
    }
    let mut chars = word.chars();
    if word.chars().nth(1).is_some()
        && chars.next().is_some_and(char::is_uppercase)
        && position > 0
        && word.chars().filter(|c| c.is_uppercase()).count() == 1
    {
        return Tag::Name;
    }
    Tag::Plain
}

#[derive(Default)]
struct Term {
    stopword: bool,
    tf: f64,
    tf_a: f64,
    tf_n: f64,
    sentences: Vec<usize>,
    h: f64,
}

struct Candidate {
    /// Terms of the first occurrence.
    terms: Vec<u32>,
    surface: String,
    key: String,
    tf: f64,
    valid_tags: bool,
    h: f64,
}

/// The best `top` keyphrases of `article` with their scores (lower is better).
pub fn keyphrases(
    article: &Article,
    vocabulary: &Vocabulary,
    options: &KeyphraseOptions,
) -> Vec<(String, f64)> {
    let tokens = article.tokens();
    let sentences: Vec<&[Token]> = article
        .sentences
        .iter()
        .filter_map(|s| tokens.get(s.tokens.clone()))
        .collect();
    keyphrases_of(&article.text, &sentences, vocabulary, options)
}

/// Keyphrases of sentences given as token slices of `text`.
pub fn keyphrases_of(
    text: &str,
    sentences: &[&[Token]],
    vocabulary: &Vocabulary,
    options: &KeyphraseOptions,
) -> Vec<(String, f64)> {
    let n = options.n.max(1);
    let window = options.window.max(1);
    let mut terms: Vec<Term> = Vec::new();
    let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut edges: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut candidate_ids: FxHashMap<String, u32> = FxHashMap::default();
    // The current block: words since the last punctuation, as (tag, term, token).
    let mut block: Vec<(Tag, u32, Token)> = Vec::new();
    let mut lower = String::new();
    let mut key = String::new();
    let mut surface = String::new();
    for (sentence_id, sentence) in sentences.iter().enumerate() {
        block.clear();
        for (position, token) in sentence.iter().enumerate() {
            let word = token.text(text);
            if word.is_empty() || word.chars().all(is_excluded) {
                block.clear();
                continue;
            }
            let tag = tag_of(word, position);
            lower.clear();
            push_normalized(&mut lower, word, true);
            let stop_word = vocabulary.is_stopword(&lower);
            let mut unique = lower.as_str();
            if unique.ends_with('s') && unique.chars().count() > 3 {
                unique = &unique[..unique.len() - 1];
            }
            let id = match term_ids.get(unique) {
                Some(&id) => id,
                None => {
                    let letters = unique.chars().filter(|&c| !is_excluded(c)).count();
                    let id = terms.len() as u32;
                    terms.push(Term {
                        stopword: stop_word || vocabulary.is_stopword(unique) || letters < 3,
                        ..Term::default()
                    });
                    term_ids.insert(unique.to_owned(), id);
                    id
                }
            };
            let term = &mut terms[id as usize];
            term.tf += 1.0;
            term.tf_a += f64::from(u8::from(tag == Tag::Acronym));
            term.tf_n += f64::from(u8::from(tag == Tag::Name));
            if term.sentences.last() != Some(&sentence_id) {
                term.sentences.push(sentence_id);
            }
            let ordinary = |t: Tag| !matches!(t, Tag::Unusual | Tag::Digit);
            if ordinary(tag) {
                for &(left_tag, left, _) in &block[block.len().saturating_sub(window)..] {
                    if ordinary(left_tag) {
                        *edges.entry((left, id)).or_insert(0.0) += 1.0;
                    }
                }
            }
            // Candidates ending here: this word alone, then with up to n - 1 words before it.
            // Words written together (an elision and its word) are joined with no space.
            let first = block.len().saturating_sub(n - 1);
            for start in (first..=block.len()).rev() {
                let words = block[start..]
                    .iter()
                    .copied()
                    .chain(std::iter::once((tag, id, *token)));
                key.clear();
                surface.clear();
                let mut all_ordinary = true;
                let mut ids = Vec::with_capacity(n);
                let mut previous_end = None;
                for (t, i, tok) in words {
                    if previous_end.is_some_and(|end| end != tok.start) {
                        key.push(' ');
                        surface.push(' ');
                    }
                    previous_end = Some(tok.end);
                    let s = tok.text(text);
                    push_normalized(&mut key, s, true);
                    surface.push_str(s);
                    all_ordinary &= ordinary(t);
                    ids.push(i);
                }
                match candidate_ids.get(key.as_str()) {
                    Some(&c) => {
                        let candidate = &mut candidates[c as usize];
                        candidate.tf += 1.0;
                        candidate.valid_tags |= all_ordinary;
                    }
                    None => {
                        candidate_ids.insert(key.clone(), candidates.len() as u32);
                        candidates.push(Candidate {
                            terms: ids,
                            surface: surface.clone(),
                            key: key.clone(),
                            tf: 1.0,
                            valid_tags: all_ordinary,
                            h: 0.0,
                        });
                    }
                }
            }
            block.push((tag, id, *token));
        }
    }
    score_terms(&mut terms, &edges, sentences.len());
    let mut valid: Vec<&mut Candidate> = candidates
        .iter_mut()
        .filter(|c| {
            c.valid_tags
                && c.terms
                    .first()
                    .is_some_and(|&t| !terms[t as usize].stopword)
                && c.terms.last().is_some_and(|&t| !terms[t as usize].stopword)
        })
        .collect();
    for candidate in valid.iter_mut() {
        candidate.h = candidate_score(candidate, &terms, &edges);
    }
    // A stable sort: ties keep the order of first appearance, as the package does.
    valid.sort_by(|a, b| a.h.total_cmp(&b.h));
    let mut chosen: Vec<&Candidate> = Vec::with_capacity(options.top);
    for candidate in valid {
        if chosen.len() == options.top {
            break;
        }
        if options.dedup < 1.0
            && chosen
                .iter()
                .any(|c| similarity(&candidate.key, &c.key) > options.dedup)
        {
            continue;
        }
        chosen.push(candidate);
    }
    chosen
        .into_iter()
        .map(|c| (c.surface.clone(), c.h))
        .collect()
}

fn score_terms(terms: &mut [Term], edges: &FxHashMap<(u32, u32), f64>, sentences: usize) {
    let valid: Vec<f64> = terms.iter().filter(|t| !t.stopword).map(|t| t.tf).collect();
    if valid.is_empty() {
        return;
    }
    let mean = valid.iter().sum::<f64>() / valid.len() as f64;
    let std = (valid.iter().map(|tf| (tf - mean).powi(2)).sum::<f64>() / valid.len() as f64).sqrt();
    let max_tf = terms.iter().map(|t| t.tf).fold(0.0, f64::max);
    // Distinct neighbours and total co-occurrences, on the left and on the right.
    let mut left = vec![(0.0f64, 0.0f64); terms.len()];
    let mut right = vec![(0.0f64, 0.0f64); terms.len()];
    for (&(l, r), &w) in edges {
        right[l as usize].0 += 1.0;
        right[l as usize].1 += w;
        left[r as usize].0 += 1.0;
        left[r as usize].1 += w;
    }
    let spread_of = |(distinct, total): (f64, f64)| {
        if total == 0.0 {
            0.0
        } else {
            distinct / total
        }
    };
    for (i, term) in terms.iter_mut().enumerate() {
        let pwl = spread_of(left[i]);
        let pwr = spread_of(right[i]);
        let rel = 0.5 + pwl * (term.tf / max_tf) + (0.5 + pwr * (term.tf / max_tf));
        let freq = term.tf / (mean + std);
        let spread = term.sentences.len() as f64 / sentences as f64;
        let case = term.tf_a.max(term.tf_n) / (1.0 + term.tf.ln());
        let position = (3.0 + median(&term.sentences)).ln().ln();
        term.h = position * rel / (case + freq / rel + spread / rel);
    }
}

fn median(sorted: &[usize]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

fn candidate_score(c: &Candidate, terms: &[Term], edges: &FxHashMap<(u32, u32), f64>) -> f64 {
    let (mut sum_h, mut prod_h) = (0.0, 1.0);
    for (t, &id) in c.terms.iter().enumerate() {
        let term = &terms[id as usize];
        if !term.stopword {
            sum_h += term.h;
            prod_h *= term.h;
            continue;
        }
        let mut p1 = 0.0;
        if t > 0 {
            let prev = c.terms[t - 1];
            if let Some(w) = edges.get(&(prev, id)) {
                p1 = w / terms[prev as usize].tf;
            }
        }
        let mut p2 = 0.0;
        if let Some(&next) = c.terms.get(t + 1) {
            if let Some(w) = edges.get(&(id, next)) {
                p2 = w / terms[next as usize].tf;
            }
        }
        let prob = p1 * p2;
        prod_h *= 1.0 + (1.0 - prob);
        sum_h -= 1.0 - prob;
    }
    prod_h / ((sum_h + 1.0) * c.tf)
}

/// The package's `seqm` similarity: a cheap pre-filter, then overlap of characters, words
/// and character trigrams.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let ca: Vec<char> = a.chars().collect();
    let cb: Vec<char> = b.chars().collect();
    let (la, lb) = (ca.len(), cb.len());
    let max_len = la.max(lb);
    let min_len = la.min(lb);
    // Pre-filter.
    if la.abs_diff(lb) as f64 > max_len as f64 * 0.6 {
        return 0.0;
    }
    if max_len > 3 {
        if ca.first() != cb.first() || ca.last() != cb.last() {
            return 0.0;
        }
        let head = |c: &[char]| -> String { c.iter().take(2).collect::<String>().to_lowercase() };
        if min_len >= 3 && head(&ca) != head(&cb) {
            return 0.0;
        }
    }
    let spaces = |c: &[char]| c.iter().filter(|&&x| x == ' ').count();
    if spaces(&ca).abs_diff(spaces(&cb)) > 1 {
        return 0.0;
    }
    // Similarity.
    if max_len == 0 {
        return 0.0;
    }
    let len_ratio = min_len as f64 / max_len as f64;
    if len_ratio < 0.3 {
        return 0.0;
    }
    let a = a.to_lowercase();
    let b = b.to_lowercase();
    let set_a: FxHashSet<char> = a.chars().collect();
    let set_b: FxHashSet<char> = b.chars().collect();
    let union = set_a.union(&set_b).count();
    if union == 0 {
        return 0.0;
    }
    let char_overlap = set_a.intersection(&set_b).count() as f64 / union as f64;
    if char_overlap < 0.2 {
        return 0.0;
    }
    if max_len <= 4 {
        return char_overlap * len_ratio;
    }
    let words_a: FxHashSet<&str> = a.split_whitespace().collect();
    let words_b: FxHashSet<&str> = b.split_whitespace().collect();
    if a.split_whitespace().count() > 1 || b.split_whitespace().count() > 1 {
        let union = words_a.union(&words_b).count();
        if union > 0 {
            let overlap = words_a.intersection(&words_b).count() as f64 / union as f64;
            if overlap > 0.4 {
                return overlap;
            }
        }
    }
    let trigrams = |s: &str| -> FxHashSet<Vec<char>> {
        let c: Vec<char> = s.chars().collect();
        c.windows(3).map(<[char]>::to_vec).collect()
    };
    let (ta, tb) = (trigrams(&a), trigrams(&b));
    let union = ta.union(&tb).count();
    let tri = if union == 0 {
        0.0
    } else {
        ta.intersection(&tb).count() as f64 / union as f64
    };
    (0.3 * len_ratio + 0.2 * char_overlap + 0.5 * tri).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::stats::TermOptions;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new(TermOptions::default()).unwrap()
    }

    #[test]
    fn tags_follow_the_package() {
        assert_eq!(tag_of("1.500", 3), Tag::Digit);
        assert_eq!(tag_of("1,500", 3), Tag::Digit);
        assert_eq!(tag_of("13mila", 3), Tag::Unusual);
        assert_eq!(tag_of("«", 3), Tag::Unusual);
        assert_eq!(tag_of("NATO", 0), Tag::Acronym);
        assert_eq!(tag_of("Kursk", 2), Tag::Name);
        assert_eq!(tag_of("Kursk", 0), Tag::Plain);
        assert_eq!(tag_of("Jong-un", 2), Tag::Name);
        assert_eq!(tag_of("McDonald", 2), Tag::Plain);
    }

    #[test]
    fn similarity_matches_the_package_on_simple_cases() {
        assert_eq!(similarity("corea", "corea"), 1.0);
        assert_eq!(similarity("corea del nord", "mosca"), 0.0);
        // Same first and last letters, same head: word overlap 1/3 is too low, trigrams decide.
        let s = similarity("kim jong un", "kim jong-un");
        assert!(s > 0.5 && s < 1.0, "{s}");
    }

    #[test]
    fn ranks_and_scores_as_the_package() {
        let text = "Kim Jong-un incontra Vladimir Putin a Vladivostok. \
            Putin e Kim Jong-un parlano di armi e di grano. \
            Secondo la Casa Bianca, Kim Jong-un vuole tecnologia militare da Putin. \
            Il vertice di Vladivostok preoccupa Seul.";
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let found = keyphrases(&article, &vocabulary(), &KeyphraseOptions::default());
        // yake 0.7.3, `KeywordExtractor(lan="it", top=10, stopwords=<rassegna's list>)
        // .extract_keywords(text)`: the package's output, all ten.
        let reference = [
            ("Jong-un incontra Vladimir", 0.0072081936852423515),
            ("incontra Vladimir Putin", 0.011385969860914974),
            ("Kim Jong-un incontra", 0.022950135234978606),
            ("Kim Jong-un", 0.025395176126755344),
            ("incontra Vladimir", 0.027119331184531935),
            ("Vladimir Putin", 0.037930030066763695),
            ("Kim Jong-un parlano", 0.055724151415338034),
            ("Kim Jong-un vuole", 0.06804773267717605),
            ("Jong-un incontra", 0.07001827981318563),
            ("Jong-un", 0.08161886711807749),
        ];
        for ((phrase, score), (want, want_score)) in found.iter().zip(reference) {
            assert_eq!(phrase, want);
            assert!(
                (score - want_score).abs() < 1e-12,
                "{phrase}: {score} vs {want_score}"
            );
        }
        assert_eq!(found.len(), 10);
        assert!(found.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    #[test]
    fn empty_and_punctuation_only_texts_give_nothing() {
        let article = parse("« » ... !".to_owned(), Overrides::default()).unwrap();
        assert!(keyphrases(&article, &vocabulary(), &KeyphraseOptions::default()).is_empty());
    }
}
