//! The tagger: a flat table of hashed feature weights, BILOU transitions, constrained Viterbi,
//! and the binary weights format.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::prefetch::prefetch;
use crate::text::Token;

use super::document::{DocMemory, DocToken};
use super::features::Extractor;
use super::lexicon::{HashKeyed, Lexicon};
use super::tags::{self, EntitySpan, NTAGS};

/// A trained named-entity recogniser for PER, LOC and ORG.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Each table has `1 << bits` rows of `NTAGS` weights.
    pub(crate) bits: u32,
    weights: Weights,
    pub(crate) lexicon: Lexicon,
}

/// The weight tables of a model's stages, laid out for tagging. The first stage tags each
/// sentence on its own; the second sees the same features plus how the first stage labelled
/// the same words and names elsewhere in the document (see `document.rs`).
#[derive(Clone, Debug, PartialEq)]
enum Weights {
    One {
        rows: Vec<Row>,
        trans: Vec<f32>,
    },
    /// Both stages' rows of a bucket side by side in one 64-byte cache line: a base feature
    /// is read once for both stages, and tagging is bound by these random reads (keeping two
    /// tables apart cost a second miss per feature, nearly halving the speed).
    Two {
        rows: Vec<Pair>,
        first: Vec<f32>,
        second: Vec<f32>,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C, align(64))]
struct Pair {
    first: Row,
    second: Row,
}

/// The weights of one stage while training: emissions of hashed features, a row of `NTAGS`
/// per bucket, and BILOU transitions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tables {
    pub weights: Vec<f32>,
    /// `trans[prev * NTAGS + next]`; row `NTAGS` is the start of a sequence.
    pub trans: Vec<f32>,
}

/// The weights of one stage of a trained model, as the file stores them: each row quantised
/// to `i16` with its own scale. `Model::with_stages` lays them out for tagging.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Stage {
    rows: Vec<Row>,
    trans: Vec<f32>,
}

/// One bucket's weights, `q[t] * scale` for tag t, in 32 bytes so that a row never straddles
/// a cache line: tagging is bound by the random reads of the rows, and an `f32` row took up
/// to two lines.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C, align(32))]
struct Row {
    q: [i16; NTAGS],
    scale: f32,
}

const MAGIC: &[u8; 8] = b"RSGNER\x00\x02";
const LOCATION: &str = "entity model";

/// The weights shipped with rassegna, trained on KIND (see `python/rassegna/data/models`).
/// Compiled in so that the extension needs no file lookup at run time; parsed on first use.
static BUNDLED_BYTES: &[u8] = include_bytes!("../../python/rassegna/data/models/ner-it.bin");

/// Buffers for tagging one document, reused across calls on a thread.
struct Scratch {
    ex: Extractor,
    /// Second-stage scores of the base features, a row of `NTAGS` per token of the document:
    /// summed while the first stage reads the same cache lines.
    base: Vec<f32>,
    doc: Vec<DocToken>,
    /// Token index where each sentence starts, plus the total.
    starts: Vec<usize>,
    memory: DocMemory,
    doc_feats: Vec<u32>,
    doc_offsets: Vec<usize>,
    scores: Vec<f32>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            ex: Extractor::new(),
            base: Vec::new(),
            doc: Vec::new(),
            starts: Vec::new(),
            memory: DocMemory::default(),
            doc_feats: Vec::new(),
            doc_offsets: Vec::new(),
            scores: Vec::new(),
        }
    }
}

impl Model {
    /// A model of one or two stages, each with `1 << bits` rows.
    pub(crate) fn with_stages(
        bits: u32,
        lexicon: Lexicon,
        first: Stage,
        second: Option<Stage>,
    ) -> Model {
        let weights = match second {
            None => Weights::One {
                rows: first.rows,
                trans: first.trans,
            },
            Some(second) => Weights::Two {
                rows: first
                    .rows
                    .iter()
                    .zip(&second.rows)
                    .map(|(&first, &second)| Pair { first, second })
                    .collect(),
                first: first.trans,
                second: second.trans,
            },
        };
        Model {
            bits,
            weights,
            lexicon,
        }
    }

    /// 1, or 2 with the document-level stage.
    pub fn stages(&self) -> usize {
        match self.weights {
            Weights::One { .. } => 1,
            Weights::Two { .. } => 2,
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
    /// The tokens are taken as a document of one sentence; `predict_document` does better on
    /// a whole article.
    pub fn predict(&self, text: &str, tokens: &[Token]) -> Vec<EntitySpan> {
        self.predict_document(text, &[tokens])
            .pop()
            .unwrap_or_default()
    }

    /// Entities in each sentence of a document (an article): `sentences[k]` are the tokens of
    /// sentence k, all with offsets into `text`, and the result's `k`th list holds its
    /// entities as byte offsets into `text`. A name is then labelled in the light of how it
    /// reads elsewhere in the document.
    pub fn predict_document(&self, text: &str, sentences: &[&[Token]]) -> Vec<Vec<EntitySpan>> {
        // One scratch per thread: its buffers outlive the call, so tagging allocates little
        // more than the result.
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.tag_document(&mut s, text, sentences),
            // Re-entered on this thread (it cannot be today): fall back to fresh buffers.
            Err(_) => self.tag_document(&mut Scratch::new(), text, sentences),
        })
    }

    fn tag_document(
        &self,
        s: &mut Scratch,
        text: &str,
        sentences: &[&[Token]],
    ) -> Vec<Vec<EntitySpan>> {
        let mut out = Vec::with_capacity(sentences.len());
        let (rows, first, second) = match &self.weights {
            Weights::One { rows, trans } => {
                for tokens in sentences {
                    if tokens.is_empty() {
                        out.push(Vec::new());
                        continue;
                    }
                    s.ex.extract(text, tokens, &self.lexicon, self.bits, 0);
                    s.scores.clear();
                    s.scores.resize(tokens.len() * NTAGS, 0.0);
                    emissions(rows, |r| r, &s.ex.feats, &s.ex.offsets, &mut s.scores);
                    out.push(spans(&viterbi(trans, &s.scores), tokens));
                }
                return out;
            }
            Weights::Two {
                rows,
                first,
                second,
            } => (rows, first, second),
        };
        s.doc.clear();
        s.starts.clear();
        s.base.clear();
        for tokens in sentences {
            s.starts.push(s.doc.len());
            if tokens.is_empty() {
                continue;
            }
            s.ex.extract(text, tokens, &self.lexicon, self.bits, 0);
            s.scores.clear();
            s.scores.resize(tokens.len() * NTAGS, 0.0);
            let at = s.base.len();
            s.base.resize(at + tokens.len() * NTAGS, 0.0);
            pair_emissions(
                rows,
                &s.ex.feats,
                &s.ex.offsets,
                &mut s.scores,
                &mut s.base[at..],
            );
            let tags = viterbi(first, &s.scores);
            s.doc.extend(
                s.ex.infos
                    .iter()
                    .zip(&tags)
                    .enumerate()
                    .map(|(k, (info, &t))| DocToken {
                        word: info.word,
                        cap: info.cap,
                        initial: info.initial,
                        first: k == 0,
                        tag: t as u8,
                    }),
            );
        }
        s.starts.push(s.doc.len());
        s.doc_feats.clear();
        s.doc_offsets.clear();
        s.doc_offsets.push(0);
        s.memory
            .features(&s.doc, 64 - self.bits, &mut s.doc_feats, &mut s.doc_offsets);
        for (k, tokens) in sentences.iter().enumerate() {
            let (a, b) = (s.starts[k], s.starts[k + 1]);
            if a == b {
                out.push(Vec::new());
                continue;
            }
            let scores = &mut s.base[a * NTAGS..b * NTAGS];
            emissions(
                rows,
                |p| &p.second,
                &s.doc_feats,
                &s.doc_offsets[a..=b],
                scores,
            );
            out.push(spans(&viterbi(second, scores), tokens));
        }
        out
    }

    /// Drops the rows of smallest weight, across both stages, until `save` writes at most
    /// `max_bytes`: rows of rare features with little say, the cheapest to lose.
    pub fn prune_to(&mut self, max_bytes: usize) {
        const ROW_BYTES: usize = 4 + 4 + 2 * NTAGS;
        let size = self.save().len();
        if size <= max_bytes {
            return;
        }
        let mut stages = self.stage_list();
        let mut rows: Vec<(f32, usize, usize)> = Vec::new();
        for (k, stage) in stages.iter().enumerate() {
            for (i, row) in stage.rows.iter().enumerate() {
                if row.q.iter().any(|&q| q != 0) {
                    rows.push((row.scale, k, i));
                }
            }
        }
        let drop = (size - max_bytes).div_ceil(ROW_BYTES).min(rows.len());
        rows.select_nth_unstable_by(drop.saturating_sub(1), |a, b| a.0.total_cmp(&b.0));
        for &(_, k, i) in &rows[..drop] {
            stages[k].rows[i] = Row::default();
        }
        let mut stages = stages.into_iter();
        let first = stages.next().unwrap_or_else(|| Stage::zeros(self.bits));
        let lexicon = std::mem::take(&mut self.lexicon);
        *self = Model::with_stages(self.bits, lexicon, first, stages.next());
    }

    /// The stages as the file stores them.
    fn stage_list(&self) -> Vec<Stage> {
        match &self.weights {
            Weights::One { rows, trans } => vec![Stage {
                rows: rows.clone(),
                trans: trans.clone(),
            }],
            Weights::Two {
                rows,
                first,
                second,
            } => vec![
                Stage {
                    rows: rows.iter().map(|p| p.first).collect(),
                    trans: first.clone(),
                },
                Stage {
                    rows: rows.iter().map(|p| p.second).collect(),
                    trans: second.clone(),
                },
            ],
        }
    }

    /// The model as bytes: header, lexicon hashes, then per stage the transitions and the
    /// non-zero rows of the weight table, each quantised to `i16` with its own scale (which
    /// keeps the file a quarter of the dense `f32` table without measurable loss).
    pub fn save(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
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
        let stages = self.stage_list();
        out.extend_from_slice(&(stages.len() as u32).to_le_bytes());
        for stage in &stages {
            stage.save(&mut out);
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
        let lexicon = Lexicon { entries, clusters };
        let stages = r.u32()?;
        if !(1..=2).contains(&stages) {
            return Err(format_error(&format!("{stages} stages instead of 1 or 2")));
        }
        let first = Stage::load(&mut r, bits)?;
        let second = if stages == 2 {
            Some(Stage::load(&mut r, bits)?)
        } else {
            None
        };
        if r.pos != bytes.len() {
            return Err(format_error("trailing bytes after the weights"));
        }
        Ok(Model::with_stages(bits, lexicon, first, second))
    }
}

/// The entities a tag sequence over `tokens` spells, as byte spans.
fn spans(tags: &[usize], tokens: &[Token]) -> Vec<EntitySpan> {
    tags::decode(tags)
        .into_iter()
        .map(|(first, last, label)| EntitySpan {
            start: tokens[first].start,
            end: tokens[last].end,
            label,
        })
        .collect()
}

impl Tables {
    pub(crate) fn zeros(bits: u32) -> Tables {
        Tables {
            weights: vec![0.0; (1usize << bits) * NTAGS],
            trans: vec![0.0; (NTAGS + 1) * NTAGS],
        }
    }

    /// Adds to `scores` (a row of `NTAGS` per token) the weights of each token's features:
    /// token i's are `feats[offsets[i]..offsets[i + 1]]`.
    pub(crate) fn emissions(&self, feats: &[u32], offsets: &[usize], scores: &mut [f32]) {
        for (i, row) in scores.chunks_exact_mut(NTAGS).enumerate() {
            for &f in &feats[offsets[i]..offsets[i + 1]] {
                let w = &self.weights[f as usize * NTAGS..(f as usize + 1) * NTAGS];
                for (s, x) in row.iter_mut().zip(w) {
                    *s += x;
                }
            }
        }
    }

    pub(crate) fn viterbi(&self, scores: &[f32]) -> Vec<usize> {
        viterbi(&self.trans, scores)
    }
}

impl Stage {
    fn zeros(bits: u32) -> Stage {
        Stage {
            rows: vec![Row::default(); 1usize << bits],
            trans: vec![0.0; (NTAGS + 1) * NTAGS],
        }
    }

    /// The trained `tables`, quantised as the file stores them, so that a trained model
    /// tags exactly as the same model saved and loaded.
    pub(crate) fn quantise(tables: &Tables) -> Stage {
        let rows = tables
            .weights
            .chunks_exact(NTAGS)
            .map(|w| {
                let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
                let scale = max / f32::from(i16::MAX);
                let mut q = [0i16; NTAGS];
                if scale > 0.0 {
                    for (q, &x) in q.iter_mut().zip(w) {
                        *q = (x / scale).round() as i16;
                    }
                }
                Row { q, scale }
            })
            .collect();
        Stage {
            rows,
            trans: tables.trans.clone(),
        }
    }

    /// The stage with the rows `keep` says no to set to zero (not stored).
    pub(crate) fn keeping(mut self, keep: &[bool]) -> Stage {
        for (row, &kept) in self.rows.iter_mut().zip(keep) {
            if !kept {
                *row = Row::default();
            }
        }
        self
    }

    fn save(&self, out: &mut Vec<u8>) {
        for x in &self.trans {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let rows: Vec<(usize, &Row)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.q.iter().any(|&q| q != 0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, row) in rows {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            out.extend_from_slice(&row.scale.to_le_bytes());
            for &q in &row.q {
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    fn load(r: &mut Reader<'_>, bits: u32) -> Result<Stage> {
        let mut stage = Stage::zeros(bits);
        for x in stage.trans.iter_mut() {
            *x = r.f32()?;
        }
        let rows = r.u32()? as usize;
        for _ in 0..rows {
            let i = r.u32()? as usize;
            let scale = r.f32()?;
            let row = stage
                .rows
                .get_mut(i)
                .ok_or_else(|| format_error(&format!("weight row {i} out of range")))?;
            row.scale = scale;
            for q in &mut row.q {
                *q = r.i16()?;
            }
        }
        Ok(stage)
    }
}

/// Adds to `scores` (a row of `NTAGS` per token) the weights, in `row(rows[f])`, of each
/// token's features: token i's are `feats[offsets[i]..offsets[i + 1]]`.
fn emissions<T>(
    rows: &[T],
    row: impl Fn(&T) -> &Row,
    feats: &[u32],
    offsets: &[usize],
    scores: &mut [f32],
) {
    for (i, out) in scores.chunks_exact_mut(NTAGS).enumerate() {
        for &f in &feats[offsets[i]..offsets[i + 1]] {
            // Buckets come from `bits`-bit hashes: always in range.
            if let Some(r) = rows.get(f as usize) {
                add_row(out, row(r));
            }
        }
    }
}

/// As `emissions` for both stages at once: the first stage's weights into `first`, the
/// second's into `second`.
fn pair_emissions(
    rows: &[Pair],
    feats: &[u32],
    offsets: &[usize],
    first: &mut [f32],
    second: &mut [f32],
) {
    let tokens = first
        .chunks_exact_mut(NTAGS)
        .zip(second.chunks_exact_mut(NTAGS));
    for (i, (one, two)) in tokens.enumerate() {
        for k in offsets[i]..offsets[i + 1] {
            // Rows are random reads from a 64 MB table: ask for the one needed a few features
            // ahead while adding this one.
            if let Some(&ahead) = feats.get(k + PREFETCH_AHEAD) {
                prefetch(rows, ahead as usize);
            }
            if let Some(p) = feats.get(k).and_then(|&f| rows.get(f as usize)) {
                add_row(one, &p.first);
                add_row(two, &p.second);
            }
        }
    }
}

/// How many features ahead `pair_emissions` prefetches.
const PREFETCH_AHEAD: usize = 8;

#[inline(always)]
fn add_row(out: &mut [f32], r: &Row) {
    for (s, &q) in out.iter_mut().zip(&r.q) {
        *s += f32::from(q) * r.scale;
    }
}

/// The highest-scoring tag sequence among those that spell valid BILOU entities, given
/// `scores` (a row of `NTAGS` per token) and transitions `trans`.
pub(crate) fn viterbi(trans: &[f32], scores: &[f32]) -> Vec<usize> {
    let n = scores.len() / NTAGS;
    if n == 0 {
        return Vec::new();
    }
    // Invalid transitions cost -inf, so that the inner loop is a plain max (which keeps the
    // lowest previous tag on ties, as a loop that skipped them did).
    let mut masked = [[f32::NEG_INFINITY; NTAGS]; NTAGS];
    for (p, row) in masked.iter_mut().enumerate() {
        for (t, cell) in row.iter_mut().enumerate() {
            if let Some(&x) = trans
                .get(p * NTAGS + t)
                .filter(|_| tags::allowed(Some(p), t))
            {
                *cell = x;
            }
        }
    }
    let mut best = vec![f32::NEG_INFINITY; n * NTAGS];
    let mut back = vec![0u8; n * NTAGS];
    for t in 0..NTAGS {
        if tags::allowed(None, t) {
            best[t] = scores[t] + trans[NTAGS * NTAGS + t];
        }
    }
    for i in 1..n {
        let (done, rest) = best.split_at_mut(i * NTAGS);
        let prev = &done[(i - 1) * NTAGS..];
        let here = &mut rest[..NTAGS];
        for t in 0..NTAGS {
            let mut top = f32::NEG_INFINITY;
            let mut arg = 0;
            for (p, &x) in prev.iter().enumerate() {
                let s = x + masked[p][t];
                if s > top {
                    top = s;
                    arg = p;
                }
            }
            here[t] = top + scores[i * NTAGS + t];
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
