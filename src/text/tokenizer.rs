//! The Italian tokenizer: byte offsets into the original text, one pass, no allocation per token.

use std::ops::Range;

/// What a token is. `as_str` gives the name Python sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Abbreviation,
    Punct,
    Quote,
    Symbol,
    Emoji,
    Url,
    Email,
    Hashtag,
    Handle,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Abbreviation => "abbreviation",
            TokenKind::Punct => "punct",
            TokenKind::Quote => "quote",
            TokenKind::Symbol => "symbol",
            TokenKind::Emoji => "emoji",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Handle => "handle",
        }
    }
}

impl TokenKind {
    pub const ALL: [TokenKind; 11] = [
        TokenKind::Word,
        TokenKind::Number,
        TokenKind::Abbreviation,
        TokenKind::Punct,
        TokenKind::Quote,
        TokenKind::Symbol,
        TokenKind::Emoji,
        TokenKind::Url,
        TokenKind::Email,
        TokenKind::Hashtag,
        TokenKind::Handle,
    ];

    /// The kind named `name` (as `as_str` spells it).
    pub fn from_name(name: &str) -> Option<TokenKind> {
        TokenKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// A token: byte offsets `start..end` into the text it was cut from, and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Appends the tokens of `text[range]` to `out`, with offsets into the whole `text`.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let _ = (text, range, out);
    todo!("text layer")
}

/// All tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0..text.len(), &mut out);
    out
}
