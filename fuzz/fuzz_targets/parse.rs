//! Fuzz target: the tokenizer, the article parser, the entity layer and the
//! byte-to-`str`-index map on any UTF-8.
//!
//! Beyond "does not panic", each check is an invariant the Python layer relies on when it
//! slices the original text with offsets it got from Rust.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rassegna::article::{parse, Article};
use rassegna::entities::{find_entities, Aliases, Model};
use rassegna::text::{tokenize, CharOffsets, Token};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_tokens(text, &tokenize(text), "tokenize");
    check_char_offsets(text);
    if let Ok(article) = parse(text.to_string(), Default::default()) {
        check_article(text, &article);
        check_entities(&article);
    }
});

/// Entities lie in the text, in order, each with a canonical name and a sentence that exists.
fn check_entities(article: &Article) {
    let found = find_entities(article, Model::bundled(), Aliases::bundled());
    let mut previous_end = 0;
    for entity in &found {
        check_span(&article.text, entity.start, entity.end, "entity");
        assert!(entity.start < entity.end, "empty entity");
        assert!(entity.start >= previous_end, "entities overlap or are out of order");
        assert!(!entity.canonical.is_empty(), "entity without a canonical name");
        if let Some(i) = entity.sentence {
            let sentence = &article.sentences[i];
            assert!(sentence.start <= entity.start && entity.end <= sentence.end);
        }
        previous_end = entity.end;
    }
}

/// `start..end` lies in `text` and both ends are character boundaries.
fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(
        end <= text.len(),
        "{what}: end {end} past text length {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start),
        "{what}: start {start} not on a char boundary"
    );
    assert!(
        text.is_char_boundary(end),
        "{what}: end {end} not on a char boundary"
    );
}

/// Tokens are non-empty, in bounds, on char boundaries, in order and non-overlapping.
fn check_tokens(text: &str, tokens: &[Token], what: &str) {
    let mut previous_end = 0;
    for (i, token) in tokens.iter().enumerate() {
        check_span(text, token.start, token.end, what);
        assert!(
            token.start < token.end,
            "{what}: token {i} is empty at {}",
            token.start
        );
        assert!(
            token.start >= previous_end,
            "{what}: token {i} overlaps or precedes the last"
        );
        previous_end = token.end;
    }
}

/// `char_index` agrees with counting characters, at every boundary and at the end.
fn check_char_offsets(text: &str) {
    let map = CharOffsets::new(text);
    for (count, (byte, _)) in text.char_indices().enumerate() {
        assert_eq!(map.char_index(byte), count, "char_index at byte {byte}");
    }
    assert_eq!(
        map.char_index(text.len()),
        text.chars().count(),
        "char_index at the end"
    );
}

fn check_article(text: &str, article: &Article) {
    assert_eq!(article.text, text, "parse must keep the text as given");
    check_segments(article);
    check_fields(article);
    let tokens = article.tokens();
    assert_eq!(
        tokens.len(),
        article.token_count,
        "tokens().len() != token_count"
    );
    check_tokens(text, &tokens, "article tokens");
    check_sentences(article, &tokens);
}

/// Segments are in bounds, on char boundaries, in text order and non-overlapping.
fn check_segments(article: &Article) {
    let text = article.text.as_str();
    let mut previous_end = 0;
    for (i, segment) in article.segments.iter().enumerate() {
        check_span(text, segment.start, segment.end, "segment");
        assert!(
            segment.start >= previous_end,
            "segment {i} overlaps or precedes the last"
        );
        if let Some(credit) = segment.credit {
            check_span(text, credit.start, credit.end, "caption credit");
        }
        previous_end = segment.end;
    }
}

/// Metadata read from the text points into it.
fn check_fields(article: &Article) {
    let text = article.text.as_str();
    let fields = [
        &article.date,
        &article.time,
        &article.title,
        &article.author,
    ];
    let spans = fields
        .into_iter()
        .flatten()
        .chain(article.credits.iter())
        .filter_map(|field| field.span);
    for span in spans {
        check_span(text, span.start, span.end, "metadata field");
    }
}

/// Sentences are ordered spans inside one body segment; their token ranges are ordered,
/// index `tokens()`, and those tokens lie inside the sentence.
fn check_sentences(article: &Article, tokens: &[Token]) {
    let text = article.text.as_str();
    let mut previous_end = 0;
    let mut previous_token_end = 0;
    for (i, sentence) in article.sentences.iter().enumerate() {
        check_span(text, sentence.start, sentence.end, "sentence");
        assert!(
            sentence.start >= previous_end,
            "sentence {i} overlaps or precedes the last"
        );
        let inside_body = article
            .segments
            .iter()
            .any(|s| s.kind.is_body() && s.start <= sentence.start && sentence.end <= s.end);
        assert!(inside_body, "sentence {i} is not inside one body segment");
        let range = &sentence.tokens;
        assert!(
            range.start <= range.end,
            "sentence {i}: reversed token range"
        );
        assert!(
            range.end <= tokens.len(),
            "sentence {i}: token range past token_count"
        );
        assert!(
            range.start >= previous_token_end,
            "sentence {i}: token ranges overlap"
        );
        for token in &tokens[range.clone()] {
            assert!(
                sentence.start <= token.start && token.end <= sentence.end,
                "sentence {i}: token {}..{} outside it",
                token.start,
                token.end
            );
        }
        previous_end = sentence.end;
        previous_token_end = range.end;
    }
}
