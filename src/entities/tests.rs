//! Unit tests of the tagger on tiny hand-written data (never on KIND).

use super::*;
use crate::text::tokenize;

fn sentence(text: &str, ents: &[(&str, Label)]) -> TrainingSentence {
    let entities = ents
        .iter()
        .map(|&(s, label)| {
            let start = text.find(s).expect("entity in text");
            EntitySpan {
                start,
                end: start + s.len(),
                label,
            }
        })
        .collect();
    TrainingSentence {
        text: text.into(),
        entities,
        domain: 0,
        document: 0,
    }
}

fn toy() -> Vec<TrainingSentence> {
    let names = ["Rossi", "Bianchi", "Verdi", "Neri", "Gallo", "Conte"];
    let places = ["Roma", "Milano", "Torino", "Napoli", "Bari", "Genova"];
    let mut out = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let p = places[i];
        out.push(sentence(
            &format!("Il presidente Mario {n} è arrivato a {p} ieri."),
            &[(&format!("Mario {n}"), Label::Per), (p, Label::Loc)],
        ));
        out.push(sentence(
            &format!("La Banca di {p} ha parlato con {n}."),
            &[(&format!("Banca di {p}"), Label::Org), (n, Label::Per)],
        ));
    }
    out
}

fn options() -> TrainOptions {
    TrainOptions {
        epochs: 8,
        seed: 7,
        hash_bits: 14,
        lexicon: Lexicon::new(),
        gazetteer_folds: 2,
        margin: 1.0,
        entity_margin: 1.0,
        ensemble: 2,
        document_stage: true,
        dropout: 0.0,
    }
}

#[test]
fn perceptron_learns_a_toy_pattern() {
    let model = train(&toy(), &options());
    let text = "Il presidente Mario Gallo è arrivato a Bari ieri.";
    let got: Vec<(&str, Label)> = model
        .predict(text, &tokenize(text))
        .iter()
        .map(|e| (&text[e.start..e.end], e.label))
        .collect();
    assert_eq!(got, [("Mario Gallo", Label::Per), ("Bari", Label::Loc)]);
}

#[test]
fn training_is_deterministic() {
    assert_eq!(train(&toy(), &options()), train(&toy(), &options()));
}

#[test]
fn feature_dropout_leaves_features_out_of_training() {
    let with = |dropout| {
        train(
            &toy(),
            &TrainOptions {
                dropout,
                ..options()
            },
        )
    };
    let text = "Il presidente Mario Gallo è arrivato a Bari ieri.";
    let tokens = tokenize(text);
    // Some dropout still learns the pattern, deterministically, into other weights.
    let some = with(0.2);
    assert_eq!(some, with(0.2));
    assert_ne!(some, with(0.0));
    assert_eq!(some.predict(text, &tokens).len(), 2);
    // With every feature dropped, only the transitions learn: the tags no longer depend on
    // the words, only on how many there are.
    let blind = with(1.0);
    let other = "la casa di mio fratello non è mai bella.";
    let token_spans = |text: &str| {
        let tokens = tokenize(text);
        let at = |offset| {
            tokens
                .iter()
                .position(|t| t.start == offset || t.end == offset)
        };
        blind
            .predict(text, &tokens)
            .iter()
            .map(|e| (at(e.start), at(e.end), e.label))
            .collect::<Vec<_>>()
    };
    assert_eq!(tokenize(other).len(), tokens.len());
    assert_eq!(token_spans(text), token_spans(other));
}

#[test]
fn save_load_round_trips() {
    let mut opts = options();
    opts.lexicon.add_entry(Category::City, "Roma");
    opts.lexicon.add_cluster("roma", [1, 2, 3]);
    let model = train(&toy(), &opts);
    let bytes = model.save();
    let back = Model::load(&bytes).expect("loads");
    assert_eq!(back.save(), bytes);
    let text = "La Banca di Roma ha parlato con Verdi.";
    let tokens = tokenize(text);
    assert_eq!(back.predict(text, &tokens), model.predict(text, &tokens));
}

#[test]
fn one_stage_models_save_and_load_too() {
    let opts = TrainOptions {
        document_stage: false,
        ..options()
    };
    let model = train(&toy(), &opts);
    assert_eq!(model.stages(), 1);
    let bytes = model.save();
    assert_eq!(Model::load(&bytes).expect("loads"), model);
}

#[test]
fn a_document_gives_one_list_per_sentence() {
    let model = train(&toy(), &options());
    let text = "Il presidente Mario Gallo è arrivato a Bari ieri.\n\nGallo ha parlato.";
    let tokens = tokenize(text);
    let cut = tokens
        .iter()
        .position(|t| t.start > text.find('\n').unwrap_or(0))
        .unwrap_or(tokens.len());
    let (one, two) = tokens.split_at(cut);
    let got = model.predict_document(text, &[one, &[], two]);
    assert_eq!(got.len(), 3);
    assert!(got[1].is_empty());
    for (spans, toks) in got.iter().zip([one, &[], two]) {
        for s in spans {
            assert!(toks.iter().any(|t| t.start == s.start));
            assert!(toks.iter().any(|t| t.end == s.end));
        }
    }
    // A sentence alone is a document of one sentence.
    assert_eq!(
        model.predict(text, one),
        model.predict_document(text, &[one])[0]
    );
    assert!(model.predict_document(text, &[]).is_empty());
}

#[test]
fn bad_bytes_are_format_errors() {
    let bytes = train(&toy(), &options()).save();
    for bad in [
        &b""[..],
        &b"RSGNER"[..],
        &bytes[..bytes.len() - 1],
        &[0u8; 64][..],
    ] {
        assert!(matches!(Model::load(bad), Err(crate::Error::Format { .. })));
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(Model::load(&extra).is_err());
}

#[test]
fn decoding_never_yields_invalid_spans() {
    let model = train(&toy(), &options());
    for text in [
        "",
        "Mario",
        "di di di Roma Roma",
        "!!! « Banca » ...",
        "Mario Rossi Bianchi Verdi",
    ] {
        let tokens = tokenize(text);
        let spans = model.predict(text, &tokens);
        let mut last_end = 0;
        for s in &spans {
            assert!(s.start < s.end && s.start >= last_end && s.end <= text.len());
            assert!(tokens.iter().any(|t| t.start == s.start));
            assert!(tokens.iter().any(|t| t.end == s.end));
            last_end = s.end;
        }
    }
}

#[test]
fn bundled_model_finds_people_places_and_organisations() {
    let text = "Il presidente del Consiglio Mario Draghi ha incontrato a Bruxelles i vertici \
                della Commissione europea e della Banca centrale europea.";
    let got: Vec<(&str, Label)> = Model::bundled()
        .predict(text, &tokenize(text))
        .iter()
        .map(|e| (&text[e.start..e.end], e.label))
        .collect();
    assert!(got.contains(&("Mario Draghi", Label::Per)), "{got:?}");
    assert!(got.contains(&("Bruxelles", Label::Loc)), "{got:?}");
    assert!(got.iter().any(|&(_, l)| l == Label::Org), "{got:?}");
}

#[test]
fn tokens_of_another_text_do_not_panic() {
    let model = train(&toy(), &options());
    let tokens = tokenize("Il presidente Mario Rossi è arrivato a Roma ieri, città eterna.");
    for text in ["", "è", "Mario", "Roma è bella"] {
        for s in model.predict(text, &tokens) {
            assert!(s.start <= s.end);
        }
    }
}

#[test]
fn a_glued_dash_joins_names_and_a_spaced_one_separates_them() {
    // KIND writes `Roma-Viterbo` (a line) as one name and `Seregno - Saronno` as two: the
    // tokens are the same, only the spaces around the dash differ.
    let places = [
        "Roma", "Milano", "Torino", "Napoli", "Bari", "Genova", "Pisa", "Lecce",
    ];
    let mut data = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let q = places[(i + 1) % places.len()];
        let glued = format!("{p}-{q}");
        data.push(sentence(
            &format!("Il treno {glued} è partito."),
            &[(&glued, Label::Loc)],
        ));
        let text = format!("Il treno {p} - {q} è partito.");
        let mut spaced = sentence(&text, &[(p, Label::Loc)]);
        let start = text.rfind(q).expect("second place");
        spaced.entities.push(EntitySpan {
            start,
            end: start + q.len(),
            label: Label::Loc,
        });
        data.push(spaced);
    }
    let model = train(&data, &options());
    let names = |text: &str| -> Vec<String> {
        model
            .predict(text, &tokenize(text))
            .iter()
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    };
    assert_eq!(names("Il treno Lecce-Bari è partito."), ["Lecce-Bari"]);
    assert_eq!(names("Il treno Lecce - Bari è partito."), ["Lecce", "Bari"]);
}
