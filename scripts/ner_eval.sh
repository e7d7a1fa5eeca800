#!/usr/bin/env bash
# Rebuild the entity model's lexicons, retrain it, and score it on WN_dev with the official
# scorer (shared/eval/ner_spans.py), so the two scorings can be compared. WN_dev is tagged
# article by article (the documents that mark_documents finds), as find_entities tags an article.
#
#   bash scripts/ner_eval.sh [KIND_DIR] [EVAL_DIR] [WIKINEURAL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-../shared/data/kind}"
eval_dir="${2:-../shared/eval}"
silver="${3:-../shared/data/wikineural-it}"
out="$(mktemp -d)"
python3 scripts/build_lexicons.py --kind "$kind" --out models/ner
cargo run --release --bin train-ner -- --kind "$kind" \
    --out python/rassegna/data/models/ner-it.bin --seed 1 --folds 5 --ensemble 5 --stages 2 \
    --train WN_train,FIC_train,ADG_train --silver "$silver" --dropout 0.1 \
    --pred "$out/pred.jsonl"
python3 "$eval_dir/ner_spans.py" convert "$kind/WN_dev.tsv" > "$out/gold.jsonl"
python3 "$eval_dir/ner_spans.py" score "$out/gold.jsonl" "$out/pred.jsonl"
