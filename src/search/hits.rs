//! Where a query matched inside an article: the words, phrases and prefixes it looks for,
//! found again in the article's body, with byte offsets into the article text.

use std::ops::Range;

use crate::article::Article;

use super::analyzer::{stem, words, Word};
use super::query::Query;

/// The body words of an article, with byte ranges into its text, in reading order: the words
/// the index holds for its body.
pub fn body_words(article: &Article) -> Vec<Word> {
    let mut out = Vec::with_capacity(article.token_count);
    for segment in article.segments.iter().filter(|s| s.kind.is_body()) {
        for range in segment.text_ranges() {
            let Some(piece) = article.text.get(range.clone()) else {
                continue;
            };
            out.extend(words(piece).map(|w| Word {
                range: w.range.start + range.start..w.range.end + range.start,
                folded: w.folded,
            }));
        }
    }
    out
}

/// Byte ranges of every place the query's positive terms match in the body, in text order;
/// a phrase is one range from its first to its last word.
pub fn hits(article: &Article, query: &Query, stemmed: bool) -> Vec<Range<usize>> {
    let body = body_words(article);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for term in query.positive_terms() {
        match term {
            Query::Word(_, word) => {
                let wanted_stem = stemmed.then(|| stem(word));
                for (at, w) in body.iter().enumerate() {
                    let same = w.folded == *word
                        || wanted_stem.as_ref().is_some_and(|s| stem(&w.folded) == *s);
                    if same {
                        found.push((at, at));
                    }
                }
            }
            Query::Prefix(_, prefix) => {
                for (at, w) in body.iter().enumerate() {
                    if w.folded.starts_with(prefix.as_str()) {
                        found.push((at, at));
                    }
                }
            }
            Query::Phrase(_, phrase, None) => {
                for at in 0..body.len() {
                    let here = body.get(at..at + phrase.len());
                    if here.is_some_and(|ws| ws.iter().zip(phrase).all(|(w, p)| w.folded == *p)) {
                        found.push((at, at + phrase.len() - 1));
                    }
                }
            }
            Query::Phrase(_, phrase, Some(slop)) => {
                near(&body, phrase.iter(), *slop as usize, &mut found);
                if phrase.len() == 2 {
                    near(&body, phrase.iter().rev(), *slop as usize, &mut found);
                }
            }
            _ => {}
        }
    }
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .filter_map(|(first, last)| Some(body.get(first)?.range.start..body.get(last)?.range.end))
        .collect()
}

/// Places where the words come in this order with at most `slop` other words among them.
fn near<'w>(
    body: &[Word],
    phrase: impl Iterator<Item = &'w String> + Clone,
    slop: usize,
    found: &mut Vec<(usize, usize)>,
) {
    let words: Vec<&String> = phrase.collect();
    let Some((first, rest)) = words.split_first() else {
        return;
    };
    let span = words.len() + slop;
    for start in 0..body.len() {
        if body[start].folded != **first {
            continue;
        }
        let mut at = start;
        let mut complete = true;
        for word in rest {
            let limit = (start + span).min(body.len());
            match (at + 1..limit).find(|&i| body[i].folded == **word) {
                Some(next) => at = next,
                None => {
                    complete = false;
                    break;
                }
            }
        }
        if complete {
            found.push((start, at));
        }
    }
}
