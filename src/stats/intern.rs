//! Strings as small integer ids, per batch of articles, and the merge of batch ids into one
//! numbering: the statistics count ids, not strings.
//!
//! Names live end to end in one buffer (`Strings`) and the hash table holds only ids, each
//! with half of its name's hash: interning thousands of names makes no allocation per name,
//! and neither growing the table nor absorbing another interner hashes a name again. Ids are
//! given in order of first appearance, so the names come out as a vocabulary in that order.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::strings::Strings;

/// Two interners are equal when they hold the same names under the same ids.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    /// Per name: the high half of its hash above its id.
    ids: HashTable<u64>,
    /// Name `i` is `names[i]`.
    names: Strings,
}

/// The half of a name's hash an interner keeps.
fn half_hash(name: &str) -> u32 {
    (FxBuildHasher.hash_one(name) >> 32) as u32
}

/// The table hash of a kept half: spread again over 64 bits, as the table wants its high bits
/// (tags) and low bits (buckets) to vary.
fn spread(half: u32) -> u64 {
    u64::from(half).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn entry_id(entry: u64) -> u32 {
    entry as u32
}

fn entry_half(entry: u64) -> u32 {
    (entry >> 32) as u32
}

impl Interner {
    pub fn id(&mut self, name: &str) -> u32 {
        self.id_with_hash(name, half_hash(name))
    }

    fn id_with_hash(&mut self, name: &str, half: u32) -> u32 {
        let names = &self.names;
        let found = self.ids.find(spread(half), |&entry| {
            entry_half(entry) == half && &names[entry_id(entry) as usize] == name
        });
        if let Some(&entry) = found {
            return entry_id(entry);
        }
        let id = self.names.len() as u32;
        self.names.push(name);
        self.ids.insert_unique(
            spread(half),
            u64::from(half) << 32 | u64::from(id),
            |&entry| spread(entry_half(entry)),
        );
        id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn name(&self, id: u32) -> &str {
        if (id as usize) < self.names.len() {
            &self.names[id as usize]
        } else {
            ""
        }
    }

    /// Starts loading where name `id` starts and ends; see [`Strings::prefetch_bounds`].
    pub fn prefetch_name_bounds(&self, id: u32) {
        self.names.prefetch_bounds(id as usize);
    }

    /// Starts loading name `id`'s first bytes; see [`Strings::prefetch_text`].
    pub fn prefetch_name_text(&self, id: u32) {
        self.names.prefetch_text(id as usize);
    }

    /// The names, in id order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter()
    }

    /// Adds the names of `other`, in its id order; returns the id here of each of its ids.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        self.ids
            .reserve(other.len(), |&entry| spread(entry_half(entry)));
        let mut halves = vec![0; other.len()];
        for &entry in &other.ids {
            halves[entry_id(entry) as usize] = entry_half(entry);
        }
        other
            .names()
            .zip(halves)
            .map(|(name, half)| self.id_with_hash(name, half))
            .collect()
    }
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.names == other.names
    }
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
