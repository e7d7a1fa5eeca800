//! A web page as rassegna's text parser expects an article: headline, then the blocks of the
//! main text separated by blank lines, with the page's metadata as `Overrides`.

use crate::article::{Overrides, PageMetadata};
use crate::error::{Error, Result};

use super::dates::date_in_url;
use super::dom;
use super::extract::main_text;
use super::metadata::{self, Sourced};

/// The article text of `html` and the values to parse it with: those in `given` win where
/// set, the page's fill the rest. A page without main text is an error naming it.
pub fn page_record(html: &str, given: Overrides) -> Result<(String, Overrides)> {
    let dom = dom::parse(html);
    let facts = metadata::read(&dom);
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut pick = |field: &str, given: Option<String>, found: Option<Sourced<String>>| {
        let (value, origin) = match (given, found) {
            (Some(value), _) => (Some(value), "given"),
            (None, Some(found)) => (Some(found.value), found.origin),
            (None, None) => (None, ""),
        };
        if value.is_some() {
            sources.push((field.to_owned(), origin.to_owned()));
        }
        value
    };
    let title = pick("title", given.title.clone(), facts.title.clone());
    let blocks = main_text(&dom, title.as_deref());
    if blocks.is_empty() {
        let location = given
            .id
            .clone()
            .or_else(|| given.url.clone())
            .unwrap_or_else(|| "html".to_owned());
        return Err(Error::Format {
            location,
            message: "no article text found in the web page".into(),
        });
    }
    let url = pick("url", given.url.clone(), facts.url.clone());
    let from_url = url.as_deref().and_then(date_in_url).map(|value| Sourced {
        value,
        origin: "url",
    });
    let date = pick("date", given.date.clone(), facts.date.clone().or(from_url));
    let host = url.as_deref().and_then(host_of).map(|value| Sourced {
        value,
        origin: "url",
    });
    let source = pick(
        "source",
        given.source.clone(),
        facts.publisher.clone().or(host),
    );
    let mut page = PageMetadata::default();
    let mut fill = |field: &str, found: Option<Sourced<String>>| {
        found.map(|f| {
            sources.push((field.to_owned(), f.origin.to_owned()));
            f.value
        })
    };
    page.modified = fill("modified", facts.modified);
    page.publisher = fill("publisher", facts.publisher);
    page.section = fill("section", facts.section);
    page.language = fill("language", facts.language);
    page.canonical_url = fill("canonical_url", facts.canonical_url);
    let mut fill_list = |field: &str, found: Option<Sourced<Vec<String>>>| {
        found.map_or_else(Vec::new, |f| {
            sources.push((field.to_owned(), f.origin.to_owned()));
            f.value
        })
    };
    page.authors = fill_list("authors", facts.authors);
    page.keywords = fill_list("keywords", facts.keywords);
    page.sources = sources;
    let mut text = String::new();
    for block in title.iter().chain(blocks.iter().map(|b| &b.text)) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(block);
    }
    let overrides = Overrides {
        id: given.id,
        source,
        date,
        title,
        url,
        year: given.year,
        encoding: given.encoding,
        page,
    };
    Ok((text, overrides))
}

/// `https://www.ilpost.it/2024/…` → `ilpost.it`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, SegmentKind};

    const PARAGRAPH: &str = "Il consiglio comunale, riunito ieri sera, ha approvato il bilancio, \
        dopo una lunga discussione sulle spese per le scuole, le strade e i trasporti.";

    fn page(head: &str) -> String {
        format!(
            "<html lang=it><head>{head}</head><body><nav><a href=/>Home</a></nav><article>\
             <h1>Approvato il bilancio</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
             <p>Riproduzione riservata</p></article></body></html>"
        )
    }

    #[test]
    fn the_page_becomes_an_article() {
        let head = r#"<meta property="og:site_name" content="Il Comune">
            <meta property="article:published_time" content="2024-06-18T08:00:00Z">"#;
        let (text, overrides) = page_record(&page(head), Overrides::default()).unwrap();
        assert!(text.starts_with("Approvato il bilancio\n\nIl consiglio comunale"));
        assert_eq!(overrides.source.as_deref(), Some("Il Comune"));
        assert_eq!(overrides.date.as_deref(), Some("2024-06-18"));
        assert_eq!(overrides.page.language.as_deref(), Some("it"));
        assert_eq!(overrides.page.source_of("date"), Some("opengraph"));
        assert_eq!(overrides.page.source_of("title"), Some("text"));
        let article = parse(text, overrides).unwrap();
        assert_eq!(
            article.title.as_ref().unwrap().value,
            "Approvato il bilancio"
        );
        assert_eq!(article.paragraphs().count(), 2);
        assert_eq!(article.set_aside().count(), 1);
    }

    #[test]
    fn given_values_win_and_the_host_names_the_source() {
        let given = Overrides {
            id: Some("p1".into()),
            url: Some("https://www.esempio.it/2023/01/05/bilancio".into()),
            title: Some("Il mio titolo".into()),
            ..Overrides::default()
        };
        let (text, overrides) = page_record(&page(""), given).unwrap();
        assert!(text.starts_with("Il mio titolo\n\n"));
        assert_eq!(overrides.id.as_deref(), Some("p1"));
        assert_eq!(overrides.source.as_deref(), Some("esempio.it"));
        assert_eq!(overrides.date.as_deref(), Some("2023-01-05"));
        assert_eq!(overrides.page.source_of("date"), Some("url"));
        assert_eq!(overrides.page.source_of("title"), Some("given"));
    }

    #[test]
    fn a_page_without_text_is_an_error_naming_it() {
        for html in [
            "",
            "<html><body><nav>Home</nav></body></html>",
            "<p>corto</p>",
        ] {
            let given = Overrides {
                id: Some("pagina 3".into()),
                ..Overrides::default()
            };
            match page_record(html, given) {
                Err(Error::Format { location, .. }) => assert_eq!(location, "pagina 3"),
                other => panic!("{html:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_text_parser_sees_headings_and_captions() {
        let html = format!(
            "<article><h1>Titolo</h1><p>{PARAGRAPH}</p><h2>Le scuole</h2><p>{PARAGRAPH}</p>\
             <figure><img src=x.jpg><figcaption>Il sindaco in aula. Foto: ANSA</figcaption></figure></article>"
        );
        let (text, overrides) = page_record(&html, Overrides::default()).unwrap();
        let article = parse(text, overrides).unwrap();
        let kinds: Vec<SegmentKind> = article.segments.iter().map(|s| s.kind).collect();
        assert!(kinds.contains(&SegmentKind::Heading), "{kinds:?}");
        assert!(kinds.contains(&SegmentKind::Caption), "{kinds:?}");
    }
}
