//! A web page as a flat tree: html5gum's WHATWG tokenizer, and a tree builder that closes the
//! elements HTML leaves open (`<p>`, `<li>`, `<td>`…) in time linear in the page.
//!
//! Nodes are stored in document order and each knows where its subtree ends, so every walk
//! over the tree is a loop over a range, never a recursion: 100,000 nested elements cost no
//! stack. Like browsers, the builder stops nesting at [`MAX_DEPTH`]; deeper elements become
//! siblings, which also bounds every search of the open elements.

use std::borrow::Cow;
use std::ops::Range;

use html5gum::{naive_next_state, Emitter, Error, State, Tokenizer};

/// How deep elements nest before they are laid side by side (Blink's limit too).
pub const MAX_DEPTH: usize = 512;

/// The attribute `name` of an element `tag` if the extractor or the metadata reader looks at
/// it (its `&'static` spelling); the others are not stored. Links' `href`s, for one, are only
/// read on `<link rel=canonical>`, and a page has hundreds of `<a href>`.
fn kept_attribute(tag: &[u8], name: &[u8]) -> Option<&'static str> {
    let (kept, on): (&'static str, Option<&[u8]>) = match name {
        b"id" => ("id", None),
        b"class" => ("class", None),
        b"itemprop" => ("itemprop", None),
        b"role" => ("role", None),
        b"hidden" => ("hidden", None),
        b"aria-hidden" => ("aria-hidden", None),
        b"style" => ("style", None),
        b"rel" => ("rel", Some(b"link")),
        b"href" => ("href", Some(b"link")),
        b"property" => ("property", Some(b"meta")),
        b"name" => ("name", Some(b"meta")),
        b"content" => ("content", Some(b"meta")),
        b"datetime" => ("datetime", Some(b"time")),
        b"lang" => ("lang", Some(b"html")),
        b"type" => ("type", Some(b"script")),
        _ => return None,
    };
    on.is_none_or(|element| element == tag).then_some(kept)
}

// The sets of tag names below are `matches!` rather than lists searched one by one: the
// compiler turns them into a switch on the length and a few comparisons, and the builder
// asks at every tag.

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags that close an open `<p>` (HTML's "close a p element").
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

/// Elements of a page's head: anything else opens the body.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "title"
            | "meta"
            | "link"
            | "script"
            | "style"
            | "base"
            | "noscript"
            | "template"
    )
}

/// Elements an implied end tag does not look past.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "table"
            | "td"
            | "th"
            | "caption"
            | "marquee"
            | "object"
            | "applet"
            | "template"
            | "button"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// Lowercase tag name, as the tokenizer gives it.
    pub name: Box<str>,
    /// Only those [`kept_attribute`] keeps, the first of each name.
    pub attributes: Vec<(&'static str, Box<str>)>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| *key == name)
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

/// Parses a page. Never fails: HTML has an answer for any input.
pub fn parse(html: &str) -> Dom {
    let mut builder = Builder::default();
    for _ in Tokenizer::new_with_emitter(html, TreeEmitter::new(&mut builder)) {}
    builder.finish()
}

/// Tokens of a `&str` are UTF-8 but where the tokenizer cuts a character (it never should).
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
}

/// The tokenizer's output, straight into the [`Builder`]. Text is copied once, into the
/// tree's text, and what the tree does not keep is not copied at all: comments, doctypes,
/// attributes no one looks at, the text of scripts and styles (html5gum's own emitters
/// buffer every one of them, and hand each string over to be copied again).
struct TreeEmitter<'a> {
    builder: &'a mut Builder,
    tag: TagKind,
    tag_name: Vec<u8>,
    /// The last start tag's name, to know the end tag that ends a script, style or title.
    last_start_tag: Vec<u8>,
    attribute_name: Vec<u8>,
    /// Which kept attribute (see [`kept_attribute`]) is being read, once its name is known.
    attribute_kept: Option<Option<&'static str>>,
    attribute_value: Vec<u8>,
    attributes: Vec<(&'static str, Box<str>)>,
}

impl<'a> TreeEmitter<'a> {
    fn new(builder: &'a mut Builder) -> Self {
        Self {
            builder,
            tag: TagKind::Start,
            tag_name: Vec::new(),
            last_start_tag: Vec::new(),
            attribute_name: Vec::new(),
            attribute_kept: None,
            attribute_value: Vec::new(),
            attributes: Vec::new(),
        }
    }

    fn kept_attribute(&mut self) -> Option<&'static str> {
        let (tag, name) = (&self.tag_name, &self.attribute_name);
        *self
            .attribute_kept
            .get_or_insert_with(|| kept_attribute(tag, name))
    }

    /// Stores the attribute just read if it is kept. The first of duplicate attributes wins,
    /// as in HTML; one without a value is there all the same (`<div hidden>`).
    fn finish_attribute(&mut self) {
        if !self.attribute_name.is_empty() {
            if let Some(name) = self.kept_attribute() {
                if !self.attributes.iter().any(|(key, _)| *key == name) {
                    let value = text(&self.attribute_value).into();
                    self.attributes.push((name, value));
                }
            }
        }
        self.attribute_name.clear();
        self.attribute_value.clear();
        self.attribute_kept = None;
    }
}

impl Emitter for TreeEmitter<'_> {
    type Token = std::convert::Infallible;

    /// Parse errors are not looked for: the tokenizer then skips checking every character for
    /// them (a sixth of its time), and no page has ever been without them.
    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn emit_error(&mut self, _: Error) {}

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.builder.end_of_characters();
    }

    fn pop_token(&mut self) -> Option<Self::Token> {
        None
    }

    fn emit_string(&mut self, characters: &[u8]) {
        self.builder.characters(characters);
    }

    fn init_start_tag(&mut self) {
        self.tag = TagKind::Start;
        self.tag_name.clear();
        self.attributes.clear();
    }

    fn init_end_tag(&mut self) {
        self.tag = TagKind::End;
        self.tag_name.clear();
        self.attributes.clear();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.finish_attribute();
        self.builder.end_of_characters();
        match self.tag {
            TagKind::Start => {
                std::mem::swap(&mut self.last_start_tag, &mut self.tag_name);
                if !self.last_start_tag.is_empty() {
                    self.builder.start_element(Element {
                        name: text(&self.last_start_tag).into(),
                        attributes: std::mem::take(&mut self.attributes),
                    });
                }
                // Scripts, styles and titles hold text, not tags, up to their end tag.
                naive_next_state(&self.last_start_tag)
            }
            TagKind::End => {
                self.last_start_tag.clear();
                self.builder.end_element(&text(&self.tag_name));
                None
            }
        }
    }

    fn push_tag_name(&mut self, name: &[u8]) {
        self.tag_name.extend_from_slice(name);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.tag == TagKind::End
            && !self.last_start_tag.is_empty()
            && self.last_start_tag == self.tag_name
    }

    fn init_attribute(&mut self) {
        self.finish_attribute();
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        self.attribute_name.extend_from_slice(name);
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        if self.kept_attribute().is_some() {
            self.attribute_value.extend_from_slice(value);
        }
    }

    // Comments and doctypes end a run of text (text on either side is joined again when it
    // lands in the same element) and are otherwise left out.
    fn init_comment(&mut self) {
        self.builder.end_of_characters();
    }

    fn init_doctype(&mut self) {
        self.builder.end_of_characters();
    }

    fn emit_current_comment(&mut self) {}
    fn emit_current_doctype(&mut self) {}
    fn set_self_closing(&mut self) {}
    fn set_force_quirks(&mut self) {}
    fn push_comment(&mut self, _: &[u8]) {}
    fn push_doctype_name(&mut self, _: &[u8]) {}
    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}
}

struct Builder {
    dom: Dom,
    /// The tree's text, as the tokenizer's bytes; a `String` when the tree is finished.
    text: Vec<u8>,
    /// Characters read since the last tag, comment or doctype: whether there are any and
    /// whether all are whitespace. Those kept are `text` from `characters_start` on.
    has_characters: bool,
    blank_characters: bool,
    characters_start: usize,
    /// Indices of the open elements, outermost first.
    open: Vec<usize>,
    /// Open `<p>`s: most start tags would otherwise search the open elements for one.
    open_paragraphs: usize,
    /// Open elements whose text is dropped (scripts but JSON-LD, styles…).
    open_dropping_text: usize,
    /// `html`, `head` and `body` seen: a second one of each is ignored, as HTML does.
    seen_sections: [bool; 3],
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            dom: Dom::default(),
            text: Vec::new(),
            has_characters: false,
            blank_characters: true,
            characters_start: 0,
            open: Vec::new(),
            open_paragraphs: 0,
            open_dropping_text: 0,
            seen_sections: [false; 3],
        }
    }
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
    /// Characters of text, kept unless an open element drops its text. No tag comes between
    /// two calls without [`Builder::end_of_characters`], so what is open does not change.
    fn characters(&mut self, characters: &[u8]) {
        if characters.is_empty() {
            return;
        }
        self.has_characters = true;
        self.blank_characters =
            self.blank_characters && characters.iter().all(u8::is_ascii_whitespace);
        if self.open_dropping_text == 0 {
            self.text.extend_from_slice(characters);
        }
    }

    /// Places the characters read since the last tag, comment or doctype in the tree.
    fn end_of_characters(&mut self) {
        if !std::mem::replace(&mut self.has_characters, false) {
            return;
        }
        // Text outside any element of the head (a title's, a script's) opens the body.
        let in_head_element = self.open.last().is_some_and(|&i| {
            self.dom
                .element(i)
                .is_some_and(|e| !matches!(&*e.name, "html" | "head"))
        });
        if !in_head_element && !self.blank_characters {
            self.imply_body();
        }
        self.blank_characters = true;
        let start = std::mem::replace(&mut self.characters_start, self.text.len());
        if start < self.text.len() {
            self.push_text(start..self.text.len());
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
            if is_scope_boundary(open) || also_stop_at.contains(&open) {
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
        let name = &*element.name;
        if !is_head_content(name) {
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
        if self.open_paragraphs > 0 && closes_p(name) {
            self.close_in_scope("p", &[]);
        }
        match name {
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
            name if is_heading(name) => {
                if let Some(&top) = self.open.last() {
                    if self.dom.element(top).is_some_and(|e| is_heading(&e.name)) {
                        self.pop_to(self.open.len() - 1);
                    }
                }
            }
            _ => {}
        }
        let is_void = is_void(name);
        let is_paragraph = name == "p";
        let dropping_text = drops_text(&element);
        let index = self.push_node(NodeData::Element(element));
        if is_void || self.open.len() >= MAX_DEPTH {
            self.dom.nodes[index].end = index + 1;
            return;
        }
        if is_paragraph {
            self.open_paragraphs += 1;
        }
        if dropping_text {
            self.open_dropping_text += 1;
        }
        self.open.push(index);
    }

    fn end_element(&mut self, name: &str) {
        if matches!(name, "html" | "body" | "br") || is_void(name) {
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

    /// A text node for `range` of the text, or the text node just before, made longer.
    fn push_text(&mut self, range: Range<usize>) {
        // Text split by a dropped comment joins its neighbour.
        if let Some(last) = self.dom.nodes.last_mut() {
            let parent_is_current = self.open.last() == Some(&last.parent);
            if let NodeData::Text(previous) = &mut last.data {
                if parent_is_current && previous.end == range.start {
                    previous.end = range.end;
                    return;
                }
            }
        }
        self.push_node(NodeData::Text(range));
    }

    fn finish(mut self) -> Dom {
        self.end_of_characters();
        if !self.open.is_empty() {
            self.pop_to(0);
        }
        self.dom.text = text_of_nodes(self.text, &mut self.dom.nodes);
        self.dom
    }
}

/// The tree's text as a `String`. The tokenizer cuts a `&str` only before ASCII bytes, so the
/// text is UTF-8; were it not, each text node is made UTF-8 on its own, and its range moved.
fn text_of_nodes(bytes: Vec<u8>, nodes: &mut [Node]) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(error) => error.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len());
    for node in nodes {
        if let NodeData::Text(range) = &mut node.data {
            let start = text.len();
            text.push_str(&String::from_utf8_lossy(
                bytes.get(range.clone()).unwrap_or_default(),
            ));
            *range = start..text.len();
        }
    }
    text
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
        let dom = parse("<p class='' class=b id=x&amp;y>t</p>");
        let (_, p) = dom.elements_named("p").next().unwrap();
        assert_eq!(p.attribute("class"), Some(""));
        assert_eq!(p.attribute("id"), Some("x&y"));
    }

    #[test]
    fn element_attributes_are_kept_on_the_elements_read_for_them() {
        let dom = parse(
            "<html lang=it><link rel=canonical href=/a><meta name=author content=X>\
             <a href=/b rel=next lang=en>b</a><time datetime=2024-01-02>d</time>",
        );
        let attributes = |name: &str| {
            let (_, element) = dom.elements_named(name).next().unwrap();
            element.attributes.clone()
        };
        let kept = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, Box<str>)> {
            pairs.iter().map(|&(k, v)| (k, v.into())).collect()
        };
        assert_eq!(attributes("html"), kept(&[("lang", "it")]));
        assert_eq!(
            attributes("link"),
            kept(&[("rel", "canonical"), ("href", "/a")])
        );
        assert_eq!(
            attributes("meta"),
            kept(&[("name", "author"), ("content", "X")])
        );
        assert_eq!(attributes("a"), kept(&[]));
        assert_eq!(attributes("time"), kept(&[("datetime", "2024-01-02")]));
    }

    #[test]
    fn text_split_by_comments_and_script_end_tags_is_one_node() {
        let dom = parse("<p>a<!-- x -->b</p><title>t</b>u</title><script>1</scriptx>2</script>");
        let texts: Vec<&str> = (0..dom.nodes.len())
            .filter_map(|i| dom.text_of_node(i))
            .collect();
        assert_eq!(texts, ["ab", "t</b>u"]);
    }

    #[test]
    fn text_that_is_not_utf8_is_made_utf8_node_by_node() {
        let mut nodes = vec![
            Node {
                data: NodeData::Text(0..2),
                parent: 0,
                end: 1,
            },
            Node {
                data: NodeData::Text(2..5),
                parent: 1,
                end: 2,
            },
        ];
        let text = text_of_nodes(vec![b'a', 0xc3, b'b', 0xff, b'c'], &mut nodes);
        assert_eq!(text, "a\u{fffd}b\u{fffd}c");
        assert_eq!(nodes[0].data, NodeData::Text(0..4));
        assert_eq!(&text[4..], "b\u{fffd}c");
        assert_eq!(nodes[1].data, NodeData::Text(4..9));
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
