//! Trains rassegna's entity model on KIND and scores it on WN_dev the way `ner_spans.py` does.
//!
//! cargo run --release --bin train-ner -- --kind ../shared/data/kind \
//!     --out python/rassegna/data/models/ner-it.bin --seed 1 --folds 5 --ensemble 5 --stages 2 \
//!     --train WN_train,FIC_train,ADG_train --silver ../shared/data/wikineural-it --dropout 0.1
//!
//! `--model FILE --texts FILE.jsonl [--threads N] [--repeat N] [--pred OUT.jsonl]` times what
//! rassegna does to an article, parse then `find_entities`, over the `text` of each JSON line,
//! and prints `{"seconds": …, "tokens": …, "texts": …}` (benchmarks/bench_ner.py reads it).
//!
//! `--model FILE` scores an existing model instead of training one. The dev sentences are
//! tagged document by document (`--sentences`: one sentence at a time), with the documents
//! that `mark_documents` finds.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use _core::article::{parse, Overrides};
use _core::corpus::thread_pool;
use _core::entities::{
    alignment, find_entities, predict_sentences, read_kind_tsv, read_wikineural,
    train_with_progress, Aliases, Category, Entity, EntitySpan, Label, Lexicon, Model,
    TrainOptions, TrainingSentence,
};
use _core::text::tokenize;
use rayon::prelude::*;

struct Args {
    kind: PathBuf,
    out: PathBuf,
    lexicons: PathBuf,
    train: Vec<String>,
    silver: Option<PathBuf>,
    silver_domain: u8,
    silver_train: bool,
    max_bytes: Option<usize>,
    dev: String,
    pred: Option<PathBuf>,
    model: Option<PathBuf>,
    by_sentence: bool,
    repeat: usize,
    texts: Option<PathBuf>,
    threads: usize,
    options: TrainOptions,
}

const USAGE: &str =
    "usage: train-ner --kind DIR (--out FILE | --model FILE) [--seed N] [--epochs N]
    [--bits N] [--folds N] [--ensemble N] [--stages 1|2] [--margin X] [--entity-margin X]
    [--dropout P]
    [--lexicons DIR] [--train WN_train,FIC_train,...] [--silver DIR [--silver-train] [--silver-domain N]]
    [--max-mb X] [--dev WN_dev] [--pred FILE.jsonl]
    [--sentences] [--repeat N] [--texts FILE.jsonl [--threads N (0: all cores)]]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        kind: PathBuf::from("../shared/data/kind"),
        out: PathBuf::new(),
        lexicons: PathBuf::from("models/ner"),
        train: vec!["WN_train".into()],
        silver: None,
        silver_domain: 3,
        silver_train: false,
        max_bytes: None,
        dev: "WN_dev".into(),
        pred: None,
        model: None,
        by_sentence: false,
        repeat: 1,
        texts: None,
        threads: 1,
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
            "--silver" => args.silver = Some(value()?.into()),
            "--silver-train" => args.silver_train = true,
            "--max-mb" => {
                let mb: f64 = value()?.parse().map_err(|e| format!("--max-mb: {e}"))?;
                args.max_bytes = Some((mb * 1e6) as usize);
            }
            "--silver-domain" => args.silver_domain = number(value()?)?.min(255) as u8,
            "--dev" => args.dev = value()?,
            "--pred" => args.pred = Some(value()?.into()),
            "--model" => args.model = Some(value()?.into()),
            "--sentences" => args.by_sentence = true,
            "--repeat" => args.repeat = number(value()?)?.max(1) as usize,
            "--texts" => args.texts = Some(value()?.into()),
            "--threads" => args.threads = number(value()?)? as usize,
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
            "--dropout" => {
                let p: f32 = value()?.parse().map_err(|e| format!("--dropout: {e}"))?;
                if !(0.0..1.0).contains(&p) {
                    return Err(format!("--dropout: {p} is not a share in [0, 1)"));
                }
                args.options.dropout = p;
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
        let mut model = Model::load(&bytes).map_err(|e| e.to_string())?;
        if let Some(max) = args.max_bytes {
            model.prune_to(max);
            println!("pruned to {:.1} MB", model.save().len() as f64 / 1e6);
        }
        if let Some(texts) = &args.texts {
            return time_texts(&model, texts, &args);
        }
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
    if let Some(dir) = &args.silver {
        // WikiNEuRal's Italian validation and test files (its train split is not here): their
        // names become the Silver* gazetteers, and with `--silver-train` the sentences train
        // beside KIND's, with feature copies of their own (`--silver-domain`, 0 to share).
        let mut names = 0;
        for name in ["val.conllu", "test.conllu"] {
            let mut s = read_wikineural(&dir.join(name)).map_err(|e| e.to_string())?;
            for x in &s {
                for e in &x.entities {
                    args.options
                        .lexicon
                        .add_entry(Category::silver_of_label(e.label), &x.text[e.start..e.end]);
                    names += 1;
                }
            }
            println!("{name}: {} silver sentences, {names} names so far", s.len());
            if args.silver_train {
                let next_document = sentences.last().map_or(0, |x| x.document + 1);
                for x in &mut s {
                    x.domain = args.silver_domain;
                    x.document += next_document;
                }
                sentences.extend(s);
            }
        }
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
    let mut model = model;
    if let Some(max) = args.max_bytes {
        model.prune_to(max);
    }
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
            predict_sentences(model, dev)
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

/// Parses each text as an article and finds its entities, `repeat` times on `threads` threads
/// (0: all cores); prints the best wall time and the tokens parsed as one JSON line.
fn time_texts(model: &Model, path: &PathBuf, args: &Args) -> Result<(), String> {
    let mut texts = Vec::new();
    for (n, line) in read(path)?.lines().enumerate() {
        let record: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let text = record["text"].as_str().unwrap_or_default();
        texts.push(text.to_owned());
    }
    let one = |text: &String| -> (usize, Vec<Entity>) {
        match parse(text.clone(), Overrides::default()) {
            Ok(article) => {
                let found = find_entities(&article, model, Aliases::bundled());
                (article.token_count, found)
            }
            Err(_) => (0, Vec::new()),
        }
    };
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.threads
    };
    let pool = thread_pool(threads).map_err(|e| e.to_string())?;
    let mut secs = f64::INFINITY;
    let mut results = Vec::new();
    for _ in 0..args.repeat {
        let t = Instant::now();
        results = if threads == 1 {
            texts.iter().map(one).collect()
        } else {
            pool.install(|| texts.par_iter().map(one).collect())
        };
        secs = secs.min(t.elapsed().as_secs_f64());
    }
    if let Some(out) = &args.pred {
        let mut jsonl = String::new();
        for (i, (text, (_, found))) in texts.iter().zip(&results).enumerate() {
            let chars = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
            let ents: Vec<serde_json::Value> = found
                .iter()
                .map(|e| serde_json::json!([chars(e.start), chars(e.end), e.label.as_str()]))
                .collect();
            jsonl.push_str(&serde_json::json!({"id": i, "entities": ents}).to_string());
            jsonl.push('\n');
        }
        std::fs::write(out, jsonl).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let tokens: usize = results.iter().map(|r| r.0).sum();
    println!(
        "{}",
        serde_json::json!({"seconds": secs, "tokens": tokens, "texts": texts.len(), "threads": threads})
    );
    Ok(())
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
