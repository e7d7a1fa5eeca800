//! The BILOU tag set over PER, LOC and ORG, its valid transitions, and tags ↔ spans.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An entity type, as the KIND guidelines define it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    Per,
    Loc,
    Org,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Per, Label::Loc, Label::Org];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
        }
    }

    /// The label named `name` (`PER`, `LOC`, `ORG`, any case).
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(name))
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity: byte offsets `start..end` into the text it was found in, and its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// Tag 0 is `O`; then four per label, in the order B, I, L, U.
pub(crate) const NTAGS: usize = 1 + 4 * Label::ALL.len();
pub(crate) const O: usize = 0;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

pub(crate) fn tag(label: Label, part: Part) -> usize {
    1 + label.index() * 4 + part as usize
}

/// The label and part of a tag other than `O`.
pub(crate) fn split(tag: usize) -> Option<(Label, Part)> {
    if tag == O || tag >= NTAGS {
        return None;
    }
    let label = Label::ALL[(tag - 1) / 4];
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][(tag - 1) % 4];
    Some((label, part))
}

/// Whether `next` may follow `prev` (`None` is the start of the sequence). An open entity must
/// go on with I or L of its own label; anything else must start after a closed one.
pub(crate) fn allowed(prev: Option<usize>, next: usize) -> bool {
    let open = prev
        .and_then(split)
        .filter(|(_, p)| matches!(p, Part::Begin | Part::Inside));
    match (open, split(next)) {
        (Some((l, _)), Some((m, p))) => l == m && matches!(p, Part::Inside | Part::Last),
        (Some(_), None) => false,
        (None, Some((_, p))) => matches!(p, Part::Begin | Part::Unit),
        (None, None) => true,
    }
}

/// Whether a sequence may end on `last`.
pub(crate) fn may_end(last: usize) -> bool {
    !matches!(split(last), Some((_, Part::Begin | Part::Inside)))
}

/// BILOU tags for `n` tokens from entities given as token ranges `[first, last]`. Overlapping
/// ranges keep the first one.
pub(crate) fn encode(n: usize, entities: &[(usize, usize, Label)]) -> Vec<usize> {
    let mut tags = vec![O; n];
    for &(first, last, label) in entities {
        if first > last || last >= n || tags[first..=last].iter().any(|&t| t != O) {
            continue;
        }
        if first == last {
            tags[first] = tag(label, Part::Unit);
        } else {
            tags[first] = tag(label, Part::Begin);
            for t in &mut tags[first + 1..last] {
                *t = tag(label, Part::Inside);
            }
            tags[last] = tag(label, Part::Last);
        }
    }
    tags
}

/// Token ranges `[first, last]` of the entities a tag sequence spells. Tolerates invalid
/// sequences (a stray I or L opens an entity) so that it never loses a token.
pub(crate) fn decode(tags: &[usize]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Label)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            None => {
                if let Some((s, l)) = open.take() {
                    out.push((s, i - 1, l));
                }
            }
            Some((label, part)) => {
                if let Some((s, l)) = open {
                    if l != label || matches!(part, Part::Begin | Part::Unit) {
                        out.push((s, i - 1, l));
                        open = None;
                    }
                }
                let start = open.map_or(i, |(s, _)| s);
                match part {
                    Part::Begin | Part::Inside => open = Some((start, label)),
                    Part::Last | Part::Unit => {
                        out.push((start, i, label));
                        open = None;
                    }
                }
            }
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len() - 1, l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let ents = vec![(0, 0, Label::Per), (2, 4, Label::Org), (5, 6, Label::Loc)];
        let tags = encode(8, &ents);
        assert_eq!(decode(&tags), ents);
        for w in tags.windows(2) {
            assert!(allowed(Some(w[0]), w[1]));
        }
        assert!(allowed(None, tags[0]) && may_end(tags[7]));
    }

    #[test]
    fn transitions() {
        let b = tag(Label::Per, Part::Begin);
        assert!(allowed(Some(b), tag(Label::Per, Part::Last)));
        assert!(!allowed(Some(b), tag(Label::Org, Part::Last)));
        assert!(!allowed(Some(b), O));
        assert!(!allowed(None, tag(Label::Loc, Part::Inside)));
        assert!(!may_end(b));
        assert_eq!(Label::from_name("org"), Some(Label::Org));
    }

    #[test]
    fn decode_tolerates_invalid_sequences() {
        let i = tag(Label::Loc, Part::Inside);
        assert_eq!(
            decode(&[i, O, i]),
            vec![(0, 0, Label::Loc), (2, 2, Label::Loc)]
        );
    }
}
