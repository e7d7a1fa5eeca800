//! The tagger: a flat table of hashed feature weights, BILOU transitions, constrained Viterbi,
//! and the binary weights format.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::text::Token;

use super::features::Extractor;
use super::lexicon::{HashKeyed, Lexicon};
use super::tags::{self, EntitySpan, NTAGS};

/// A trained named-entity recogniser for PER, LOC and ORG.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The table has `1 << bits` rows of `NTAGS` weights.
    pub(crate) bits: u32,
    pub(crate) weights: Vec<f32>,
    /// `trans[prev * NTAGS + next]`; row `NTAGS` is the start of a sequence.
    pub(crate) trans: Vec<f32>,
    pub(crate) lexicon: Lexicon,
}

const MAGIC: &[u8; 8] = b"RSGNER\x00\x01";
const LOCATION: &str = "entity model";

/// The weights shipped with rassegna, trained on KIND (see `python/rassegna/data/models`).
/// Compiled in so that the extension needs no file lookup at run time; parsed on first use.
static BUNDLED_BYTES: &[u8] = include_bytes!("../../python/rassegna/data/models/ner-it.bin");

impl Model {
    pub(crate) fn empty(bits: u32, lexicon: Lexicon) -> Model {
        Model {
            bits,
            weights: vec![0.0; (1usize << bits) * NTAGS],
            trans: vec![0.0; (NTAGS + 1) * NTAGS],
            lexicon,
        }
    }

    /// The bundled Italian model, loaded once on first use.
    pub fn bundled() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The bytes are checked by this crate's tests; a failure here is a build defect.
            Model::load(BUNDLED_BYTES).unwrap_or_else(|e| panic!("bundled entity model: {e}"))
        })
    }

    /// The gazetteers and word clusters the features consult (a retrained model reuses them).
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Entities in `tokens` (one sentence or one block of `text`), as byte offsets into `text`.
    pub fn predict(&self, text: &str, tokens: &[Token]) -> Vec<EntitySpan> {
        // One extractor per thread: its buffers outlive the call, so tagging a sentence
        // allocates only its tag and score vectors.
        thread_local! {
            static EXTRACTOR: RefCell<Extractor> = RefCell::new(Extractor::new());
        }
        let tags = EXTRACTOR.with(|ex| match ex.try_borrow_mut() {
            Ok(mut ex) => self.tag(&mut ex, text, tokens),
            // Re-entered on this thread (it cannot be today): fall back to a fresh extractor.
            Err(_) => self.tag(&mut Extractor::new(), text, tokens),
        });
        tags::decode(&tags)
            .into_iter()
            .map(|(first, last, label)| EntitySpan {
                start: tokens[first].start,
                end: tokens[last].end,
                label,
            })
            .collect()
    }

    /// Best BILOU tags for `tokens`.
    pub(crate) fn tag(&self, ex: &mut Extractor, text: &str, tokens: &[Token]) -> Vec<usize> {
        if tokens.is_empty() {
            return Vec::new();
        }
        ex.extract(text, tokens, &self.lexicon, self.bits, 0);
        let mut scores = vec![0f32; tokens.len() * NTAGS];
        self.emissions(ex, &mut scores);
        self.viterbi(&scores)
    }

    pub(crate) fn emissions(&self, ex: &Extractor, scores: &mut [f32]) {
        for (i, row) in scores.chunks_exact_mut(NTAGS).enumerate() {
            row.fill(0.0);
            for &f in &ex.feats[ex.offsets[i]..ex.offsets[i + 1]] {
                let w = &self.weights[f as usize * NTAGS..(f as usize + 1) * NTAGS];
                for (s, x) in row.iter_mut().zip(w) {
                    *s += x;
                }
            }
        }
    }

    /// The highest-scoring tag sequence among those that spell valid BILOU entities.
    pub(crate) fn viterbi(&self, scores: &[f32]) -> Vec<usize> {
        let n = scores.len() / NTAGS;
        let mut best = vec![f32::NEG_INFINITY; n * NTAGS];
        let mut back = vec![0u8; n * NTAGS];
        for t in 0..NTAGS {
            if tags::allowed(None, t) {
                best[t] = scores[t] + self.trans[NTAGS * NTAGS + t];
            }
        }
        for i in 1..n {
            for t in 0..NTAGS {
                let mut top = f32::NEG_INFINITY;
                let mut arg = 0;
                for p in 0..NTAGS {
                    let prev = best[(i - 1) * NTAGS + p];
                    if prev == f32::NEG_INFINITY || !allowed_fast(p, t) {
                        continue;
                    }
                    let s = prev + self.trans[p * NTAGS + t];
                    if s > top {
                        top = s;
                        arg = p;
                    }
                }
                best[i * NTAGS + t] = top + scores[i * NTAGS + t];
                back[i * NTAGS + t] = arg as u8;
            }
        }
        let mut last = tags::O;
        let mut top = f32::NEG_INFINITY;
        for t in 0..NTAGS {
            let s = best[(n - 1) * NTAGS + t];
            if tags::may_end(t) && s > top {
                top = s;
                last = t;
            }
        }
        let mut out = vec![0; n];
        out[n - 1] = last;
        for i in (1..n).rev() {
            out[i - 1] = usize::from(back[i * NTAGS + out[i]]);
        }
        out
    }

    /// The model as bytes: header, transitions, lexicon hashes, then the non-zero rows of the
    /// weight table, each quantised to `i16` with its own scale (which keeps the file a
    /// quarter of the dense `f32` table without measurable loss).
    pub fn save(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
        for x in &self.trans {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let mut entries: Vec<_> = self.lexicon.entries.iter().collect();
        entries.sort_unstable();
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (k, v) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        let mut clusters: Vec<_> = self.lexicon.clusters.iter().collect();
        clusters.sort_unstable();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (k, v) in clusters {
            out.extend_from_slice(&k.to_le_bytes());
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let rows: Vec<(usize, &[f32])> = self
            .weights
            .chunks_exact(NTAGS)
            .enumerate()
            .filter(|(_, r)| r.iter().any(|&x| x != 0.0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, row) in rows {
            let max = row.iter().fold(0f32, |m, x| m.max(x.abs()));
            let scale = max / f32::from(i16::MAX);
            out.extend_from_slice(&(i as u32).to_le_bytes());
            out.extend_from_slice(&scale.to_le_bytes());
            for &x in row {
                let q = if scale > 0.0 {
                    (x / scale).round() as i16
                } else {
                    0
                };
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// A model from the bytes `save` wrote; `Error::Format` if they are not such bytes.
    pub fn load(bytes: &[u8]) -> Result<Model> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(format_error(
                "not a rassegna entity model (bad magic or version)",
            ));
        }
        let bits = r.u32()?;
        if !(8..=26).contains(&bits) {
            return Err(format_error(&format!(
                "hash table of 2^{bits} rows is out of range"
            )));
        }
        if r.u32()? as usize != NTAGS {
            return Err(format_error("tag set differs from this version's"));
        }
        let mut model = Model::empty(bits, Lexicon::default());
        for x in model.trans.iter_mut() {
            *x = r.f32()?;
        }
        let n = r.u32()? as usize;
        let mut entries = HashKeyed::default();
        entries.reserve(n.min(bytes.len() / 10));
        for _ in 0..n {
            entries.insert(r.u64()?, r.u16()?);
        }
        let n = r.u32()? as usize;
        let mut clusters = HashKeyed::default();
        clusters.reserve(n.min(bytes.len() / 14));
        for _ in 0..n {
            clusters.insert(r.u64()?, [r.u16()?, r.u16()?, r.u16()?]);
        }
        model.lexicon = Lexicon { entries, clusters };
        let rows = r.u32()? as usize;
        for _ in 0..rows {
            let i = r.u32()? as usize;
            let scale = r.f32()?;
            let row = model
                .weights
                .get_mut(i * NTAGS..(i + 1) * NTAGS)
                .ok_or_else(|| format_error(&format!("weight row {i} out of range")))?;
            for x in row {
                *x = f32::from(r.i16()?) * scale;
            }
        }
        if r.pos != bytes.len() {
            return Err(format_error("trailing bytes after the weights"));
        }
        Ok(model)
    }
}

/// `tags::allowed` as a table lookup, for the Viterbi inner loop.
fn allowed_fast(prev: usize, next: usize) -> bool {
    static TABLE: OnceLock<[[bool; NTAGS]; NTAGS]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [[false; NTAGS]; NTAGS];
        for (p, row) in t.iter_mut().enumerate() {
            for (n, cell) in row.iter_mut().enumerate() {
                *cell = tags::allowed(Some(p), n);
            }
        }
        t
    })[prev][next]
}

fn format_error(message: &str) -> Error {
    Error::Format {
        location: LOCATION.into(),
        message: message.into(),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format_error(&format!("truncated at byte {}", self.pos)))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn i16(&mut self) -> Result<i16> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32> {
        let x = f32::from_le_bytes(self.array()?);
        if x.is_finite() {
            Ok(x)
        } else {
            Err(format_error(&format!(
                "non-finite weight before byte {}",
                self.pos
            )))
        }
    }
}
