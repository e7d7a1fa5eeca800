//! Article layer: the parts of a news file (title, dateline, byline, headings, paragraphs,
//! captions, boilerplate), its metadata, and its sentences.

mod blocks;
mod boilerplate;
mod captions;
mod dates;
mod metadata;
mod page_metadata;
mod segments;

use std::ops::Range;

use crate::error::{Error, Result};
use crate::text::{Sentence, Token};

pub use dates::{month_number, PartialDate};
pub use page_metadata::PageMetadata;
use segments::layout;

/// A byte span into the article's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// What a block of the file is. Body kinds make `content`; the others are kept, not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// A metadata line the file format adds, such as ` date 2024-10`.
    Header,
    Title,
    /// `Roma, 18 giugno 2024 –`
    Dateline,
    /// `5 Set 2023 10:01 - di Sara De Vico`
    Byline,
    Heading,
    Paragraph,
    Caption,
    /// Paywall prompts, `Fine`, `Riproduzione riservata`, `Leggi anche …`, share/cookie lines.
    Boilerplate,
}

impl SegmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Header => "header",
            SegmentKind::Title => "title",
            SegmentKind::Dateline => "dateline",
            SegmentKind::Byline => "byline",
            SegmentKind::Heading => "heading",
            SegmentKind::Paragraph => "paragraph",
            SegmentKind::Caption => "caption",
            SegmentKind::Boilerplate => "boilerplate",
        }
    }

    /// The kind named `name`, as `as_str` spells it.
    pub fn from_name(name: &str) -> Option<SegmentKind> {
        use SegmentKind::*;
        [
            Header,
            Title,
            Dateline,
            Byline,
            Heading,
            Paragraph,
            Caption,
            Boilerplate,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }

    /// Text that is the article itself: what sentences, tokens and `content` are made of.
    pub fn is_body(self) -> bool {
        matches!(
            self,
            SegmentKind::Title
                | SegmentKind::Heading
                | SegmentKind::Paragraph
                | SegmentKind::Caption
        )
    }

    /// Text that is not the article (paywall prompts and the like): set aside, never deleted.
    pub fn is_set_aside(self) -> bool {
        matches!(self, SegmentKind::Boilerplate)
    }
}

/// One block of the article, in text order. A caption carries the span of its credit, and so
/// does a dateline that names an agency (`ROMA, 5 SET (ANSA) -` → `ANSA`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub start: usize,
    pub end: usize,
    pub credit: Option<Span>,
}

/// A metadata value and, when it was read from the text, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub span: Option<Span>,
}

impl Segment {
    /// What of the segment is text to tokenize: all of it, but a body segment's credit
    /// (`Foto: KEYSTONE` ending a caption), which is metadata.
    pub fn text_ranges(&self) -> impl Iterator<Item = Range<usize>> {
        let cut = self
            .credit
            .filter(|c| self.kind.is_body() && self.start <= c.start && c.end <= self.end);
        let (first, second) = match cut {
            Some(c) => (self.start..c.start, c.end..self.end),
            None => (self.start..self.end, self.end..self.end),
        };
        [first, second].into_iter().filter(|r| !r.is_empty())
    }
}

/// Values a caller knows better than parsing can find (columns of a CSV, JSONL or Parquet file),
/// and how the text was read: with the text, all it takes to parse the article again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    pub id: Option<String>,
    pub source: Option<String>,
    /// ISO date: `2024`, `2024-06`, `2024-06-18` (a time part is dropped).
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// A collection's default year (`rassegna.read(year=...)`), for an article dated neither
    /// by `date` nor by its text: it completes a yearless dateline (`MOSCA, 10 FEB (ANSA)`)
    /// to the day, and otherwise dates the article to the year alone.
    pub year: Option<u16>,
    /// The encoding the text was decoded from (`UTF-8`, `windows-1252`), when it was read
    /// from bytes.
    pub encoding: Option<String>,
    /// What a web page says beyond these (`crate::page::page_record`).
    pub page: PageMetadata,
}

#[derive(Clone, Debug)]
pub struct Article {
    pub text: String,
    pub id: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// ISO date with the precision the text gives: `2024-10`, `2024-06-18`.
    pub date: Option<Field>,
    /// `10:01` when a byline gives it.
    pub time: Option<Field>,
    pub title: Option<Field>,
    pub author: Option<Field>,
    /// The place a dateline gives, written normally (`MOSCA, 10 FEB (ANSA) -` → `Mosca`).
    pub place: Option<Field>,
    /// The agency a dateline credits (`ANSA`).
    pub agency: Option<Field>,
    /// Photo and agency credits in text order: captions' (`KEYSTONE`, `(Ansa, credit: Epa)`),
    /// datelines' (`ANSA`) and sign-offs' (`… a Mosca. (ANSA).`).
    pub credits: Vec<Field>,
    pub segments: Vec<Segment>,
    /// Sentences of the body segments; their token ranges index `tokens()`.
    pub sentences: Vec<Sentence>,
    pub token_count: usize,
    /// What the caller passed: with `text`, all it takes to parse the article again
    /// (pickling sends just these).
    pub overrides: Overrides,
}

/// Parses one article. `text` is kept as given; every span points into it.
pub fn parse(text: String, overrides: Overrides) -> Result<Article> {
    let mut article = parse_structure(text, overrides)?;
    attach_sentences(&mut article);
    Ok(article)
}

/// Everything `parse` does but cutting tokens and sentences: segments and metadata.
pub fn parse_structure(text: String, overrides: Overrides) -> Result<Article> {
    let location = || overrides.id.clone().unwrap_or_else(|| "text".to_owned());
    if text.trim().is_empty() {
        return Err(Error::EmptyText {
            location: location(),
        });
    }
    let found = layout(&text);
    let field_at = |span: Span| Field {
        value: text[span.start..span.end].to_owned(),
        span: Some(span),
    };
    let found_date = found.date().map(|(date, span)| Field {
        value: date.to_string(),
        span: Some(span),
    });
    let given = match &overrides.date {
        Some(given) => {
            Some(
                dates::parse_iso_with_time(given).ok_or_else(|| Error::InvalidValue {
                    location: location(),
                    field: "date".to_owned(),
                    message: format!("{given:?} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                })?,
            )
        }
        // The default year yields to any date the text gives with its year.
        None if found_date.is_none() => overrides
            .year
            .and_then(|year| dates::PartialDate::new(year, None, None)),
        None => None,
    };
    let date = match given {
        Some(date) => {
            // A yearless dateline (`MOSCA, 10 FEB (ANSA) -`) completes a year or month given.
            let completed = found.day_month.as_ref().and_then(|(day, month, span)| {
                let full = dates::PartialDate::new(date.year, Some(*month), Some(*day))?;
                (date.day.is_none() && date.agrees_with(&full)).then_some((full, *span))
            });
            if let Some((full, span)) = completed {
                Some(Field {
                    value: full.to_string(),
                    span: Some(span),
                })
            } else {
                let value = date.to_string();
                // The text gave the same date: keep pointing at it.
                let span = found_date
                    .as_ref()
                    .filter(|f| f.value == value)
                    .and_then(|f| f.span);
                Some(Field { value, span })
            }
        }
        None => found_date,
    };
    let found_title = found
        .segments
        .iter()
        .find(|s| s.kind == SegmentKind::Title)
        .map(|s| {
            field_at(Span {
                start: s.start,
                end: s.end,
            })
        });
    let title = match &overrides.title {
        Some(given) => {
            let span = found
                .segments
                .iter()
                .find(|s| text.get(s.start..s.end) == Some(given.as_str()))
                .map(|s| Span {
                    start: s.start,
                    end: s.end,
                });
            Some(Field {
                value: given.clone(),
                span,
            })
        }
        None => found_title,
    };
    let time = found.time.clone().map(|(value, span)| Field {
        value,
        span: Some(span),
    });
    let author = match overrides.page.authors.as_slice() {
        [] => found.author.map(field_at),
        names => {
            let value = names.join(", ");
            let span = found.author.filter(|s| text[s.start..s.end] == value);
            Some(Field { value, span })
        }
    };
    let place = found.place.map(|span| Field {
        value: written_normally(&text[span.start..span.end]),
        span: Some(span),
    });
    let agency = found.agency.map(field_at);
    let credits = found.credits().map(field_at).collect();
    Ok(Article {
        id: overrides.id.clone(),
        source: overrides.source.clone(),
        url: overrides.url.clone(),
        date,
        time,
        title,
        author,
        place,
        agency,
        credits,
        segments: found.segments,
        sentences: Vec::new(),
        token_count: 0,
        text,
        overrides,
    })
}

/// A name as a dateline shouts it, written normally: `REGGIO EMILIA` → `Reggio Emilia`,
/// `SAN DONÀ DI PIAVE` → `San Donà di Piave`, `L'AQUILA` → `L'Aquila`; a name already in
/// lowercase letters is kept.
fn written_normally(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    const PARTICLES: &[&str] = &[
        "di", "del", "della", "dei", "sul", "in", "al", "d'", "dell'",
    ];
    let mut out = String::with_capacity(name.len());
    let mut start_of_word = true;
    let mut word_start = 0;
    for (i, c) in name.char_indices() {
        if start_of_word {
            word_start = i;
        }
        let word: String = name[word_start..]
            .chars()
            .take_while(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
            .collect::<String>()
            .to_lowercase();
        let particle = word_start > 0 && PARTICLES.contains(&word.as_str());
        if start_of_word && !particle {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = !c.is_alphabetic();
    }
    out
}

/// Appends the tokens of the body segments of `text` to `out`: what `parse(text).tokens()`
/// gives, without building the article (no metadata, no sentences). Statistics over raw texts
/// need only these. A blank text has no body, hence no tokens.
pub fn body_tokens(text: &str, out: &mut Vec<Token>) {
    if text.trim().is_empty() {
        return;
    }
    for segment in layout(text).segments.iter().filter(|s| s.kind.is_body()) {
        for range in segment.text_ranges() {
            crate::text::tokenize_into(text, range, out);
        }
    }
}

/// Cuts the body segments into tokens and sentences, in the order `Article::tokens` repeats.
fn attach_sentences(article: &mut Article) {
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    for segment in article.segments.iter().filter(|s| s.kind.is_body()) {
        let first = tokens.len();
        for range in segment.text_ranges() {
            crate::text::tokenize_into(&article.text, range, &mut tokens);
        }
        crate::text::split_sentences(&article.text, &tokens, first..tokens.len(), &mut sentences);
    }
    article.sentences = sentences;
    article.token_count = tokens.len();
}

impl Article {
    /// Tokens of the body segments, in order. Recomputed on demand rather than stored: they
    /// take more memory than the text and cost a few microseconds an article to cut again.
    pub fn tokens(&self) -> Vec<Token> {
        let mut out = Vec::with_capacity(self.token_count);
        self.push_tokens(&mut out);
        out
    }

    /// Appends the tokens of the body segments to `out`, as [`Article::tokens`] lists them.
    pub fn push_tokens(&self, out: &mut Vec<Token>) {
        out.reserve(self.token_count);
        for segment in self.segments.iter().filter(|s| s.kind.is_body()) {
            for range in segment.text_ranges() {
                crate::text::tokenize_into(&self.text, range, out);
            }
        }
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Paragraph)
    }

    pub fn set_aside(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| s.kind.is_set_aside())
    }

    /// The article without what is set aside or is metadata (credits too): body segments
    /// joined by blank lines.
    pub fn content(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for segment in self.segments.iter().filter(|s| s.kind.is_body()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let pieces: Vec<&str> = segment
                .text_ranges()
                .map(|r| self.text[r].trim())
                .filter(|piece| !piece.is_empty())
                .collect();
            out.push_str(&pieces.join(" "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str =
        include_str!("../../python/rassegna/data/sample/000_07de2926605d4be4.txt");
    const SEED_001: &str =
        include_str!("../../python/rassegna/data/sample/001_008b01092c8600dd.txt");
    const SEED_002: &str =
        include_str!("../../python/rassegna/data/sample/002_e93fc955fd364e9c.txt");
    const SEED_003: &str =
        include_str!("../../python/rassegna/data/sample/003_f50da71632b60aab.txt");
    const SEED_004: &str =
        include_str!("../../python/rassegna/data/sample/004_154dfcbd4d86cc42.txt");
    const SEEDS: [&str; 5] = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004];

    fn structure(text: &str) -> Article {
        parse_structure(text.to_owned(), Overrides::default()).expect("sample parses")
    }

    fn of_kind(article: &Article, kind: SegmentKind) -> Vec<&str> {
        article
            .segments
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| &article.text[s.start..s.end])
            .collect()
    }

    fn spanned<'a>(article: &'a Article, field: Option<&Field>) -> Option<&'a str> {
        field
            .and_then(|f| f.span)
            .map(|s| &article.text[s.start..s.end])
    }

    #[test]
    fn body_tokens_are_the_tokens_of_the_parsed_article() {
        for text in SEEDS.iter().copied().chain(["", "  \n ", "Una riga sola."]) {
            let mut tokens = vec![];
            body_tokens(text, &mut tokens);
            let expected = parse(text.to_owned(), Overrides::default())
                .map(|a| a.tokens())
                .unwrap_or_default();
            assert_eq!(tokens, expected, "{text:?}");
        }
    }

    #[test]
    fn sample_dates() {
        let expected = ["2024-10", "2024-11", "2023-09", "2023-09-05", "2024-06-18"];
        for (text, date) in SEEDS.iter().zip(expected) {
            let article = structure(text);
            assert_eq!(article.date.as_ref().map(|d| d.value.as_str()), Some(date));
        }
        let article = structure(SEED_000);
        assert_eq!(spanned(&article, article.date.as_ref()), Some("2024-10"));
        let article = structure(SEED_004);
        assert_eq!(
            spanned(&article, article.date.as_ref()),
            Some("18 giugno 2024")
        );
        let article = structure(SEED_003);
        assert_eq!(spanned(&article, article.date.as_ref()), Some("5 Set 2023"));
    }

    #[test]
    fn only_seed_003_has_a_title() {
        let article = structure(SEED_003);
        let title = "Armi, si rafforza l’asse Mosca-Corea. Allarme in Occidente: Kim vedrà Putin a Vladivostok";
        assert_eq!(
            article.title.as_ref().map(|t| t.value.as_str()),
            Some(title)
        );
        assert_eq!(spanned(&article, article.title.as_ref()), Some(title));
        for text in [SEED_000, SEED_001, SEED_002, SEED_004] {
            let article = structure(text);
            assert_eq!(article.title, None);
            assert!(of_kind(&article, SegmentKind::Title).is_empty());
        }
    }

    #[test]
    fn seed_003_byline() {
        let article = structure(SEED_003);
        assert_eq!(
            of_kind(&article, SegmentKind::Byline),
            ["5 Set 2023 10:01 - di Sara De Vico"]
        );
        assert_eq!(
            article.author.as_ref().map(|a| a.value.as_str()),
            Some("Sara De Vico")
        );
        assert_eq!(
            spanned(&article, article.author.as_ref()),
            Some("Sara De Vico")
        );
        assert_eq!(
            article.time.as_ref().map(|t| t.value.as_str()),
            Some("10:01")
        );
    }

    #[test]
    fn seed_003_boilerplate_is_set_aside() {
        let article = structure(SEED_003);
        let prompt = "Per continuare a leggere l'articolo sostienici oppure accedi";
        assert_eq!(
            of_kind(&article, SegmentKind::Boilerplate),
            [prompt, "Fine", prompt]
        );
        assert_eq!(article.set_aside().count(), 3);
        let content = article.content();
        assert!(!content.contains("Per continuare a leggere"));
        assert!(!content.contains("\n\nFine"));
        assert!(!content.contains("Sara De Vico"));
        assert!(content.starts_with("Armi, si rafforza"));
        assert!(content.contains("Mosca vuole che la Corea del Nord"));
    }

    #[test]
    fn seed_003_headings() {
        let article = structure(SEED_003);
        assert_eq!(
            of_kind(&article, SegmentKind::Heading),
            [
                "Asse Mosca-Corea del Nord: Kim vedrà Putin",
                "Sul tavolo accordi su armi e grano",
                "Possibile visita a Mosca del leader nord-coreano",
                "L’allarme della Casa Bianca che conferma",
                "L’attività diplomatica Usa per spezzare l’intesa",
                "Distrutti tre droni ucraini vicino Mosca",
            ]
        );
    }

    #[test]
    fn seed_000_header_caption_and_headings() {
        let article = structure(SEED_000);
        assert_eq!(of_kind(&article, SegmentKind::Header), ["date 2024-10"]);
        let captions = of_kind(&article, SegmentKind::Caption);
        assert_eq!(
            captions,
            ["Il presidente russo Putin con il leader della Corea del Nord Kim Jong Un in uno scatto di giugno 2024. KEYSTONE"]
        );
        let credits: Vec<&str> = article.credits.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(credits, ["KEYSTONE"]);
        assert_eq!(spanned(&article, article.credits.first()), Some("KEYSTONE"));
        assert_eq!(
            of_kind(&article, SegmentKind::Heading),
            [
                "Faccia a faccia a Kiev tra Austin e Zelensky",
                "Intanto sul campo la situazione rimane molto difficile",
                "«L'invio di truppe da Pyongyang un'escalation significativa»",
            ]
        );
        assert!(of_kind(&article, SegmentKind::Paragraph)
            .iter()
            .any(|p| p.contains("in «prima linea» in Ucraina")));
        assert!(article.set_aside().next().is_none());
    }

    #[test]
    fn seed_004_dateline_and_caption() {
        let article = structure(SEED_004);
        assert_eq!(
            of_kind(&article, SegmentKind::Dateline),
            ["Roma, 18 giugno 2024 –"]
        );
        let caption = of_kind(&article, SegmentKind::Caption);
        assert_eq!(
            caption,
            ["La visita di Kim Jong Un in Russia lo scorso settembre (Ansa, credit: Epa)"]
        );
        let credits: Vec<&str> = article.credits.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(credits, ["(Ansa, credit: Epa)"]);
        assert!(of_kind(&article, SegmentKind::Heading).is_empty());
        assert_eq!(of_kind(&article, SegmentKind::Paragraph).len(), 6);
    }

    #[test]
    fn seeds_001_and_002_are_header_and_paragraphs() {
        for (text, paragraphs) in [(SEED_001, 4), (SEED_002, 2)] {
            let article = structure(text);
            assert_eq!(article.segments[0].kind, SegmentKind::Header);
            assert!(article.segments[1..]
                .iter()
                .all(|s| s.kind == SegmentKind::Paragraph));
            assert_eq!(article.paragraphs().count(), paragraphs);
            assert!(article.credits.is_empty());
            assert_eq!(article.author, None);
        }
    }

    #[test]
    fn segments_are_ordered_trimmed_and_on_char_boundaries() {
        for text in SEEDS {
            let article = structure(text);
            let mut last = 0;
            for segment in &article.segments {
                assert!(segment.start >= last && segment.start < segment.end);
                let piece = text
                    .get(segment.start..segment.end)
                    .expect("char boundaries");
                assert_eq!(piece, piece.trim());
                last = segment.end;
            }
        }
    }

    #[test]
    fn empty_texts_are_errors_named_by_id() {
        let err = parse_structure(" \n\r\n\t".to_owned(), Overrides::default()).unwrap_err();
        assert_eq!(
            err,
            Error::EmptyText {
                location: "text".into()
            }
        );
        let overrides = Overrides {
            id: Some("feed.jsonl:3".into()),
            ..Overrides::default()
        };
        let err = parse(String::new(), overrides).unwrap_err();
        assert_eq!(
            err,
            Error::EmptyText {
                location: "feed.jsonl:3".into()
            }
        );
    }

    #[test]
    fn an_agency_dateline_gives_place_agency_and_with_the_record_year_the_day() {
        let text = "MOSCA, 10 FEB (ANSA) - Il Cremlino ha parlato. (ANSA).";
        let article = parse_structure(text.to_owned(), Overrides::default()).unwrap();
        assert_eq!(
            article.place.as_ref().map(|f| f.value.as_str()),
            Some("Mosca")
        );
        assert_eq!(
            article.agency.as_ref().map(|f| f.value.as_str()),
            Some("ANSA")
        );
        assert_eq!(article.date, None, "no year, no date");
        let credits: Vec<&str> = article.credits.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(credits, ["ANSA", "ANSA"]);
        let kinds: Vec<_> = article.segments.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Dateline,
                SegmentKind::Paragraph,
                SegmentKind::Boilerplate
            ]
        );
        let with_year = Overrides {
            date: Some("2024".into()),
            ..Overrides::default()
        };
        let article = parse_structure(text.to_owned(), with_year).unwrap();
        assert_eq!(article.date.map(|f| f.value), Some("2024-02-10".into()));
        let other_month = Overrides {
            date: Some("2024-03".into()),
            ..Overrides::default()
        };
        let article = parse_structure(text.to_owned(), other_month).unwrap();
        assert_eq!(article.date.map(|f| f.value), Some("2024-03".into()));
    }

    #[test]
    fn a_default_year_dates_what_neither_the_record_nor_the_text_dates() {
        let year = |text: &str, date: Option<&str>| {
            let overrides = Overrides {
                date: date.map(str::to_owned),
                year: Some(2024),
                ..Overrides::default()
            };
            parse_structure(text.to_owned(), overrides)
                .unwrap()
                .date
                .map(|f| f.value)
        };
        let dateline = "MOSCA, 10 FEB (ANSA) - Il Cremlino ha parlato. (ANSA).";
        assert_eq!(year(dateline, None), Some("2024-02-10".into()));
        assert_eq!(year(dateline, Some("2023")), Some("2023-02-10".into()));
        assert_eq!(
            year("Il Cremlino ha parlato ieri sera.", None),
            Some("2024".into())
        );
        let dated = "Roma, 5 settembre 2023 - Il governo ha parlato.";
        assert_eq!(year(dated, None), Some("2023-09-05".into()));
    }

    #[test]
    fn shouted_places_are_written_normally() {
        assert_eq!(written_normally("REGGIO EMILIA"), "Reggio Emilia");
        assert_eq!(written_normally("SAN DONÀ DI PIAVE"), "San Donà di Piave");
        assert_eq!(written_normally("L'AQUILA"), "L'Aquila");
        assert_eq!(written_normally("Roma"), "Roma");
    }

    #[test]
    fn overrides_replace_what_parsing_finds() {
        let overrides = Overrides {
            id: Some("a1".into()),
            source: Some("Il Tempo".into()),
            date: Some("2023-09-06T08:00:00Z".into()),
            title: Some("Un altro titolo".into()),
            url: Some("https://example.org/a1".into()),
            ..Overrides::default()
        };
        let article = parse_structure(SEED_003.to_owned(), overrides).unwrap();
        assert_eq!(article.id.as_deref(), Some("a1"));
        assert_eq!(article.source.as_deref(), Some("Il Tempo"));
        assert_eq!(article.url.as_deref(), Some("https://example.org/a1"));
        assert_eq!(
            article.date,
            Some(Field {
                value: "2023-09-06".into(),
                span: None
            })
        );
        assert_eq!(
            article.title,
            Some(Field {
                value: "Un altro titolo".into(),
                span: None
            })
        );
        // The text keeps its segments: only the metadata changes.
        assert_eq!(of_kind(&article, SegmentKind::Title).len(), 1);
    }

    #[test]
    fn overrides_equal_to_the_text_keep_their_span() {
        let title = "Armi, si rafforza l’asse Mosca-Corea. Allarme in Occidente: Kim vedrà Putin a Vladivostok";
        let overrides = Overrides {
            title: Some(title.into()),
            date: Some("2023-09-05".into()),
            ..Overrides::default()
        };
        let article = parse_structure(SEED_003.to_owned(), overrides).unwrap();
        assert_eq!(spanned(&article, article.title.as_ref()), Some(title));
        assert_eq!(spanned(&article, article.date.as_ref()), Some("5 Set 2023"));
    }

    #[test]
    fn invalid_override_dates_are_errors() {
        for bad in ["2024-02-30", "18/06/2024", "2024-13", "ieri", ""] {
            let overrides = Overrides {
                id: Some("row 7".into()),
                date: Some(bad.into()),
                ..Overrides::default()
            };
            match parse_structure(SEED_000.to_owned(), overrides) {
                Err(Error::InvalidValue {
                    location, field, ..
                }) => {
                    assert_eq!(
                        (location.as_str(), field.as_str()),
                        ("row 7", "date"),
                        "{bad}"
                    );
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
        for (good, value) in [
            ("2024", "2024"),
            ("2024-06", "2024-06"),
            ("2024-06-18 10:00", "2024-06-18"),
        ] {
            let overrides = Overrides {
                date: Some(good.into()),
                ..Overrides::default()
            };
            let article = parse_structure(SEED_000.to_owned(), overrides).unwrap();
            assert_eq!(article.date.map(|d| d.value).as_deref(), Some(value));
        }
    }

    #[test]
    fn sentences_and_tokens_cover_the_body_only() {
        for text in SEEDS {
            let article = parse(text.to_owned(), Overrides::default()).expect("sample parses");
            let tokens = article.tokens();
            assert_eq!(tokens.len(), article.token_count);
            assert!(article.token_count > 100);
            assert!(!article.sentences.is_empty());
            let body: Vec<&Segment> = article
                .segments
                .iter()
                .filter(|s| s.kind.is_body())
                .collect();
            let mut next_token = 0;
            for sentence in &article.sentences {
                assert!(sentence.tokens.start >= next_token && sentence.tokens.end <= tokens.len());
                next_token = sentence.tokens.end;
                assert!(
                    body.iter()
                        .any(|s| s.start <= sentence.start && sentence.end <= s.end),
                    "a sentence lies outside the body: {:?}",
                    text.get(sentence.start..sentence.end)
                );
            }
            for token in &tokens {
                assert!(body
                    .iter()
                    .any(|s| s.start <= token.start && token.end <= s.end));
            }
        }
    }

    #[test]
    fn boilerplate_has_no_tokens() {
        let article = parse(SEED_003.to_owned(), Overrides::default()).unwrap();
        let tokens = article.tokens();
        assert!(!tokens.iter().any(|t| t.text(&article.text) == "sostienici"));
        assert!(!tokens.iter().any(|t| t.text(&article.text) == "Sara"));
    }

    #[test]
    fn parse_never_panics_on_odd_inputs() {
        for text in [
            "date 2024-13",
            " date 2024-10 ",
            "\r\r\r x \r",
            "«»",
            "Roma, 18 giugno 2024 –",
            "di",
            "ANSA",
            "(foto)",
            "🇮🇹\n\n🇮🇹 KEYSTONE\n\nè",
            "date 2024-02-29 Roma, 29 febbraio – testo",
        ] {
            let article = parse(text.to_owned(), Overrides::default()).expect("parses");
            assert_eq!(article.text, text);
        }
    }

    #[test]
    fn text_is_kept_unchanged() {
        for text in SEEDS {
            assert_eq!(structure(text).text, text);
        }
    }
}
