//! The main text of a page: the element holding the article's paragraphs, found by text and
//! link density in the spirit of Readability and trafilatura, and its blocks (paragraphs,
//! headings, list items, quotes, captions) without navigation, share bars, comments and
//! related-article lists.
//!
//! Every pass is a loop over the flat tree in document order (a parent before its children)
//! or in reverse (children before their parent), so the cost is linear in the page.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::dom::{push_folded, Dom, NodeData};

// Sets of tag names are `matches!`, which the compiler turns into a switch on the length and a
// few comparisons, rather than lists searched one by one: every pass asks at every element.

/// Tags whose content is never article text.
fn is_never_content(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "footer"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "iframe"
            | "svg"
            | "canvas"
            | "object"
            | "embed"
            | "audio"
            | "video"
            | "dialog"
            | "menu"
            | "title"
    )
}

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

/// Parts of class and id names that mark furniture anywhere in the name.
const FURNITURE_NAMES: &[&str] = &[
    "comment",
    "disqus",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "cookie",
    "consent",
    "gdpr",
    "advert",
    "sponsor",
    "promo",
    "outbrain",
    "taboola",
    "recommend",
    "breadcrumb",
    "sidebar",
    "subscri",
    "signup",
    "paywall",
    "popup",
    "modal",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "banner",
    "widget",
    "toolbar",
    "pagination",
    "pager",
    "byline",
    "author-bio",
    "authorbio",
    "skip-link",
    "login",
    "popular",
    "trending",
    "readmore",
    "read-more",
    "more-stories",
    "leggi-anche",
    "correlat",
    "tag-list",
    "taglist",
    "post-tags",
    "entry-tags",
    "article-tags",
    "rating",
    "print",
    "button",
    "dateline",
    "timestamp",
    "author-info",
    "slideshow",
    "gallery",
    "carousel",
    "lightbox",
    "offscreen",
    "off-screen",
];

/// Whole words of class and id names that mark furniture (`ad` but not `header`).
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "nav",
    "tags",
    "tag",
    "meta",
    "header",
    "hidden",
    "hide",
    "share",
    "hero",
    "skip",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "credits",
];

/// Names of the element that holds an article's text.
const CONTENT_NAMES: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "testo", "articolo", "corpo",
];

/// Block-level tags: each starts a new block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "header"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "body"
    )
}

/// A paragraph shorter than this (in non-space characters) says little about where the
/// article is.
const MIN_PARAGRAPH_CHARS: u32 = 25;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Caption,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// Per-node measures, filled by [`measure`].
struct Measures {
    /// Furniture by tag, role, hidden state or name, inherited by the subtree.
    dropped: Vec<bool>,
    /// Non-space characters of text in the subtree (dropped parts not counted).
    chars: Vec<u32>,
    /// Of those, inside links.
    link_chars: Vec<u32>,
    /// Commas in the subtree's text: prose has them, menus do not.
    commas: Vec<u32>,
    /// Characters of text directly in the element or in its inline children.
    inline_chars: Vec<u32>,
    /// Characters of the subtree in paragraphs of at least [`MIN_PARAGRAPH_CHARS`].
    paragraph_chars: Vec<u32>,
    /// Class or id names of furniture; names of content.
    furniture_name: Vec<bool>,
    content_name: Vec<bool>,
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether `class` and `id` name furniture, and whether they name content, asked once per
/// pair on a page: menus, lists and cards repeat the same classes hundreds of times.
#[derive(Default)]
struct NameKinds<'a> {
    known: FxHashMap<(&'a str, &'a str), NameKind>,
    /// The names lower-cased and joined, as the patterns read them.
    names: String,
}

#[derive(Clone, Copy)]
struct NameKind {
    furniture: bool,
    content: bool,
}

impl<'a> NameKinds<'a> {
    fn of(&mut self, class: &'a str, id: &'a str) -> NameKind {
        if let Some(&kind) = self.known.get(&(class, id)) {
            return kind;
        }
        self.names.clear();
        self.names.push_str(class);
        self.names.push(' ');
        self.names.push_str(id);
        self.names.make_ascii_lowercase();
        let kind = NameKind {
            furniture: is_furniture_name(&self.names),
            content: is_content_name(&self.names),
        };
        self.known.insert((class, id), kind);
        kind
    }
}

/// One pattern for all furniture names: parts anywhere, words between separators.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    let parts = FURNITURE_NAMES.join("|");
    let words = FURNITURE_WORDS.join("|");
    Regex::new(&format!(r"{parts}|(?:^|[\s_-])(?:{words})(?:$|[\s_-])")).expect("furniture names")
});

static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
    let words = CONTENT_NAMES.join("|");
    Regex::new(&format!(r"(?:^|[^a-z0-9])(?:{words})(?:$|[^a-z0-9])")).expect("content names")
});

fn is_furniture_name(names: &str) -> bool {
    FURNITURE.is_match(names)
}

fn is_content_name(names: &str) -> bool {
    CONTENT.is_match(names)
}

/// Whether an element is furniture whatever it contains: by tag, role or being hidden.
fn is_furniture_element(dom: &Dom, index: usize) -> bool {
    let Some(element) = dom.element(index) else {
        return false;
    };
    if is_never_content(&element.name) {
        return true;
    }
    if element.attribute("hidden").is_some()
        || element.attribute("aria-hidden") == Some("true")
        || element.attribute("role").is_some_and(|role| {
            FURNITURE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str())
        })
    {
        return true;
    }
    element.attribute("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Characters that are not whitespace, and commas: one pass over the bytes, as most page text
/// is ASCII; other text is read character by character.
fn count_chars_and_commas(text: &str) -> (u32, u32) {
    let (chars, commas) = if text.is_ascii() {
        text.bytes().fold((0, 0), |(chars, commas), b| {
            (
                chars + usize::from(!(b' ' == b || (b'\t'..=b'\r').contains(&b))),
                commas + usize::from(b == b','),
            )
        })
    } else {
        text.chars().fold((0, 0), |(chars, commas), c| {
            (
                chars + usize::from(!c.is_whitespace()),
                commas + usize::from(c == ','),
            )
        })
    };
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(chars), clamp(commas))
}

fn measure(dom: &Dom) -> Measures {
    let n = dom.nodes.len();
    let mut m = Measures {
        dropped: vec![false; n],
        chars: vec![0; n],
        link_chars: vec![0; n],
        commas: vec![0; n],
        inline_chars: vec![0; n],
        paragraph_chars: vec![0; n],
        furniture_name: vec![false; n],
        content_name: vec![false; n],
    };
    let mut in_link = vec![false; n];
    let mut name_kinds = NameKinds::default();
    // Parents come before children: what is inherited flows down.
    for i in 0..n {
        let parent = dom.nodes[i].parent;
        let (parent_dropped, parent_link) = if parent == i {
            (false, false)
        } else {
            (m.dropped[parent], in_link[parent])
        };
        m.dropped[i] = parent_dropped || is_furniture_element(dom, i);
        let Some(element) = dom.element(i) else {
            in_link[i] = parent_link;
            continue;
        };
        in_link[i] = parent_link || element.is("a");
        // The names of what is dropped already change nothing: its subtree is dropped, and
        // it is never scored.
        let (class, id) = (element.attribute("class"), element.attribute("id"));
        if !m.dropped[i] && (class.is_some() || id.is_some()) {
            let kind = name_kinds.of(class.unwrap_or_default(), id.unwrap_or_default());
            let page = matches!(&*element.name, "html" | "body");
            m.furniture_name[i] = !page && kind.furniture;
            m.content_name[i] = kind.content;
        }
    }
    // Children come after parents: sums flow up.
    for i in (0..n).rev() {
        if m.dropped[i] {
            continue;
        }
        if let Some(text) = dom.text_of_node(i) {
            let (chars, commas) = count_chars_and_commas(text);
            m.chars[i] = chars;
            m.inline_chars[i] = chars;
            m.commas[i] = commas;
            if in_link[i] {
                m.link_chars[i] = chars;
            }
        } else if let Some(element) = dom.element(i) {
            let paragraph_like = matches!(&*element.name, "p" | "pre" | "blockquote")
                || (matches!(&*element.name, "div" | "section" | "td" | "article")
                    && m.inline_chars[i] >= 2 * MIN_PARAGRAPH_CHARS);
            if paragraph_like && m.inline_chars[i] >= MIN_PARAGRAPH_CHARS {
                let links = m.link_chars[i].min(m.chars[i]);
                if links * 2 < m.chars[i] {
                    m.paragraph_chars[i] = m.paragraph_chars[i].max(m.inline_chars[i]);
                }
            }
        }
        let parent = dom.nodes[i].parent;
        if parent == i {
            continue;
        }
        m.chars[parent] += m.chars[i];
        m.link_chars[parent] += m.link_chars[i];
        m.commas[parent] += m.commas[i];
        m.paragraph_chars[parent] += m.paragraph_chars[i];
        let inline = dom
            .element(i)
            .is_none_or(|e| !is_block(&e.name) && !e.is("br"));
        if inline {
            m.inline_chars[parent] += m.inline_chars[i];
        }
    }
    // A furniture name drops an element unless it holds most of the page's paragraphs
    // (a wrapper named `has-sidebar` around the article).
    let total = m.paragraph_chars.first().copied().unwrap_or(0);
    let holds_article = |i: usize| total > 0 && m.paragraph_chars[i] * 2 > total;
    let mut named_dropped = vec![false; n];
    for i in 0..n {
        let parent = dom.nodes[i].parent;
        let inherited = parent != i && named_dropped[parent];
        named_dropped[i] = inherited || (m.furniture_name[i] && !holds_article(i));
    }
    // Sums are not recomputed: a dropped subtree only stops counting where it is skipped.
    for (dropped, named) in m.dropped.iter_mut().zip(named_dropped) {
        *dropped |= named;
    }
    m
}

fn link_density(m: &Measures, i: usize) -> f64 {
    if m.chars[i] == 0 {
        return 0.0;
    }
    f64::from(m.link_chars[i].min(m.chars[i])) / f64::from(m.chars[i])
}

/// Readability's score of elements as containers of the article's paragraphs.
fn container_scores(dom: &Dom, m: &Measures) -> Vec<f64> {
    let n = dom.nodes.len();
    let mut scores = vec![0.0f64; n];
    for i in 0..n {
        if m.dropped[i] {
            continue;
        }
        let Some(element) = dom.element(i) else {
            continue;
        };
        let paragraph = matches!(&*element.name, "p" | "pre" | "td" | "blockquote")
            || (matches!(&*element.name, "div" | "section" | "article")
                && m.inline_chars[i] >= 2 * MIN_PARAGRAPH_CHARS);
        if !paragraph || m.inline_chars[i] < MIN_PARAGRAPH_CHARS {
            continue;
        }
        let score = 1.0 + f64::from(m.commas[i]) + (f64::from(m.inline_chars[i]) / 100.0).min(3.0);
        // Text written straight into a container makes it a candidate itself.
        let is_paragraph_tag = matches!(&*element.name, "p" | "pre" | "td" | "blockquote");
        let first = if is_paragraph_tag {
            dom.nodes[i].parent
        } else {
            i
        };
        if first == i && is_paragraph_tag {
            continue;
        }
        let mut ancestor = first;
        for level in 0..3u32 {
            if m.dropped[ancestor] {
                break;
            }
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / (f64::from(level) * 3.0),
            };
            scores[ancestor] += score * share;
            let next = dom.nodes[ancestor].parent;
            if next == ancestor {
                break;
            }
            ancestor = next;
        }
    }
    for (i, score) in scores.iter_mut().enumerate() {
        if *score == 0.0 {
            continue;
        }
        let mut weight = 0.0;
        if m.content_name[i] {
            weight += 25.0;
        }
        if m.furniture_name[i] {
            weight -= 25.0;
        }
        let tag_bonus = match dom.element(i).map(|e| &*e.name) {
            Some("div" | "article" | "main") => 5.0,
            Some("pre" | "td" | "blockquote") => 3.0,
            Some("ol" | "ul" | "form" | "address" | "dl") => -3.0,
            Some(name) if is_heading(name) => -5.0,
            _ => 0.0,
        };
        *score = (*score + weight + tag_bonus) * (1.0 - link_density(m, i));
    }
    scores
}

/// The elements whose text is the article, in document order.
fn content_roots(dom: &Dom, m: &Measures) -> Vec<usize> {
    let scores = container_scores(dom, m);
    let Some(top) = (0..scores.len())
        .filter(|&i| scores[i] > 0.0)
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
    else {
        // No container of paragraphs: text straight in the body, or in inline elements only.
        return dom
            .elements_named("body")
            .map(|(i, _)| i)
            .filter(|&i| !m.dropped[i] && m.inline_chars[i] >= 2 * MIN_PARAGRAPH_CHARS)
            .take(1)
            .collect();
    };
    // An enclosing element marked as the article's body, whose paragraphs the best container
    // holds only part of (the text is cut by ads or widgets into several containers).
    // The innermost one: the first met going up from the container (and the container itself).
    let mut marked = None;
    let mut at = top;
    loop {
        let is_marked = dom.element(at).is_some_and(|e| {
            e.attribute("itemprop")
                .is_some_and(|p| p.split_whitespace().any(|p| p == "articleBody"))
                || e.is("article")
        });
        if is_marked && !m.dropped[at] {
            marked = Some(at);
            break;
        }
        let parent = dom.nodes[at].parent;
        if parent == at {
            break;
        }
        at = parent;
    }
    if let Some(article) = marked {
        if f64::from(m.paragraph_chars[top]) < 0.8 * f64::from(m.paragraph_chars[article]) {
            return vec![article];
        }
    }
    // Readability's siblings: neighbours scoring near the best, or prose paragraphs.
    let parent = dom.nodes[top].parent;
    if parent == top {
        return vec![top];
    }
    let threshold = (scores[top] * 0.2).max(10.0);
    dom.children(parent)
        .filter(|&sibling| {
            if sibling == top {
                return true;
            }
            if m.dropped[sibling] || dom.element(sibling).is_none() {
                return false;
            }
            if scores[sibling] >= threshold {
                return true;
            }
            let is_p = dom.element(sibling).is_some_and(|e| e.is("p"));
            let density = link_density(m, sibling);
            is_p && ((m.chars[sibling] > 80 && density < 0.25)
                || (m.chars[sibling] > 0 && density == 0.0 && m.commas[sibling] > 0))
        })
        .collect()
}

/// Whether a container inside the article is a list of links, a widget or an empty shell
/// rather than text (Readability's "clean conditionally").
fn is_clutter(dom: &Dom, m: &Measures, i: usize) -> bool {
    let Some(element) = dom.element(i) else {
        return false;
    };
    if !matches!(
        &*element.name,
        "div" | "section" | "ul" | "ol" | "table" | "form" | "header" | "dl" | "span"
    ) || m.commas[i] >= 10
    {
        return false;
    }
    let weight = if m.content_name[i] { 25.0 } else { 0.0 };
    let density = link_density(m, i);
    (weight < 25.0 && density > 0.33) || density > 0.5
}

/// The blocks of the article in the page, in order; empty when no text is found.
pub fn main_text(dom: &Dom, title: Option<&str>) -> Vec<Block> {
    let m = measure(dom);
    let mut writer = BlockWriter::default();
    for root in content_roots(dom, &m) {
        write_blocks(dom, &m, root, title, &mut writer);
    }
    writer.flush();
    let mut blocks = writer.blocks;
    blocks.retain(|b| !is_widget_label(&b.text));
    // A heading with nothing after it announced a list that was left out (`Leggi anche`).
    while blocks.last().is_some_and(|b| b.kind == BlockKind::Heading) {
        blocks.pop();
    }
    blocks
}

/// Words of the page's controls that remain when the control itself is text: `Advertisement`,
/// `Commenti`, `Chiudi`.
fn is_widget_label(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "ad",
        "advert",
        "advertisement",
        "advertising",
        "pubblicità",
        "comments",
        "commenti",
        "caption",
        "close",
        "chiudi",
        "share",
        "condividi",
        "print",
        "stampa",
        "loading",
        "loading...",
    ];
    text.len() <= 16 && LABELS.iter().any(|label| text.eq_ignore_ascii_case(label))
}

#[derive(Default)]
struct BlockWriter {
    blocks: Vec<Block>,
    current: String,
    kind: Option<BlockKind>,
}

impl BlockWriter {
    fn flush(&mut self) {
        let text = self.current.trim();
        if !text.is_empty() {
            self.blocks.push(Block {
                kind: self.kind.unwrap_or(BlockKind::Paragraph),
                text: text.to_owned(),
            });
        }
        self.current.clear();
        self.kind = None;
    }

    fn push_text(&mut self, text: &str, kind: BlockKind) {
        if self.kind.is_none() && !text.trim().is_empty() {
            self.kind = Some(kind);
        }
        push_folded(&mut self.current, text);
    }

    fn line_break(&mut self) {
        let trimmed = self.current.trim_end_matches(' ').len();
        self.current.truncate(trimmed);
        if self.current.ends_with('\n') {
            // Two breaks in a row end a paragraph, as `<br><br>` does on the page.
            self.flush();
        } else if !self.current.is_empty() {
            self.current.push('\n');
        }
    }
}

fn write_blocks(dom: &Dom, m: &Measures, root: usize, title: Option<&str>, w: &mut BlockWriter) {
    // Open block elements, innermost last, with the index where each ends.
    let mut open: Vec<(usize, BlockKind)> = Vec::new();
    let end = dom.nodes[root].end;
    let mut i = root;
    while i < end {
        while open.last().is_some_and(|&(close, _)| close <= i) {
            open.pop();
            w.flush();
        }
        let node = &dom.nodes[i];
        let skip = m.dropped[i] || (i != root && is_clutter(dom, m, i));
        if skip {
            i = node.end;
            continue;
        }
        match &node.data {
            NodeData::Text(range) => {
                let kind = open.last().map_or(BlockKind::Paragraph, |&(_, k)| k);
                w.push_text(&dom.text[range.clone()], kind);
            }
            NodeData::Element(element) => {
                let name = &*element.name;
                if name == "br" {
                    w.line_break();
                } else if name == "h1" && title.is_some_and(|t| dom.text_under(i) == t) {
                    // The headline opens the text already.
                    i = node.end;
                    continue;
                } else if is_block(name) {
                    w.flush();
                    let kind = if is_heading(name) {
                        BlockKind::Heading
                    } else if name == "figcaption" || name == "caption" {
                        BlockKind::Caption
                    } else {
                        open.last().map_or(BlockKind::Paragraph, |&(_, k)| k)
                    };
                    open.push((node.end, kind));
                } else if name == "img" {
                    // Inline images split no words, but the words around them.
                    w.push_text(" ", BlockKind::Paragraph);
                }
            }
        }
        i += 1;
    }
    w.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::dom::parse;

    fn texts(html: &str) -> Vec<String> {
        main_text(&parse(html), None)
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    const PARAGRAPH: &str = "Il consiglio comunale, riunito ieri sera, ha approvato il bilancio, \
        dopo una lunga discussione sulle spese per le scuole, le strade e i trasporti pubblici.";

    #[test]
    fn the_article_is_kept_and_furniture_left_out() {
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/p>Politica</a></nav>\
             <div class=menu>Menu principale, sezioni</div>\
             <article><h1>Il bilancio</h1><p>{PARAGRAPH}</p><h2>Le scuole</h2><p>{PARAGRAPH}</p>\
             <ul><li>prima voce del bilancio, con le spese</li><li>seconda voce</li></ul>\
             <blockquote>Una citazione, lunga abbastanza da essere testo.</blockquote>\
             <figure><img src=a.jpg><figcaption>Il sindaco in aula (Foto ANSA)</figcaption></figure>\
             <div class=share-buttons><a href=#>Facebook</a> <a href=#>Twitter</a></div>\
             <div class=related><a href=/a>Un altro articolo, con le virgole</a></div>\
             </article><div id=comments><p>{PARAGRAPH}</p></div>\
             <footer>Riproduzione riservata, editore</footer></body></html>"
        );
        let blocks = main_text(&parse(&html), Some("Il bilancio"));
        let kinds: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, PARAGRAPH),
                (BlockKind::Heading, "Le scuole"),
                (BlockKind::Paragraph, PARAGRAPH),
                (
                    BlockKind::Paragraph,
                    "prima voce del bilancio, con le spese"
                ),
                (BlockKind::Paragraph, "seconda voce"),
                (
                    BlockKind::Paragraph,
                    "Una citazione, lunga abbastanza da essere testo."
                ),
                (BlockKind::Caption, "Il sindaco in aula (Foto ANSA)"),
            ]
        );
    }

    #[test]
    fn characters_and_commas_are_counted_alike_in_ascii_and_other_text() {
        assert_eq!(count_chars_and_commas("a, b\t\x0bc,\n"), (5, 2));
        assert_eq!(count_chars_and_commas("città, perché\u{a0}sì"), (14, 1));
    }

    #[test]
    fn paragraphs_made_of_line_breaks_are_split() {
        let html = format!("<body><div class=testo>{PARAGRAPH}<br><br>{PARAGRAPH}<br>riga</div>");
        assert_eq!(
            texts(&html),
            [PARAGRAPH.to_owned(), format!("{PARAGRAPH}\nriga")]
        );
    }

    #[test]
    fn a_page_of_links_has_no_text() {
        let html = "<body><ul><li><a href=/1>Uno</a></li><li><a href=/2>Due</a></li></ul>";
        assert!(texts(html).is_empty());
        assert!(texts("").is_empty());
        assert!(texts("<p>breve</p>").is_empty());
    }

    #[test]
    fn a_wrapper_with_a_furniture_name_around_the_article_is_kept() {
        let html = format!(
            "<body><div class=has-sidebar><div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></div>"
        );
        assert_eq!(texts(&html).len(), 2);
    }
}
