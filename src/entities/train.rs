//! Training: an averaged structured perceptron over BILOU tags, with Viterbi decoding
//! constrained to valid tag sequences.

use crate::text::{tokenize, Token};

use super::features::Extractor;
use super::lexicon::{Category, Lexicon};
use super::model::Model;
use super::tags::{self, EntitySpan, NTAGS, O};

/// A raw sentence and its gold entities (byte offsets into `text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSentence {
    pub text: String,
    pub entities: Vec<EntitySpan>,
    /// 0 for news, the domain the model serves; another number per other domain (fiction,
    /// letters), whose sentences then train domain-specific copies of the features too.
    pub domain: u8,
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

struct Prepared {
    feats: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<usize>,
}

/// Trains a model on `sentences`, tokenised with rassegna's tokenizer.
pub fn train(sentences: &[TrainingSentence], options: &TrainOptions) -> Model {
    train_with_progress(sentences, options, |_, _| {})
}

/// As `train`, calling `progress(epoch, token_accuracy)` after each pass.
pub fn train_with_progress(
    sentences: &[TrainingSentence],
    options: &TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    let folds = options.gazetteer_folds;
    // Contiguous folds keep an article's sentences together, so a name repeated within one
    // article does not count as seen before.
    let n = sentences.len().max(1);
    let fold = |i: usize| i * folds.max(1) / n;
    let with_names = |skip: Option<usize>| {
        let mut lexicon = options.lexicon.clone();
        for (i, s) in sentences.iter().enumerate() {
            if folds > 1 && Some(fold(i)) != skip {
                for e in &s.entities {
                    lexicon.add_entry(Category::of_label(e.label), &s.text[e.start..e.end]);
                }
            }
        }
        lexicon
    };
    let fold_lexicons: Vec<Lexicon> = if folds > 1 {
        (0..folds).map(|k| with_names(Some(k))).collect()
    } else {
        Vec::new()
    };
    let mut model = Model::empty(options.hash_bits, with_names(None));
    let mut ex = Extractor::new();
    let mut stats = Alignment::default();
    let data: Vec<Prepared> = sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let tokens = tokenize(&s.text);
            if tokens.is_empty() {
                return None;
            }
            let gold = project(&tokens, &s.entities, &mut stats);
            let lexicon = fold_lexicons.get(fold(i)).unwrap_or(&model.lexicon);
            ex.extract(&s.text, &tokens, lexicon, model.bits, s.domain);
            Some(Prepared {
                feats: ex.feats.clone(),
                offsets: ex.offsets.clone(),
                gold,
            })
        })
        .collect();
    // Several perceptrons, each visiting the sentences in its own order, averaged into one
    // table: a linear model stays one model, so the ensemble costs nothing at prediction.
    let runs = options.ensemble.max(1);
    let mut sum_w = vec![0f32; model.weights.len()];
    let mut sum_t = vec![0f32; model.trans.len()];
    for r in 0..runs {
        model.weights.fill(0.0);
        model.trans.fill(0.0);
        let seed = options.seed.wrapping_add(r as u64);
        perceptron(&mut model, &data, options, seed, &mut ex, &mut |e, acc| {
            progress(r * options.epochs + e, acc)
        });
        for (s, w) in sum_w.iter_mut().zip(&model.weights) {
            *s += w / runs as f32;
        }
        for (s, w) in sum_t.iter_mut().zip(&model.trans) {
            *s += w / runs as f32;
        }
    }
    model.weights = sum_w;
    model.trans = sum_t;
    model
}

/// One averaged-perceptron run over `data`, leaving the averaged weights in `model`.
fn perceptron(
    model: &mut Model,
    data: &[Prepared],
    options: &TrainOptions,
    seed: u64,
    ex: &mut Extractor,
    progress: &mut dyn FnMut(usize, f64),
) {
    // Averaging: `total` accumulates each update times the step it happened at, so that the
    // average over all steps is `w - total / steps` without touching every weight each step.
    let mut total_w = vec![0f64; model.weights.len()];
    let mut total_t = vec![0f64; model.trans.len()];
    let mut step = 1f64;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(seed);
    let mut scores = Vec::new();
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut rng);
        let (mut right, mut all) = (0usize, 0usize);
        for &k in &order {
            let s = &data[k];
            let n = s.gold.len();
            scores.clear();
            scores.resize(n * NTAGS, 0.0);
            ex.feats.clone_from(&s.feats);
            ex.offsets.clone_from(&s.offsets);
            model.emissions(ex, &mut scores);
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
                        for &f in &s.feats[s.offsets[i]..s.offsets[i + 1]] {
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
