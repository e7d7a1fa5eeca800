//! Sentence boundaries over tokens of one block of text (a paragraph, a title, a caption).

use std::ops::Range;

use super::Token;

/// A sentence: byte span into the text and the range of its tokens in the token list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// Appends to `out` the sentences of the block whose tokens are `tokens[block]`.
/// Sentences never cross a block; token ranges index into `tokens`.
pub fn split_sentences(text: &str, tokens: &[Token], block: Range<usize>, out: &mut Vec<Sentence>) {
    let _ = (text, tokens, block, out);
    todo!("text layer")
}
