//! A hash table of short word forms keyed by value, for look-ups by the million: the hot loop
//! of counting terms in raw texts.
//!
//! A form of up to [`INLINE`] bytes is its own key (two numbers, no string). Buckets hold
//! only a piece of the hash and the index of the entry, so the table a look-up probes stays
//! small; entries sit in order of first appearance, so a language's common words, met first,
//! share a few cache lines. Callers that know their next keys ask for their buckets early
//! ([`FormTable::prefetch`]), and the look-ups of a document overlap instead of waiting on
//! memory one after the other.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// The longest form, in bytes, that is a key by value.
pub const INLINE: usize = 16;

/// A form of up to `INLINE` bytes, zero-padded, as two numbers, with its length and a class
/// the caller chooses (one form may mean different things in two classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShortKey {
    low: u64,
    high: u64,
    tag: u32,
}

impl ShortKey {
    /// The key of `form` (at most `INLINE` bytes) in `class` (below 2^24).
    pub fn new(form: &[u8], class: u32) -> Self {
        let mut bytes = [0u8; INLINE];
        bytes[..form.len()].copy_from_slice(form);
        Self::from_bytes(bytes, form.len(), class)
    }

    /// The key of the `len` bytes (at most `INLINE`) at `start` in `text`, read as two
    /// 8-byte words when the text goes on far enough, ASCII letters lower-cased when asked:
    /// what `new` gives for those bytes (lower-cased), without copying them one by one; or
    /// `None` when a byte is not ASCII, told from the same two words, not by a second scan.
    pub fn ascii(
        text: &[u8],
        start: usize,
        len: usize,
        lowercase: bool,
        class: u32,
    ) -> Option<Self> {
        let mut key = match text.get(start..start + INLINE) {
            Some(window) => {
                let word = |at: usize| {
                    let mut eight = [0u8; 8];
                    eight.copy_from_slice(&window[at..at + 8]);
                    u64::from_le_bytes(eight)
                };
                Self {
                    low: word(0) & low_bytes(len),
                    high: word(8) & low_bytes(len.saturating_sub(8)),
                    tag: len as u32 | class << 8,
                }
            }
            None => Self::new(&text[start..start + len], class),
        };
        if (key.low | key.high) & HIGH_BITS != 0 {
            return None;
        }
        if lowercase {
            key.low = ascii_lowercase(key.low);
            key.high = ascii_lowercase(key.high);
        }
        Some(key)
    }

    fn from_bytes(bytes: [u8; INLINE], len: usize, class: u32) -> Self {
        let mut low = [0u8; 8];
        let mut high = [0u8; 8];
        low.copy_from_slice(&bytes[..8]);
        high.copy_from_slice(&bytes[8..]);
        Self {
            low: u64::from_le_bytes(low),
            high: u64::from_le_bytes(high),
            tag: len as u32 | class << 8,
        }
    }

    pub fn len(&self) -> usize {
        (self.tag & 0xff) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn class(&self) -> u32 {
        self.tag >> 8
    }

    /// The form's bytes: the first `len()` of the result.
    pub fn bytes(&self) -> [u8; INLINE] {
        let mut bytes = [0u8; INLINE];
        bytes[..8].copy_from_slice(&self.low.to_le_bytes());
        bytes[8..].copy_from_slice(&self.high.to_le_bytes());
        bytes
    }

    pub fn hash(&self) -> u64 {
        FxBuildHasher.hash_one(self)
    }
}

/// A mask of the low `n` bytes of a word (all of them from 8 on).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// The high bit of each of eight bytes: set in a byte that is not ASCII.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Lower-cases the eight ASCII bytes packed in `x` at once (each byte below 0x80).
fn ascii_lowercase(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Adding to bytes below 0x80 never carries into the next byte: the high bit of each sum
    // says whether the byte is at least `A`, or more than `Z`.
    let at_least_a = x + ONES * u64::from(0x80 - b'A');
    let beyond_z = x + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !beyond_z & HIGH_BITS;
    x | upper >> 2
}

#[derive(Clone, Copy, Debug)]
struct Entry<V> {
    key: ShortKey,
    value: V,
}

/// Short forms and a value for each, found by hash with linear probing in a table at most
/// half full.
#[derive(Clone, Debug)]
pub struct FormTable<V> {
    /// 0 when empty, else the hash's high half above the entry's index + 1.
    buckets: Vec<u64>,
    entries: Vec<Entry<V>>,
}

impl<V: Copy> Default for FormTable<V> {
    fn default() -> Self {
        Self {
            buckets: vec![0; 1024],
            entries: Vec::new(),
        }
    }
}

impl<V: Copy> FormTable<V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn mask(&self) -> usize {
        self.buckets.len() - 1
    }

    /// The value of `key`, whose hash is `hash` (`key.hash()`).
    #[inline]
    pub fn get(&self, key: &ShortKey, hash: u64) -> Option<V> {
        let mask = self.mask();
        let high = hash & !u64::from(u32::MAX);
        let mut at = hash as usize & mask;
        loop {
            let bucket = self.buckets[at];
            if bucket == 0 {
                return None;
            }
            if bucket & !u64::from(u32::MAX) == high {
                let entry = &self.entries[(bucket as u32 - 1) as usize];
                if entry.key == *key {
                    return Some(entry.value);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds `key`, which must not be in the table yet, with `value`.
    pub fn insert(&mut self, key: ShortKey, hash: u64, value: V) {
        if 2 * (self.entries.len() + 1) > self.buckets.len() {
            self.grow();
        }
        self.entries.push(Entry { key, value });
        self.place(hash, self.entries.len() as u32);
    }

    fn place(&mut self, hash: u64, index_plus_one: u32) {
        let mask = self.mask();
        let mut at = hash as usize & mask;
        while self.buckets[at] != 0 {
            at = (at + 1) & mask;
        }
        self.buckets[at] = hash & !u64::from(u32::MAX) | u64::from(index_plus_one);
    }

    fn grow(&mut self) {
        self.buckets = vec![0; 2 * self.buckets.len()];
        for i in 0..self.entries.len() {
            let hash = self.entries[i].key.hash();
            self.place(hash, i as u32 + 1);
        }
    }

    /// Starts loading the bucket where a look-up of `hash` begins.
    #[inline(always)]
    pub fn prefetch(&self, hash: u64) {
        crate::prefetch::prefetch(&self.buckets, hash as usize & self.mask());
    }

    /// Starts loading the entry the bucket of `hash` points to, when that bucket is taken
    /// (by the key, usually): call it a little after [`prefetch`](Self::prefetch).
    #[inline(always)]
    pub fn prefetch_entry(&self, hash: u64) {
        let bucket = self.buckets[hash as usize & self.mask()];
        if bucket != 0 {
            crate::prefetch::prefetch(&self.entries, (bucket as u32 - 1) as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lowercase_touches_only_capitals() {
        let all: Vec<u8> = (0u8..0x80).collect();
        for chunk in all.chunks(8) {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            let lowered = ascii_lowercase(u64::from_le_bytes(bytes)).to_le_bytes();
            let expected: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lowered.to_vec(), expected);
        }
    }

    #[test]
    fn keys_read_from_text_equal_keys_of_copied_bytes() {
        let text = b"Il LEADER di Pyongyang, Kim Jong-un, incontra Putin.";
        for start in 0..text.len() {
            for len in 0..=INLINE.min(text.len() - start) {
                let word = &text[start..start + len];
                let lower: Vec<u8> = word.iter().map(u8::to_ascii_lowercase).collect();
                assert_eq!(
                    ShortKey::ascii(text, start, len, true, 3),
                    Some(ShortKey::new(&lower, 3))
                );
                assert_eq!(
                    ShortKey::ascii(text, start, len, false, 0),
                    Some(ShortKey::new(word, 0))
                );
            }
        }
        // A byte beyond ASCII in the form, near the text's end or not, gives no key; one
        // just after the form does not matter.
        let text = "Città e perché, è così".as_bytes();
        for start in 0..text.len() {
            for len in 0..=INLINE.min(text.len() - start) {
                let ascii = text[start..start + len].is_ascii();
                let key = ShortKey::ascii(text, start, len, true, 0);
                assert_eq!(key.is_some(), ascii, "{start}..{}", start + len);
            }
        }
        let key = ShortKey::new(b"kim", 1);
        assert_eq!((key.len(), key.class()), (3, 1));
        assert_eq!(&key.bytes()[..3], b"kim");
        assert_ne!(key, ShortKey::new(b"kim", 0));
        assert_ne!(ShortKey::new(b"a", 0), ShortKey::new(b"a\0", 0));
    }

    #[test]
    fn a_table_finds_what_it_holds_through_growth() {
        let mut table = FormTable::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, word) in words.iter().enumerate() {
            let key = ShortKey::new(word.as_bytes(), 0);
            assert_eq!(table.get(&key, key.hash()), None);
            table.insert(key, key.hash(), i);
            table.prefetch(key.hash());
            table.prefetch_entry(key.hash());
        }
        assert_eq!(table.len(), words.len());
        for (i, word) in words.iter().enumerate() {
            let key = ShortKey::new(word.as_bytes(), 0);
            assert_eq!(table.get(&key, key.hash()), Some(i));
            let other = ShortKey::new(word.as_bytes(), 1);
            assert_eq!(table.get(&other, other.hash()), None);
        }
    }
}
