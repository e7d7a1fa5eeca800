//! The Italian tokenizer: byte offsets into the original text, one pass, no allocation per token.
//!
//! The scanner walks bytes. ASCII bytes are classified through a 256-entry table; only a
//! non-ASCII byte makes it decode a `char`. Every look-ahead is either bounded by a constant or
//! consumes what it reads, except the e-mail probe, which remembers how far it has already looked
//! so that no byte is probed twice. Time is therefore linear in the input.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

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
        TokenKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
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
    /// The token's text; empty if the token was cut from another text and does not fit this one.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Appends the tokens of `text[range]` to `out`, with offsets into the whole `text`.
///
/// A range that runs past the text or cuts a character is narrowed to the characters it covers
/// fully, so no caller can make this panic.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    // `text[..end]` bounds every look-ahead by the range without a check at each step.
    let Some(head) = text.get(..end) else {
        return;
    };
    let mut scanner = Scanner {
        s: head,
        b: head.as_bytes(),
        out,
        email_probed_to: 0,
        next_at: None,
    };
    scanner.run(start);
}

/// All tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0..text.len(), &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Byte classes

const C_SPACE: u8 = 0;
const C_ALPHA: u8 = 1;
const C_DIGIT: u8 = 2;
const C_APOS: u8 = 3;
const C_DQUOTE: u8 = 4;
const C_DOT: u8 = 5;
const C_PUNCT: u8 = 6;
const C_QE: u8 = 7;
const C_HYPHEN: u8 = 8;
const C_SYMBOL: u8 = 9;
const C_AT: u8 = 10;
const C_HASH: u8 = 11;
const C_HIGH: u8 = 12;

static CLASS: [u8; 256] = build_classes();

const fn build_classes() -> [u8; 256] {
    let mut t = [C_SYMBOL; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            0..=0x20 | 0x7f => C_SPACE,
            b'a'..=b'z' | b'A'..=b'Z' => C_ALPHA,
            b'0'..=b'9' => C_DIGIT,
            b'\'' => C_APOS,
            b'"' => C_DQUOTE,
            b'.' => C_DOT,
            b',' | b';' | b':' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => C_PUNCT,
            b'?' | b'!' => C_QE,
            b'-' => C_HYPHEN,
            b'@' => C_AT,
            b'#' => C_HASH,
            0x80..=0xff => C_HIGH,
            _ => C_SYMBOL,
        };
        i += 1;
    }
    t
}

#[inline]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// `class(b) == C_ALPHA`, by arithmetic rather than the table.
#[inline]
fn is_ascii_letter(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26
}

#[inline]
fn is_ascii_alnum(b: u8) -> bool {
    matches!(class(b), C_ALPHA | C_DIGIT)
}

const fn splat(b: u8) -> u128 {
    b as u128 * 0x0101_0101_0101_0101_0101_0101_0101_0101
}

/// High bit of each byte of `x` (all bytes below 0x80) set where the byte is in `lo..=hi`.
#[inline]
fn bytes_in_range(x: u128, lo: u8, hi: u8) -> u128 {
    // Adding to 7-bit bytes never carries into the next byte, so each lane is independent.
    let ge_lo = x + splat(0x80 - lo);
    let gt_hi = x + splat(0x7F - hi);
    ge_lo & !gt_hi & splat(0x80)
}

/// The bytes at `i` that are ASCII letters or digits, as the high bit of each byte, for the
/// `N` (at most 16) bytes there; `None` if the text stops sooner.
#[inline]
fn ascii_alnum_mask<const N: usize>(b: &[u8], i: usize) -> Option<u128> {
    let chunk = b.get(i..i.checked_add(N)?)?;
    let mut bytes = [0u8; 16];
    bytes[..N].copy_from_slice(chunk);
    let v = u128::from_le_bytes(bytes);
    let high = v & splat(0x80);
    let x = v & splat(0x7F);
    Some((bytes_in_range(x | splat(0x20), b'a', b'z') | bytes_in_range(x, b'0', b'9')) & !high)
}

/// The end of the run of ASCII letters and digits from `i`, sixteen bytes at a time: a
/// word's end then costs a bit scan, not a mispredicted branch per letter, and nearly every
/// word ends within the first sixteen.
#[inline]
fn ascii_alnum_run(b: &[u8], mut i: usize) -> usize {
    while let Some(alnum) = ascii_alnum_mask::<16>(b, i) {
        let stop = !alnum & splat(0x80);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    if let Some(alnum) = ascii_alnum_mask::<8>(b, i) {
        let stop = !alnum & splat(0x80) & u128::from(u64::MAX);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&x| is_ascii_alnum(x)) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Character predicates for the non-ASCII path

/// Letters, digits and combining marks: what a word is made of.
#[inline]
fn is_word_char(c: char) -> bool {
    // Accented Latin letters and typographic punctuation are nearly all of Italian's
    // non-ASCII: settle them without the Unicode tables.
    match c as u32 {
        0xC0..=0x24F => c != '×' && c != '÷',
        0x80..=0xBF => matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼' | '½' | '¾'),
        0x2000..=0x206F | 0x20A0..=0x20CF => false,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Characters that separate tokens and belong to none.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{00AD}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‚'
            | '‹'
            | '›'
            | '‛'
            | '‟'
            | '「'
            | '」'
            | '『'
            | '』'
            | '＂'
    )
}

fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        '…' | '–'
            | '—'
            | '‒'
            | '―'
            | '‐'
            | '‑'
            | '¿'
            | '¡'
            | '·'
            | '•'
            | '‧'
            | '、'
            | '。'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '（'
            | '）'
    )
}

/// Joiners that keep a word whole when a word character follows: `Jong-un`, `F‑16`.
#[inline]
fn is_hyphen_joiner(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Characters that are emoji on their own (default emoji presentation or pictographs).
fn is_emoji_base(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1F1E5
            | 0x1F200..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x231A
            | 0x231B
            | 0x2328
            | 0x23CF
            | 0x23E9..=0x23F3
            | 0x23F8..=0x23FA
            | 0x2B05..=0x2B07
            | 0x2B1B
            | 0x2B1C
            | 0x2B50
            | 0x2B55
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
    )
}

/// Characters that extend an emoji: presentation selectors, skin tones, keycap, tag letters.
fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c as u32,
        0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x20E3 | 0xE0020..=0xE007F
    )
}

const ZWJ: char = '\u{200D}';
const VS16: &[u8] = "\u{FE0F}".as_bytes();
const KEYCAP: &[u8] = "\u{20E3}".as_bytes();

// ---------------------------------------------------------------------------------------------
// Abbreviations

/// The abbreviation lexicon, lowercase, without the final dot, sorted for binary search.
/// Entries with an inner dot (`sig.ra`) are a short word, a dot and a suffix.
const ABBREVIATIONS: &[&str] = &[
    "arch", "art", "artt", "avv", "c", "ca", "cap", "capp", "cav", "cfr", "cit", "cod", "col",
    "comm", "dott", "dott.i", "dott.ssa", "dr", "ecc", "es", "etc", "fig", "figg", "gen", "geom",
    "ing", "jr", "lett", "mons", "mr", "mrs", "ms", "n", "nn", "nr", "on", "p", "pag", "pagg",
    "pp", "pres", "prof", "prof.ssa", "rag", "rev", "s", "sec", "segg", "sen", "sez", "sig",
    "sig.na", "sig.ra", "sig.ri", "sigg", "sr", "ss", "st", "tab", "tel", "v", "vol", "voll", "vs",
];

/// Words that keep a final apostrophe when no letter follows it: `po'`, `be'`, and `E'`, the
/// `È` of keyboards without it, which news copy uses often.
const TRUNCATIONS: &[&str] = &["be", "da", "di", "e", "fa", "mo", "po", "sta", "to", "va"];

/// Lexicon entries are at most eight bytes, so each packs into a `u64` (big-endian, zero
/// padded: integer order is string order) and a lookup compares integers, not strings.
const MAX_ABBR: usize = 8;

/// An e-mail address's local part is at most 64 bytes (RFC 5321).
const MAX_LOCAL_PART: usize = 64;

const fn pack(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut key = 0u64;
    let mut i = 0;
    while i < MAX_ABBR {
        key <<= 8;
        if i < b.len() {
            key |= b[i] as u64;
        }
        i += 1;
    }
    key
}

const fn pack_all<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N && i < list.len() {
        keys[i] = pack(list[i]);
        i += 1;
    }
    keys
}

static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = pack_all(ABBREVIATIONS);
static TRUNCATION_KEYS: [u64; TRUNCATIONS.len()] = pack_all(TRUNCATIONS);

/// Lowercases ASCII `parts`, packs them like the lexicon and looks the key up in `keys`.
fn in_lexicon(keys: &[u64], parts: &[&[u8]]) -> bool {
    let mut key = 0u64;
    let mut n = 0;
    for part in parts {
        for &b in *part {
            if n == MAX_ABBR {
                return false;
            }
            key = key << 8 | u64::from(b.to_ascii_lowercase());
            n += 1;
        }
    }
    if n == 0 {
        return false;
    }
    key <<= 8 * (MAX_ABBR - n);
    keys.binary_search(&key).is_ok()
}

// ---------------------------------------------------------------------------------------------
// The scanner

struct Scanner<'t, 'o> {
    /// The text up to the end of the range; offsets are into it and so into the whole text.
    s: &'t str,
    b: &'t [u8],
    out: &'o mut Vec<Token>,
    /// The e-mail probe has found no address starting before this offset.
    email_probed_to: usize,
    /// Cached position of the next `@` at or after the last probe (`usize::MAX`: none).
    next_at: Option<usize>,
}

impl Scanner<'_, '_> {
    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.out.push(Token { start, end, kind });
    }

    #[inline]
    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i..).and_then(|rest| rest.chars().next())
    }

    /// Whether a word character starts at `i`, and how many bytes it takes.
    #[inline]
    fn word_char_len(&self, i: usize) -> Option<usize> {
        let b = self.byte(i)?;
        if b < 0x80 {
            return is_ascii_alnum(b).then_some(1);
        }
        let c = self.char_at(i)?;
        is_word_char(c).then(|| c.len_utf8())
    }

    #[inline]
    fn starts_with_letter(&self, i: usize) -> bool {
        match self.byte(i) {
            Some(b) if b < 0x80 => class(b) == C_ALPHA,
            Some(_) => self.char_at(i).is_some_and(|c| c.is_alphabetic()),
            None => false,
        }
    }

    fn starts_with_upper(&self, i: usize) -> bool {
        match self.byte(i) {
            Some(b) if b < 0x80 => b.is_ascii_uppercase(),
            Some(_) => self.char_at(i).is_some_and(char::is_uppercase),
            None => false,
        }
    }

    /// Consumes word characters from `i`; returns where they stop. Nearly every word is
    /// ASCII and ends at an ASCII byte: that path is inlined, the rest is not.
    #[inline(always)]
    fn word_run(&self, i: usize) -> usize {
        let end = ascii_alnum_run(self.b, i);
        match self.b.get(end) {
            Some(&x) if x >= 0x80 => self.non_ascii_word_run(end),
            _ => end,
        }
    }

    /// [`Scanner::word_run`] from a non-ASCII character at `i`.
    #[inline(never)]
    fn non_ascii_word_run(&self, mut i: usize) -> usize {
        let b = self.b;
        loop {
            match b.get(i) {
                Some(&x) if x < 0x80 => return i,
                Some(_) => match self.char_at(i) {
                    Some(c) if is_word_char(c) => i += c.len_utf8(),
                    // Zero-width joiners inside Indic and Persian words keep the word whole.
                    Some(c @ ('\u{200C}' | ZWJ)) if self.word_char_len(i + 3).is_some() => {
                        i += c.len_utf8()
                    }
                    _ => return i,
                },
                None => return i,
            }
            i = ascii_alnum_run(b, i);
        }
    }

    fn run(&mut self, mut i: usize) {
        let len = self.b.len();
        while i < len {
            let Some(&b) = self.b.get(i) else { break };
            // Prose is mostly spaces and words: plain branches for them predict far better
            // than the jump table of the `match` below. They test the byte, not its class:
            // tests of the class are folded into the jump table, and every token would then
            // cost an indirect jump the processor mostly fails to predict.
            if b == b' ' {
                i += 1;
                continue;
            }
            if is_ascii_letter(b) {
                i = self.word_or_link(i);
                continue;
            }
            i = match class(b) {
                C_SPACE => i + 1,
                C_ALPHA => self.word_or_link(i),
                C_DIGIT => self.number_or_keycap(i),
                C_APOS => self.quote_or_decade(i, 1),
                C_DQUOTE => {
                    self.push(i, i + 1, TokenKind::Quote);
                    i + 1
                }
                C_DOT => self.dots(i),
                C_QE => self.question_exclaim(i),
                C_PUNCT | C_HYPHEN => {
                    self.push(i, i + 1, TokenKind::Punct);
                    i + 1
                }
                C_AT => self.tag(i, TokenKind::Handle),
                C_HASH => self.tag(i, TokenKind::Hashtag),
                C_HIGH => self.non_ascii(i),
                _ => match self.keycap_end(i + 1) {
                    Some(end) if b == b'*' => {
                        self.push(i, end, TokenKind::Emoji);
                        end
                    }
                    _ => {
                        self.push(i, i + 1, TokenKind::Symbol);
                        i + 1
                    }
                },
            };
        }
    }

    fn non_ascii(&mut self, i: usize) -> usize {
        let Some(c) = self.char_at(i) else {
            // Unreachable for valid UTF-8 on a boundary; stepping one byte keeps the loop finite.
            return i + 1;
        };
        let next = i + c.len_utf8();
        if c == '’' {
            return self.quote_or_decade(i, next - i);
        }
        if is_quote_char(c) {
            self.push(i, next, TokenKind::Quote);
            return next;
        }
        if is_space(c) {
            return next;
        }
        if is_word_char(c) {
            // A mark with nothing before it attaches to nothing: it is skipped.
            if is_combining_mark(c) {
                return next;
            }
            return self.word(i);
        }
        if is_regional_indicator(c) {
            let end = match self.char_at(next) {
                Some(d) if is_regional_indicator(d) => next + d.len_utf8(),
                _ => next,
            };
            self.push(i, end, TokenKind::Emoji);
            return end;
        }
        if is_emoji_base(c) || self.b.get(next..).is_some_and(|r| r.starts_with(VS16)) {
            let end = self.emoji_tail(next);
            self.push(i, end, TokenKind::Emoji);
            return end;
        }
        let kind = if is_punct_char(c) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        self.push(i, next, kind);
        next
    }

    /// An apostrophe of `width` bytes at `i` that no word precedes: a quote, or the elided
    /// century of a decade (`gli anni '80`), which is a number.
    fn quote_or_decade(&mut self, i: usize, width: usize) -> usize {
        let digits = i + width;
        let two_digits = self
            .b
            .get(digits..digits + 2)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let end = digits + 2;
        // Decided from the next two bytes alone, so the number is never scanned twice.
        let number_goes_on = self.word_char_len(end).is_some()
            || (matches!(self.byte(end), Some(b'.' | b',' | b':' | b'/' | b'-'))
                && self
                    .byte(end + 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric()));
        if two_digits && !number_goes_on {
            self.push(i, end, TokenKind::Number);
            return end;
        }
        self.push(i, digits, TokenKind::Quote);
        digits
    }

    /// Extends an emoji over modifiers and ZWJ-joined emoji.
    fn emoji_tail(&self, mut i: usize) -> usize {
        loop {
            match self.char_at(i) {
                Some(c) if is_emoji_modifier(c) => i += c.len_utf8(),
                Some(ZWJ) => match self.char_at(i + 3) {
                    Some(d) if is_emoji_base(d) || is_regional_indicator(d) => {
                        i += 3 + d.len_utf8()
                    }
                    _ => return i,
                },
                _ => return i,
            }
        }
    }

    /// End of a keycap sequence (`1️⃣`) whose base character ends at `i`.
    fn keycap_end(&self, i: usize) -> Option<usize> {
        let rest = self.b.get(i..)?;
        if rest.starts_with(KEYCAP) {
            return Some(i + KEYCAP.len());
        }
        let after = rest.get(VS16.len()..)?;
        (rest.starts_with(VS16) && after.starts_with(KEYCAP)).then_some(i + 6)
    }

    fn dots(&mut self, i: usize) -> usize {
        let run = self
            .b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|&&b| b == b'.').count());
        // `..` is two marks; three or more are an ellipsis.
        let end = if run >= 3 { i + run } else { i + 1 };
        self.push(i, end, TokenKind::Punct);
        end
    }

    fn question_exclaim(&mut self, i: usize) -> usize {
        let run = self
            .b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|&&b| class(b) == C_QE).count());
        let end = i + run.max(1);
        self.push(i, end, TokenKind::Punct);
        end
    }

    /// `@handle`, `#hashtag`, or the lone symbol; also the `#️⃣` and `*️⃣` keycaps.
    fn tag(&mut self, i: usize, kind: TokenKind) -> usize {
        if kind == TokenKind::Hashtag {
            if let Some(end) = self.keycap_end(i + 1) {
                self.push(i, end, TokenKind::Emoji);
                return end;
            }
        }
        let mut j = i + 1;
        loop {
            if self.byte(j) == Some(b'_') {
                j += 1;
                continue;
            }
            match self.word_char_len(j) {
                Some(n) => j += n,
                None => break,
            }
        }
        if j == i + 1 {
            self.push(i, j, TokenKind::Symbol);
        } else {
            self.push(i, j, kind);
        }
        j
    }

    fn number_or_keycap(&mut self, i: usize) -> usize {
        if let Some(end) = self.keycap_end(i + 1) {
            self.push(i, end, TokenKind::Emoji);
            return end;
        }
        if let Some(end) = self.email(i) {
            self.push(i, end, TokenKind::Email);
            return end;
        }
        let end = self.number(i);
        self.push(i, end, TokenKind::Number);
        end
    }

    fn number(&self, mut i: usize) -> usize {
        let b = self.b;
        loop {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            match b.get(i) {
                Some(b'.' | b',' | b':' | b'/' | b'-')
                    if b.get(i + 1).is_some_and(u8::is_ascii_digit) =>
                {
                    i += 2;
                }
                // `75/o`, `1/a`: an ordinal written with a slash.
                Some(b'/')
                    if matches!(b.get(i + 1), Some(b'o' | b'a'))
                        && self.word_char_len(i + 2).is_none() =>
                {
                    return i + 2;
                }
                Some(b'-') if self.word_char_len(i + 1).is_some() => {
                    i = self.word_run(i + 1);
                }
                Some(_) => {
                    let j = self.word_run(i);
                    if j == i {
                        return i;
                    }
                    i = j;
                }
                None => return i,
            }
        }
    }

    /// A word starting with an ASCII letter, unless it opens a URL or an e-mail address.
    fn word_or_link(&mut self, i: usize) -> usize {
        if let Some(end) = self.url(i) {
            self.push(i, end, TokenKind::Url);
            return end;
        }
        if let Some(end) = self.email(i) {
            self.push(i, end, TokenKind::Email);
            return end;
        }
        self.word(i)
    }

    fn word(&mut self, start: usize) -> usize {
        let mut i = start;
        let mut joined = false;
        let mut part = start;
        loop {
            i = self.word_run(i);
            let Some(&b) = self.b.get(i) else { break };
            let (joiner, width) = match b {
                b'-' => ('-', 1),
                b'\'' => ('\'', 1),
                b'.' => ('.', 1),
                0x80.. => match self.char_at(i) {
                    Some(c @ ('’' | '‐' | '‑')) => (c, c.len_utf8()),
                    _ => break,
                },
                _ => break,
            };
            match joiner {
                '\'' | '’' => return self.apostrophe(start, i, width),
                '.' => {
                    if !joined {
                        if let Some(end) = self.abbreviation(start, i) {
                            self.push(start, end, TokenKind::Abbreviation);
                            return end;
                        }
                    }
                    break;
                }
                // Two capitalised names joined by a hyphen (`Mosca-Pyongyang`,
                // `Emilia-Romagna`) stay three tokens, so that a tagger can name each side or
                // span both; `Jong-un`, `nord-coreano` and `F-16` stay one word.
                _ if is_hyphen_joiner(joiner)
                    && self.starts_with_upper(part)
                    && self.starts_with_upper(i + width) =>
                {
                    break
                }
                _ if is_hyphen_joiner(joiner) && self.word_char_len(i + width).is_some() => {
                    joined = true;
                    i += width;
                    part = i;
                }
                _ => break,
            }
        }
        self.push(start, i, TokenKind::Word);
        i
    }

    /// A word `start..at` followed by an apostrophe of `width` bytes at `at`.
    fn apostrophe(&mut self, start: usize, at: usize, width: usize) -> usize {
        let after = at + width;
        let next_is_letter_or_digit =
            self.starts_with_letter(after) || self.byte(after).is_some_and(|b| b.is_ascii_digit());
        let word = self.b.get(start..at).unwrap_or(&[]);
        let ends_in_letter = word
            .last()
            .is_some_and(|&b| b >= 0x80 || class(b) == C_ALPHA);
        if ends_in_letter && next_is_letter_or_digit {
            // Elision (`dell'Ucraina`, `l'8 marzo`): the apostrophe closes the first word.
            self.push(start, after, TokenKind::Word);
            return after;
        }
        if !next_is_letter_or_digit && in_lexicon(&TRUNCATION_KEYS, &[word]) {
            self.push(start, after, TokenKind::Word);
            return after;
        }
        self.push(start, at, TokenKind::Word);
        at
    }

    /// The end of an abbreviation made of the word `start..dot` and the `.` at `dot`, if it is one.
    fn abbreviation(&self, start: usize, dot: usize) -> Option<usize> {
        let b = self.b;
        let word = b.get(start..dot)?;
        let after = dot + 1;
        // A dot run is an ellipsis, never an abbreviation's dot.
        if b.get(after) == Some(&b'.') {
            return None;
        }
        let ascii_letters = word.iter().all(|&x| class(x) == C_ALPHA);
        if ascii_letters && word.len() == 1 {
            if let Some(end) = self.letter_dot_sequence(after) {
                return Some(end);
            }
        }
        if ascii_letters && in_lexicon(&ABBREVIATION_KEYS, &[word]) {
            // `sig.ra`, `dott.ssa`: a suffix after the dot that the lexicon knows.
            let suffix_end = self.ascii_letters_end(after, MAX_ABBR);
            if suffix_end > after && self.word_char_len(suffix_end).is_none() {
                let suffix = b.get(after..suffix_end)?;
                if in_lexicon(&ABBREVIATION_KEYS, &[word, b".", suffix]) {
                    return Some(suffix_end);
                }
            }
            return Some(after);
        }
        // A single capital is an initial: `Sergei K. Shoigu`.
        let mut chars = self.s.get(start..dot)?.chars();
        if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
            return Some(after);
        }
        None
    }

    /// The end of the ASCII letters from `i`, looking at no more than `cap` of them: callers
    /// only need to know whether a short run is there, and a long one is scanned again later.
    fn ascii_letters_end(&self, i: usize, cap: usize) -> usize {
        let mut j = i;
        while j - i < cap && self.b.get(j).is_some_and(|&x| class(x) == C_ALPHA) {
            j += 1;
        }
        j
    }

    /// After `X.` at `i`: further segments of one to three letters (`S.p.A.`, `U.S.`, `p.es.`).
    fn letter_dot_sequence(&self, mut i: usize) -> Option<usize> {
        let mut segments = 0;
        loop {
            let end = self.ascii_letters_end(i, 4);
            let n = end - i;
            if n == 0 || n > 3 {
                break;
            }
            match self.byte(end) {
                Some(b'.') if self.byte(end + 1) != Some(b'.') => {
                    i = end + 1;
                    segments += 1;
                }
                // A last segment may drop its dot (`S.p.A`), never the first (`a.b`).
                _ if segments > 0 && self.word_char_len(end).is_none() => {
                    return Some(end);
                }
                _ => break,
            }
        }
        (segments > 0).then_some(i)
    }

    /// `http://…`, `https://…`, `www.…`: the end of the URL starting at `i`.
    fn url(&self, i: usize) -> Option<usize> {
        if !matches!(self.byte(i), Some(b'h' | b'H' | b'w' | b'W')) {
            return None;
        }
        let rest = self.b.get(i..)?;
        let prefix = [&b"https://"[..], b"http://", b"www."]
            .into_iter()
            .find(|p| {
                rest.get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p))
            })?;
        let body = i + prefix.len();
        self.word_char_len(body)?;
        let mut j = body;
        while let Some(&x) = self.b.get(j) {
            if x < 0x80 {
                if matches!(class(x), C_SPACE | C_DQUOTE) || matches!(x, b'<' | b'>') {
                    break;
                }
                j += 1;
            } else {
                match self.char_at(j) {
                    Some(c) if !is_space(c) && !is_quote_char(c) => j += c.len_utf8(),
                    _ => break,
                }
            }
        }
        while j > body
            && self.byte(j - 1).is_some_and(|x| {
                matches!(
                    x,
                    b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\''
                )
            })
        {
            j -= 1;
        }
        Some(j)
    }

    /// An e-mail address starting at `i`, if there is one.
    fn email(&mut self, i: usize) -> Option<usize> {
        if i < self.email_probed_to {
            return None;
        }
        // Most texts hold no `@`: one memchr settles that for every word after `i`.
        let at = match self.next_at {
            Some(at) if at >= i => at,
            _ => {
                let found = self
                    .b
                    .get(i..)
                    .and_then(|r| memchr::memchr(b'@', r))
                    .map_or(usize::MAX, |k| i + k);
                self.next_at = Some(found);
                found
            }
        };
        if at == usize::MAX {
            self.email_probed_to = self.b.len();
            return None;
        }
        // A local part is at most 64 bytes: words far from the next `@` need no probe.
        if at - i > MAX_LOCAL_PART {
            return None;
        }
        let is_local =
            |x: u8| x.is_ascii_alphanumeric() || matches!(x, b'.' | b'_' | b'%' | b'+' | b'-');
        let mut j = i;
        while self.b.get(j).is_some_and(|&x| is_local(x)) {
            j += 1;
        }
        // Every start inside `i..j` has the same run, and so the same verdict.
        self.email_probed_to = j;
        if j != at || self.byte(j.wrapping_sub(1)) == Some(b'.') {
            return None;
        }
        self.domain_end(at + 1)
    }

    /// A domain of at least two dot-separated labels from `i`; trailing dots are left out.
    fn domain_end(&self, i: usize) -> Option<usize> {
        let is_label = |x: u8| x.is_ascii_alphanumeric() || x == b'-';
        let mut j = i;
        let mut labels = 0;
        let mut end = None;
        loop {
            let start = j;
            while self.b.get(j).is_some_and(|&x| is_label(x)) {
                j += 1;
            }
            if j == start {
                break;
            }
            labels += 1;
            if labels >= 2 {
                end = Some(j);
            }
            if self.byte(j) == Some(b'.') && self.byte(j + 1).is_some_and(is_label) {
                j += 1;
            } else {
                break;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .iter()
            .map(|t| (t.text(text), t.kind))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    fn check_offsets(text: &str) {
        let tokens = tokenize(text);
        let mut last = 0;
        for t in &tokens {
            assert!(t.start < t.end, "empty token {t:?} in {text:?}");
            assert!(t.start >= last, "overlap at {t:?} in {text:?}");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(text.get(t.start..t.end).is_some());
            last = t.end;
        }
    }

    #[test]
    fn lexicons_are_sorted() {
        assert!(
            ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]),
            "ABBREVIATIONS unsorted"
        );
        assert!(
            TRUNCATIONS.windows(2).all(|w| w[0] < w[1]),
            "TRUNCATIONS unsorted"
        );
        assert!(ABBREVIATIONS
            .iter()
            .chain(TRUNCATIONS)
            .all(|a| a.len() <= MAX_ABBR));
        assert!(ABBREVIATION_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(TRUNCATION_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(in_lexicon(&ABBREVIATION_KEYS, &[b"DOTT", b".", b"SSA"]));
        assert!(!in_lexicon(&ABBREVIATION_KEYS, &[b"dott", b".", b"ssaa"]));
        assert!(!in_lexicon(&ABBREVIATION_KEYS, &[b""]));
        assert!(!in_lexicon(&ABBREVIATION_KEYS, &[b"do"]));
    }

    #[test]
    fn letters_by_arithmetic_match_the_byte_table() {
        for b in 0..=255u8 {
            assert_eq!(is_ascii_letter(b), class(b) == C_ALPHA, "byte {b}");
        }
        assert_eq!(class(b' '), C_SPACE);
    }

    #[test]
    fn word_runs_match_the_byte_table() {
        for stop in 0..=255u8 {
            for at in 0..40 {
                let mut bytes = b"abcXYZ019az".repeat(4);
                bytes.truncate(at);
                bytes.push(stop);
                bytes.extend_from_slice(b"xyz");
                let naive = bytes
                    .iter()
                    .position(|&x| !is_ascii_alnum(x))
                    .unwrap_or(bytes.len());
                assert_eq!(ascii_alnum_run(&bytes, 0), naive, "byte {stop} at {at}");
            }
        }
    }

    #[test]
    fn elisions() {
        let cases: &[(&str, &[&str])] = &[
            ("dell'Ucraina", &["dell'", "Ucraina"]),
            ("l’articolo", &["l’", "articolo"]),
            ("un'escalation", &["un'", "escalation"]),
            ("sull’orlo", &["sull’", "orlo"]),
            ("c'era", &["c'", "era"]),
            ("L'annuncio", &["L'", "annuncio"]),
            ("all'80%", &["all'", "80", "%"]),
            ("DELL'UNIONE", &["DELL'", "UNIONE"]),
            ("quell'è", &["quell'", "è"]),
        ];
        for (text, want) in cases {
            assert_eq!(texts(text), *want, "{text}");
            assert_eq!(tokenize(text)[0].kind, Word);
        }
    }

    #[test]
    fn truncations_and_stray_apostrophes() {
        assert_eq!(
            toks("un po' di"),
            vec![("un", Word), ("po'", Word), ("di", Word)]
        );
        for w in [
            "be'", "mo'", "di'", "fa'", "va'", "sta'", "da'", "to'", "Po'",
        ] {
            assert_eq!(toks(w), vec![(w, Word)], "{w}");
        }
        assert_eq!(
            toks("il ‘upgrade’ atteso"),
            vec![
                ("il", Word),
                ("‘", Quote),
                ("upgrade", Word),
                ("’", Quote),
                ("atteso", Word)
            ]
        );
        assert_eq!(
            toks("'casa'"),
            vec![("'", Quote), ("casa", Word), ("'", Quote)]
        );
        assert_eq!(toks("a'"), vec![("a", Word), ("'", Quote)]);
        assert_eq!(
            toks("un po’."),
            vec![("un", Word), ("po’", Word), (".", Punct)]
        );
        assert_eq!(toks("anni '80"), vec![("anni", Word), ("'80", Number)]);
        assert_eq!(
            toks("anni ’90,"),
            vec![("anni", Word), ("’90", Number), (",", Punct)]
        );
        assert_eq!(
            toks("'800'"),
            vec![("'", Quote), ("800", Number), ("'", Quote)]
        );
        assert_eq!(toks("'8"), vec![("'", Quote), ("8", Number)]);
        assert_eq!(toks("'80."), vec![("'80", Number), (".", Punct)]);
        assert_eq!(toks("'80.5"), vec![("'", Quote), ("80.5", Number)]);
        assert_eq!(
            toks("'80-'90"),
            vec![("'80", Number), ("-", Punct), ("'90", Number)]
        );
        assert_eq!(toks("'80mila"), vec![("'", Quote), ("80mila", Number)]);
        assert_eq!(
            toks("l'8 marzo"),
            vec![("l'", Word), ("8", Number), ("marzo", Word)]
        );
        assert_eq!(toks("'a"), vec![("'", Quote), ("a", Word)]);
        assert_eq!(
            toks("dell' Ucraina"),
            vec![("dell", Word), ("'", Quote), ("Ucraina", Word)]
        );
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            ("13mila", &[("13mila", Number)]),
            ("8mila", &[("8mila", Number)]),
            ("1.500", &[("1.500", Number)]),
            ("1,5", &[("1,5", Number)]),
            ("400", &[("400", Number)]),
            ("75/o", &[("75/o", Number)]),
            ("10:01", &[("10:01", Number)]),
            ("2023-09-05", &[("2023-09-05", Number)]),
            ("5/9/2023", &[("5/9/2023", Number)]),
            ("3,5%", &[("3,5", Number), ("%", Symbol)]),
            ("2.000.000", &[("2.000.000", Number)]),
            (
                "nel 2022.",
                &[("nel", Word), ("2022", Number), (".", Punct)],
            ),
            ("2mln", &[("2mln", Number)]),
            ("24enne", &[("24enne", Number)]),
            ("€2,5", &[("€", Symbol), ("2,5", Number)]),
            ("1.", &[("1", Number), (".", Punct)]),
            (".1", &[(".", Punct), ("1", Number)]),
            (
                "1..2",
                &[("1", Number), (".", Punct), (".", Punct), ("2", Number)],
            ),
            ("1, 2", &[("1", Number), (",", Punct), ("2", Number)]),
            ("1ª", &[("1ª", Number)]),
            ("20°", &[("20", Number), ("°", Symbol)]),
        ];
        for (text, want) in cases {
            assert_eq!(toks(text), *want, "{text}");
        }
    }

    #[test]
    fn letters_then_digits_are_words() {
        for w in ["G7", "F-16", "Su-35", "COVID-19", "G20"] {
            assert_eq!(toks(w), vec![(w, Word)], "{w}");
        }
    }

    #[test]
    fn hyphenated_words() {
        assert_eq!(toks("Kim Jong-un"), vec![("Kim", Word), ("Jong-un", Word)]);
        for w in [
            "Suk-yeol",
            "nord-coreano",
            "Jong‑un",
            "F-16",
            "Covid-19",
            "anti-Nato",
        ] {
            assert_eq!(toks(w), vec![(w, Word)], "{w}");
        }
        // Capitalised names on both sides: each its own token, the hyphen between.
        assert_eq!(
            toks("Mosca-Pyongyang"),
            vec![("Mosca", Word), ("-", Punct), ("Pyongyang", Word)]
        );
        assert_eq!(
            toks("Indo-Pacifico")
                .iter()
                .map(|t| t.0)
                .collect::<Vec<_>>(),
            ["Indo", "-", "Pacifico"]
        );
        assert_eq!(toks("Ex-Urss")[0], ("Ex", Word));
        assert_eq!(
            toks("Roma - Milano"),
            vec![("Roma", Word), ("-", Punct), ("Milano", Word)]
        );
        assert_eq!(toks("Roma – Milano")[1], ("–", Punct));
        assert_eq!(
            toks("Roma—Milano"),
            vec![("Roma", Word), ("—", Punct), ("Milano", Word)]
        );
        assert_eq!(toks("pro-"), vec![("pro", Word), ("-", Punct)]);
    }

    #[test]
    fn abbreviations() {
        let words = [
            "ecc.", "etc.", "dott.", "dr.", "sig.", "sigg.", "sig.ra", "prof.", "avv.", "ing.",
            "on.", "sen.", "gen.", "col.", "mons.", "art.", "artt.", "pag.", "pagg.", "n.", "nn.",
            "vol.", "cfr.", "es.", "p.es.", "ca.", "tel.", "fig.", "cap.", "ss.", "vs.", "St.",
            "Mr.", "Mrs.", "Jr.", "S.", "a.C.", "d.C.", "S.p.A.", "U.S.A.", "U.S.", "S.r.l.",
            "Dott.", "ECC.", "dott.ssa", "K.",
        ];
        for w in words {
            assert_eq!(toks(w), vec![(w, Abbreviation)], "{w}");
        }
        assert_eq!(
            toks("Sergei K. Shoigu"),
            vec![("Sergei", Word), ("K.", Abbreviation), ("Shoigu", Word)]
        );
        assert_eq!(toks("art.3"), vec![("art.", Abbreviation), ("3", Number)]);
        assert_eq!(toks("casa."), vec![("casa", Word), (".", Punct)]);
        assert_eq!(toks("ecc..."), vec![("ecc", Word), ("...", Punct)]);
        assert_eq!(toks("a.b"), vec![("a", Word), (".", Punct), ("b", Word)]);
        assert_eq!(toks("S.p.A"), vec![("S.p.A", Abbreviation)]);
        assert_eq!(toks("la sig.ra Rossi")[1], ("sig.ra", Abbreviation));
        assert_eq!(toks("Jong-un."), vec![("Jong-un", Word), (".", Punct)]);
        assert_eq!(toks("sig.ri"), vec![("sig.ri", Abbreviation)]);
        assert_eq!(
            toks("sig.rina"),
            vec![("sig.", Abbreviation), ("rina", Word)]
        );
        assert_eq!(
            toks("a.bcde"),
            vec![("a", Word), (".", Punct), ("bcde", Word)]
        );
        assert_eq!(
            toks("dott.Rossi"),
            vec![("dott.", Abbreviation), ("Rossi", Word)]
        );
        assert_eq!(
            toks("Š. Rossi"),
            vec![("Š.", Abbreviation), ("Rossi", Word)]
        );
        assert_eq!(toks("Cosa."), vec![("Cosa", Word), (".", Punct)]);
        assert_eq!(
            texts("(art. 3, c. 2, d.lgs. 81/2008)"),
            ["(", "art.", "3", ",", "c.", "2", ",", "d.lgs.", "81/2008", ")"]
        );
    }

    #[test]
    fn quotes() {
        let text = "«a» “b” ‘c’ \"d\" „e‚ ‹f›";
        let kinds: Vec<_> = toks(text)
            .into_iter()
            .filter(|(_, k)| *k == Quote)
            .map(|(s, _)| s)
            .collect();
        assert_eq!(
            kinds,
            ["«", "»", "“", "”", "‘", "’", "\"", "\"", "„", "‚", "‹", "›"]
        );
    }

    #[test]
    fn links_and_tags() {
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            (
                "https://www.ansa.it/a/b.html.",
                &[("https://www.ansa.it/a/b.html", Url), (".", Punct)],
            ),
            (
                "(http://x.it/?q=1)",
                &[("(", Punct), ("http://x.it/?q=1", Url), (")", Punct)],
            ),
            (
                "www.corriere.it,",
                &[("www.corriere.it", Url), (",", Punct)],
            ),
            (
                "«www.rai.it»",
                &[("«", Quote), ("www.rai.it", Url), ("»", Quote)],
            ),
            (
                "scrivi a nome.cognome@esempio.it.",
                &[
                    ("scrivi", Word),
                    ("a", Word),
                    ("nome.cognome@esempio.it", Email),
                    (".", Punct),
                ],
            ),
            ("info@ansa.it", &[("info@ansa.it", Email)]),
            ("#Ucraina", &[("#Ucraina", Hashtag)]),
            ("@Cremlino.", &[("@Cremlino", Handle), (".", Punct)]),
            ("@", &[("@", Symbol)]),
            ("#", &[("#", Symbol)]),
            (
                "http://",
                &[("http", Word), (":", Punct), ("/", Symbol), ("/", Symbol)],
            ),
            ("a @ b", &[("a", Word), ("@", Symbol), ("b", Word)]),
            ("x@y", &[("x", Word), ("@y", Handle)]),
        ];
        for (text, want) in cases {
            assert_eq!(toks(text), *want, "{text}");
        }
    }

    #[test]
    fn punctuation_runs() {
        let cases: &[(&str, &[&str])] = &[
            ("Ma...", &["Ma", "..."]),
            ("Ma…", &["Ma", "…"]),
            ("Ma?!", &["Ma", "?!"]),
            ("Ma!!", &["Ma", "!!"]),
            ("Ma.......", &["Ma", "......."]),
            ("a,b;c:d", &["a", ",", "b", ";", "c", ":", "d"]),
            ("(sì)", &["(", "sì", ")"]),
        ];
        for (text, want) in cases {
            assert_eq!(texts(text), *want, "{text}");
        }
        assert!(tokenize("€$£%°§&+=<>*/\\|~^")
            .iter()
            .all(|t| t.kind == Symbol));
        assert_eq!(tokenize("€$£%°§&+=<>*/\\|~^").len(), 17);
    }

    #[test]
    fn spaces_of_every_kind() {
        let text = "a\u{00A0}b\u{202F}c\u{2007}d\u{200B}e\u{FEFF}f\u{0}g\u{7}h\r\ni\tj";
        assert_eq!(
            texts(text),
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        );
        assert_eq!(texts("\u{FEFF}Roma"), ["Roma"]);
        assert_eq!(texts("Roma\r\nMilano\r\n"), ["Roma", "Milano"]);
        assert_eq!(texts("10\u{00A0}000 euro"), ["10", "000", "euro"]);
    }

    #[test]
    fn unicode_words() {
        let nfd = "citta\u{0300} e\u{0301}";
        assert_eq!(
            toks(nfd),
            vec![("citta\u{0300}", Word), ("e\u{0301}", Word)]
        );
        assert_eq!(
            toks("Путин e 김정은"),
            vec![("Путин", Word), ("e", Word), ("김정은", Word)]
        );
        assert_eq!(toks("perché così"), vec![("perché", Word), ("così", Word)]);
        assert_eq!(texts("\u{0301}"), Vec::<&str>::new());
        assert_eq!(texts(" \u{0301}a"), ["a"]);
        assert_eq!(toks("Šefčovič"), vec![("Šefčovič", Word)]);
    }

    #[test]
    fn emoji() {
        assert_eq!(
            toks("Ciao 👋🏽 🇮🇹 👨‍👩‍👧"),
            vec![("Ciao", Word), ("👋🏽", Emoji), ("🇮🇹", Emoji), ("👨‍👩‍👧", Emoji)]
        );
        assert_eq!(toks("❤️🔥"), vec![("❤️", Emoji), ("🔥", Emoji)]);
        assert_eq!(
            toks("1️⃣ #️⃣ *️⃣"),
            vec![("1️⃣", Emoji), ("#️⃣", Emoji), ("*️⃣", Emoji)]
        );
        assert_eq!(toks("*️⃣".repeat(10_000).as_str()).len(), 10_000);
        assert_eq!(toks("E' stato"), vec![("E'", Word), ("stato", Word)]);
        assert_eq!(toks("🇮🇹🇫🇷"), vec![("🇮🇹", Emoji), ("🇫🇷", Emoji)]);
        assert_eq!(toks("sì👍"), vec![("sì", Word), ("👍", Emoji)]);
        assert_eq!(toks("🏴󠁧󠁢󠁳󠁣󠁴󠁿"), vec![("🏴󠁧󠁢󠁳󠁣󠁴󠁿", Emoji)]);
    }

    #[test]
    fn lavrov_sentence() {
        let text = "Russia e Usa “sono sull’orlo di un conflitto militare diretto“, ha detto \
                    Sergei Lavrov in un’intervista.";
        let want = [
            ("Russia", Word),
            ("e", Word),
            ("Usa", Word),
            ("“", Quote),
            ("sono", Word),
            ("sull’", Word),
            ("orlo", Word),
            ("di", Word),
            ("un", Word),
            ("conflitto", Word),
            ("militare", Word),
            ("diretto", Word),
            ("“", Quote),
            (",", Punct),
            ("ha", Word),
            ("detto", Word),
            ("Sergei", Word),
            ("Lavrov", Word),
            ("in", Word),
            ("un’", Word),
            ("intervista", Word),
            (".", Punct),
        ];
        assert_eq!(toks(text), want);
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // reversed ranges are the point of the test
    fn ranges_are_offsets_into_the_whole_text() {
        let text = "Titolo.\n\nIl dott. Rossi è qui.";
        let mut out = Vec::new();
        tokenize_into(text, 9..text.len(), &mut out);
        let got: Vec<_> = out.iter().map(|t| t.text(text)).collect();
        assert_eq!(got, ["Il", "dott.", "Rossi", "è", "qui", "."]);
        assert_eq!(out[0].start, 9);
        // The range end bounds look-ahead: `dott` is not seen as `dott.`.
        out.clear();
        tokenize_into(text, 9..16, &mut out);
        assert_eq!(
            out.iter().map(|t| t.text(text)).collect::<Vec<_>>(),
            ["Il", "dott"]
        );
        // Bad ranges are narrowed, not a panic.
        for range in [0..1000, 50..10, 2..1, 27..29, 28..29] {
            out.clear();
            tokenize_into(text, range, &mut out);
        }
        out.clear();
        tokenize_into("è", 1..2, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn nasty_inputs_round_trip() {
        let many_open = "«".repeat(10_000);
        let nested = "«««»»»".repeat(1000);
        let mut mixes = Vec::new();
        let pieces = [
            "'", "’", "«", "»", "1", "9", ".", ",", "..", " ", "a", "é", "\u{0301}", "-", "@", "#",
            "/", "😀", "\u{200D}", "🇮", ":", "w", "h", "http://",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            mixes.push(s);
        }
        let fixed = [
            "",
            " ",
            "     \t\n",
            "''''",
            "...........",
            "a'",
            "'a",
            "1.",
            ".1",
            "1..2",
            "http://",
            "https://.",
            "www.",
            "@",
            "#",
            "\u{0301}",
            "\u{0}\u{0}",
            "\u{1}x\u{1b}",
            "a@b.",
            "a@",
            "@@@",
            "x.y@z",
            "..@..",
            "-",
            "--a--",
            "a-",
            "-1",
            "1-",
            "1/",
            "1/o",
            "S.",
            "S.p.",
            "s.p.a.b.c.d.e.f",
            "\u{FE0F}",
            "\u{200D}\u{200D}",
            "🇮",
            "👨\u{200D}",
            "\u{20E3}",
            "1\u{FE0F}",
            "a\u{200C}",
            "sig.",
            "sig.r",
            "po’",
            "’’’",
            "?!?!?!",
        ];
        for text in fixed
            .iter()
            .copied()
            .chain([many_open.as_str(), nested.as_str()])
            .chain(mixes.iter().map(String::as_str))
        {
            check_offsets(text);
        }
        assert_eq!(tokenize(&many_open).len(), 10_000);
        assert_eq!(tokenize(&nested).len(), 6000);
        assert_eq!(tokenize("...........").len(), 1);
        assert!(tokenize("").is_empty());
        assert!(tokenize("   ").is_empty());
        assert_eq!(tokenize("''''").len(), 4);
    }

    #[test]
    fn long_runs_stay_linear_in_shape() {
        // Pathological shapes for look-ahead: if any rescanned, these would crawl.
        let dots = "a.".repeat(50_000);
        check_offsets(&dots);
        let at = "a.".repeat(50_000) + "@";
        check_offsets(&at);
        let local = "a-".repeat(50_000) + "@x";
        check_offsets(&local);
        let url = "www.".to_string() + &".".repeat(50_000);
        check_offsets(&url);
    }
}
