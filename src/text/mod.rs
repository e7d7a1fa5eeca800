//! Text layer: decoding bytes, Italian tokenisation, sentence boundaries, and byte-to-`str`-index conversion.

pub mod encoding;
pub mod offsets;
pub mod sentences;
pub mod tokenizer;

pub use offsets::CharOffsets;
pub use sentences::{split_sentences, Sentence};
pub use tokenizer::{tokenize, tokenize_into, Token, TokenKind};
