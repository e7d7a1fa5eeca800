//! Cutting a text into blocks at blank lines, in one pass over its bytes.

use std::ops::Range;

use memchr::memchr2;

/// Byte ranges of the blocks of `text`: runs of lines separated by lines that are empty or only
/// whitespace. `\n`, `\r\n` and a lone `\r` all end a line. Each range excludes the whitespace
/// around the block. Every byte is looked at a bounded number of times, so a 100 MB text with
/// no blank line costs one scan.
pub fn split_blocks(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut line_start = 0;
    while line_start <= bytes.len() {
        let (line_end, next_start) = match memchr2(b'\n', b'\r', &bytes[line_start..]) {
            Some(offset) => {
                let end = line_start + offset;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                (end, end + if crlf { 2 } else { 1 })
            }
            None => (bytes.len(), bytes.len() + 1),
        };
        // Line ends are ASCII bytes, so both ends are char boundaries.
        let line = &text[line_start..line_end];
        match trimmed_range(line) {
            Some(inner) => {
                let inner = line_start + inner.start..line_start + inner.end;
                current = Some(match current {
                    Some(block) => block.start..inner.end,
                    None => inner,
                });
            }
            None => blocks.extend(current.take()),
        }
        line_start = next_start;
    }
    blocks.extend(current);
    blocks
}

/// Whether `text` runs over more than one line: a byte scan, where a search for the two
/// `char`s would decode every character.
pub fn has_line_break(text: &str) -> bool {
    memchr2(b'\n', b'\r', text.as_bytes()).is_some()
}

/// Whether `text` has more than `max` characters, counting them only when its length in
/// bytes leaves it open (a character takes one to four bytes): most blocks are decided by
/// their byte length alone.
pub fn has_more_chars_than(text: &str, max: usize) -> bool {
    text.len() > max && (text.len() > 4 * max || text.chars().count() > max)
}

/// The range of `text` without surrounding whitespace, or `None` when it is all whitespace.
pub fn trimmed_range(text: &str) -> Option<Range<usize>> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_chars_than_counts_characters_not_bytes() {
        assert!(!has_more_chars_than("", 0));
        assert!(has_more_chars_than("a", 0));
        assert!(!has_more_chars_than("città", 5));
        assert!(has_more_chars_than("città!", 5));
        // Twelve bytes, four characters: decided by counting.
        assert!(!has_more_chars_than("€€€€", 4));
        assert!(has_more_chars_than("€€€€", 3));
        assert!(has_more_chars_than(&"a".repeat(21), 5));
    }

    fn blocks(text: &str) -> Vec<&str> {
        split_blocks(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn line_breaks_of_any_kind() {
        assert!(has_line_break("Mosca\nKiev"));
        assert!(has_line_break("Mosca\r"));
        assert!(!has_line_break("Mosca – città"));
    }

    #[test]
    fn blank_lines_separate_blocks() {
        assert_eq!(blocks("Uno\ndue\n\nTre\n"), ["Uno\ndue", "Tre"]);
    }

    #[test]
    fn whitespace_lines_are_blank_and_spans_are_trimmed() {
        assert_eq!(blocks("  Uno  \n \t \n\u{a0}Tre\u{a0}"), ["Uno", "Tre"]);
    }

    #[test]
    fn every_line_ending_is_understood() {
        assert_eq!(
            blocks("Uno\r\n\r\nDue\r\nancora\r\n"),
            ["Uno", "Due\r\nancora"]
        );
        assert_eq!(blocks("Uno\r\rDue\rancora"), ["Uno", "Due\rancora"]);
        assert_eq!(blocks("Uno\n\r\nDue"), ["Uno", "Due"]);
    }

    #[test]
    fn text_without_blank_lines_is_one_block() {
        assert_eq!(blocks("Uno\ndue\ntre"), ["Uno\ndue\ntre"]);
        assert_eq!(blocks("Solo una riga"), ["Solo una riga"]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks(" \n\r\n\t ").is_empty());
    }

    #[test]
    fn a_huge_block_is_cut_in_linear_time() {
        let text = "parola ".repeat(2_000_000) + "\n" + &"altra riga ".repeat(1_000_000);
        let found = split_blocks(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].end, text.trim_end().len());
    }
}
