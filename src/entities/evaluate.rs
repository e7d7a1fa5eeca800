//! Scoring a model on annotated sentences the way `ner_spans.py score` does: an entity counts
//! only with exact start, end and label; precision, recall and F1 per label and micro.

use std::collections::HashSet;

use crate::text::{tokenize, Token};

use super::model::Model;
use super::tags::{EntitySpan, Label};
use super::train::TrainingSentence;

/// True positives, false positives and false negatives of one label (or of all, for micro).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    /// Gold entities: what recall is out of.
    pub fn support(&self) -> usize {
        self.true_positives + self.false_negatives
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Scores per label, in `Label::ALL` order, and over all labels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    pub sentences: usize,
    pub tokens: usize,
    pub per_label: Vec<(Label, Counts)>,
    pub micro: Counts,
}

/// Tags each sentence's text with rassegna's tokenizer and `model`, document by document, and
/// compares with the gold entities.
pub fn evaluate(model: &Model, sentences: &[TrainingSentence]) -> Evaluation {
    let (predicted, tokens) = predict_sentences(model, sentences);
    let mut evaluation = score(sentences, &predicted);
    evaluation.tokens = tokens;
    evaluation
}

/// The entities `model` finds in each sentence (byte offsets into its text), and the number of
/// tokens. Consecutive sentences of one document (`TrainingSentence::document`) are tagged
/// together, as the lines of one text, so that the model sees the whole article.
pub fn predict_sentences(
    model: &Model,
    sentences: &[TrainingSentence],
) -> (Vec<Vec<EntitySpan>>, usize) {
    let mut out = Vec::with_capacity(sentences.len());
    let mut ntokens = 0;
    for doc in sentences.chunk_by(|a, b| a.document == b.document) {
        let mut text = String::new();
        let mut bases = Vec::with_capacity(doc.len());
        let mut tokens = Vec::with_capacity(doc.len());
        for s in doc {
            let base = text.len();
            bases.push(base);
            let mut toks = tokenize(&s.text);
            for t in &mut toks {
                t.start += base;
                t.end += base;
            }
            ntokens += toks.len();
            tokens.push(toks);
            text.push_str(&s.text);
            text.push('\n');
        }
        let slices: Vec<&[Token]> = tokens.iter().map(Vec::as_slice).collect();
        for (spans, base) in model
            .predict_document(&text, &slices)
            .into_iter()
            .zip(bases)
        {
            out.push(
                spans
                    .into_iter()
                    .map(|e| EntitySpan {
                        start: e.start - base,
                        end: e.end - base,
                        ..e
                    })
                    .collect(),
            );
        }
    }
    (out, ntokens)
}

/// Compares `predicted[i]` with `sentences[i].entities`.
pub fn score(sentences: &[TrainingSentence], predicted: &[Vec<EntitySpan>]) -> Evaluation {
    let mut per_label: Vec<(Label, Counts)> =
        Label::ALL.iter().map(|&l| (l, Counts::default())).collect();
    for (sentence, predicted) in sentences.iter().zip(predicted) {
        let gold: HashSet<EntitySpan> = sentence.entities.iter().copied().collect();
        let guessed: HashSet<EntitySpan> = predicted.iter().copied().collect();
        for (label, counts) in per_label.iter_mut() {
            let of_label = |e: &&EntitySpan| e.label == *label;
            counts.add(Counts {
                true_positives: gold.intersection(&guessed).filter(of_label).count(),
                false_positives: guessed.difference(&gold).filter(of_label).count(),
                false_negatives: gold.difference(&guessed).filter(of_label).count(),
            });
        }
    }
    let mut micro = Counts::default();
    for (_, counts) in &per_label {
        micro.add(*counts);
    }
    Evaluation {
        sentences: sentences.len(),
        tokens: 0,
        per_label,
        micro,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: Label) -> EntitySpan {
        EntitySpan { start, end, label }
    }

    #[test]
    fn exact_matches_only() {
        let sentences = vec![TrainingSentence {
            text: "Vladimir Putin a Mosca con la Nato".into(),
            entities: vec![
                span(0, 14, Label::Per),
                span(17, 22, Label::Loc),
                span(30, 34, Label::Org),
            ],
            domain: 0,
            document: 0,
        }];
        // One exact, one with the wrong end, one with the wrong label.
        let predicted = vec![vec![
            span(0, 14, Label::Per),
            span(9, 14, Label::Per),
            span(17, 22, Label::Org),
        ]];
        let e = score(&sentences, &predicted);
        let per = e.per_label[0].1;
        assert_eq!(
            (per.true_positives, per.false_positives, per.false_negatives),
            (1, 1, 0)
        );
        let loc = e.per_label[1].1;
        assert_eq!((loc.true_positives, loc.false_negatives), (0, 1));
        assert_eq!(e.micro.true_positives, 1);
        assert_eq!(e.micro.support(), 3);
        assert!((e.micro.precision() - 1.0 / 3.0).abs() < 1e-12);
        assert!((e.micro.f1() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn empty_input_scores_zero_without_dividing_by_it() {
        let e = score(&[], &[]);
        assert_eq!(e.micro.f1(), 0.0);
        assert_eq!(e.micro.precision(), 0.0);
    }
}
