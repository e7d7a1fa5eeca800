//! Document-level consistency: how the first stage labelled the same word, and the same name,
//! elsewhere in the document, as features for the second stage (stacking, as in Krishnan and
//! Manning 2006, "An effective two-stage model for exploiting non-local dependencies").
//!
//! A name is often written out in full once (`Fondazione Wikimedia`, `Alinghi Team`) and then
//! repeated short, in contexts that alone say little; the first stage gets some of the
//! mentions right, and these features let the second stage carry that over to the others.

use super::features::bucket;
use super::lexicon::{mix, HashKeyed};
use super::tags::{self, Part, O};

/// What the second stage needs to know of one token of the document.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DocToken {
    /// Hash of the normalised form (as `TokenInfo::word`).
    pub word: u64,
    /// Starts with a capital letter.
    pub cap: bool,
    /// Sentence-initial, or after punctuation that opens a clause (a capital says little there).
    pub initial: bool,
    /// First token of its sentence: names never run across sentences.
    pub first: bool,
    /// The first stage's BILOU tag.
    pub tag: u8,
}

/// Word classes counted per form: 0 is outside any entity; then, per label, inside a
/// one-token entity and inside a longer one.
const WORD_CLASSES: usize = 7;
/// Name classes counted per token sequence: 0 is a capitalised run the first stage did not
/// tag as exactly that entity; then one per label.
const NAME_CLASSES: usize = 4;

/// Per-document counts, reused from one document to the next.
#[derive(Default)]
pub(crate) struct DocMemory {
    words: HashKeyed<[u16; WORD_CLASSES]>,
    names: HashKeyed<[u16; NAME_CLASSES]>,
    /// Per token: its word class, and its name key with class and part (if any).
    word_class: Vec<u8>,
    name_of: Vec<Option<(u64, u8, u8)>>,
}

/// Template numbers of the document features (the base features use 1..=72).
const T_STAGE1: u64 = 100;
const T_WORD_MAJORITY: u64 = 101;
const T_WORD_SEEN: u64 = 102;
const T_WORD_SHARE: u64 = 103;
const T_WORD_ALONE: u64 = 104;
const T_NAME_MAJORITY: u64 = 105;
const T_NAME_SEEN: u64 = 106;

impl DocMemory {
    /// Appends, for every token of the document, its document features to `feats`, and the
    /// end of each token's features to `offsets` (which must hold the start already).
    pub fn features(
        &mut self,
        doc: &[DocToken],
        shift: u32,
        feats: &mut Vec<u32>,
        offsets: &mut Vec<usize>,
    ) {
        self.count(doc);
        for (i, t) in doc.iter().enumerate() {
            self.token_features(i, t, shift, feats);
            offsets.push(feats.len());
        }
    }

    fn count(&mut self, doc: &[DocToken]) {
        self.words.clear();
        self.names.clear();
        self.word_class.clear();
        self.name_of.clear();
        self.name_of.resize(doc.len(), None);
        for t in doc {
            let class = match tags::split(usize::from(t.tag)) {
                None => 0,
                Some((label, part)) => 1 + 2 * label as u8 + u8::from(!matches!(part, Part::Unit)),
            };
            self.word_class.push(class);
            self.words.entry(t.word).or_default()[usize::from(class)] += 1;
        }
        // Entities of the first stage, and capitalised runs, as token sequences.
        let mut i = 0;
        while i < doc.len() {
            let (end, class) = match tags::split(usize::from(doc[i].tag)) {
                Some((label, _)) => (span_end(doc, i), 1 + label as u8),
                None if doc[i].cap => (run_end(doc, i), 0),
                None => {
                    i += 1;
                    continue;
                }
            };
            let key = doc[i..end].iter().fold(NAME_SEED, |h, t| mix(h ^ t.word));
            self.names.entry(key).or_default()[usize::from(class)] += 1;
            for (k, slot) in self.name_of[i..end].iter_mut().enumerate() {
                let part = if end - i == 1 {
                    Part::Unit
                } else if k == 0 {
                    Part::Begin
                } else if i + k + 1 == end {
                    Part::Last
                } else {
                    Part::Inside
                };
                *slot = Some((key, class, part as u8));
            }
            i = end;
        }
    }

    fn token_features(&self, i: usize, t: &DocToken, shift: u32, out: &mut Vec<u32>) {
        let mut push = |template: u64, value: u64| out.push(bucket(template, value, shift));
        let cap = u64::from(t.cap) | u64::from(t.initial) << 1;
        push(T_STAGE1, u64::from(t.tag) | cap << 8);
        let own = self.word_class[i];
        let mut others = self.words.get(&t.word).copied().unwrap_or_default();
        others[usize::from(own)] = others[usize::from(own)].saturating_sub(1);
        let total: u32 = others.iter().map(|&c| u32::from(c)).sum();
        let entity = total - u32::from(others[0]);
        if total == 0 {
            if t.cap {
                push(T_WORD_ALONE, cap);
            }
        } else if t.cap || entity > 0 {
            let own_label = u64::from(own.div_ceil(2));
            push(T_WORD_MAJORITY, argmax(&others) | cap << 8);
            for (k, &c) in others.iter().enumerate().skip(1) {
                if c > 0 {
                    push(T_WORD_SEEN, k as u64 | cap << 8);
                }
            }
            let share = if entity == 0 {
                0
            } else if 2 * entity < total {
                1
            } else if entity < total {
                2
            } else {
                3
            };
            push(T_WORD_SHARE, share | cap << 8 | own_label << 12);
        }
        if let Some((key, class, part)) = self.name_of[i] {
            let mut others = self.names.get(&key).copied().unwrap_or_default();
            others[usize::from(class)] = others[usize::from(class)].saturating_sub(1);
            if others.iter().any(|&c| c > 0) {
                let source = u64::from(class != 0);
                push(
                    T_NAME_MAJORITY,
                    argmax(&others) | u64::from(part) << 4 | source << 8,
                );
                for (k, &c) in others.iter().enumerate().skip(1) {
                    if c > 0 {
                        push(T_NAME_SEEN, k as u64 | source << 8);
                    }
                }
            }
        }
    }
}

const NAME_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// The end (exclusive) of the first-stage entity that starts at `i`.
fn span_end(doc: &[DocToken], i: usize) -> usize {
    let mut j = i;
    while j < doc.len() {
        let part = tags::split(usize::from(doc[j].tag)).map(|(_, p)| p);
        j += 1;
        if !matches!(part, Some(Part::Begin | Part::Inside)) || j >= doc.len() || doc[j].first {
            break;
        }
    }
    j
}

/// The end (exclusive) of the run of capitalised words outside entities that starts at `i`.
fn run_end(doc: &[DocToken], i: usize) -> usize {
    let mut j = i + 1;
    while j < doc.len() && doc[j].cap && !doc[j].first && usize::from(doc[j].tag) == O {
        j += 1;
    }
    j
}

/// The most frequent class (the lowest on ties).
fn argmax(counts: &[u16]) -> u64 {
    let mut best = 0;
    for (k, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = k;
        }
    }
    best as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tags::{tag, Label};

    fn tok(word: u64, cap: bool, first: bool, t: usize) -> DocToken {
        DocToken {
            word,
            cap,
            initial: first,
            first,
            tag: t as u8,
        }
    }

    #[test]
    fn a_name_seen_as_org_elsewhere_gives_its_other_mentions_a_feature() {
        let org = tag(Label::Org, Part::Unit);
        // Sentence 1: "Alinghi(ORG) vince"; sentence 2: "Alinghi(O) perde"; "Rossi" alone.
        let doc = [
            tok(1, true, true, org),
            tok(2, false, false, O),
            tok(1, true, true, O),
            tok(3, false, false, O),
            tok(4, true, false, O),
        ];
        let mut mem = DocMemory::default();
        let (mut feats, mut offsets) = (Vec::new(), vec![0]);
        mem.features(&doc, 44, &mut feats, &mut offsets);
        assert_eq!(offsets.len(), doc.len() + 1);
        let of = |i: usize| &feats[offsets[i]..offsets[i + 1]];
        // Class 5 is a one-token ORG; the mention is capitalised and sentence-initial (3).
        let seen_org = bucket(T_WORD_SEEN, 5 | 3 << 8, 44);
        assert!(of(2).contains(&seen_org), "second mention sees the ORG one");
        assert!(!of(0).contains(&seen_org), "a mention does not see itself");
        assert!(of(4).contains(&bucket(T_WORD_ALONE, 1, 44)));
        // Lower-case words seen only outside entities get the stage-1 tag and nothing else.
        assert_eq!(of(1).len(), 1);
    }

    #[test]
    fn spans_and_runs_stop_at_sentence_starts() {
        let b = tag(Label::Org, Part::Begin) as u8;
        let doc = [
            tok(1, true, true, 0),
            tok(2, true, false, 0),
            tok(3, true, true, 0),
        ];
        assert_eq!(run_end(&doc, 0), 2);
        let doc = [DocToken { tag: b, ..doc[0] }, tok(2, true, true, 0)];
        assert_eq!(span_end(&doc, 0), 1);
    }
}
