//! A web page as a flat tree: html5gum's WHATWG tokenizer, and a tree builder that closes the
//! elements HTML leaves open (`<p>`, `<li>`, `<td>`…) in time linear in the page.
//!
//! Nodes are stored in document order and each knows where its subtree ends, so every walk
//! over the tree is a loop over a range, never a recursion: 100,000 nested elements cost no
//! stack. Like browsers, the builder stops nesting at [`MAX_DEPTH`]; deeper elements become
//! siblings, which also bounds every search of the open elements.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// How deep elements nest before they are laid side by side (Blink's limit too).
pub const MAX_DEPTH: usize = 512;

/// Attributes the extractor and the metadata reader look at; the others are not stored.
const KEPT_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "itemprop",
    "itemtype",
    "role",
    "rel",
    "href",
    "property",
    "name",
    "content",
    "datetime",
    "lang",
    "type",
    "hidden",
    "aria-hidden",
    "style",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Start tags that close an open `<p>` (HTML's "close a p element").
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

/// Elements of a page's head: anything else opens the body.
const HEAD_CONTENT: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "script", "style", "base", "noscript",
    "template",
];

/// Elements an implied end tag does not look past.
const SCOPE_BOUNDARY: &[&str] = &[
    "html", "table", "td", "th", "caption", "marquee", "object", "applet", "template", "button",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// Lowercase tag name, as the tokenizer gives it.
    pub name: Box<str>,
    pub attributes: Vec<(Box<str>, Box<str>)>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| &**value)
    }

    pub fn is(&self, name: &str) -> bool {
        &*self.name == name
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeData {
    Element(Element),
    /// A byte range of [`Dom::text`].
    Text(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub data: NodeData,
    /// The parent's index; the root's own index for top-level nodes.
    pub parent: usize,
    /// One past the index of the last node of this subtree.
    pub end: usize,
}

#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// Every text node's characters, entities decoded, one after the other.
    pub text: String,
}

impl Dom {
    pub fn element(&self, index: usize) -> Option<&Element> {
        match &self.nodes.get(index)?.data {
            NodeData::Element(element) => Some(element),
            NodeData::Text(_) => None,
        }
    }

    pub fn text_of_node(&self, index: usize) -> Option<&str> {
        match &self.nodes.get(index)?.data {
            NodeData::Text(range) => self.text.get(range.clone()),
            NodeData::Element(_) => None,
        }
    }

    /// The indices of the children of `index`, in order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes.get(index).map_or(index, |n| n.end);
        let mut next = index + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let child = next;
                next = self.nodes[child].end;
                child
            })
        })
    }

    /// The elements named `name`, in document order.
    pub fn elements_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Element)> + 'a {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(move |(i, node)| match &node.data {
                NodeData::Element(e) if e.is(name) => Some((i, e)),
                _ => None,
            })
    }

    /// All text under `index`, whitespace runs folded to one space, trimmed.
    pub fn text_under(&self, index: usize) -> String {
        let end = self.nodes.get(index).map_or(index, |n| n.end);
        let mut out = String::new();
        for i in index..end {
            if let Some(text) = self.text_of_node(i) {
                push_folded(&mut out, text);
            }
        }
        out.trim().to_owned()
    }
}

/// Appends `text` to `out` with every run of whitespace as one space, and no space doubled
/// where the two meet.
pub fn push_folded(out: &mut String, text: &str) {
    for (i, word) in text.split(|c: char| c.is_whitespace()).enumerate() {
        if i > 0 && !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// An emitter that does not look for parse errors: the tokenizer then skips checking every
/// character for them (a sixth of its time), and no page has ever been without them.
struct WithoutErrors<E>(E);

impl<E: Emitter> ForwardingEmitter for WithoutErrors<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Parses a page. Never fails: HTML has an answer for any input.
pub fn parse(html: &str) -> Dom {
    let mut builder = Builder::default();
    {
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
            builder.event(event);
            None::<()>
        });
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, WithoutErrors(emitter)) {}
    }
    builder.finish()
}

/// Tokens of a `&str` are UTF-8 but where the tokenizer cuts a character (it never should).
fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[derive(Default)]
struct Builder {
    dom: Dom,
    /// Indices of the open elements, outermost first.
    open: Vec<usize>,
    /// Open `<p>`s: most start tags would otherwise search the open elements for one.
    open_paragraphs: usize,
    pending: Option<Element>,
    attribute: Option<Box<str>>,
    /// Open elements whose text is dropped (scripts but JSON-LD, styles…).
    open_dropping_text: usize,
    /// `html`, `head` and `body` seen: a second one of each is ignored, as HTML does.
    seen_sections: [bool; 3],
}

/// Elements whose text is not page text; JSON-LD scripts are kept for the metadata.
fn drops_text(element: &Element) -> bool {
    match &*element.name {
        "script" => !element
            .attribute("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")),
        "style" | "noscript" | "template" | "textarea" | "select" => true,
        _ => false,
    }
}

impl Builder {
    fn event(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.pending = Some(Element {
                    name: text(name).into(),
                    attributes: Vec::new(),
                });
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute = KEPT_ATTRIBUTES
                    .iter()
                    .find(|kept| kept.as_bytes() == name)
                    .map(|&kept| kept.into());
                // An attribute without a value is there all the same (`<div hidden>`).
                if let (Some(element), Some(name)) = (self.pending.as_mut(), &self.attribute) {
                    if element.attribute(name).is_none() {
                        element.attributes.push((name.clone(), "".into()));
                    }
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let (Some(element), Some(name)) = (self.pending.as_mut(), self.attribute.take())
                {
                    // The first of duplicate attributes wins, as in HTML.
                    if let Some(slot) = element
                        .attributes
                        .iter_mut()
                        .find(|(key, value)| *key == name && value.is_empty())
                    {
                        slot.1 = text(value).into();
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                self.attribute = None;
                if let Some(element) = self.pending.take() {
                    self.start_element(element);
                }
            }
            CallbackEvent::EndTag { name } => {
                self.pending = None;
                self.end_element(&text(name));
            }
            CallbackEvent::String { value } => {
                // Text outside any element of the head (a title's, a script's) opens the body.
                let in_head_element = self.open.last().is_some_and(|&i| {
                    self.dom
                        .element(i)
                        .is_some_and(|e| !matches!(&*e.name, "html" | "head"))
                });
                if !in_head_element && !value.iter().all(u8::is_ascii_whitespace) {
                    self.imply_body();
                }
                if self.open_dropping_text == 0 {
                    self.push_text(&text(value));
                }
            }
            CallbackEvent::Comment { .. }
            | CallbackEvent::Doctype { .. }
            | CallbackEvent::Error(_) => {}
        }
    }

    fn open_name(&self, depth: usize) -> &str {
        self.dom
            .element(self.open[depth])
            .map_or("", |e| e.name.as_ref())
    }

    /// Closes the innermost open `name` unless a scope boundary (or `also_stop_at`) comes
    /// first.
    fn close_in_scope(&mut self, name: &str, also_stop_at: &[&str]) {
        for depth in (0..self.open.len()).rev() {
            let open = self.open_name(depth);
            if open == name {
                self.pop_to(depth);
                return;
            }
            if SCOPE_BOUNDARY.contains(&open) || also_stop_at.contains(&open) {
                return;
            }
        }
    }

    /// Opens the `<body>` HTML implies before the first content of a page that has none.
    fn imply_body(&mut self) {
        if !self.seen_sections[2] {
            self.start_element(Element {
                name: "body".into(),
                attributes: Vec::new(),
            });
        }
    }

    fn start_element(&mut self, element: Element) {
        let name = element.name.to_string();
        if !HEAD_CONTENT.contains(&name.as_str()) {
            self.imply_body();
        }
        if let Some(seen) = ["html", "head", "body"].iter().position(|s| *s == name) {
            if std::mem::replace(&mut self.seen_sections[seen], true) {
                return;
            }
        }
        if name == "body" {
            self.close_in_scope("head", &[]);
        }
        if self.open_paragraphs > 0 && CLOSES_P.contains(&name.as_str()) {
            self.close_in_scope("p", &[]);
        }
        match name.as_str() {
            "li" => self.close_in_scope("li", &["ul", "ol"]),
            "dd" | "dt" => {
                self.close_in_scope("dd", &["dl"]);
                self.close_in_scope("dt", &["dl"]);
            }
            "tr" => {
                self.close_in_scope("td", &["tr"]);
                self.close_in_scope("th", &["tr"]);
                self.close_in_scope("tr", &[]);
            }
            "td" | "th" => {
                self.close_in_scope("td", &["tr"]);
                self.close_in_scope("th", &["tr"]);
            }
            "option" => self.close_in_scope("option", &[]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(&top) = self.open.last() {
                    let heading = self.dom.element(top).is_some_and(|e| {
                        matches!(&*e.name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    });
                    if heading {
                        self.pop_to(self.open.len() - 1);
                    }
                }
            }
            _ => {}
        }
        let is_void = VOID.contains(&name.as_str());
        let dropping_text = drops_text(&element);
        let index = self.push_node(NodeData::Element(element));
        if is_void || self.open.len() >= MAX_DEPTH {
            self.dom.nodes[index].end = index + 1;
            return;
        }
        if name == "p" {
            self.open_paragraphs += 1;
        }
        if dropping_text {
            self.open_dropping_text += 1;
        }
        self.open.push(index);
    }

    fn end_element(&mut self, name: &str) {
        if matches!(name, "html" | "body" | "br") || VOID.contains(&name) {
            return;
        }
        if let Some(depth) = (0..self.open.len())
            .rev()
            .find(|&d| self.open_name(d) == name)
        {
            self.pop_to(depth);
        }
    }

    /// Closes the open elements from the innermost down to the one at `depth`, included.
    fn pop_to(&mut self, depth: usize) {
        let end = self.dom.nodes.len();
        for index in self.open.drain(depth..) {
            if let Some(node) = self.dom.nodes.get_mut(index) {
                node.end = end;
                if let NodeData::Element(e) = &node.data {
                    self.open_paragraphs -= usize::from(e.is("p"));
                    self.open_dropping_text -= usize::from(drops_text(e));
                }
            }
        }
    }

    fn push_node(&mut self, data: NodeData) -> usize {
        let index = self.dom.nodes.len();
        let parent = self.open.last().copied().unwrap_or(index);
        self.dom.nodes.push(Node {
            data,
            parent,
            end: index + 1,
        });
        index
    }

    fn push_text(&mut self, text: &str) {
        let start = self.dom.text.len();
        self.dom.text.push_str(text);
        let end = self.dom.text.len();
        // Text split by a dropped comment or attribute-less event joins its neighbour.
        if let Some(last) = self.dom.nodes.last_mut() {
            let parent_is_current = self.open.last() == Some(&last.parent);
            if let NodeData::Text(range) = &mut last.data {
                if parent_is_current && range.end == start {
                    range.end = end;
                    return;
                }
            }
        }
        self.push_node(NodeData::Text(start..end));
    }

    fn finish(mut self) -> Dom {
        if !self.open.is_empty() {
            self.pop_to(0);
        }
        self.dom
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom, index: usize) -> Vec<String> {
        dom.children(index)
            .map(|c| match &dom.nodes[c].data {
                NodeData::Element(e) => e.name.to_string(),
                NodeData::Text(r) => format!("#{}", &dom.text[r.clone()]),
            })
            .collect()
    }

    #[test]
    fn unclosed_paragraphs_and_items_are_closed() {
        let dom = parse("<body><p>uno<p>due<ul><li>a<li>b</ul><div>tre</div>");
        let (body, _) = dom.elements_named("body").next().unwrap();
        assert_eq!(names(&dom, body), ["p", "p", "ul", "div"]);
        let (list, _) = dom.elements_named("ul").next().unwrap();
        assert_eq!(names(&dom, list), ["li", "li"]);
        let (item, _) = dom.elements_named("li").nth(1).unwrap();
        assert_eq!(dom.text_under(item), "b");
    }

    #[test]
    fn entities_are_decoded_and_scripts_dropped_but_json_ld() {
        let dom = parse(
            "<p>perch&eacute; &amp; &#8220;no&#8221;</p><script>var a = '<p>x</p>';</script>\
             <script type=\"application/ld+json\">{\"a\": 1}</script><style>p{}</style>",
        );
        let (p, _) = dom.elements_named("p").next().unwrap();
        assert_eq!(dom.text_under(p), "perché & “no”");
        let scripts: Vec<String> = dom
            .elements_named("script")
            .map(|(i, _)| dom.text_under(i))
            .collect();
        assert_eq!(scripts, ["", "{\"a\": 1}"]);
        assert_eq!(dom.elements_named("p").count(), 1);
    }

    #[test]
    fn attributes_are_kept_first_wins_and_valueless_count() {
        let dom = parse("<div id=a id=b class='x y' hidden data-x=1>t</div>");
        let (_, div) = dom.elements_named("div").next().unwrap();
        assert_eq!(div.attribute("id"), Some("a"));
        assert_eq!(div.attribute("class"), Some("x y"));
        assert_eq!(div.attribute("hidden"), Some(""));
        assert_eq!(div.attribute("data-x"), None);
    }

    #[test]
    fn a_page_without_body_gets_one() {
        let dom = parse("<title>t</title><span>testo</span>");
        let names: Vec<&str> = dom
            .nodes
            .iter()
            .filter_map(|n| match &n.data {
                NodeData::Element(e) => Some(&*e.name),
                NodeData::Text(_) => None,
            })
            .collect();
        assert_eq!(names, ["title", "body", "span"]);
    }

    #[test]
    fn deep_nesting_is_flattened_without_recursion() {
        let depth = 100_000;
        let html = "<div>".repeat(depth) + "fondo" + &"</div>".repeat(depth);
        let dom = parse(&html);
        assert_eq!(dom.nodes.len(), depth + 2);
        assert_eq!(dom.text_under(0), "fondo");
        assert!(dom.nodes.iter().all(|n| n.end <= dom.nodes.len()));
    }

    #[test]
    fn stray_end_tags_and_truncated_markup_are_harmless() {
        for html in [
            "</p></div>testo",
            "<p>a</b></i>b",
            "<div class=\"x",
            "<",
            "<!--",
            "&#",
        ] {
            let dom = parse(html);
            for (i, node) in dom.nodes.iter().enumerate() {
                assert!(i < node.end && node.end <= dom.nodes.len(), "{html}");
            }
        }
        assert_eq!(parse("<p>a</b></i>b").text_under(0), "ab");
    }
}
