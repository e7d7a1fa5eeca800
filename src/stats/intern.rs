//! Strings as small integer ids, per batch of articles, and the merge of batch ids into one
//! numbering: the statistics count ids, not strings.

use rustc_hash::FxHashMap;

#[derive(Clone, Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(Box::from(name), id);
        self.names.push(Box::from(name));
        id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }

    /// Adds the names of `other`; returns the id here of each of its ids.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        other.names.iter().map(|n| self.id(n)).collect()
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
        assert_eq!(a.absorb(&b), [1, 0]);
        assert_eq!(a.name(1), "putin");
    }
}
