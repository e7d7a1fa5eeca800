//! Byte offsets (what Rust slices with) to `str` indices (what Python slices with).
//!
//! Python indexes a `str` by code point. Italian news is mostly ASCII, so instead of a table
//! for every byte we keep one entry per non-ASCII character: the byte where the next character
//! starts and how many extra bytes were seen up to there. A lookup is a binary search in that
//! short list; an ASCII text needs no list at all.

#[derive(Clone, Debug, Default)]
pub struct CharOffsets {
    /// (byte offset just after a multi-byte char, total extra bytes up to and including it)
    steps: Vec<(usize, usize)>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self { steps: Vec::new() };
        }
        let mut steps = Vec::new();
        let mut extra = 0usize;
        for (at, ch) in text.char_indices() {
            let width = ch.len_utf8();
            if width > 1 {
                extra += width - 1;
                steps.push((at + width, extra));
            }
        }
        Self { steps }
    }

    /// The `str` index of byte offset `byte`, which must lie on a character boundary.
    pub fn char_index(&self, byte: usize) -> usize {
        // Steps whose end is <= byte have been fully passed.
        let passed = self.steps.partition_point(|&(end, _)| end <= byte);
        match passed {
            0 => byte,
            n => byte - self.steps[n - 1].1,
        }
    }

    /// Length of a byte range in `str` indices.
    pub fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.char_index(start), self.char_index(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let map = CharOffsets::new(text);
        for (count, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_index(byte), count, "{text:?} at byte {byte}");
        }
        assert_eq!(map.char_index(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        check("Putin e Kim a Vladivostok");
    }

    #[test]
    fn multibyte_characters_count_once() {
        check("città «già» l’Occidente 🇮🇹 e\u{0301} fine");
        check("€");
        check("");
    }
}
