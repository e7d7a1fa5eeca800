//! Corpus tables as Arrow record batches, built column by column: one row per article, or
//! one per token. Offsets in them are `str` indices, as Python slices.

use std::sync::Arc;

use arrow_array::builder::{StringBuilder, StringDictionaryBuilder, UInt32Builder};
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{ArrayRef, RecordBatch};

use rayon::prelude::*;

use crate::article::Article;
use crate::columns::{arrow_error, count};
use crate::error::Result;
use crate::text::CharOffsets;

fn field_value(field: &Option<crate::article::Field>) -> Option<&str> {
    field.as_ref().map(|f| f.value.as_str())
}

/// One row per article: identity, metadata and sizes.
pub fn articles_table(articles: &[Arc<Article>]) -> Result<RecordBatch> {
    let n = articles.len();
    let mut id = StringBuilder::with_capacity(n, n * 16);
    let mut source = StringBuilder::with_capacity(n, n * 8);
    let mut url = StringBuilder::with_capacity(n, 0);
    let mut date = StringBuilder::with_capacity(n, n * 10);
    let mut title = StringBuilder::with_capacity(n, n * 64);
    let mut author = StringBuilder::with_capacity(n, n * 16);
    let mut credits = StringBuilder::with_capacity(n, n * 8);
    let mut place = StringBuilder::with_capacity(n, n * 8);
    let mut agency = StringBuilder::with_capacity(n, n * 4);
    let mut encoding = StringBuilder::with_capacity(n, n * 6);
    let [mut paragraphs, mut sentences, mut tokens, mut set_aside, mut chars] =
        std::array::from_fn(|_| UInt32Builder::with_capacity(n));
    // What a web page said of itself (`crate::page`); empty for other inputs.
    let mut page: [StringBuilder; PAGE_COLUMNS.len()] =
        std::array::from_fn(|_| StringBuilder::with_capacity(n, 0));
    for article in articles {
        id.append_option(article.id.as_deref());
        source.append_option(article.source.as_deref());
        url.append_option(article.url.as_deref());
        date.append_option(field_value(&article.date));
        title.append_option(field_value(&article.title));
        author.append_option(field_value(&article.author));
        let joined = article
            .credits
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        credits.append_option((!joined.is_empty()).then_some(joined));
        place.append_option(field_value(&article.place));
        agency.append_option(field_value(&article.agency));
        encoding.append_option(article.overrides.encoding.as_deref());
        paragraphs.append_value(count(article.paragraphs().count()));
        sentences.append_value(count(article.sentences.len()));
        tokens.append_value(count(article.token_count));
        set_aside.append_value(count(article.set_aside().count()));
        chars.append_value(count(article.text.chars().count()));
        for (builder, value) in page.iter_mut().zip(page_values(&article.overrides.page)) {
            builder.append_option(value);
        }
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(id.finish())),
        ("source", Arc::new(source.finish())),
        ("url", Arc::new(url.finish())),
        ("date", Arc::new(date.finish())),
        ("title", Arc::new(title.finish())),
        ("author", Arc::new(author.finish())),
        ("credits", Arc::new(credits.finish())),
        ("place", Arc::new(place.finish())),
        ("agency", Arc::new(agency.finish())),
        ("paragraphs", Arc::new(paragraphs.finish())),
        ("sentences", Arc::new(sentences.finish())),
        ("tokens", Arc::new(tokens.finish())),
        ("set_aside", Arc::new(set_aside.finish())),
        ("chars", Arc::new(chars.finish())),
        ("encoding", Arc::new(encoding.finish())),
    ];
    let page_columns = PAGE_COLUMNS
        .iter()
        .zip(page.iter_mut())
        .map(|(name, builder)| (*name, Arc::new(builder.finish()) as ArrayRef));
    RecordBatch::try_from_iter(columns.into_iter().chain(page_columns)).map_err(arrow_error)
}

const PAGE_COLUMNS: [&str; 8] = [
    "modified",
    "authors",
    "publisher",
    "section",
    "keywords",
    "language",
    "canonical_url",
    "metadata_sources",
];

/// The page metadata as the columns `PAGE_COLUMNS` name; lists joined by `; `.
fn page_values(page: &crate::article::PageMetadata) -> [Option<String>; 8] {
    let joined = |items: Vec<String>| (!items.is_empty()).then(|| items.join("; "));
    let sources = page
        .sources
        .iter()
        .map(|(f, o)| format!("{f}={o}"))
        .collect();
    [
        page.modified.clone(),
        joined(page.authors.clone()),
        page.publisher.clone(),
        page.section.clone(),
        joined(page.keywords.clone()),
        page.language.clone(),
        page.canonical_url.clone(),
        joined(sources),
    ]
}

/// Articles per token batch: enough rows to keep per-batch overhead small downstream.
const ARTICLES_PER_BATCH: usize = 256;

/// One row per body token: article id, sentence and token index within the article,
/// `str` offsets, text and kind. Groups of articles are tokenised in parallel, one batch per
/// group, so no Python object is ever made per token.
pub fn tokens_table(articles: &[Arc<Article>]) -> Result<Vec<RecordBatch>> {
    if articles.is_empty() {
        // An empty batch still carries the schema a consumer needs.
        return Ok(vec![tokens_batch(&[])?]);
    }
    articles
        .par_chunks(ARTICLES_PER_BATCH)
        .map(tokens_batch)
        .collect()
}

fn tokens_batch(articles: &[Arc<Article>]) -> Result<RecordBatch> {
    let mut id = StringDictionaryBuilder::<Int32Type>::new();
    let mut sentence = UInt32Builder::new();
    let mut index = UInt32Builder::new();
    let mut start = UInt32Builder::new();
    let mut end = UInt32Builder::new();
    let mut text = StringBuilder::new();
    let mut kind = StringDictionaryBuilder::<Int8Type>::new();
    for article in articles {
        let tokens = article.tokens();
        let offsets = CharOffsets::new(&article.text);
        let article_id = article.id.as_deref().unwrap_or("");
        let mut sentences = article.sentences.iter().enumerate().peekable();
        for (i, token) in tokens.iter().enumerate() {
            while sentences.peek().is_some_and(|(_, s)| s.tokens.end <= i) {
                sentences.next();
            }
            id.append(article_id).map_err(arrow_error)?;
            sentence.append_option(sentences.peek().map(|(number, _)| count(*number)));
            index.append_value(count(i));
            start.append_value(count(offsets.char_index(token.start)));
            end.append_value(count(offsets.char_index(token.end)));
            text.append_value(token.text(&article.text));
            kind.append(token.kind.as_str()).map_err(arrow_error)?;
        }
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("article", Arc::new(id.finish())),
        ("sentence", Arc::new(sentence.finish())),
        ("index", Arc::new(index.finish())),
        ("start", Arc::new(start.finish())),
        ("end", Arc::new(end.finish())),
        ("text", Arc::new(text.finish())),
        ("kind", Arc::new(kind.finish())),
    ];
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}
