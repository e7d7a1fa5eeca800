//! Feature extraction: every feature of a token is one hashed bucket of a flat weight table.
//!
//! A sentence is first summarised token by token (word hash, shape, clusters, gazetteer
//! positions), then each token's features are pushed as bucket indices into one reused buffer,
//! so extraction allocates nothing per token or per feature.

use crate::text::{Token, TokenKind};

use super::lexicon::{bytes_hash, mix, normalise, Category, Lexicon, NNAMES};

/// Words that announce a person's (or an organisation's) name after them: titles and roles
/// that the KIND guidelines keep outside the span.
const CUES: &[&str] = &[
    "presidente",
    "ministro",
    "ministra",
    "portavoce",
    "segretario",
    "segretaria",
    "leader",
    "premier",
    "cancelliere",
    "ambasciatore",
    "generale",
    "zar",
    "papa",
    "sindaco",
    "senatore",
    "senatrice",
    "deputato",
    "deputata",
    "onorevole",
    "governatore",
    "re",
    "regina",
    "principe",
    "principessa",
    "dottor",
    "dottore",
    "dott",
    "prof",
    "professore",
    "professoressa",
    "avvocato",
    "giudice",
    "cardinale",
    "arcivescovo",
    "vescovo",
    "don",
    "padre",
    "suor",
    "san",
    "santo",
    "santa",
    "signor",
    "signora",
    "sig",
    "direttore",
    "direttrice",
    "allenatore",
    "tecnico",
    "capitano",
    "comandante",
    "colonnello",
    "sergente",
    "candidato",
    "candidata",
    "attore",
    "attrice",
    "cantante",
    "scrittore",
    "scrittrice",
    "regista",
    "giornalista",
    "vicepresidente",
    "sottosegretario",
    "assessore",
    "consigliere",
    "procuratore",
    "pm",
    "commissario",
    "capo",
    "fondatore",
    "amministratore",
    "ad",
    "ceo",
    "dittatore",
    "pontefice",
    "monsignor",
    "mr",
    "mrs",
    "sir",
    "lord",
    "lady",
    "presidentessa",
    "ex",
];

/// Words after which a place name often follows.
const PLACE_CUES: &[&str] = &[
    "a",
    "in",
    "di",
    "da",
    "per",
    "verso",
    "nel",
    "nella",
    "nei",
    "provincia",
    "regione",
    "città",
    "comune",
    "capitale",
    "stato",
    "isola",
    "via",
    "piazza",
    "fiume",
    "lago",
    "monte",
];

/// Words that announce an organisation's name: media, firms, parties, armed groups. A bare
/// foreign name after them (`il quotidiano Vedomosti`, `la compagnia militare privata Wagner`)
/// is an organisation, though it looks like a surname.
const ORG_CUES: &[&str] = &[
    "quotidiano",
    "giornale",
    "agenzia",
    "emittente",
    "tv",
    "televisione",
    "rete",
    "radio",
    "rivista",
    "settimanale",
    "testata",
    "sito",
    "tabloid",
    "compagnia",
    "gruppo",
    "società",
    "azienda",
    "colosso",
    "marchio",
    "banca",
    "partito",
    "movimento",
    "squadra",
    "club",
    "organizzazione",
    "associazione",
    "fondazione",
    "sindacato",
    "milizia",
    "formazione",
    "holding",
    "multinazionale",
    "piattaforma",
    "app",
    "social",
];

/// A summary of one token, computed once per sentence.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokenInfo {
    /// Hash of the normalised (lower-cased) form.
    pub word: u64,
    shape: u64,
    short_shape: u64,
    pub cap: bool,
    upper: bool,
    pub initial: bool,
    kind: u8,
    len: u8,
    cue: u8,
    clusters: [u16; 3],
    /// A hyphen or dash, and whether it touches the token before (bit 0) and after (bit 1):
    /// KIND keeps `Roma-Viterbo` one name and `Seregno - Saronno` two.
    dash: u8,
    flags: u16,
    gaz: [u8; NNAMES],
}

/// Reusable buffers for one sentence's features.
#[derive(Default)]
pub(crate) struct Extractor {
    pub infos: Vec<TokenInfo>,
    hashes: Vec<u64>,
    gaz: Vec<[u8; NNAMES]>,
    flags: Vec<u16>,
    buf: String,
    /// The normalised forms of the sentence's tokens, one after another, and where each ends:
    /// normalised once, read by `summarise` and by the affix features.
    lowered: String,
    lowered_ends: Vec<usize>,
    /// Sorted, for a binary search per token.
    cue_hashes: Vec<u64>,
    place_hashes: Vec<u64>,
    org_hashes: Vec<u64>,
    /// Bucket indices, all tokens' one after another.
    pub feats: Vec<u32>,
    /// `feats[offsets[i]..offsets[i + 1]]` are token i's.
    pub offsets: Vec<usize>,
}

const NONE: u64 = 0x5bd1_e995;

impl Extractor {
    pub fn new() -> Extractor {
        let mut buf = String::new();
        let mut hashes = |words: &[&str]| {
            let mut out: Vec<u64> = words
                .iter()
                .map(|w| bytes_hash(normalise(w, &mut buf).as_bytes()))
                .collect();
            out.sort_unstable();
            out
        };
        let cue_hashes = hashes(CUES);
        let place_hashes = hashes(PLACE_CUES);
        let org_hashes = hashes(ORG_CUES);
        Extractor {
            cue_hashes,
            place_hashes,
            org_hashes,
            ..Extractor::default()
        }
    }

    /// Fills `feats` and `offsets` for `tokens` of `text`, hashing into `1 << bits` buckets.
    ///
    /// `domain` 0 is news, the domain the model serves. Sentences of other domains also get a
    /// domain-specific copy of every feature, which soaks up what is peculiar to fiction or
    /// De Gasperi's letters so that the shared weights stay news-shaped (Daumé's "frustratingly
    /// easy" adaptation; prediction never pays for the copies).
    pub fn extract(
        &mut self,
        text: &str,
        tokens: &[Token],
        lexicon: &Lexicon,
        bits: u32,
        domain: u8,
    ) {
        self.summarise(text, tokens, lexicon);
        self.feats.clear();
        self.offsets.clear();
        self.offsets.push(0);
        let shift = 64 - bits;
        for i in 0..tokens.len() {
            self.token_features(i, shift);
            if domain != 0 {
                let start = self.offsets[i];
                for k in start..self.feats.len() {
                    let key = mix(u64::from(self.feats[k]) ^ u64::from(domain) << 40);
                    self.feats.push((key >> shift) as u32);
                }
            }
            self.offsets.push(self.feats.len());
        }
    }

    fn summarise(&mut self, text: &str, tokens: &[Token], lexicon: &Lexicon) {
        self.hashes.clear();
        self.infos.clear();
        self.lowered.clear();
        self.lowered_ends.clear();
        self.lowered_ends.push(0);
        for (i, t) in tokens.iter().enumerate() {
            let word = t.text(text);
            let lower = normalise(word, &mut self.buf);
            let h = bytes_hash(lower.as_bytes());
            self.lowered.push_str(lower);
            self.lowered_ends.push(self.lowered.len());
            self.hashes.push(h);
            let first = word.chars().next().unwrap_or(' ');
            let prev = if i == 0 { "" } else { tokens[i - 1].text(text) };
            let initial = i == 0
                || matches!(
                    prev,
                    "." | "!" | "?" | ":" | ";" | "«" | "\"" | "“" | "-" | "–" | "—" | "(" | "..."
                );
            let dash = if matches!(word, "-" | "–" | "‐" | "‑" | "—") {
                4 | u8::from(i > 0 && tokens[i - 1].end == t.start)
                    | u8::from(tokens.get(i + 1).is_some_and(|n| n.start == t.end)) << 1
            } else {
                0
            };
            let cue = u8::from(self.cue_hashes.binary_search(&h).is_ok())
                | u8::from(self.place_hashes.binary_search(&h).is_ok()) << 1
                | u8::from(self.org_hashes.binary_search(&h).is_ok()) << 2;
            self.infos.push(TokenInfo {
                word: h,
                shape: shape(word, false),
                short_shape: shape(word, true),
                cap: first.is_uppercase(),
                upper: word.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && word.chars().all(|c| !c.is_lowercase()),
                initial,
                kind: kind_code(t.kind),
                len: word.chars().count().min(12) as u8,
                cue,
                clusters: lexicon.clusters.get(&h).copied().unwrap_or([u16::MAX; 3]),
                dash,
                flags: 0,
                gaz: [0; NNAMES],
            });
        }
        lexicon.annotate(text, tokens, &self.hashes, &mut self.gaz, &mut self.flags);
        for (info, (&g, &f)) in self.infos.iter_mut().zip(self.gaz.iter().zip(&self.flags)) {
            info.gaz = g;
            info.flags = f;
        }
    }

    fn token_features(&mut self, i: usize, shift: u32) {
        let n = self.infos.len();
        let at = |k: isize| -> Option<&TokenInfo> {
            let j = i as isize + k;
            (j >= 0 && (j as usize) < n).then(|| &self.infos[j as usize])
        };
        let w = |k: isize| at(k).map_or(NONE.wrapping_add(k as u64), |t| t.word);
        let sh = |k: isize| at(k).map_or(NONE.wrapping_add(k as u64), |t| t.short_shape);
        let cl = |k: isize, g: usize| {
            at(k).map_or(u64::from(u16::MAX) + 1, |t| u64::from(t.clusters[g]))
        };
        let me = self.infos[i];
        let cap = u64::from(me.cap) | u64::from(me.upper) << 1 | u64::from(me.initial) << 2;
        let mut out = std::mem::take(&mut self.feats);
        let mut push = |template: u64, value: u64| out.push(bucket(template, value, shift));
        push(1, 0);
        push(2, w(0));
        push(3, w(-1));
        push(4, w(1));
        push(5, w(-2));
        push(6, w(2));
        push(7, mix(w(-1)) ^ w(0));
        push(8, mix(w(0)) ^ w(1));
        push(9, me.shape);
        push(10, sh(-1));
        push(11, sh(1));
        push(12, mix(mix(sh(-1)) ^ me.short_shape) ^ sh(1));
        push(13, cap);
        push(14, mix(w(-1)) ^ cap);
        push(15, mix(w(1)) ^ cap);
        push(16, mix(w(-2)) ^ cap);
        push(17, u64::from(me.kind) | u64::from(me.len) << 8 | cap << 16);
        // Prefixes and suffixes of the normalised form, by characters.
        let lower = &self.lowered[self.lowered_ends[i]..self.lowered_ends[i + 1]];
        let mut ends = [0usize; 5];
        let mut count = 0;
        for (k, (b, _)) in lower.char_indices().enumerate().take(5) {
            ends[k] = b;
            count = k + 1;
        }
        let total = lower.chars().count();
        for (k, &e) in ends.iter().enumerate().skip(1) {
            if total > k {
                let end = if count > k { e } else { lower.len() };
                push(20 + k as u64, bytes_hash(&lower.as_bytes()[..end]));
            }
        }
        let mut starts = lower.char_indices().rev().map(|(b, _)| b);
        let mut suffix3 = 0;
        for k in 1..=4u64 {
            match starts.next() {
                Some(b) if total as u64 > k => {
                    let h = bytes_hash(&lower.as_bytes()[b..]);
                    if k == 3 {
                        suffix3 = h;
                    }
                    push(30 + k, h);
                }
                _ => break,
            }
        }
        // Clusters, at three granularities for the token and one for its neighbours.
        for g in 0..3 {
            push(40 + g as u64, cl(0, g) | cap << 20);
        }
        push(44, cl(-1, 1));
        push(45, cl(1, 1));
        push(46, cl(-1, 2) << 20 | cl(0, 1));
        // Gazetteers: where the token stands in a match, alone and with its capitalisation.
        let mut any = 0u64;
        for (c, &code) in me.gaz.iter().enumerate() {
            if code != 0 {
                push(50, (c as u64) << 4 | u64::from(code));
                push(51, (c as u64) << 4 | u64::from(code) | cap << 8);
                any |= 1 << c;
            }
        }
        push(52, any | cap << 8);
        for k in [-1isize, 1] {
            if let Some(t) = at(k) {
                let mut bits = 0u64;
                for (c, &code) in t.gaz.iter().enumerate() {
                    bits |= u64::from(code) << (4 * c);
                }
                push(53 + (k + 1) as u64, bits);
            }
        }
        // Ordinary words written with a capital: most are sentence-initial, not names.
        let word_bits = u64::from(
            me.flags & (Category::Word1.bit() | Category::Word2.bit() | Category::Word3.bit()),
        );
        push(56, word_bits | cap << 16);
        // Titles and place cues before the token.
        let cue = |k: isize| at(k).map_or(0, |t| u64::from(t.cue));
        push(57, cue(-1) | cue(-2) << 4 | cap << 8);
        // An organisation cue a few words back, with adjectives between (`compagnia militare
        // privata Wagner`).
        let org_cue = (1..=3).any(|k| cue(-k) & 4 != 0);
        push(
            71,
            u64::from(org_cue) | cap << 1 | u64::from(me.initial) << 2,
        );
        push(58, mix(w(-2)) ^ w(-1));
        push(59, mix(mix(w(-1)) ^ w(0)) ^ w(1));
        // The cased form: `Stato` the state, `stato` the participle.
        push(60, mix(w(0)) ^ cap);
        push(61, w(-3));
        push(62, w(3));
        // A bag of the words around, for topical context (a team's name among match words).
        for k in [-4isize, -3, -2, -1, 1, 2, 3, 4] {
            if at(k).is_some() {
                push(63, w(k));
            }
        }
        // Where the token stands in its run of capitalised words: names are runs.
        let capped = |k: isize| at(k).is_some_and(|t| t.cap);
        let run = u64::from(capped(-1)) | u64::from(capped(1)) << 1 | u64::from(me.cap) << 2;
        push(64, run | u64::from(me.initial) << 3);
        push(65, run | mix(w(-1)) << 4);
        for (c, &code) in me.gaz.iter().enumerate() {
            if code != 0 {
                push(66, mix(w(-1)) ^ ((c as u64) << 4 | u64::from(code)));
            }
        }
        push(67, suffix3 ^ cap);
        // First names and surnames, here and around: `Mario` before `Rossi`.
        let names = |k: isize| {
            at(k).map_or(0, |t| {
                u64::from(t.flags & Category::First.bit() != 0)
                    | u64::from(t.flags & Category::Last.bit() != 0) << 1
                    | u64::from(t.cap) << 2
            })
        };
        push(68, names(0) | cap << 3);
        push(69, names(0) | names(-1) << 3 | names(1) << 6);
        // A known place among match, vote or government words is often a team or a state
        // acting (KIND tags those ORG); an unknown capitalised word among sailing or market
        // words is a team or a firm, not a person. Pair the words around with what the token
        // is known to be.
        let place = me.gaz[1] | me.gaz[2] | me.gaz[3] | me.gaz[5];
        if place != 0 || me.gaz[6] != 0 || me.gaz[4] != 0 || (me.cap && !me.initial) {
            let kinds = u64::from(place != 0)
                | u64::from(me.gaz[4] != 0) << 1
                | u64::from(me.gaz[6] != 0) << 2
                | u64::from(me.cap) << 3;
            for k in [-6isize, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6] {
                if at(k).is_some() {
                    push(70, mix(w(k)) ^ kinds);
                }
            }
        }
        // A dash between names: whether it is written glued or spaced.
        let dash = |k: isize| at(k).map_or(0, |t| u64::from(t.dash));
        if me.dash != 0 || dash(-1) != 0 || dash(1) != 0 {
            push(
                72,
                u64::from(me.dash) | dash(-1) << 3 | dash(1) << 6 | cap << 9,
            );
        }
        self.feats = out;
    }
}

/// The bucket of feature `template` with `value`, in a table of `1 << (64 - shift)` rows.
pub(crate) fn bucket(template: u64, value: u64, shift: u32) -> u32 {
    (mix(value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> shift) as u32
}

/// The shape of a word: `Roma` → `Xx`, `ONU` → `X`, `G8` → `Xd`, `dell'` → `x'`. The long
/// form keeps up to four characters of each run's class, the short form one.
fn shape(word: &str, short: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class == last {
            run += 1;
            if short || run >= 4 {
                continue;
            }
        } else {
            run = 1;
        }
        last = class;
        h = (h ^ class as u64).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

fn kind_code(kind: TokenKind) -> u8 {
    TokenKind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as u8
}
