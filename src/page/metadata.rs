//! What a page says about itself: JSON-LD (`NewsArticle` and kin, `@graph` arrays),
//! OpenGraph and Twitter cards, `<meta>` names, `<time datetime>`, `<link rel=canonical>`,
//! `<html lang>`, the `<h1>` and the `<title>`. The first place that gives a value wins, in
//! that order, and each value remembers where it was read.

use serde_json::Value;

use super::dates::iso_date;
use super::dom::Dom;

/// Where a value was read, as `Article.metadata_sources` names it.
pub type Origin = &'static str;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

/// Everything the page tells of itself; dates are ISO (`2024-06-18`), checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageFacts {
    pub title: Option<Sourced<String>>,
    pub date: Option<Sourced<String>>,
    pub modified: Option<Sourced<String>>,
    pub authors: Option<Sourced<Vec<String>>>,
    pub publisher: Option<Sourced<String>>,
    pub section: Option<Sourced<String>>,
    pub keywords: Option<Sourced<Vec<String>>>,
    pub language: Option<Sourced<String>>,
    pub canonical_url: Option<Sourced<String>>,
    pub url: Option<Sourced<String>>,
}

fn set<T>(slot: &mut Option<Sourced<T>>, value: Option<T>, origin: Origin) {
    if slot.is_none() {
        *slot = value.map(|value| Sourced { value, origin });
    }
}

fn clean(text: &str) -> Option<String> {
    let mut out = String::new();
    super::dom::push_folded(&mut out, text);
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_owned())
}

fn non_empty(list: Vec<String>) -> Option<Vec<String>> {
    let mut seen = Vec::new();
    for item in list {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    (!seen.is_empty()).then_some(seen)
}

/// Reads the page's metadata.
pub fn read(dom: &Dom) -> PageFacts {
    let mut facts = PageFacts::default();
    read_json_ld(dom, &mut facts);
    read_meta(dom, &mut facts);
    read_elements(dom, &mut facts);
    facts
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
];

fn has_type(object: &serde_json::Map<String, Value>, types: &[&str]) -> bool {
    match object.get("@type") {
        Some(Value::String(t)) => types.contains(&t.as_str()),
        Some(Value::Array(list)) => list
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

/// Every object in a JSON-LD document (`@graph` arrays and nesting included), outermost first.
fn objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                found.push(object);
                stack.extend(object.values().rev());
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    found
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean(s),
        Value::Array(items) => items.iter().find_map(text_of),
        Value::Object(object) => object
            .get("name")
            .and_then(text_of)
            .or_else(|| object.get("@value").and_then(text_of)),
        _ => None,
    }
}

/// People named by `author`: a name, an object with a name, an `@id` of one, or a list.
fn names_of(value: &Value, graph: &[&serde_json::Map<String, Value>]) -> Vec<String> {
    let one = |value: &Value| match value {
        Value::String(s) => clean(s),
        Value::Object(object) => text_of(value).or_else(|| {
            let id = object.get("@id")?.as_str()?;
            graph
                .iter()
                .find(|o| {
                    o.get("@id").and_then(Value::as_str) == Some(id) && o.contains_key("name")
                })
                .and_then(|o| o.get("name"))
                .and_then(text_of)
        }),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn list_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s.split(',').filter_map(clean).collect(),
        Value::Array(items) => items.iter().flat_map(list_of).collect(),
        _ => Vec::new(),
    }
}

fn url_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean(s).filter(|s| s.starts_with("http")),
        Value::Object(object) => object
            .get("@id")
            .or_else(|| object.get("url"))
            .and_then(url_of),
        _ => None,
    }
}

fn read_json_ld(dom: &Dom, facts: &mut PageFacts) {
    let documents: Vec<Value> = dom
        .elements_named("script")
        .filter(|(_, e)| {
            e.attribute("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|(i, _)| {
            let text: String = dom
                .children(i)
                .filter_map(|c| dom.text_of_node(c))
                .collect();
            serde_json::from_str(text.trim().trim_end_matches(';')).ok()
        })
        .collect();
    let graph: Vec<&serde_json::Map<String, Value>> = documents.iter().flat_map(objects).collect();
    let article = graph
        .iter()
        .find(|o| has_type(o, ARTICLE_TYPES))
        .or_else(|| graph.iter().find(|o| has_type(o, &["WebPage", "ItemPage"])));
    let origin = "json-ld";
    if let Some(article) = article {
        let get = |key: &str| article.get(key);
        set(
            &mut facts.title,
            get("headline").or(get("name")).and_then(text_of),
            origin,
        );
        set(
            &mut facts.date,
            get("datePublished")
                .or(get("dateCreated"))
                .and_then(text_of)
                .and_then(|d| iso_date(&d)),
            origin,
        );
        set(
            &mut facts.modified,
            get("dateModified")
                .and_then(text_of)
                .and_then(|d| iso_date(&d)),
            origin,
        );
        set(
            &mut facts.authors,
            get("author")
                .or(get("creator"))
                .map(|a| names_of(a, &graph))
                .and_then(non_empty),
            origin,
        );
        set(
            &mut facts.publisher,
            get("publisher").and_then(text_of),
            origin,
        );
        set(
            &mut facts.section,
            get("articleSection").and_then(text_of),
            origin,
        );
        set(
            &mut facts.keywords,
            get("keywords").map(list_of).and_then(non_empty),
            origin,
        );
        set(
            &mut facts.language,
            get("inLanguage")
                .and_then(text_of)
                .map(|l| language_code(&l)),
            origin,
        );
        set(
            &mut facts.url,
            get("url").or(get("mainEntityOfPage")).and_then(url_of),
            origin,
        );
    }
    let publisher = graph
        .iter()
        .find(|o| has_type(o, &["NewsMediaOrganization", "Organization", "WebSite"]))
        .and_then(|o| o.get("name"))
        .and_then(text_of);
    set(&mut facts.publisher, publisher, origin);
}

/// `it-IT`, `it_IT`, `IT` → `it`.
fn language_code(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `<meta>` names for each field, per origin, in order of trust.
const META_DATE: &[&str] = &[
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "article.published",
    "original-publish-date",
    "og:pubdate",
];
const META_MODIFIED: &[&str] = &[
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "article.updated",
];
const META_AUTHOR: &[&str] = &[
    "author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
    "citation_author",
];
const META_KEYWORDS: &[&str] = &["news_keywords", "keywords", "parsely-tags", "sailthru.tags"];

fn read_meta(dom: &Dom, facts: &mut PageFacts) {
    // (key, content) of every `<meta>`, keys lower-cased; OpenGraph's `property` or a name.
    let metas: Vec<(String, String)> = dom
        .elements_named("meta")
        .filter_map(|(_, e)| {
            let key = e
                .attribute("property")
                .or_else(|| e.attribute("name"))
                .or_else(|| e.attribute("itemprop"))?;
            let content = clean(e.attribute("content")?)?;
            Some((key.trim().to_ascii_lowercase(), content))
        })
        .collect();
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| metas.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    };
    let all = |key: &str| -> Vec<String> {
        metas
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let og = "opengraph";
    set(&mut facts.title, first(&["og:title"]), og);
    set(
        &mut facts.date,
        first(&["article:published_time", "og:published_time"]).and_then(|d| iso_date(&d)),
        og,
    );
    set(
        &mut facts.modified,
        first(&["article:modified_time", "og:updated_time"]).and_then(|d| iso_date(&d)),
        og,
    );
    let people: Vec<String> = all("article:author")
        .into_iter()
        .filter(|a| !a.starts_with("http"))
        .collect();
    set(&mut facts.authors, non_empty(people), og);
    set(&mut facts.section, first(&["article:section"]), og);
    set(&mut facts.keywords, non_empty(all("article:tag")), og);
    set(&mut facts.publisher, first(&["og:site_name"]), og);
    set(
        &mut facts.url,
        first(&["og:url"]).filter(|u| u.starts_with("http")),
        og,
    );
    set(
        &mut facts.language,
        first(&["og:locale"]).map(|l| language_code(&l)),
        og,
    );
    set(&mut facts.title, first(&["twitter:title"]), "twitter");
    let meta = "meta";
    set(
        &mut facts.date,
        META_DATE
            .iter()
            .find_map(|k| first(&[k]).and_then(|d| iso_date(&d))),
        meta,
    );
    set(
        &mut facts.modified,
        META_MODIFIED
            .iter()
            .find_map(|k| first(&[k]).and_then(|d| iso_date(&d))),
        meta,
    );
    let people = first(META_AUTHOR)
        .filter(|a| !a.starts_with("http"))
        .map(|a| vec![a]);
    set(&mut facts.authors, people, meta);
    set(
        &mut facts.keywords,
        first(META_KEYWORDS)
            .map(|k| list_of(&Value::String(k)))
            .and_then(non_empty),
        meta,
    );
    set(&mut facts.title, first(&["dc.title", "headline"]), meta);
    set(&mut facts.publisher, first(&["application-name"]), meta);
}

fn read_elements(dom: &Dom, facts: &mut PageFacts) {
    let time = dom
        .elements_named("time")
        .find_map(|(_, e)| iso_date(e.attribute("datetime")?));
    set(&mut facts.date, time, "time");
    let html = "html";
    let canonical = dom
        .elements_named("link")
        .find(|(_, e)| {
            e.attribute("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|(_, e)| clean(e.attribute("href")?))
        .filter(|u| u.starts_with("http"));
    set(&mut facts.canonical_url, canonical, html);
    if facts.url.is_none() {
        facts.url = facts.canonical_url.clone();
    }
    let lang = dom
        .elements_named("html")
        .find_map(|(_, e)| clean(e.attribute("lang")?))
        .map(|l| language_code(&l));
    set(&mut facts.language, lang, html);
    let h1 = dom
        .elements_named("h1")
        .map(|(i, _)| dom.text_under(i))
        .find(|t| !t.is_empty());
    set(&mut facts.title, h1, "text");
    let title = dom
        .elements_named("title")
        .map(|(i, _)| dom.text_under(i))
        .find(|t| !t.is_empty())
        .map(|t| without_site_name(&t));
    set(&mut facts.title, title, html);
}

/// `Il bilancio approvato | Il Giornale` → `Il bilancio approvato`: the longest part.
fn without_site_name(title: &str) -> String {
    [" | ", " - ", " – ", " — ", " :: ", " « ", " » "]
        .iter()
        .find(|separator| title.contains(**separator))
        .and_then(|separator| {
            title
                .split(*separator)
                .max_by_key(|part| part.chars().count())
        })
        .unwrap_or(title)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::dom::parse;

    fn facts(html: &str) -> PageFacts {
        read(&parse(html))
    }

    fn value<T: Clone>(field: &Option<Sourced<T>>) -> Option<(T, Origin)> {
        field.as_ref().map(|s| (s.value.clone(), s.origin))
    }

    #[test]
    fn json_ld_graph_with_people_by_id() {
        let html = r##"<html lang="it-IT"><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "Il Quotidiano"},
              {"@type": "Person", "@id": "#p1", "name": "Sara Rossi"},
              {"@type": ["NewsArticle"], "headline": "Il bilancio approvato",
               "datePublished": "2024-06-18T10:00:00+02:00", "dateModified": "2024-06-19",
               "author": [{"@id": "#p1"}, {"@type": "Person", "name": "Luca Bianchi"}],
               "publisher": {"@type": "Organization", "name": "Il Quotidiano"},
               "articleSection": ["Politica"], "keywords": "bilancio, comune,  scuole"}
            ]}</script></head><body></body></html>"##;
        let f = facts(html);
        assert_eq!(
            value(&f.title),
            Some(("Il bilancio approvato".into(), "json-ld"))
        );
        assert_eq!(value(&f.date), Some(("2024-06-18".into(), "json-ld")));
        assert_eq!(value(&f.modified), Some(("2024-06-19".into(), "json-ld")));
        assert_eq!(
            value(&f.authors),
            Some((vec!["Sara Rossi".into(), "Luca Bianchi".into()], "json-ld"))
        );
        assert_eq!(
            value(&f.publisher),
            Some(("Il Quotidiano".into(), "json-ld"))
        );
        assert_eq!(value(&f.section), Some(("Politica".into(), "json-ld")));
        assert_eq!(
            value(&f.keywords).map(|k| k.0),
            Some(vec!["bilancio".into(), "comune".into(), "scuole".into()])
        );
        assert_eq!(value(&f.language), Some(("it".into(), "html")));
    }

    #[test]
    fn opengraph_then_meta_then_elements() {
        let html = r#"<html><head><title>Titolo lungo della pagina | Sito</title>
            <meta property="og:title" content="Titolo OG">
            <meta property="article:published_time" content="2023-09-05T08:00:00Z">
            <meta property="article:author" content="https://facebook.com/x">
            <meta name="author" content="Mario Verdi">
            <meta property="article:tag" content="Roma"><meta property="article:tag" content="Sport">
            <meta property="og:site_name" content="La Gazzetta">
            <link rel="canonical" href="https://example.org/a/1">
            </head><body><time datetime="2020-01-01">ieri</time><h1>Titolo H1</h1></body></html>"#;
        let f = facts(html);
        assert_eq!(value(&f.title), Some(("Titolo OG".into(), "opengraph")));
        assert_eq!(value(&f.date), Some(("2023-09-05".into(), "opengraph")));
        assert_eq!(
            value(&f.authors),
            Some((vec!["Mario Verdi".into()], "meta"))
        );
        assert_eq!(
            value(&f.keywords),
            Some((vec!["Roma".into(), "Sport".into()], "opengraph"))
        );
        assert_eq!(
            value(&f.publisher),
            Some(("La Gazzetta".into(), "opengraph"))
        );
        assert_eq!(
            value(&f.canonical_url),
            Some(("https://example.org/a/1".into(), "html"))
        );
        let bare = facts("<title>Titolo lungo della pagina | Sito</title><time datetime='2020-01-02T10:00'>x</time>");
        assert_eq!(
            value(&bare.title),
            Some(("Titolo lungo della pagina".into(), "html"))
        );
        assert_eq!(value(&bare.date), Some(("2020-01-02".into(), "time")));
    }

    #[test]
    fn broken_json_ld_and_impossible_dates_are_passed_over() {
        let html = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
            <meta name="date" content="2023-02-30"><meta name="pubdate" content="2023-02-28">"#;
        let f = facts(html);
        assert_eq!(f.title, None);
        assert_eq!(value(&f.date), Some(("2023-02-28".into(), "meta")));
    }
}
