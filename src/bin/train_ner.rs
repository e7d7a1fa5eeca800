//! Trains rassegna's entity model on KIND and scores it on WN_dev the way `ner_spans.py` does.
//!
//! cargo run --release --bin train-ner -- --kind ../shared/data/kind \
//!     --out python/rassegna/data/models/ner-it.bin --seed 1 --folds 5 --ensemble 5 --stages 2
//!
//! `--model FILE` scores an existing model instead of training one. The dev sentences are
//! tagged document by document (`--sentences`: one sentence at a time), with the documents
//! that `mark_documents` finds.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use _core::entities::{
    alignment, read_kind_tsv, train_with_progress, EntitySpan, Label, Lexicon, Model, TrainOptions,
    TrainingSentence,
};
use _core::text::{tokenize, Token};

struct Args {
    kind: PathBuf,
    out: PathBuf,
    lexicons: PathBuf,
    train: Vec<String>,
    dev: String,
    pred: Option<PathBuf>,
    model: Option<PathBuf>,
    by_sentence: bool,
    repeat: usize,
    options: TrainOptions,
}

const USAGE: &str =
    "usage: train-ner --kind DIR (--out FILE | --model FILE) [--seed N] [--epochs N]
    [--bits N] [--folds N] [--ensemble N] [--stages 1|2] [--margin X] [--entity-margin X]
    [--lexicons DIR] [--train WN_train,FIC_train,...] [--dev WN_dev] [--pred FILE.jsonl]
    [--sentences] [--repeat N]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        kind: PathBuf::from("../shared/data/kind"),
        out: PathBuf::new(),
        lexicons: PathBuf::from("python/rassegna/data/models"),
        train: vec!["WN_train".into()],
        dev: "WN_dev".into(),
        pred: None,
        model: None,
        by_sentence: false,
        repeat: 1,
        options: TrainOptions::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--kind" => args.kind = value()?.into(),
            "--out" => args.out = value()?.into(),
            "--lexicons" => args.lexicons = value()?.into(),
            "--train" => args.train = value()?.split(',').map(str::to_string).collect(),
            "--dev" => args.dev = value()?,
            "--pred" => args.pred = Some(value()?.into()),
            "--model" => args.model = Some(value()?.into()),
            "--sentences" => args.by_sentence = true,
            "--repeat" => args.repeat = number(value()?)?.max(1) as usize,
            "--stages" => match value()?.as_str() {
                "1" => args.options.document_stage = false,
                "2" => args.options.document_stage = true,
                v => return Err(format!("--stages {v}: 1 or 2")),
            },
            "--seed" => args.options.seed = number(value()?)?,
            "--epochs" => args.options.epochs = number(value()?)? as usize,
            "--bits" => args.options.hash_bits = number(value()?)? as u32,
            "--margin" => {
                args.options.margin = value()?.parse().map_err(|e| format!("--margin: {e}"))?
            }
            "--entity-margin" => {
                args.options.entity_margin = value()?
                    .parse()
                    .map_err(|e| format!("--entity-margin: {e}"))?
            }
            "--ensemble" => args.options.ensemble = number(value()?)? as usize,
            "--folds" => args.options.gazetteer_folds = number(value()?)? as usize,
            _ => return Err(USAGE.into()),
        }
    }
    if args.out.as_os_str().is_empty() == args.model.is_none() {
        return Err(USAGE.into());
    }
    Ok(args)
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let mut args = parse_args()?;
    let started = Instant::now();
    if let Some(path) = &args.model {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let model = Model::load(&bytes).map_err(|e| e.to_string())?;
        let dev = read_kind_tsv(&args.kind.join(format!("{}.tsv", args.dev)))
            .map_err(|e| e.to_string())?;
        return evaluate(&model, &dev, &args);
    }
    let mut lexicon = Lexicon::new();
    lexicon.add_tsv(&read(&args.lexicons.join("ner-lexicon.tsv"))?);
    // KIND's ORG list is `ORG name` a line; only hashes of it end up in the model.
    let orgs = read(&args.kind.join("gazetteer-ORG-wikipedia.txt"))?;
    let orgs: String = orgs
        .lines()
        .filter_map(|l| l.strip_prefix("ORG "))
        .map(|n| format!("ORG\t{n}\n"))
        .collect();
    lexicon.add_tsv(&orgs);
    lexicon.add_cluster_tsv(&read(&args.lexicons.join("ner-clusters.tsv"))?);
    println!(
        "lexicon: {} entries, {} clustered words ({:.1}s)",
        lexicon.entry_count(),
        lexicon.cluster_count(),
        started.elapsed().as_secs_f64()
    );
    args.options.lexicon = lexicon;

    let mut sentences: Vec<TrainingSentence> = Vec::new();
    for name in &args.train {
        let mut s =
            read_kind_tsv(&args.kind.join(format!("{name}.tsv"))).map_err(|e| e.to_string())?;
        // Document numbers restart in each file; keep them apart.
        let next_document = sentences.last().map_or(0, |x| x.document + 1);
        // Wikinews is the served domain; fiction and De Gasperi get their own feature copies.
        let domain = if name.starts_with("FIC") {
            1
        } else if name.starts_with("ADG") {
            2
        } else {
            0
        };
        for x in &mut s {
            x.domain = domain;
            x.document += next_document;
        }
        println!("{name}: {} sentences", s.len());
        sentences.extend(s);
    }
    let dev =
        read_kind_tsv(&args.kind.join(format!("{}.tsv", args.dev))).map_err(|e| e.to_string())?;
    let a = alignment(&sentences);
    println!(
        "train entities: {}, not on token boundaries: {}",
        a.entities, a.misaligned
    );
    let a = alignment(&dev);
    println!(
        "dev entities: {}, not on token boundaries: {}",
        a.entities, a.misaligned
    );

    let t = Instant::now();
    let epochs = args.options.epochs;
    let model = train_with_progress(&sentences, &args.options, |phase, epoch, acc| {
        if epoch == epochs {
            println!(
                "{phase}: {epoch} epochs, train token accuracy {acc:.4} ({:.1}s)",
                t.elapsed().as_secs_f64()
            );
        }
    });
    let train_secs = t.elapsed().as_secs_f64();
    let bytes = model.save();
    std::fs::write(&args.out, &bytes).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let t = Instant::now();
    let model = Model::load(&bytes).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "trained in {train_secs:.1}s; wrote {} ({:.1} MB, loads in {load_ms:.0} ms)",
        args.out.display(),
        bytes.len() as f64 / 1e6
    );

    evaluate(&model, &dev, &args)?;
    println!("total {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Exact start, end and label, micro over all entities: what `ner_spans.py score` computes.
fn evaluate(model: &Model, dev: &[TrainingSentence], args: &Args) -> Result<(), String> {
    let mut counts: BTreeMap<Label, [usize; 3]> = BTreeMap::new();
    let mut jsonl = String::new();
    // The best of `repeat` timings: the machine is shared, and the first pass also pays for
    // the first touch of the weight tables.
    let mut secs = f64::INFINITY;
    let mut result = (Vec::new(), 0);
    for _ in 0..args.repeat {
        let t = Instant::now();
        result = if args.by_sentence {
            let mut ntokens = 0;
            let spans = dev
                .iter()
                .map(|s| {
                    let tokens = tokenize(&s.text);
                    ntokens += tokens.len();
                    model.predict(&s.text, &tokens)
                })
                .collect();
            (spans, ntokens)
        } else {
            predict_documents(model, dev)
        };
        secs = secs.min(t.elapsed().as_secs_f64());
    }
    let (predicted, ntokens) = result;
    for (i, (s, pred)) in dev.iter().zip(&predicted).enumerate() {
        let gold: HashSet<EntitySpan> = s.entities.iter().copied().collect();
        let pred_set: HashSet<EntitySpan> = pred.iter().copied().collect();
        for l in Label::ALL {
            let c = counts.entry(l).or_default();
            c[0] += gold
                .intersection(&pred_set)
                .filter(|e| e.label == l)
                .count();
            c[1] += pred_set.difference(&gold).filter(|e| e.label == l).count();
            c[2] += gold.difference(&pred_set).filter(|e| e.label == l).count();
        }
        if args.pred.is_some() {
            // ner_spans.py wants Python str indices: characters, not bytes.
            let chars = |b: usize| s.text[..b].chars().count();
            let ents: Vec<serde_json::Value> = pred
                .iter()
                .map(|e| serde_json::json!([chars(e.start), chars(e.end), e.label.as_str()]))
                .collect();
            let line = serde_json::json!({"id": i, "text": s.text, "entities": ents});
            jsonl.push_str(&line.to_string());
            jsonl.push('\n');
        }
    }
    if let Some(path) = &args.pred {
        std::fs::write(path, jsonl).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "{}: {} sentences, {ntokens} tokens tokenised and tagged in {secs:.2}s ({:.0} tokens/s)",
        args.dev,
        dev.len(),
        ntokens as f64 / secs
    );
    let prf = |c: [usize; 3]| {
        let p = c[0] as f64 / (c[0] + c[1]).max(1) as f64;
        let r = c[0] as f64 / (c[0] + c[2]).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f, c[0] + c[2])
    };
    let mut micro = [0usize; 3];
    for (l, c) in &counts {
        let (p, r, f, n) = prf(*c);
        println!("{l:5}  P {p:.4}  R {r:.4}  F1 {f:.4}  support {n}");
        for k in 0..3 {
            micro[k] += c[k];
        }
    }
    let (p, r, f, n) = prf(micro);
    println!("micro  P {p:.4}  R {r:.4}  F1 {f:.4}  support {n}");
    Ok(())
}

/// Tags `dev` document by document: each document's sentences are joined into one text, one
/// line each, as an article would be, and the spans are mapped back to each sentence. Returns
/// the spans per sentence and the number of tokens.
fn predict_documents(model: &Model, dev: &[TrainingSentence]) -> (Vec<Vec<EntitySpan>>, usize) {
    let mut out = Vec::with_capacity(dev.len());
    let mut ntokens = 0;
    for doc in dev.chunk_by(|a, b| a.document == b.document) {
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

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-ner: {e}");
            ExitCode::FAILURE
        }
    }
}
