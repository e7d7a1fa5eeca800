//! Near-duplicates: articles that tell one story in (nearly) the same words, as agency wires
//! republished with small edits. Word shingles of each article's content
//! ([`shingles`]), MinHash signatures ([`minhash`]) per part of a corpus ([`signatures`]),
//! candidate pairs by LSH banding over the merged signatures, then exact Jaccard and
//! containment on the candidates, and groups ([`groups`]).

pub mod groups;
pub mod minhash;
pub mod shingles;
pub mod signatures;

pub use groups::{candidates, group, Candidates, GroupOptions, Member, Members, Relation, Row};
pub use signatures::Signatures;
