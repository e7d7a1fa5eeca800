"""Near-duplicates: rassegna's ``Corpus.duplicates`` on wire copies made from KIND, and
datasketch's ``MinHashLSH`` on the same shingles with the same signature length and bands.

The benchmark set is generated here from the KIND Wikinews sentences (as
``benchmarks/corpora.py`` reads them; ``skipping: …`` when they are missing), with a fixed
seed. A *story* is 9-16 sentences in paragraphs of 2-4, written as an agency wire: headline,
``CITY, DD MON (ANSA) -`` dateline, paragraphs. Each story has 0-4 copies with 2-4 realistic
edits each: a new headline, a byline and another dateline, a paragraph added (from sentences
no story uses), removed or moved, 1-3 typos, a boilerplate line; one copy in five is the
whole wire with 1-3 paragraphs of the outlet's own. Half the articles end with an outlet's
footer: in the quality set one outlet in five has a house footer the parser keeps as text
(only the threshold keeps the articles sharing it apart), the others newsletter or
subscription footers the parser sets aside. Ground truth: two articles are duplicates when
they come from the same story; everything else (a shared footer, a neighbouring story on the
same topic, a sentence in common) is not.

- The *quality* set (about 2,500 articles) takes its stories from consecutive sentences, so
  neighbouring stories often continue one Wikinews article (distinct articles, same topic):
  pair precision and recall at the defaults, and over thresholds, shingle sizes, bands and
  containment.
- The *scale* sets (``--scale``, 10,000 by default) need more stories than KIND has
  sentences for: each story draws random sentences, with one word in four replaced by a
  random KIND word so that sentences are not shared by hundreds of articles.

    python benchmarks/bench_duplicates.py                         # quality + 10k scale run
    python benchmarks/bench_duplicates.py --scale 10000 100000    # the recorded run

Scale: for each size, rassegna and datasketch each run in a fresh Python process under
``/usr/bin/time -v`` (peak RSS). rassegna: ``rassegna.read`` of the JSONL (not timed), then
``corpus.duplicates()``, the best of three calls. datasketch, as an analyst runs it, from the
same content words rassegna shingles (exported once, folded as rassegna folds them; the
script checks that every article has as many distinct shingles on both sides): shingle
strings, ``MinHash.bulk`` (default SHA-1), ``MinHashLSH(params=(bands, rows))`` with the same
``num_perm``, bands and rows, insert and one query per article. Candidate pairs of both are
compared (exact copies counted once, as rassegna meets them by fingerprint).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

SEED = 21
CITIES = ("ROMA", "MILANO", "NAPOLI", "TORINO", "BARI", "PALERMO", "FIRENZE", "BOLOGNA", "GENOVA")
MONTHS = ("GEN", "FEB", "MAR", "APR", "MAG", "GIU", "LUG", "AGO", "SET", "OTT", "NOV", "DIC")
OUTLETS = ("Il Quotidiano", "Cronache", "La Gazzetta", "Il Corriere del Sud", "Notizie Oggi")
# A house footer the parser takes for text (the hard case: only the threshold keeps the
# articles that share it apart), and footers it sets aside as boilerplate.
HOUSE_FOOTER = (
    "La redazione di {o} lavora ogni giorno per offrire ai lettori notizie verificate, approfondimenti "
    "e commenti sui fatti della politica, dell'economia e della cultura del paese e del mondo."
)
FOOTERS = (
    "Iscriviti alla newsletter di {o}: ogni mattina le notizie più importanti della giornata, "
    "gli approfondimenti e i commenti dei nostri giornalisti.",
    "Abbonati a {o} per leggere tutti gli articoli, l'archivio storico e l'edizione digitale.",
)
BOILERPLATE = ("Riproduzione riservata © Copyright ANSA", "Leggi anche: le altre notizie del giorno",
               "RIPRODUZIONE RISERVATA")
NAMES = ("Maria Rossi", "Luca Bianchi", "Giulia Esposito", "Marco Ricci", "Anna Romano")


# -- the benchmark set ------------------------------------------------------------------------
class Generator:
    def __init__(self, sentences: list[str], seed: int = SEED) -> None:
        self.random = random.Random(seed)
        cut = len(sentences) * 9 // 10
        self.pool, self.extra = sentences[:cut], sentences[cut:]
        self.words = sorted({w for s in self.pool for w in s.split(" ") if w.isalpha()})
        self.coherent = True

    def paragraphs(self, sentences: list[str]) -> list[str]:
        out, at = [], 0
        while at < len(sentences):
            n = self.random.randint(2, 4)
            out.append(" ".join(sentences[at:at + n]))
            at += n
        return out

    def story(self, sentences: list[str]) -> dict:
        headline = " ".join(sentences[0].split()[:9]).rstrip(",.;:")
        return {"headline": headline, "paragraphs": self.paragraphs(sentences[1:]) or [sentences[0]]}

    def added(self, count: int) -> str:
        """``count`` sentences no story uses, for the paragraphs copies add."""
        chosen = self.random.sample(self.extra, count)
        return " ".join(chosen if self.coherent else [self.unique(s) for s in chosen])

    def stories(self, count: int, coherent: bool) -> list[dict]:
        """``coherent``: runs of consecutive sentences, at most as many as the pool holds;
        else random sentences (for sets larger than the pool)."""
        out, at = [], 0
        while len(out) < count:
            length = self.random.randint(9, 16)
            if coherent:
                if at + length > len(self.pool):
                    break
                chosen, at = self.pool[at:at + length], at + length
            else:
                chosen = [self.unique(s) for s in self.random.sample(self.pool, length)]
            out.append(self.story(chosen))
        return out

    def unique(self, sentence: str) -> str:
        """The sentence with one word in four replaced by a random KIND word: a set larger than
        the pool reuses each sentence many times, which news does not."""
        words = sentence.split(" ")
        for i in range(self.random.randrange(4), len(words), 4):
            words[i] = self.random.choice(self.words)
        return " ".join(words)

    def dateline(self, agency: bool) -> str:
        city, day, month = self.random.choice(CITIES), self.random.randint(1, 28), self.random.choice(MONTHS)
        return f"{city}, {day} {month} (ANSA) - " if agency else f"{city.title()}, {day} {month.lower()} – "

    def typo(self, text: str) -> str:
        words = text.split(" ")
        i = self.random.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            j = self.random.randrange(len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
        return " ".join(words)

    def copy(self, story: dict) -> dict:
        paras = list(story["paragraphs"])
        headline, byline, agency = story["headline"], None, True
        edits = self.random.sample(["headline", "byline", "add", "remove", "move", "typos", "boilerplate"],
                                   self.random.randint(2, 4))
        boilerplate = None
        for edit in edits:
            if edit == "headline":
                headline = " ".join(self.random.choice(self.pool).split()[:7]).rstrip(",.;:")
            elif edit == "byline":
                byline, agency = f"di {self.random.choice(NAMES)}", False
            elif edit == "add":
                paras.insert(self.random.randint(0, len(paras)), self.added(2))
            elif edit == "remove" and len(paras) > 3:
                paras.pop(self.random.randrange(len(paras)))
            elif edit == "move" and len(paras) > 1:
                paras.insert(self.random.randrange(len(paras)), paras.pop(self.random.randrange(len(paras))))
            elif edit == "typos":
                for _ in range(self.random.randint(1, 3)):
                    k = self.random.randrange(len(paras))
                    paras[k] = self.typo(paras[k])
            elif edit == "boilerplate":
                boilerplate = self.random.choice(BOILERPLATE)
        return {"headline": headline, "byline": byline, "agency": agency, "paragraphs": paras,
                "boilerplate": boilerplate}

    def longer(self, story: dict) -> dict:
        own = [self.added(3) for _ in range(self.random.randint(1, 3))]
        return {"headline": story["headline"], "byline": f"di {self.random.choice(NAMES)}", "agency": False,
                "paragraphs": story["paragraphs"] + own, "boilerplate": None}

    def text(self, article: dict, footer: str | None) -> str:
        lines = [article["headline"]]
        if article.get("byline"):
            lines.append(article["byline"])
        paras = list(article["paragraphs"])
        paras[0] = self.dateline(article.get("agency", True)) + paras[0]
        lines.extend(paras)
        if footer:
            lines.append(footer)
        if article.get("boilerplate"):
            lines.append(article["boilerplate"])
        return "\n\n".join(lines) + "\n"

    def articles(self, count: int, coherent: bool) -> tuple[list[str], list[int]]:
        """About ``count`` articles (texts, in shuffled order) and the story of each. In a
        ``coherent`` set, one outlet in five ends its articles with a house footer."""
        self.coherent = coherent
        stories = self.stories(max(1, count * 10 // 23), coherent)
        made: list[tuple[str, int]] = []
        for number, story in enumerate(stories):
            versions = [dict(story, agency=True)]
            versions.extend(self.longer(story) if self.random.random() < 0.2 else self.copy(story)
                            for _ in range(self.random.choice((0, 0, 1, 1, 2, 3, 4))))
            for version in versions:
                outlet = self.random.randrange(len(OUTLETS) * 2)
                if outlet == 0 and coherent:
                    footer: str | None = HOUSE_FOOTER.format(o=OUTLETS[outlet])
                elif outlet < len(OUTLETS):
                    footer = self.random.choice(FOOTERS).format(o=OUTLETS[outlet])
                else:
                    footer = None
                made.append((self.text(version, footer), number))
            if len(made) >= count:
                break
        self.random.shuffle(made)
        made = made[:count]
        return [t for t, _ in made], [s for _, s in made]


def true_pairs(stories: list[int]) -> set[tuple[int, int]]:
    by_story: dict[int, list[int]] = {}
    for index, story in enumerate(stories):
        by_story.setdefault(story, []).append(index)
    return {pair for members in by_story.values() for pair in combinations(members, 2)}


def found_pairs(rows: list[dict]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row["index"])
    return {pair for members in groups.values() for pair in combinations(sorted(members), 2)}


def precision_recall(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0, hit / len(truth) if truth else 1.0)


def quality(sentences: list[str], threads: int | None) -> None:
    import rassegna
    from rassegna import duplicates as D

    texts, stories = Generator(sentences).articles(4000, coherent=True)
    truth = true_pairs(stories)
    corpus = rassegna.Corpus.from_texts(texts)
    print(f"quality set: {len(texts)} articles from {len(set(stories))} stories, "
          f"{len(truth)} duplicate pairs (KIND sentences, seed {SEED})")
    p, r = precision_recall(found_pairs(corpus.duplicates(threads=threads).to_arrow().to_pylist()), truth)
    print(f"defaults (threshold {D.THRESHOLD}, containment {D.CONTAINMENT}, shingle_size {D.SHINGLE_SIZE}, "
          f"num_perm {D.NUM_PERM}, bands {D.BANDS}): pair precision {p:.4f}, recall {r:.4f}")
    print("\nprecision / recall by threshold (containment 0.9) and shingle size")
    thresholds = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    print("shingle " + "".join(f"{t:>14}" for t in thresholds))
    for size in (3, 4, 5, 7):
        cells = []
        for threshold in thresholds:
            rows = corpus.duplicates(threshold=threshold, shingle_size=size, threads=threads)
            found = found_pairs(rows.to_arrow().to_pylist())
            cells.append("{:.3f}/{:.3f}".format(*precision_recall(found, truth)))
        print(f"{size:>7} " + "".join(f"{c:>14}" for c in cells))
    print(f"\nprecision / recall by bands (rows = 128 // bands), shingle_size {D.SHINGLE_SIZE}, "
          "and seconds a call")
    for bands in (32, 42, 64):
        cells = []
        for threshold in (0.3, 0.4, 0.5):
            start = time.perf_counter()
            rows = corpus.duplicates(threshold=threshold, bands=bands, threads=threads).to_arrow().to_pylist()
            seconds = time.perf_counter() - start
            cells.append("t={}: {:.3f}/{:.3f} {:.2f}s".format(
                threshold, *precision_recall(found_pairs(rows), truth), seconds))
        print(f"  {bands} bands: " + "   ".join(cells))
    print(f"\nprecision / recall by containment (threshold {D.THRESHOLD}, shingle_size {D.SHINGLE_SIZE})")
    for containment in (0.7, 0.8, 0.9, 1.0):
        rows = corpus.duplicates(containment=containment, threads=threads).to_arrow().to_pylist()
        shown = "{:.3f}/{:.3f}".format(*precision_recall(found_pairs(rows), truth))
        print(f"  containment {containment}: {shown}")


# -- the two contenders, each in its own process ------------------------------------------------
def run_rassegna(jsonl: str, out: str, bands: int, num_perm: int) -> None:
    import resource

    import rassegna
    from rassegna import duplicates

    corpus = rassegna.read(jsonl)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The best of three calls, as bench_parse.py times rassegna: a call of a second is at the
    # mercy of whatever else the shared machine runs.
    runs = []
    for _ in range(3):
        start, cpu = time.perf_counter(), time.process_time()
        table = corpus.duplicates(num_perm=num_perm, bands=bands)
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    seconds, cpu_seconds = min(runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = duplicates.candidates(corpus._engine, shingle_size=duplicates.SHINGLE_SIZE, num_perm=num_perm,
                                  bands=bands, threads=None)
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "cpu_seconds": cpu_seconds, "rss_before_kb": before,
                   "rss_peak_kb": peak,
                   "pairs": found.pairs, "copy_of": found.copy_of,
                   "groups": table.to_arrow().to_pylist()}, f)


def folded_words(corpus: object, path: str) -> None:
    """Writes the words rassegna shingles, one article a line: the content's tokens but
    punctuation, quotes, symbols and emoji, folded as rassegna folds them (lower case,
    typographic apostrophes as ``'``, accents dropped), in vectorised Arrow compute."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    tokens = corpus.tokens().to_arrow()  # type: ignore[attr-defined]
    kinds = tokens.column("kind").cast(pa.string())
    tokens = tokens.filter(pc.invert(pc.is_in(kinds, pa.array(["punct", "quote", "symbol", "emoji"]))))
    words = pc.utf8_lower(tokens.column("text").combine_chunks())
    words = pc.replace_substring_regex(words, "[\u2019\u2018\u00b4]", "'")
    words = pc.replace_substring_regex(pc.utf8_normalize(words, "NFD"), "\\p{M}", "")
    articles = tokens.column("article").combine_chunks()
    counts = np.zeros(len(corpus), dtype=np.int64)  # type: ignore[arg-type]
    per_entry = np.bincount(articles.indices.to_numpy(), minlength=len(articles.dictionary))
    counts[[int(i) for i in articles.dictionary.to_pylist()]] = per_entry
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    lines = pc.binary_join(pa.ListArray.from_arrays(offsets, words), " ")
    with open(path, "w", encoding="utf-8") as f:
        for line in lines.to_pylist():
            f.write(line + "\n")


def run_datasketch(words: str, out: str, bands: int, num_perm: int) -> None:
    """datasketch as an analyst runs it: shingle strings of the words, ``MinHash.bulk`` with its
    default SHA-1, a ``MinHashLSH`` of the same bands, then a query per article."""
    import resource

    from datasketch import MinHash, MinHashLSH
    from rassegna import duplicates

    size = duplicates.SHINGLE_SIZE
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    sizes: list[int] = []

    def shingled() -> Iterator[set[bytes]]:
        """Each article's shingle strings, made as MinHash.bulk asks for them (none kept)."""
        with open(words, encoding="utf-8") as lines:
            for line in lines:
                w = line.rstrip("\n").split(" ") if line != "\n" else []
                k = min(size, len(w))
                sets = {" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)} if w else set()
                sizes.append(len(sets))
                yield sets

    signed = MinHash.bulk(shingled(), num_perm=num_perm)
    signed_at = time.perf_counter()
    lsh = MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands))
    with lsh.insertion_session() as session:
        for key, m in enumerate(signed):
            if sizes[key]:
                session.insert(key, m, check_duplication=False)
    pairs = set()
    for key, m in enumerate(signed):
        if sizes[key]:
            pairs.update((min(key, other), max(key, other)) for other in lsh.query(m) if other != key)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w") as f:
        json.dump({"seconds": done - start, "cpu_seconds": time.process_time() - cpu,
                   "minhash_seconds": signed_at - start, "lsh_seconds": done - signed_at,
                   "rss_before_kb": before, "rss_peak_kb": peak, "pairs": sorted(pairs),
                   "sizes": sizes}, f)


def child(role: str, source: str, out: str, bands: int, num_perm: int) -> dict:
    """Runs one contender in a fresh process under /usr/bin/time -v; its figures and peak RSS."""
    command = [sys.executable, __file__, "--child", role, source, out, str(bands), str(num_perm)]
    timed = Path("/usr/bin/time").is_file()
    result = subprocess.run((["/usr/bin/time", "-v"] if timed else []) + command,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{role} failed:\n{result.stderr[-3000:]}")
    with open(out) as f:
        figures = json.load(f)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    figures["time_v_peak_kb"] = int(match.group(1)) if match else figures["rss_peak_kb"]
    return figures


def scale(sentences: list[str], size: int, bands: int, num_perm: int) -> dict:
    import rassegna
    from rassegna import _core
    from rassegna import duplicates as D

    texts, stories = Generator(sentences, seed=SEED + size).articles(size, coherent=False)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        jsonl, words = os.path.join(folder, "set.jsonl"), os.path.join(folder, "words.txt")
        with open(jsonl, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                         for i, t in enumerate(texts))
        corpus = rassegna.read(jsonl)
        folded_words(corpus, words)
        sizes = [len(b) // 8 for b in _core._duplicate_shingles(corpus._inner, shingle_size=D.SHINGLE_SIZE)]
        del corpus
        ours = child("rassegna", jsonl, os.path.join(folder, "ours.json"), bands, num_perm)
        peer = child("datasketch", words, os.path.join(folder, "peer.json"), bands, num_perm)
    # The same shingles: as many distinct ones per article on both sides.
    differing = sum(a != b for a, b in zip(sizes, peer["sizes"]))
    copy_of = ours["copy_of"]
    mine = {tuple(p) for p in ours["pairs"]}
    theirs = {(copy_of[a], copy_of[b]) for a, b in peer["pairs"] if copy_of[a] != copy_of[b]}
    theirs = {(min(p), max(p)) for p in theirs}
    agreement = len(mine & theirs) / len(mine | theirs) if mine | theirs else 1.0
    p, r = precision_recall(found_pairs(ours["groups"]), true_pairs(stories))
    return {"size": size, "megabytes": megabytes, "ours": ours, "peer": peer, "agreement": agreement,
            "differing": differing, "only_ours": len(mine - theirs), "only_theirs": len(theirs - mine),
            "both": len(mine & theirs),
            "precision": p, "recall": r}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", help="folder with WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--scale", type=int, nargs="*", default=[10_000],
                        help="corpus sizes for the datasketch comparison (default: 10000)")
    parser.add_argument("--no-quality", action="store_true", help="skip the precision/recall tables")
    parser.add_argument("--bands", type=int, default=None, help="LSH bands (default: rassegna's)")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        role, source, out, bands, num_perm = args.child
        (run_rassegna if role == "rassegna" else run_datasketch)(source, out, int(bands), int(num_perm))
        return 0
    try:
        sentences = list(corpora.sentences(corpora.kind_dir(args.kind)))
    except corpora.KindNotFound as missing:
        print(missing)
        return 0
    try:
        import datasketch
    except ImportError:
        print("skipping: datasketch is not installed (pip install -e '.[bench]')")
        return 0
    import rassegna

    print(f"rassegna {rassegna.__version__}, datasketch {datasketch.__version__}, "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores (shared: read ratios)")
    if not args.no_quality:
        quality(sentences, args.threads)
    from rassegna import duplicates as D

    bands, num_perm = args.bands or D.BANDS, D.NUM_PERM
    print(f"\nscale: num_perm {num_perm}, {bands} bands of {num_perm // bands} rows, "
          f"shingle_size {D.SHINGLE_SIZE}, "
          "each contender in its own process")
    print(f"{'articles':>9} {'MB':>6} {'rassegna s':>11} {'datasketch s':>13} "
          f"{'speed-up':>9} {'rss MB ours':>12} {'rss MB peer':>12} {'agreement':>10} "
          f"{'P':>6} {'R':>6}")
    results = []
    for size in args.scale:
        result = scale(sentences, size, bands, num_perm)
        results.append(result)
        ours, peer = result["ours"], result["peer"]
        print(f"{size:>9,} {result['megabytes']:>6.1f} {ours['seconds']:>11.2f} {peer['seconds']:>13.2f} "
              f"{peer['seconds'] / ours['seconds']:>8.1f}x "
              f"{ours['time_v_peak_kb'] / 1024:>12.0f} {peer['time_v_peak_kb'] / 1024:>12.0f} "
              f"{result['agreement']:>10.4f} {result['precision']:>6.3f} {result['recall']:>6.3f}")
        print(f"{'':>9} CPU seconds: rassegna {ours['cpu_seconds']:.2f} (all threads), datasketch "
              f"{peer['cpu_seconds']:.2f}: {peer['cpu_seconds'] / ours['cpu_seconds']:.1f}x")
        print(f"{'':>9} datasketch: shingle strings + MinHash.bulk {peer['minhash_seconds']:.2f} s, "
              f"LSH insert + query {peer['lsh_seconds']:.2f} s; articles "
              f"whose distinct shingles differ in number between the two: {result['differing']}")
        print(f"{'':>9} candidate pairs: {result['both']:,} both, {result['only_ours']:,} only rassegna, "
              f"{result['only_theirs']:,} only datasketch; peak RSS added by the step (ru_maxrss after "
              f"loading → peak): ours {(ours['rss_peak_kb'] - ours['rss_before_kb']) / 1024:.0f} MB, "
              f"datasketch {(peer['rss_peak_kb'] - peer['rss_before_kb']) / 1024:.0f} MB")
    if len(results) > 1:
        a, b = results[0], results[-1]
        factor = b["size"] / a["size"]
        print(f"\ncost from {a['size']:,} to {b['size']:,} articles ({factor:.0f}x): rassegna "
              f"{b['ours']['seconds'] / a['ours']['seconds']:.1f}x time, datasketch "
              f"{b['peer']['seconds'] / a['peer']['seconds']:.1f}x time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
