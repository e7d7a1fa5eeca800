//! How a word is written in terms: typographic apostrophes as `'`, lower-cased when asked.

/// Appends `word` with typographic apostrophes as `'`, lower-cased when asked.
pub fn push_normalized(out: &mut String, word: &str, lowercase: bool) {
    let from = out.len();
    if word.is_ascii() {
        out.push_str(word);
        if lowercase {
            // Safe on any slice of an ASCII run: lower-casing ASCII keeps it ASCII.
            if let Some(tail) = out.get_mut(from..) {
                tail.make_ascii_lowercase();
            }
        }
        return;
    }
    for c in word.chars() {
        match c {
            c if c.is_ascii() => out.push(if lowercase { c.to_ascii_lowercase() } else { c }),
            '\u{2019}' | '\u{2018}' | '\u{b4}' => out.push('\''),
            // Italian's accented letters, without the Unicode tables: Latin-1's capitals
            // are their small letters less 0x20 (`×` is no capital); the rest is lower case.
            'À'..='Ö' | 'Ø'..='Þ' if lowercase => {
                out.push(char::from_u32(u32::from(c) + 0x20).unwrap_or(c));
            }
            '×' | 'ß'..='ÿ' => out.push(c),
            c if lowercase => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
}
