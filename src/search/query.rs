//! The query language analysts type, parsed into a tree: words, `"exact phrases"`,
//! `"a b"~10` (within 10 words), `prefix*`, `AND`/`OR`/`NOT`/`-word`, parentheses, and the
//! fields `title:`, `source:`, `date:[2024-06 TO 2024-07]` and `entity:"Kim Jong-un"`.
//! Terms side by side must all match (an implicit `AND`, as in SQLite FTS5 and web search).
//!
//! Every error says at which column (counted in characters from 1) the query went wrong.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::stats::stopwords;

use super::analyzer::{fold, words};

/// The fields a term can be looked for in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    Body,
    Title,
}

/// A parsed query. Text is folded as the index folds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    /// One word, in the body and the title unless a field is named.
    Word(Option<TextField>, String),
    /// Words beginning with a prefix (`nordcorean*`).
    Prefix(Option<TextField>, String),
    /// Words in this order; with `slop`, up to that many words may come between or around
    /// them (`"Kim Lavrov"~10`, in either order).
    Phrase(Option<TextField>, Vec<String>, Option<u32>),
    /// The whole source name, case and accents aside.
    Source(String),
    /// A canonical entity name, case and accents aside.
    Entity(String),
    /// Articles whose date overlaps the days `first..=last` (`YYYYMMDD` numbers).
    Date {
        first: u64,
        last: u64,
    },
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
    /// Every article: what a query of negations alone starts from.
    All,
}

impl Query {
    /// The words, prefixes and phrases looked for in the article text, for hits: what a
    /// `NOT` excludes is not a hit.
    pub fn positive_terms(&self) -> Vec<&Query> {
        let mut out = Vec::new();
        self.collect_positive(&mut out);
        out
    }

    fn collect_positive<'a>(&'a self, out: &mut Vec<&'a Query>) {
        match self {
            Query::Word(field, _) | Query::Prefix(field, _) | Query::Phrase(field, _, _)
                if *field != Some(TextField::Title) =>
            {
                out.push(self)
            }
            Query::And(parts) | Query::Or(parts) => {
                parts.iter().for_each(|p| p.collect_positive(out))
            }
            _ => {}
        }
    }

    /// Whether the query names an entity: the index must then hold the entities.
    pub fn uses_entities(&self) -> bool {
        match self {
            Query::Entity(_) => true,
            Query::And(parts) | Query::Or(parts) => parts.iter().any(Query::uses_entities),
            Query::Not(inner) => inner.uses_entities(),
            _ => false,
        }
    }
}

/// Parses a query; an empty query, one of stop words alone, or a malformed one is an error
/// that names the column.
pub fn parse(query: &str) -> Result<Query> {
    let chars: Vec<char> = query.chars().collect();
    let mut parser = Parser {
        query,
        chars,
        at: 0,
        depth: 0,
    };
    parser.skip_space();
    if parser.at == parser.chars.len() {
        return Err(parser.error(0, "the query is empty"));
    }
    let tree = parser.or()?;
    parser.skip_space();
    if parser.at < parser.chars.len() {
        let at = parser.at;
        return Err(parser.error(at, "a `)` closes no `(`"));
    }
    match tree {
        Some(tree) => Ok(tree),
        None => Err(parser.error(
            0,
            "only stop words (di, la, che…) or punctuation: nothing to search for; put them in \
             quotes to find them as a phrase",
        )),
    }
}

/// The deepest nesting of parentheses accepted: far beyond any real query, short of the stack.
const MAX_DEPTH: usize = 64;

const FIELDS: [&str; 5] = ["title", "body", "source", "date", "entity"];

struct Parser<'q> {
    query: &'q str,
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, at: usize, message: &str) -> Error {
        Error::Query {
            query: self.query.to_owned(),
            column: at + 1,
            message: message.to_owned(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// An operator word (`AND`, `OR`, `NOT`) standing alone at the cursor.
    fn operator(&self, name: &str) -> bool {
        let end = self.at + name.len();
        self.chars
            .get(self.at..end)
            .is_some_and(|w| w.iter().copied().eq(name.chars()))
            && self
                .chars
                .get(end)
                .is_none_or(|c| c.is_whitespace() || *c == '(' || *c == '"')
    }

    fn or(&mut self) -> Result<Option<Query>> {
        let mut parts = Vec::new();
        loop {
            let start = self.at;
            let part = self.and()?;
            match part {
                Some(part) => parts.push(part),
                // `di OR la`: a side of stop words alone cannot be searched for.
                None if !parts.is_empty() || self.operator("OR") => {
                    return Err(self.error(start, "one side of OR has nothing to search for"))
                }
                None => {}
            }
            self.skip_space();
            if !self.operator("OR") {
                break;
            }
            let operator = self.at;
            self.at += 2;
            self.skip_space();
            if self.at == self.chars.len() || self.peek() == Some(')') {
                return Err(self.error(operator, "OR needs a term after it"));
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Query::Or(parts)),
        })
    }

    fn and(&mut self) -> Result<Option<Query>> {
        let mut parts = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None | Some(')') => break,
                _ if self.operator("OR") => break,
                _ => {}
            }
            if self.operator("AND") {
                let at = self.at;
                self.at += 3;
                self.skip_space();
                if parts.is_empty()
                    || matches!(self.peek(), None | Some(')'))
                    || self.operator("OR")
                {
                    return Err(self.error(at, "AND needs a term on each side"));
                }
                continue;
            }
            if let Some(part) = self.unary()? {
                parts.push(part);
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Query::And(parts)),
        })
    }

    fn unary(&mut self) -> Result<Option<Query>> {
        let start = self.at;
        let negated = if self.operator("NOT") {
            self.at += 3;
            true
        } else if self.peek() == Some('-') {
            self.at += 1;
            true
        } else {
            if self.peek() == Some('+') {
                self.at += 1;
            }
            false
        };
        if negated {
            self.skip_space();
            if matches!(self.peek(), None | Some(')'))
                || self.operator("OR")
                || self.operator("AND")
            {
                return Err(self.error(start, "NOT (or -) needs a term after it"));
            }
            let inner = self.unary()?;
            return Ok(inner.map(|q| Query::Not(Box::new(q))));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Option<Query>> {
        let start = self.at;
        match self.peek() {
            Some('(') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(start, "parentheses nested too deep"));
                }
                self.at += 1;
                let inner = self.or()?;
                self.skip_space();
                if self.peek() != Some(')') {
                    return Err(self.error(start, "this `(` is never closed"));
                }
                self.at += 1;
                self.depth -= 1;
                if inner.is_none() {
                    return Err(
                        self.error(start, "nothing to search for between these parentheses")
                    );
                }
                Ok(inner)
            }
            Some('"') => self.phrase(None),
            _ => {
                if let Some(field) = self.field_name() {
                    return self.field(field, start);
                }
                self.word(None)
            }
        }
    }

    /// `name:` at the cursor, consumed, if `name` is made of letters.
    fn field_name(&mut self) -> Option<String> {
        let mut end = self.at;
        while self.chars.get(end).is_some_and(|c| c.is_alphabetic()) {
            end += 1;
        }
        if end == self.at || self.chars.get(end) != Some(&':') {
            return None;
        }
        let name: String = self.chars.get(self.at..end)?.iter().collect();
        self.at = end + 1;
        Some(name)
    }

    fn field(&mut self, name: String, start: usize) -> Result<Option<Query>> {
        let value_at = self.at;
        if matches!(self.peek(), None | Some(' ' | '\t' | '\n' | ')')) {
            return Err(self.error(value_at, &format!("`{name}:` needs a value right after it")));
        }
        match name.to_lowercase().as_str() {
            "title" => self.text_value(TextField::Title),
            "body" => self.text_value(TextField::Body),
            "date" => self.date().map(Some),
            field @ ("source" | "entity") => {
                let value = if self.peek() == Some('"') {
                    self.quoted()?
                } else {
                    self.bare()
                };
                let folded = fold(value.trim());
                if folded.is_empty() {
                    return Err(self.error(value_at, &format!("`{field}:` needs a name")));
                }
                Ok(Some(if field == "source" {
                    Query::Source(folded)
                } else {
                    Query::Entity(folded)
                }))
            }
            _ => Err(self.error(
                start,
                &format!(
                    "unknown field `{name}:`; the fields are {}. To search for the text, put it \
                     in quotes",
                    FIELDS.map(|f| format!("{f}:")).join(", ")
                ),
            )),
        }
    }

    fn text_value(&mut self, field: TextField) -> Result<Option<Query>> {
        match self.peek() {
            Some('"') => self.phrase(Some(field)),
            Some('(') => {
                let at = self.at;
                Err(self.error(
                    at,
                    "a field takes one word or one \"phrase\", not parentheses",
                ))
            }
            _ => self.word(Some(field)),
        }
    }

    /// Characters up to white space, a parenthesis or a quote.
    fn bare(&mut self) -> String {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"'))
        {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    /// The text between quotes at the cursor, quotes consumed.
    fn quoted(&mut self) -> Result<String> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != '"') {
            self.at += 1;
        }
        if self.peek().is_none() {
            return Err(self.error(open, "this quote is never closed"));
        }
        let text = self.chars[start..self.at].iter().collect();
        self.at += 1;
        Ok(text)
    }

    fn phrase(&mut self, field: Option<TextField>) -> Result<Option<Query>> {
        let open = self.at;
        let text = self.quoted()?;
        let mut slop = None;
        if self.peek() == Some('~') {
            self.at += 1;
            let digits_at = self.at;
            let digits = self.bare();
            slop = Some(
                digits
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n <= 1000)
                    .ok_or_else(|| {
                        self.error(
                            digits_at,
                            "after ~ comes the number of words allowed between (0 to 1000)",
                        )
                    })?,
            );
        }
        let terms: Vec<String> = words(&text).map(|w| w.folded).collect();
        match terms.len() {
            0 => Err(self.error(open, "nothing to search for between these quotes")),
            1 if slop.is_none() => Ok(Some(Query::Word(field, terms.concat()))),
            _ => Ok(Some(Query::Phrase(field, terms, slop))),
        }
    }

    fn word(&mut self, field: Option<TextField>) -> Result<Option<Query>> {
        let start = self.at;
        let raw = self.bare();
        if raw.is_empty() {
            return Err(self.error(start, "expected a word here"));
        }
        if let Some(stem) = raw.strip_suffix('*') {
            let terms: Vec<String> = words(stem).map(|w| w.folded).collect();
            return match terms.as_slice() {
                [prefix] if stem.chars().all(char::is_alphanumeric) => {
                    Ok(Some(Query::Prefix(field, prefix.clone())))
                }
                [] => Err(self.error(start, "a * needs letters before it (`nordcorean*`)")),
                _ => Err(self.error(start, "a * ends one word: `nordcorean*`, not a phrase")),
            };
        }
        let terms: Vec<String> = words(&raw).map(|w| w.folded).collect();
        Ok(match terms.len() {
            0 => None,
            // A stop word alone is not searched for (it is in nearly every article).
            1 if field.is_none() && is_stop_word(&terms[0]) => None,
            1 => Some(Query::Word(field, terms.concat())),
            // `Jong-un`, `l'esercito`: the parts, side by side.
            _ => Some(Query::Phrase(field, terms, None)),
        })
    }

    fn date(&mut self) -> Result<Query> {
        let start = self.at;
        if self.peek() != Some('[') {
            let value = self.bare();
            let (first, last) = self.day_bounds(&value, start)?;
            return Ok(Query::Date { first, last });
        }
        self.at += 1;
        let close = self.chars[self.at..].iter().position(|c| *c == ']');
        let Some(close) = close.map(|c| c + self.at) else {
            return Err(self.error(start, "this `[` is never closed: date:[2024-06 TO 2024-07]"));
        };
        let inside: String = self.chars[self.at..close].iter().collect();
        let bounds: Vec<&str> = inside.split_whitespace().collect();
        let [low, "TO", high] = bounds.as_slice() else {
            return Err(self.error(start, "a date range reads date:[2024-06 TO 2024-07]"));
        };
        let first = if *low == "*" {
            0
        } else {
            self.day_bounds(low, self.at)?.0
        };
        let last = if *high == "*" {
            u64::MAX
        } else {
            self.day_bounds(high, self.at)?.1
        };
        if first > last {
            return Err(self.error(start, "the range starts after it ends"));
        }
        self.at = close + 1;
        Ok(Query::Date { first, last })
    }

    fn day_bounds(&self, iso: &str, at: usize) -> Result<(u64, u64)> {
        day_bounds(iso).ok_or_else(|| {
            self.error(
                at,
                &format!("{iso:?} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        })
    }
}

/// Whether a folded word is an Italian stop word (`e` is `è` too).
fn is_stop_word(folded: &str) -> bool {
    static FOLDED: OnceLock<HashSet<String>> = OnceLock::new();
    FOLDED
        .get_or_init(|| stopwords::italian().iter().map(|w| fold(w)).collect())
        .contains(folded)
}

/// The first and last day (`YYYYMMDD`) of an ISO date of any precision.
pub fn day_bounds(iso: &str) -> Option<(u64, u64)> {
    let (first, last) = crate::corpus::date_bounds(iso, "date").ok()?;
    Some((day_number(&first)?, day_number(&last)?))
}

fn day_number(iso_day: &str) -> Option<u64> {
    iso_day.replace('-', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Query {
        Query::Word(None, text.into())
    }

    fn column_of(query: &str) -> usize {
        match parse(query) {
            Err(Error::Query { column, .. }) => column,
            other => panic!("{query:?}: expected a query error, got {other:?}"),
        }
    }

    #[test]
    fn words_side_by_side_must_all_match() {
        assert_eq!(
            parse("Truppe nordcoreane").unwrap(),
            Query::And(vec![word("truppe"), word("nordcoreane")])
        );
        assert_eq!(parse("Città").unwrap(), word("citta"));
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(
            parse("a1 b1 OR c1").unwrap(),
            Query::Or(vec![Query::And(vec![word("a1"), word("b1")]), word("c1")])
        );
        assert_eq!(
            parse("a1 AND (b1 OR c1)").unwrap(),
            Query::And(vec![word("a1"), Query::Or(vec![word("b1"), word("c1")])])
        );
    }

    #[test]
    fn not_and_minus_negate() {
        let expected = Query::And(vec![word("kim"), Query::Not(Box::new(word("putin")))]);
        assert_eq!(parse("kim NOT putin").unwrap(), expected);
        assert_eq!(parse("kim -putin").unwrap(), expected);
        assert_eq!(
            parse("-putin").unwrap(),
            Query::Not(Box::new(word("putin")))
        );
    }

    #[test]
    fn phrases_proximity_and_prefixes() {
        assert_eq!(
            parse("\"Truppe nordcoreane\"").unwrap(),
            Query::Phrase(None, vec!["truppe".into(), "nordcoreane".into()], None)
        );
        assert_eq!(
            parse("\"Kim Lavrov\"~10").unwrap(),
            Query::Phrase(None, vec!["kim".into(), "lavrov".into()], Some(10))
        );
        assert_eq!(
            parse("nordcorean*").unwrap(),
            Query::Prefix(None, "nordcorean".into())
        );
        assert_eq!(
            parse("Jong-un").unwrap(),
            Query::Phrase(None, vec!["jong".into(), "un".into()], None)
        );
    }

    #[test]
    fn fields() {
        assert_eq!(
            parse("title:Pyongyang").unwrap(),
            Query::Word(Some(TextField::Title), "pyongyang".into())
        );
        assert_eq!(parse("source:ANSA").unwrap(), Query::Source("ansa".into()));
        assert_eq!(
            parse("entity:\"Kim Jong-un\"").unwrap(),
            Query::Entity("kim jong-un".into())
        );
        assert_eq!(
            parse("date:[2024-06 TO 2024-07]").unwrap(),
            Query::Date {
                first: 20240601,
                last: 20240731
            }
        );
        assert_eq!(
            parse("date:2024-02").unwrap(),
            Query::Date {
                first: 20240201,
                last: 20240229
            }
        );
        assert!(parse("entity:Putin").unwrap().uses_entities());
    }

    #[test]
    fn stop_words_alone_are_dropped_or_refused() {
        assert_eq!(parse("la guerra").unwrap(), word("guerra"));
        assert_eq!(column_of("di la che"), 1);
        assert_eq!(
            parse("\"la guerra\"").unwrap(),
            Query::Phrase(None, vec!["la".into(), "guerra".into()], None)
        );
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(column_of(""), 1);
        assert_eq!(column_of("   "), 1);
        assert_eq!(column_of("kim \"truppe"), 5);
        assert_eq!(column_of("(kim OR putin"), 1);
        assert_eq!(column_of("kim OR putin)"), 13);
        assert_eq!(column_of("kim AND"), 5);
        assert_eq!(column_of("kim OR"), 5);
        assert_eq!(column_of("kim NOT"), 5);
        assert_eq!(column_of("città autore:Rossi"), 7);
        assert_eq!(column_of("date:[2024-13 TO 2024-07]"), 7);
        assert_eq!(column_of("date:[2024-06 2024-07]"), 6);
        assert_eq!(column_of("\"a b\"~x"), 7);
        assert_eq!(column_of("()"), 1);
        assert_eq!(column_of("*"), 1);
        assert_eq!(column_of("title: kim"), 7);
        assert_eq!(column_of(&"(".repeat(100)), 65);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(column_of("città perché \"aperta"), 14);
    }
}
