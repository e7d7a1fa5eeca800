//! Many strings in one buffer: the vocabularies of the counts and of the interner.

use std::borrow::Cow;
use std::fmt;

use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Many strings in one buffer, one allocation for a whole vocabulary: string `i` ends at
/// `ends[i]` and starts where string `i - 1` ends. A vocabulary of a million terms is two
/// allocations, not a million.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    pub fn with_capacity(strings: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(strings),
        }
    }

    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// Appends the string `write` writes into the buffer.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.text);
        self.ends.push(self.text.len());
    }

    /// Appends the strings of `other`, in order.
    pub fn append(&mut self, other: &Strings) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|&end| base + end));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Starts loading where string `i` starts and ends, without waiting for it.
    pub fn prefetch_bounds(&self, i: usize) {
        crate::prefetch::prefetch(&self.ends, i.saturating_sub(1));
    }

    /// Starts loading string `i`'s first bytes, without waiting for them; worth it once its
    /// bounds are in the cache.
    pub fn prefetch_text(&self, i: usize) {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        crate::prefetch::prefetch(self.text.as_bytes(), start);
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The strings at `indices`, in that order.
    pub fn select(&self, indices: &[u32]) -> Self {
        let bytes = indices.iter().map(|&i| self[i as usize].len()).sum();
        let mut out = Self::with_capacity(indices.len(), bytes);
        for &i in indices {
            out.push(&self[i as usize]);
        }
        out
    }
}

impl std::ops::Index<usize> for Strings {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
    }
}

impl<S: AsRef<str>> FromIterator<S> for Strings {
    fn from_iter<I: IntoIterator<Item = S>>(strings: I) -> Self {
        let mut out = Self::default();
        for s in strings {
            out.push(s.as_ref());
        }
        out
    }
}

/// Written as a sequence of strings, so that no buffer offsets travel (and none can be
/// wrong when read back).
impl Serialize for Strings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for s in self.iter() {
            seq.serialize_element(s)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringsVisitor;

        impl<'de> Visitor<'de> for StringsVisitor {
            type Value = Strings;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence of strings")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                // The hint comes from the input: trust it only so far.
                let mut out = Strings::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16), 0);
                while let Some(s) = seq.next_element::<Cow<'de, str>>()? {
                    out.push(&s);
                }
                Ok(out)
            }
        }

        deserializer.deserialize_seq(StringsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_strings_follow_in_order() {
        let mut strings: Strings = ["kim", ""].into_iter().collect();
        strings.append(&["putin", "città"].into_iter().collect());
        strings.append(&Strings::default());
        assert!(strings.iter().eq(["kim", "", "putin", "città"]));
    }

    #[test]
    fn strings_travel_as_a_sequence() {
        let strings: Strings = ["kim", "", "città"].into_iter().collect();
        let bytes = postcard::to_allocvec(&strings).unwrap();
        let back: Strings = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, strings);
        assert!(postcard::from_bytes::<Strings>(&bytes[..bytes.len() - 1]).is_err());
    }
}
