//! Where a match sits in its article: the sentence, and a few words of context either side,
//! cut where the analyzer cuts words.

use crate::article::Article;

use super::analyzer::is_word_char;

/// The sentence (index into `article.sentences`) that holds byte `at`, if one does.
pub fn sentence_of(article: &Article, at: usize) -> Option<usize> {
    let index = article.sentences.partition_point(|s| s.end <= at);
    article
        .sentences
        .get(index)
        .filter(|s| s.start <= at)
        .map(|_| index)
}

/// Up to `window` words before byte `start`: from the first of them to `start`.
pub fn left(text: &str, start: usize, window: usize) -> &str {
    let head = text.get(..start).unwrap_or("");
    let mut words = 0;
    let mut in_word = false;
    let mut from = 0;
    for (at, c) in head.char_indices().rev() {
        let word = is_word_char(c);
        if in_word && !word {
            words += 1;
            if words == window {
                from = at + c.len_utf8();
                break;
            }
        }
        in_word = word;
    }
    if window == 0 {
        from = head.len();
    }
    &head[from..]
}

/// Up to `window` words after byte `end`: from `end` to the last of them.
pub fn right(text: &str, end: usize, window: usize) -> &str {
    let tail = text.get(end..).unwrap_or("");
    let mut words = 0;
    let mut in_word = false;
    let mut to = tail.len();
    if window == 0 {
        return "";
    }
    for (at, c) in tail.char_indices() {
        let word = is_word_char(c);
        if in_word && !word {
            words += 1;
            if words == window {
                to = at;
                break;
            }
        }
        in_word = word;
    }
    &tail[..to]
}

/// Context as one line: line breaks and tabs become spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_counts_words_not_characters() {
        let text = "uno, due tre quattro cinque";
        let at = text.find("tre").unwrap();
        assert_eq!(left(text, at, 1), "due ");
        assert_eq!(left(text, at, 2), "uno, due ");
        assert_eq!(left(text, at, 9), "uno, due ");
        assert_eq!(right(text, at + 3, 1), " quattro");
        assert_eq!(right(text, at + 3, 5), " quattro cinque");
        assert_eq!(left(text, at, 0), "");
        assert_eq!(right(text, at + 3, 0), "");
    }

    #[test]
    fn non_ascii_words_are_whole() {
        let text = "città perché più";
        let at = text.find("perché").unwrap();
        assert_eq!(left(text, at, 1), "città ");
        assert_eq!(right(text, at + "perché".len(), 1), " più");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}
