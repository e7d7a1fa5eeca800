//! Strings as small integer ids, per batch of articles, and the merge of batch ids into one
//! numbering: the statistics count ids, not strings.
//!
//! Names live end to end in one buffer and the hash table holds only ids, so interning
//! thousands of names makes no allocation per name.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

#[derive(Clone, Debug, Default)]
pub struct Interner {
    ids: HashTable<u32>,
    text: String,
    /// Name `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
}

impl Interner {
    pub fn id(&mut self, name: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(name);
        let (text, ends) = (&self.text, &self.ends);
        if let Some(&id) = self.ids.find(hash, |&id| slice(text, ends, id) == name) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(name);
        self.ends.push(self.text.len());
        let (text, ends) = (&self.text, &self.ends);
        self.ids.insert_unique(hash, id, |&other| {
            FxBuildHasher.hash_one(slice(text, ends, other))
        });
        id
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn name(&self, id: u32) -> &str {
        if (id as usize) < self.ends.len() {
            slice(&self.text, &self.ends, id)
        } else {
            ""
        }
    }

    /// The names, in id order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|id| self.name(id))
    }

    /// Adds the names of `other`; returns the id here of each of its ids.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        other.names().map(|n| self.id(n)).collect()
    }
}

fn slice<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &text[start..ends[i]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorbing_renumbers() {
        let mut a = Interner::default();
        assert_eq!(a.id("kim"), 0);
        let mut b = Interner::default();
        b.id("putin");
        b.id("kim");
        assert_eq!(b.id("putin"), 0);
        assert_eq!(a.absorb(&b), [1, 0]);
        assert_eq!(a.name(1), "putin");
        assert_eq!(a.name(7), "");
        assert_eq!(a.names().collect::<Vec<_>>(), ["kim", "putin"]);
    }

    #[test]
    fn many_names_survive_growth() {
        let mut names = Interner::default();
        for i in 0..10_000 {
            assert_eq!(names.id(&format!("n{i}")), i);
        }
        for i in (0..10_000).rev() {
            assert_eq!(names.id(&format!("n{i}")), i);
            assert_eq!(names.name(i), format!("n{i}"));
        }
    }
}
