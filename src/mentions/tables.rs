//! Corpus tables of mentions as Arrow record batches, one row per quantity, date, quote or
//! role, with the article's id and date; and the claims view (every amount of one unit or
//! noun, in date order, with the sentence and quote it came from). Offsets are `str` indices.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, StringBuilder, StringDictionaryBuilder, UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};

use rayon::prelude::*;

use crate::article::Article;
use crate::columns::arrow_error;
use crate::error::{Error, Result};
use crate::text::CharOffsets;

use super::calendar::{DateValue, Day};
use super::Mentions;

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Articles per batch: tables are built in parallel, one batch per group.
const ARTICLES_PER_BATCH: usize = 256;

/// What every row starts with: article id and date, sentence, `str` offsets and text.
struct Common {
    article: StringDictionaryBuilder<Int32Type>,
    date: StringBuilder,
    sentence: UInt32Builder,
    start: UInt32Builder,
    end: UInt32Builder,
    text: StringBuilder,
}

impl Common {
    fn new() -> Self {
        Self {
            article: StringDictionaryBuilder::new(),
            date: StringBuilder::new(),
            sentence: UInt32Builder::new(),
            start: UInt32Builder::new(),
            end: UInt32Builder::new(),
            text: StringBuilder::new(),
        }
    }

    fn push(
        &mut self,
        article: &Article,
        offsets: &CharOffsets,
        sentence: Option<usize>,
        (start, end): (usize, usize),
    ) -> Result<()> {
        self.article
            .append(article.id.as_deref().unwrap_or(""))
            .map_err(arrow_error)?;
        self.date
            .append_option(article.date.as_ref().map(|d| d.value.as_str()));
        self.sentence.append_option(sentence.map(index));
        self.start.append_value(index(offsets.char_index(start)));
        self.end.append_value(index(offsets.char_index(end)));
        self.text
            .append_value(article.text.get(start..end).unwrap_or(""));
        Ok(())
    }

    fn columns(mut self) -> Vec<(&'static str, ArrayRef)> {
        vec![
            ("article", Arc::new(self.article.finish())),
            ("date", Arc::new(self.date.finish())),
            ("sentence", Arc::new(self.sentence.finish())),
            ("start", Arc::new(self.start.finish())),
            ("end", Arc::new(self.end.finish())),
            ("text", Arc::new(self.text.finish())),
        ]
    }
}

/// Builds one batch per group of articles, in parallel; an empty corpus gives one empty
/// batch, which still carries the schema.
fn batches(
    articles: &[Arc<Article>],
    mentions: &[Mentions],
    build: impl Fn(&[Arc<Article>], &[Mentions]) -> Result<RecordBatch> + Sync,
) -> Result<Vec<RecordBatch>> {
    if articles.len() != mentions.len() {
        return Err(Error::Internal(format!(
            "{} articles but mentions of {}",
            articles.len(),
            mentions.len()
        )));
    }
    if articles.is_empty() {
        return Ok(vec![build(&[], &[])?]);
    }
    articles
        .par_chunks(ARTICLES_PER_BATCH)
        .zip(mentions.par_chunks(ARTICLES_PER_BATCH))
        .map(|(a, m)| build(a, m))
        .collect()
}

fn batch(columns: Vec<(&'static str, ArrayRef)>) -> Result<RecordBatch> {
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}

/// One row per quantity.
pub fn quantities_table(
    articles: &[Arc<Article>],
    mentions: &[Mentions],
) -> Result<Vec<RecordBatch>> {
    batches(articles, mentions, |articles, mentions| {
        let mut common = Common::new();
        let [mut value, mut low, mut high] = std::array::from_fn(|_| Float64Builder::new());
        let mut approximate = BooleanBuilder::new();
        let [mut modifier, mut unit, mut entity] = std::array::from_fn(|_| StringBuilder::new());
        for (article, m) in articles.iter().zip(mentions) {
            let offsets = CharOffsets::new(&article.text);
            for q in &m.quantities {
                common.push(article, &offsets, q.sentence, (q.start, q.end))?;
                value.append_option(q.value);
                low.append_option(q.low);
                high.append_option(q.high);
                approximate.append_value(q.approximate);
                modifier.append_option(q.modifier.as_deref());
                unit.append_option(q.unit.as_deref());
                entity.append_option(q.entity.as_deref());
            }
        }
        let mut columns = common.columns();
        columns.extend([
            ("value", Arc::new(value.finish()) as ArrayRef),
            ("low", Arc::new(low.finish())),
            ("high", Arc::new(high.finish())),
            ("approximate", Arc::new(approximate.finish())),
            ("modifier", Arc::new(modifier.finish())),
            ("unit", Arc::new(unit.finish())),
            ("entity", Arc::new(entity.finish())),
        ]);
        batch(columns)
    })
}

/// One row per date mention: its kind, ISO value and precision, and the first and last day
/// it covers (for filtering and plotting).
pub fn dates_table(articles: &[Arc<Article>], mentions: &[Mentions]) -> Result<Vec<RecordBatch>> {
    batches(articles, mentions, |articles, mentions| {
        let mut common = Common::new();
        let [mut kind, mut value, mut precision, mut first, mut last] =
            std::array::from_fn(|_| StringBuilder::new());
        for (article, m) in articles.iter().zip(mentions) {
            let offsets = CharOffsets::new(&article.text);
            for d in &m.dates {
                common.push(article, &offsets, d.sentence, (d.start, d.end))?;
                kind.append_value(d.kind.as_str());
                value.append_option(d.value.as_ref().map(DateValue::iso));
                precision.append_option(d.value.as_ref().map(|v| v.precision().as_str()));
                first.append_option(d.value.as_ref().map(|v| v.first_day().to_string()));
                last.append_option(d.value.as_ref().map(|v| v.last_day().to_string()));
            }
        }
        let mut columns = common.columns();
        columns.extend([
            ("kind", Arc::new(kind.finish()) as ArrayRef),
            ("value", Arc::new(value.finish())),
            ("precision", Arc::new(precision.finish())),
            ("first_day", Arc::new(first.finish())),
            ("last_day", Arc::new(last.finish())),
        ]);
        batch(columns)
    })
}

/// One row per quote.
pub fn quotes_table(articles: &[Arc<Article>], mentions: &[Mentions]) -> Result<Vec<RecordBatch>> {
    batches(articles, mentions, |articles, mentions| {
        let mut common = Common::new();
        let [mut speaker, mut speaker_kind, mut speaker_text, mut cue] =
            std::array::from_fn(|_| StringBuilder::new());
        let [mut speaker_start, mut speaker_end] = std::array::from_fn(|_| UInt32Builder::new());
        let [mut scare, mut nested] = std::array::from_fn(|_| BooleanBuilder::new());
        for (article, m) in articles.iter().zip(mentions) {
            let offsets = CharOffsets::new(&article.text);
            for q in &m.quotes {
                common.push(article, &offsets, q.sentence, (q.start, q.end))?;
                speaker.append_option(q.speaker.as_deref());
                speaker_kind.append_value(q.speaker_kind.as_str());
                speaker_text
                    .append_option(q.speaker_span.and_then(|(a, b)| article.text.get(a..b)));
                let span = q.speaker_span.map(|(a, b)| offsets.char_span(a, b));
                speaker_start.append_option(span.map(|s| index(s.0)));
                speaker_end.append_option(span.map(|s| index(s.1)));
                cue.append_option(q.cue.as_deref());
                scare.append_value(q.scare);
                nested.append_value(q.nested);
            }
        }
        let mut columns = common.columns();
        columns.extend([
            ("speaker", Arc::new(speaker.finish()) as ArrayRef),
            ("speaker_kind", Arc::new(speaker_kind.finish())),
            ("speaker_text", Arc::new(speaker_text.finish())),
            ("speaker_start", Arc::new(speaker_start.finish())),
            ("speaker_end", Arc::new(speaker_end.finish())),
            ("cue", Arc::new(cue.finish())),
            ("scare", Arc::new(scare.finish())),
            ("nested", Arc::new(nested.finish())),
        ]);
        batch(columns)
    })
}

/// One row per role held by a person.
pub fn roles_table(articles: &[Arc<Article>], mentions: &[Mentions]) -> Result<Vec<RecordBatch>> {
    batches(articles, mentions, |articles, mentions| {
        let mut common = Common::new();
        let [mut key, mut person, mut organization] = std::array::from_fn(|_| StringBuilder::new());
        let [mut person_start, mut person_end] = std::array::from_fn(|_| UInt32Builder::new());
        for (article, m) in articles.iter().zip(mentions) {
            let offsets = CharOffsets::new(&article.text);
            for r in &m.roles {
                common.push(article, &offsets, r.sentence, (r.start, r.end))?;
                key.append_value(&r.key);
                person.append_value(&r.person);
                let span = r.person_span.map(|(a, b)| offsets.char_span(a, b));
                person_start.append_option(span.map(|s| index(s.0)));
                person_end.append_option(span.map(|s| index(s.1)));
                organization.append_option(r.organization.as_deref());
            }
        }
        let mut columns = common.columns();
        columns.extend([
            ("key", Arc::new(key.finish()) as ArrayRef),
            ("person", Arc::new(person.finish())),
            ("person_start", Arc::new(person_start.finish())),
            ("person_end", Arc::new(person_end.finish())),
            ("organization", Arc::new(organization.finish())),
        ]);
        batch(columns)
    })
}

/// Whether a quantity's unit is the one asked for: the same currency (`dollari` = `USD`),
/// or the same noun in either number (`soldati` = `soldato`), any case.
pub fn unit_matches(unit: &str, query: &str) -> bool {
    let (unit, query) = (unit.to_lowercase(), query.trim().to_lowercase());
    if unit == query {
        return true;
    }
    if let Some(code) = super::quantities::currency_code(&query) {
        return unit.eq_ignore_ascii_case(code);
    }
    let stem = |s: &str| -> String {
        match s.strip_suffix(['a', 'e', 'i', 'o']) {
            Some(stem) if stem.chars().count() >= 3 => stem.to_owned(),
            _ => s.to_owned(),
        }
    };
    stem(&unit) == stem(&query)
}

/// Positions of rows dated `dates` (article dates: ISO of any precision) in date order: by
/// first day, undated (or unreadable) last, ties in their given order. Claims tables of
/// consecutive parts of a corpus, joined and put in this order, are the claims of the whole.
pub fn date_order<'a>(dates: impl Iterator<Item = Option<&'a str>>) -> Vec<usize> {
    let keys: Vec<Option<Day>> = dates
        .map(|date| date.and_then(DateValue::parse_iso).map(|v| v.first_day()))
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&k| (keys[k].is_none(), keys[k]));
    order
}

/// The claims view: every quantity whose unit or noun is `query`, ordered by article date
/// (undated last), with the sentence it is in and, when it is quoted, the quote and speaker.
pub fn claims_table(
    articles: &[Arc<Article>],
    mentions: &[Mentions],
    query: &str,
) -> Result<RecordBatch> {
    if articles.len() != mentions.len() {
        return Err(Error::Internal(
            "articles and mentions differ in number".into(),
        ));
    }
    let rows: Vec<(usize, usize)> = articles
        .par_iter()
        .zip(mentions.par_iter())
        .enumerate()
        .flat_map_iter(|(a, (_, m))| {
            m.quantities
                .iter()
                .enumerate()
                .filter(|(_, q)| q.unit.as_deref().is_some_and(|u| unit_matches(u, query)))
                .map(move |(n, _)| (a, n))
                .collect::<Vec<_>>()
        })
        .collect();
    let dates = rows.iter().map(|&(a, _)| {
        articles
            .get(a)
            .and_then(|article| article.date.as_ref())
            .map(|d| d.value.as_str())
    });
    let rows: Vec<(usize, usize)> = date_order(dates).into_iter().map(|k| rows[k]).collect();
    let mut common = Common::new();
    let [mut value, mut low, mut high] = std::array::from_fn(|_| Float64Builder::new());
    let mut approximate = BooleanBuilder::new();
    let [mut modifier, mut unit, mut entity, mut sentence_text, mut quote, mut speaker] =
        std::array::from_fn(|_| StringBuilder::new());
    let mut last_article = usize::MAX;
    let mut offsets = CharOffsets::default();
    for (a, n) in rows {
        let (Some(article), Some(m)) = (articles.get(a), mentions.get(a)) else {
            continue;
        };
        let Some(q) = m.quantities.get(n) else {
            continue;
        };
        if a != last_article {
            offsets = CharOffsets::new(&article.text);
            last_article = a;
        }
        common.push(article, &offsets, q.sentence, (q.start, q.end))?;
        value.append_option(q.value);
        low.append_option(q.low);
        high.append_option(q.high);
        approximate.append_value(q.approximate);
        modifier.append_option(q.modifier.as_deref());
        unit.append_option(q.unit.as_deref());
        entity.append_option(q.entity.as_deref());
        let sentence = q
            .sentence
            .and_then(|s| article.sentences.get(s))
            .and_then(|s| article.text.get(s.start..s.end));
        sentence_text.append_option(sentence);
        let quoted = m
            .quotes
            .iter()
            .rfind(|x| !x.nested && x.start <= q.start && q.end <= x.end);
        quote.append_option(quoted.map(|x| x.text(&article.text)));
        speaker.append_option(quoted.and_then(|x| x.speaker.as_deref()));
    }
    let mut columns = common.columns();
    columns.extend([
        ("value", Arc::new(value.finish()) as ArrayRef),
        ("low", Arc::new(low.finish())),
        ("high", Arc::new(high.finish())),
        ("approximate", Arc::new(approximate.finish())),
        ("modifier", Arc::new(modifier.finish())),
        ("unit", Arc::new(unit.finish())),
        ("entity", Arc::new(entity.finish())),
        ("sentence_text", Arc::new(sentence_text.finish())),
        ("quote", Arc::new(quote.finish())),
        ("speaker", Arc::new(speaker.finish())),
    ]);
    batch(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn corpus() -> Corpus {
        let texts = vec![
            "Roma, 18 giugno 2024 – «Sono arrivati 8mila soldati», ha detto il generale Rossi."
                .to_owned(),
            "Roma, 5 settembre 2023 – Oltre 3mila soldati russi. Ieri nessuno.".to_owned(),
            "Un testo senza data con 200 soldati.".to_owned(),
        ];
        Corpus::from_texts(texts, Some(vec!["a".into(), "b".into(), "c".into()]), true).unwrap()
    }

    #[test]
    fn tables_have_a_row_per_mention() {
        let corpus = corpus();
        let mentions = corpus.mentions();
        let q = quantities_table(&corpus.articles, &mentions).unwrap();
        let rows: usize = q.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows, 3);
        let d = dates_table(&corpus.articles, &mentions).unwrap();
        assert_eq!(d[0].num_rows(), 3, "two datelines and `Ieri`");
        assert_eq!(d[0].schema().field(0).name(), "article");
        let quotes = quotes_table(&corpus.articles, &mentions).unwrap();
        assert_eq!(quotes[0].num_rows(), 1);
        let empty = quantities_table(&[], &[]).unwrap();
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].num_rows(), 0);
        assert!(roles_table(&corpus.articles, &mentions).is_ok());
        assert!(quantities_table(&corpus.articles, &[]).is_err());
    }

    #[test]
    fn claims_are_in_date_order_with_their_quote() {
        let corpus = corpus();
        let mentions = corpus.mentions();
        let claims = claims_table(&corpus.articles, &mentions, "soldato").unwrap();
        assert_eq!(claims.num_rows(), 3);
        let texts = claims
            .column_by_name("text")
            .and_then(|c| c.as_any().downcast_ref::<arrow_array::StringArray>())
            .map(|c| {
                c.iter()
                    .map(|s| s.unwrap_or("").to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap();
        assert_eq!(
            texts,
            ["Oltre 3mila soldati", "8mila soldati", "200 soldati"]
        );
        let quote = claims
            .column_by_name("quote")
            .and_then(|c| c.as_any().downcast_ref::<arrow_array::StringArray>())
            .unwrap();
        assert_eq!(quote.value(1), "Sono arrivati 8mila soldati");
        assert!(arrow_array::Array::is_null(quote, 0));
    }

    #[test]
    fn units_match_in_either_number_and_by_currency() {
        assert!(unit_matches("soldati", "Soldato"));
        assert!(unit_matches("USD", "dollari"));
        assert!(unit_matches("container", "container"));
        assert!(!unit_matches("soldati", "missili"));
    }
}
