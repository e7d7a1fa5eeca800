//! Training: an averaged structured perceptron over BILOU tags, with Viterbi decoding
//! constrained to valid tag sequences.

use crate::text::{tokenize, Token};

use super::document::{DocMemory, DocToken};
use super::features::Extractor;
use super::lexicon::{Category, Lexicon};
use super::model::{Model, Stage, Tables};
use super::tags::{self, EntitySpan, NTAGS, O};

/// A raw sentence and its gold entities (byte offsets into `text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSentence {
    pub text: String,
    pub entities: Vec<EntitySpan>,
    /// 0 for news, the domain the model serves; another number per other domain (fiction,
    /// letters), whose sentences then train domain-specific copies of the features too.
    pub domain: u8,
    /// Consecutive sentences with the same number form one document (an article), across
    /// which the second stage compares how names were labelled.
    pub document: usize,
}

/// How to train.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seeds the order sentences are visited in; training is deterministic given it.
    pub seed: u64,
    /// The weight table has `1 << hash_bits` rows.
    pub hash_bits: u32,
    /// Gazetteers and clusters the features consult; stored in the model.
    pub lexicon: Lexicon,
    /// When above 1, the training entities themselves become a gazetteer. Each sentence then
    /// sees only the names of the other folds, so the model learns how far to trust a name
    /// seen before, as it will on new text; the saved model holds all of them.
    pub gazetteer_folds: usize,
    /// Cost added, while training, to every wrong tag's score (cost-augmented decoding): the
    /// perceptron then keeps updating until the gold tags win by a margin, not just win.
    pub margin: f32,
    /// Extra cost on the tokens of gold entities: missing a name then weighs more than
    /// inventing one, which evens out precision and recall (F1 rewards their balance).
    pub entity_margin: f32,
    /// How many perceptrons (seeds `seed`, `seed + 1`, …) to train and average.
    pub ensemble: usize,
    /// Adds a second stage that also sees how the first stage labelled the same words and
    /// names elsewhere in the document, trained on first-stage tags from models that did not
    /// see the sentence (jackknifed over the folds).
    pub document_stage: bool,
    /// Share of feature occurrences left out of each training visit of a sentence (feature
    /// dropout): the weights then cannot lean on a few strong features, such as a word seen
    /// with its label, and learn to read the context too.
    pub dropout: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 1,
            hash_bits: 20,
            lexicon: Lexicon::default(),
            gazetteer_folds: 0,
            margin: 0.0,
            entity_margin: 0.0,
            ensemble: 1,
            document_stage: false,
            dropout: 0.0,
        }
    }
}

/// Gold entities whose edges fall inside a token of rassegna's tokenizer cannot be learned
/// exactly; `project` counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Alignment {
    pub entities: usize,
    pub misaligned: usize,
}

/// Gold BILOU tags for `tokens`: an entity covers the tokens that overlap it.
pub fn project(tokens: &[Token], entities: &[EntitySpan], stats: &mut Alignment) -> Vec<usize> {
    let mut ranges = Vec::new();
    for e in entities {
        stats.entities += 1;
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].start < e.end && tokens[i].end > e.start)
            .collect();
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
            stats.misaligned += 1;
            continue;
        };
        if tokens[first].start != e.start || tokens[last].end != e.end {
            stats.misaligned += 1;
        }
        ranges.push((first, last, e.label));
    }
    tags::encode(tokens.len(), &ranges)
}

/// One sentence, ready for the perceptron: its features, gold tags and what the document
/// stage needs of it.
struct Prepared {
    feats: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<usize>,
    /// The tokens as the document stage sees them (the tags are filled in later).
    doc: Vec<DocToken>,
    document: usize,
    fold: usize,
    domain: u8,
}

/// Trains a model on `sentences`, tokenised with rassegna's tokenizer.
pub fn train(sentences: &[TrainingSentence], options: &TrainOptions) -> Model {
    train_with_progress(sentences, options, |_, _, _| {})
}

/// As `train`, calling `progress(phase, epoch, token_accuracy)` after each pass.
pub fn train_with_progress(
    sentences: &[TrainingSentence],
    options: &TrainOptions,
    mut progress: impl FnMut(&str, usize, f64),
) -> Model {
    let folds = if options.gazetteer_folds > 1 {
        options.gazetteer_folds
    } else if options.document_stage {
        DOCUMENT_FOLDS
    } else {
        1
    };
    let fold_of = fold_assignment(sentences, folds);
    let with_names = |skip: Option<usize>| {
        let mut lexicon = options.lexicon.clone();
        if options.gazetteer_folds > 1 {
            for (s, &f) in sentences.iter().zip(&fold_of) {
                if Some(f) != skip {
                    for e in &s.entities {
                        lexicon.add_entry(Category::of_label(e.label), &s.text[e.start..e.end]);
                    }
                }
            }
        }
        lexicon
    };
    let fold_lexicons: Vec<Lexicon> = if options.gazetteer_folds > 1 {
        (0..folds).map(|k| with_names(Some(k))).collect()
    } else {
        Vec::new()
    };
    let (bits, lexicon) = (options.hash_bits, with_names(None));
    let mut ex = Extractor::new();
    let mut stats = Alignment::default();
    let mut data: Vec<Prepared> = sentences
        .iter()
        .zip(&fold_of)
        .filter_map(|(s, &fold)| {
            let tokens = tokenize(&s.text);
            if tokens.is_empty() {
                return None;
            }
            let gold = project(&tokens, &s.entities, &mut stats);
            let lexicon = fold_lexicons.get(fold).unwrap_or(&lexicon);
            ex.extract(&s.text, &tokens, lexicon, bits, s.domain);
            let doc = ex
                .infos
                .iter()
                .enumerate()
                .map(|(k, info)| DocToken {
                    word: info.word,
                    cap: info.cap,
                    initial: info.initial,
                    first: k == 0,
                    tag: 0,
                })
                .collect();
            Some(Prepared {
                feats: ex.feats.clone(),
                offsets: ex.offsets.clone(),
                gold,
                doc,
                document: s.document,
                fold,
                domain: s.domain,
            })
        })
        .collect();
    // Rows that features of news, and the shared features of other domains, fall in; the
    // rest hold only other domains' feature copies, which tagging news never reads on purpose.
    let mut shared = vec![false; 1usize << bits];
    for p in &data {
        for i in 0..p.gold.len() {
            let own = &p.feats[p.offsets[i]..p.offsets[i + 1]];
            let own = if p.domain == 0 {
                own
            } else {
                &own[..own.len() / 2]
            };
            for &f in own {
                shared[f as usize] = true;
            }
        }
    }
    let all: Vec<usize> = (0..data.len()).collect();
    let first = ensemble(&data, &all, options, &mut |run, epoch, acc| {
        progress(&format!("stage 1, run {run}"), epoch, acc)
    });
    let first = Stage::quantise(&first).keeping(&shared);
    if !options.document_stage {
        return Model::with_stages(bits, lexicon, first, None);
    }
    // The second stage learns from first-stage tags as they will be on new text: each fold
    // is tagged by a first stage trained on the other folds.
    for k in 0..folds {
        let rest: Vec<usize> = all.iter().copied().filter(|&i| data[i].fold != k).collect();
        let tables = ensemble(&data, &rest, options, &mut |run, epoch, acc| {
            progress(&format!("stage 1 without fold {k}, run {run}"), epoch, acc)
        });
        let mut scores = Vec::new();
        for p in data.iter_mut().filter(|p| p.fold == k) {
            scores.clear();
            scores.resize(p.gold.len() * NTAGS, 0.0);
            tables.emissions(&p.feats, &p.offsets, &mut scores);
            for (t, tag) in p.doc.iter_mut().zip(tables.viterbi(&scores)) {
                t.tag = tag as u8;
            }
        }
    }
    add_document_features(&mut data, 64 - bits, &mut shared);
    let second = ensemble(&data, &all, options, &mut |run, epoch, acc| {
        progress(&format!("stage 2, run {run}"), epoch, acc)
    });
    let second = Stage::quantise(&second).keeping(&shared);
    Model::with_stages(bits, lexicon, first, Some(second))
}

/// Folds for the jackknifed first-stage tags when no gazetteer folds are asked for.
const DOCUMENT_FOLDS: usize = 5;

/// Contiguous folds of about equal size that never cut a document: a name repeated within
/// one article must not count as seen before.
fn fold_assignment(sentences: &[TrainingSentence], folds: usize) -> Vec<usize> {
    // Each domain is cut into contiguous folds of its own, so that every fold holds its share
    // of news and of each other domain.
    let mut sizes = [0usize; 256];
    for s in sentences {
        sizes[usize::from(s.domain)] += 1;
    }
    let mut seen = [0usize; 256];
    let mut start = [0usize; 256];
    let mut last_document = [usize::MAX; 256];
    sentences
        .iter()
        .map(|s| {
            let d = usize::from(s.domain);
            if last_document[d] != s.document {
                start[d] = seen[d];
                last_document[d] = s.document;
            }
            seen[d] += 1;
            start[d] * folds / sizes[d]
        })
        .collect()
}

/// Appends each token's document features to its features, document by document, and marks
/// their rows in `shared` (they have no domain copies).
fn add_document_features(data: &mut [Prepared], shift: u32, shared: &mut [bool]) {
    let mut memory = DocMemory::default();
    let (mut doc, mut feats, mut offsets) = (Vec::new(), Vec::new(), Vec::new());
    let mut start = 0;
    while start < data.len() {
        let mut end = start + 1;
        while end < data.len() && data[end].document == data[start].document {
            end += 1;
        }
        doc.clear();
        for p in &data[start..end] {
            doc.extend_from_slice(&p.doc);
        }
        feats.clear();
        offsets.clear();
        offsets.push(0);
        memory.features(&doc, shift, &mut feats, &mut offsets);
        for &f in &feats {
            shared[f as usize] = true;
        }
        let mut token = 0;
        for p in &mut data[start..end] {
            let mut merged = Vec::with_capacity(p.feats.len() + feats.len());
            let mut merged_offsets = vec![0];
            for i in 0..p.gold.len() {
                merged.extend_from_slice(&p.feats[p.offsets[i]..p.offsets[i + 1]]);
                merged.extend_from_slice(&feats[offsets[token]..offsets[token + 1]]);
                merged_offsets.push(merged.len());
                token += 1;
            }
            p.feats = merged;
            p.offsets = merged_offsets;
        }
        start = end;
    }
}

/// Several perceptrons, each visiting the sentences `subset` of `data` in its own order,
/// averaged into one table: a linear model stays one model, so the ensemble costs nothing at
/// prediction.
fn ensemble(
    data: &[Prepared],
    subset: &[usize],
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize, f64),
) -> Tables {
    let runs = options.ensemble.max(1);
    let mut sum = Tables::zeros(options.hash_bits);
    let mut tables = Tables::zeros(options.hash_bits);
    for r in 0..runs {
        tables.weights.fill(0.0);
        tables.trans.fill(0.0);
        let seed = options.seed.wrapping_add(r as u64);
        perceptron(&mut tables, data, subset, options, seed, &mut |e, acc| {
            progress(r, e, acc)
        });
        for (s, w) in sum.weights.iter_mut().zip(&tables.weights) {
            *s += w / runs as f32;
        }
        for (s, w) in sum.trans.iter_mut().zip(&tables.trans) {
            *s += w / runs as f32;
        }
    }
    sum
}

/// One averaged-perceptron run over the sentences `subset` of `data`, leaving the averaged
/// weights in `model`.
fn perceptron(
    model: &mut Tables,
    data: &[Prepared],
    subset: &[usize],
    options: &TrainOptions,
    seed: u64,
    progress: &mut dyn FnMut(usize, f64),
) {
    // Averaging: `total` accumulates each update times the step it happened at, so that the
    // average over all steps is `w - total / steps` without touching every weight each step.
    let mut total_w = vec![0f64; model.weights.len()];
    let mut total_t = vec![0f64; model.trans.len()];
    let mut step = 1f64;
    let mut order = subset.to_vec();
    let mut rng = SplitMix(seed);
    let mut scores = Vec::new();
    let (mut kept, mut kept_offsets) = (Vec::new(), Vec::new());
    let keep_below = ((1.0 - f64::from(options.dropout)) * u64::MAX as f64) as u64;
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut rng);
        let (mut right, mut all) = (0usize, 0usize);
        for &k in &order {
            let s = &data[k];
            let n = s.gold.len();
            let (feats, offsets) = if options.dropout > 0.0 {
                kept.clear();
                kept_offsets.clear();
                kept_offsets.push(0);
                for i in 0..n {
                    let own = &s.feats[s.offsets[i]..s.offsets[i + 1]];
                    kept.extend(own.iter().filter(|_| rng.next() < keep_below));
                    kept_offsets.push(kept.len());
                }
                (&kept[..], &kept_offsets[..])
            } else {
                (&s.feats[..], &s.offsets[..])
            };
            scores.clear();
            scores.resize(n * NTAGS, 0.0);
            model.emissions(feats, offsets, &mut scores);
            if options.margin > 0.0 || options.entity_margin > 0.0 {
                for (row, &g) in scores.chunks_exact_mut(NTAGS).zip(&s.gold) {
                    let cost = options.margin + if g == O { 0.0 } else { options.entity_margin };
                    for (t, x) in row.iter_mut().enumerate() {
                        if t != g {
                            *x += cost;
                        }
                    }
                }
            }
            let guess = model.viterbi(&scores);
            all += n;
            right += guess.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
            if guess != s.gold {
                for i in 0..n {
                    let (g, p) = (s.gold[i], guess[i]);
                    if g != p {
                        for &f in &feats[offsets[i]..offsets[i + 1]] {
                            let base = f as usize * NTAGS;
                            model.weights[base + g] += 1.0;
                            model.weights[base + p] -= 1.0;
                            total_w[base + g] += step;
                            total_w[base + p] -= step;
                        }
                    }
                    let gp = if i == 0 { NTAGS } else { s.gold[i - 1] };
                    let pp = if i == 0 { NTAGS } else { guess[i - 1] };
                    if (gp, g) != (pp, p) {
                        model.trans[gp * NTAGS + g] += 1.0;
                        model.trans[pp * NTAGS + p] -= 1.0;
                        total_t[gp * NTAGS + g] += step;
                        total_t[pp * NTAGS + p] -= step;
                    }
                }
            }
            step += 1.0;
        }
        progress(epoch + 1, right as f64 / all.max(1) as f64);
    }
    for (w, t) in model.weights.iter_mut().zip(&total_w) {
        *w -= (*t / step) as f32;
    }
    for (w, t) in model.trans.iter_mut().zip(&total_t) {
        *w -= (*t / step) as f32;
    }
}

/// Counts of gold entities that rassegna's tokens cannot express exactly.
pub fn alignment(sentences: &[TrainingSentence]) -> Alignment {
    let mut stats = Alignment::default();
    for s in sentences {
        project(&tokenize(&s.text), &s.entities, &mut stats);
    }
    stats
}

/// splitmix64: a tiny, seedable generator, enough to shuffle deterministically.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::lexicon::mix(self.0)
    }
}

fn shuffle(v: &mut [usize], rng: &mut SplitMix) {
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}
