//! Quotes: speech in « », “ ”, " " and ‘ ’ (nested, across paragraphs, recovering from a
//! mark left open at the paragraph's end), and who said it, read from Italian reporting
//! structures: a verb of saying before or after the quote (`ha detto`, `ha precisato il
//! Cremlino`, `dice sempre Putin`), `secondo X`, `X: «…»`, a quote continuing the speaker's
//! previous one, or the person named just before in the sentence.

use crate::article::Article;
use crate::entities::{Entity, Label};
use crate::text::TokenKind;

use super::doc::Doc;
use super::roles::{self, phrases_in, same_role, Phrase};
use super::speakers::{self, Described, SpeakerKind, DESCRIBED, WEAK};

/// A quotation in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Byte offsets of the quoted text, marks excluded.
    pub start: usize,
    pub end: usize,
    /// The canonical name of who said it (a person, an organisation, or the state a place
    /// stands for), or `None` when the text does not name them.
    pub speaker: Option<String>,
    /// What the speaker is: a person, an organisation, a place, an anonymous source, or
    /// unknown (no speaker found).
    pub speaker_kind: SpeakerKind,
    /// Where the speaker is named or described (`lo storico Paolo Neri`, `un funzionario
    /// europeo`), also when they cannot be named.
    pub speaker_span: Option<(usize, usize)>,
    /// The reporting construction as written: `ha detto`, `secondo`, `:`.
    pub cue: Option<String>,
    /// One or two words (`«escalation»`, `“alcun dubbio”`): a term quoted, not a statement.
    pub scare: bool,
    /// Inside another quote.
    pub nested: bool,
    /// Index into `article.sentences` of the sentence the quote opens in.
    pub sentence: Option<usize>,
}

impl Quote {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The quotes of `article` in text order, speakers named as in `entities`.
pub fn find_quotes(article: &Article, entities: &[Entity]) -> Vec<Quote> {
    let doc = Doc::new(article, entities);
    let mut phrases = phrases_in(&doc, None);
    quotes_in(&doc, &mut phrases)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Guillemet,
    Double,
    Single,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Open(Family),
    Close(Family),
}

/// A pair of marks: token indices of the opening mark and the closing one (or the last token
/// of the paragraph where an open mark was recovered).
#[derive(Clone, Copy, Debug)]
struct Span {
    open: usize,
    close: usize,
    closed: bool,
    depth: usize,
}

fn family_open(c: char) -> Option<Family> {
    match c {
        '«' | '‹' => Some(Family::Guillemet),
        '„' => Some(Family::Double),
        _ => None,
    }
}

/// What the quote token `k` does, given what is open.
fn classify(doc: &Doc<'_>, k: usize, open: &[(Family, usize)]) -> Option<Mark> {
    let token = doc.tokens.get(k)?;
    let c = doc.word(k).chars().next()?;
    if let Some(f) = family_open(c) {
        return Some(Mark::Open(f));
    }
    if matches!(c, '»' | '›') {
        return Some(Mark::Close(Family::Guillemet));
    }
    let segment = doc.segment_of(k);
    let prev_glued = k > 0
        && doc.segment_of(k - 1) == segment
        && doc.tokens.get(k - 1).is_some_and(|p| p.end == token.start);
    let next_word = doc.segment_of(k + 1) == segment
        && doc.tokens.get(k + 1).is_some_and(|n| {
            n.start == token.end && !matches!(n.kind, TokenKind::Punct | TokenKind::Quote)
        });
    let is_open = |f: Family| open.iter().any(|(g, _)| *g == f);
    match c {
        '“' | '"' | '＂' | '‟' => {
            let f = Family::Double;
            match (prev_glued, next_word) {
                (true, false) if is_open(f) => Some(Mark::Close(f)),
                (false, true) => Some(Mark::Open(f)),
                (true, true) | (false, false) if is_open(f) => Some(Mark::Close(f)),
                (true, true) => Some(Mark::Open(f)),
                _ => None,
            }
        }
        '”' => {
            if is_open(Family::Double) {
                Some(Mark::Close(Family::Double))
            } else if !prev_glued && next_word {
                Some(Mark::Open(Family::Double))
            } else {
                None
            }
        }
        '‘' => {
            if is_open(Family::Single) && prev_glued && !next_word {
                Some(Mark::Close(Family::Single))
            } else if next_word {
                Some(Mark::Open(Family::Single))
            } else {
                None
            }
        }
        '’' | '\'' => {
            if is_open(Family::Single) && prev_glued && !next_word {
                Some(Mark::Close(Family::Single))
            } else if c == '\'' && !prev_glued && next_word {
                Some(Mark::Open(Family::Single))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Pairs the marks of the document, paragraph by paragraph.
fn pair_marks(doc: &Doc<'_>) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Vec<(Family, usize)> = Vec::new();
    let mut k = 0;
    while k < doc.len() {
        let segment = doc.segment_of(k);
        if doc.kind(k) == Some(TokenKind::Quote) {
            match classify(doc, k, &open) {
                Some(Mark::Open(f)) => open.push((f, k)),
                Some(Mark::Close(f)) => {
                    if let Some(at) = open.iter().rposition(|(g, _)| *g == f) {
                        // Marks opened inside and never closed are dropped.
                        let (_, start) = open[at];
                        open.truncate(at);
                        spans.push(Span {
                            open: start,
                            close: k,
                            closed: true,
                            depth: at,
                        });
                    }
                }
                None => {}
            }
        }
        let last_of_segment = doc.segment_of(k + 1) != segment;
        if last_of_segment && !open.is_empty() {
            // A quote that goes on in the next paragraph reopens it with the same mark.
            let reopened = open.len() == 1
                && doc.kind(k + 1) == Some(TokenKind::Quote)
                && doc.segment_kind(k + 1).is_some_and(|kind| kind.is_body())
                && matches!(classify(doc, k + 1, &[]), Some(Mark::Open(f)) if f == open[0].0);
            if reopened {
                k += 2;
                continue;
            }
            // Recover: what is still open ends with the paragraph.
            for (depth, (_, start)) in open.drain(..).enumerate() {
                if start < k {
                    spans.push(Span {
                        open: start,
                        close: k + 1,
                        closed: false,
                        depth,
                    });
                }
            }
        }
        k += 1;
    }
    spans.sort_by_key(|s| (s.open, s.depth));
    spans
}

/// Auxiliaries before a participle of saying.
const AUXILIARIES: &[&str] = &[
    "ha",
    "hanno",
    "aveva",
    "avevano",
    "avrebbe",
    "avrebbero",
    "abbia",
    "abbiano",
    "avesse",
    "ho",
    "abbiamo",
    "avrà",
    "avevo",
];

const PARTICIPLES: &[&str] = &[
    "detto",
    "dichiarato",
    "affermato",
    "aggiunto",
    "precisato",
    "sottolineato",
    "ammonito",
    "commentato",
    "scritto",
    "riferito",
    "assicurato",
    "spiegato",
    "annunciato",
    "avvertito",
    "ribadito",
    "osservato",
    "concluso",
    "proseguito",
    "risposto",
    "replicato",
    "sostenuto",
    "specificato",
    "denunciato",
    "chiesto",
    "evidenziato",
    "ricordato",
    "raccontato",
    "confermato",
    "ammesso",
    "rivelato",
    "avvisato",
    "twittato",
    "garantito",
    "promesso",
    "minacciato",
    "espresso",
    "parlato",
    "invitato",
    "accusato",
    "sollecitato",
    "stimato",
    "rilevato",
    "lamentato",
    "ritenuto",
    "auspicato",
    "riconosciuto",
    "rilanciato",
    "definito",
    "bollato",
    "insistito",
    "esortato",
    "attaccato",
    "incalzato",
    "tuonato",
    "rimarcato",
    "puntualizzato",
    "chiarito",
    "notato",
    "annotato",
    "segnalato",
    "dichiarata",
    "scandito",
    "dichiarati",
    "assicurata",
    "ammesso",
];

/// Participles that need a word after them to report speech: `ha lasciato intendere`,
/// `ha fatto sapere`.
const PARTICIPLE_PHRASES: &[(&str, &str)] = &[
    ("lasciato", "intendere"),
    ("fatto", "sapere"),
    ("fatto", "notare"),
    ("tenuto", "a"),
    ("voluto", "sottolineare"),
    ("voluto", "ribadire"),
    ("voluto", "precisare"),
    ("voluto", "chiarire"),
];

const FINITE: &[&str] = &[
    "dice",
    "dicono",
    "diceva",
    "dicevano",
    "disse",
    "dissero",
    "dichiara",
    "dichiarano",
    "afferma",
    "affermano",
    "aggiunge",
    "aggiungono",
    "precisa",
    "precisano",
    "sottolinea",
    "sottolineano",
    "ammonisce",
    "commenta",
    "commentano",
    "scrive",
    "scrivono",
    "scriveva",
    "riferisce",
    "riferiscono",
    "assicura",
    "assicurano",
    "spiega",
    "spiegano",
    "annuncia",
    "annunciano",
    "annunciava",
    "annunciavano",
    "avverte",
    "avvertono",
    "avvertiva",
    "ribadisce",
    "ribadiscono",
    "osserva",
    "conclude",
    "prosegue",
    "risponde",
    "replica",
    "sostiene",
    "sostengono",
    "specifica",
    "denuncia",
    "chiede",
    "chiedono",
    "evidenzia",
    "racconta",
    "conferma",
    "confermano",
    "ammette",
    "insiste",
    "rivela",
    "rivelano",
    "avvisa",
    "tuona",
    "incalza",
    "rimarca",
    "puntualizza",
    "chiarisce",
    "ricorda",
    "twitta",
    "garantisce",
    "promette",
    "esorta",
    "esprime",
    "parla",
    "invita",
    "accusa",
    "segnala",
    "segnalano",
    "stima",
    "rileva",
    "lamenta",
    "ritiene",
    "auspica",
    "riconosce",
    "minaccia",
    "rilancia",
    "definisce",
    "dichiarava",
    "affermava",
    "spiegava",
    "aggiungeva",
];

const INFINITIVES: &[&str] = &[
    "dire",
    "dichiarare",
    "affermare",
    "sottolineare",
    "ribadire",
    "chiedere",
    "ammonire",
    "spiegare",
    "precisare",
    "annunciare",
    "avvertire",
    "chiarire",
    "aggiungere",
];

/// Words that may stand between a verb of saying and its subject, or between auxiliary and
/// participle: `ha detto questa mattina Lavrov`, `ha detto da parte sua Choe`.
const SKIP: &[&str] = &[
    "anche",
    "poi",
    "già",
    "infatti",
    "inoltre",
    "ancora",
    "sempre",
    "infine",
    "pure",
    "ieri",
    "oggi",
    "subito",
    "nuovamente",
    "però",
    "invece",
    "questa",
    "mattina",
    "sera",
    "stamani",
    "stamattina",
    "stasera",
    "da",
    "parte",
    "sua",
    "loro",
    "così",
    "allora",
    "ora",
    "adesso",
    "chiaramente",
    "esplicitamente",
    "apertamente",
    "testualmente",
    "non",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CueKind {
    /// A verb of saying; `inverted` when its subject follows it.
    Verb,
    /// An infinitive (`per chiedere «…»`): the subject is the sentence's.
    Infinitive,
    Secondo,
    Colon,
}

#[derive(Clone, Copy, Debug)]
struct Cue {
    first: usize,
    last: usize,
    kind: CueKind,
}

/// Verbs of saying, `secondo` and colons outside quotes, in text order.
fn find_cues(doc: &Doc<'_>, in_quote: &[bool]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let outside = |k: usize| !in_quote.get(k).copied().unwrap_or(true);
    let mut k = 0;
    while k < doc.len() {
        if !outside(k) || doc.kind(k) == Some(TokenKind::Quote) {
            k += 1;
            continue;
        }
        let w = doc.lower(k);
        let cue = if AUXILIARIES.contains(&w) {
            let mut p = k + 1;
            while p < k + 3 && doc.is(p, SKIP) && doc.same_unit(k, p) {
                p += 1;
            }
            let participle = doc.lower(p);
            if !doc.same_unit(k, p) {
                None
            } else if PARTICIPLES.contains(&participle) {
                Some((p, CueKind::Verb))
            } else if let Some((_, next)) =
                PARTICIPLE_PHRASES.iter().find(|(a, _)| *a == participle)
            {
                if doc.lower(p + 1) == *next {
                    // `ha tenuto a sottolineare`
                    let end = if *next == "a" && doc.is(p + 2, INFINITIVES) {
                        p + 2
                    } else {
                        p + 1
                    };
                    Some((end, CueKind::Verb))
                } else {
                    None
                }
            } else {
                None
            }
        } else if FINITE.contains(&w) {
            Some((k, CueKind::Verb))
        } else if INFINITIVES.contains(&w) {
            Some((k, CueKind::Infinitive))
        } else if matches!(w, "far" | "fare") && doc.is(k + 1, &["sapere"]) {
            Some((k + 1, CueKind::Infinitive))
        } else if w == "per" && k == doc.unit_range(k).start && names_before_comma(doc, k + 1) {
            // `Per l'Organizzazione mondiale della sanità, «…»`.
            Some((k, CueKind::Secondo))
        } else if w == "secondo"
            && !doc.is(
                k + 1,
                &[
                    "cui",
                    "me",
                    "noi",
                    "lui",
                    "lei",
                    "loro",
                    "quanto",
                    "trimestre",
                    "turno",
                    "mandato",
                    "giorno",
                    "anno",
                    "posto",
                    "tempo",
                ],
            )
            && doc.kind(k + 1) == Some(TokenKind::Word)
        {
            Some((k, CueKind::Secondo))
        } else if w == ":" && doc.kind(k + 1) == Some(TokenKind::Quote) {
            Some((k, CueKind::Colon))
        } else {
            None
        };
        match cue {
            Some((last, kind)) => {
                cues.push(Cue {
                    first: k,
                    last,
                    kind,
                });
                k = last + 1;
            }
            None => k += 1,
        }
    }
    // A colon after a verb of saying in the same sentence belongs to it (`ha aggiunto,
    // rispondendo ai giornalisti: «…»`).
    cues.dedup_by(|b, a| {
        b.kind == CueKind::Colon
            && a.kind == CueKind::Verb
            && doc.same_unit(a.last, b.first)
            && b.first - a.last <= 16
    });
    cues
}

/// Who a speaker phrase names.
#[derive(Clone, Debug, Default)]
struct Speaker {
    name: Option<String>,
    kind: SpeakerKind,
    /// Token range of the phrase.
    span: Option<(usize, usize)>,
    /// A phrase was there (named or not): the text says who, even if we cannot name it.
    found: bool,
    /// The phrase was a role we could not tie to a person: its index in the phrases.
    open_role: Option<usize>,
    /// A relative `Che` opening the sentence: the previous speaker.
    previous: bool,
    /// How surely the phrase is a speaker (see [`Described::strength`]).
    strength: f32,
}

impl From<Described> for Speaker {
    fn from(d: Described) -> Self {
        Speaker {
            name: d.name,
            kind: d.kind,
            span: Some((d.first, d.last)),
            found: true,
            open_role: d.open_role,
            previous: false,
            strength: d.strength,
        }
    }
}

struct Context<'d, 'a> {
    doc: &'d Doc<'a>,
    phrases: &'d [Phrase],
    in_quote: Vec<bool>,
}

const DETERMINERS: &[&str] = &["il", "lo", "la", "l'", "l’", "i", "gli", "le"];

const LOCATIVE: &[&str] = &[
    "a", "in", "ad", "al", "nel", "nella", "dal", "dalla", "per", "con", "su", "tra", "fra",
    "verso", "sul", "sulla", "alla", "da",
];

impl Context<'_, '_> {
    fn entity(&self, k: usize) -> Option<(&Entity, usize, usize)> {
        let e = self.doc.entity_at.get(k).copied().flatten()?;
        let entity = self.doc.entities.get(e)?;
        let (first, last) = self.doc.entity_tokens(e)?;
        Some((entity, first, last))
    }

    fn outside_quotes(&self, k: usize) -> bool {
        !self.in_quote.get(k).copied().unwrap_or(true)
    }

    /// The speaker named from token `k` on (after an inverted verb or `secondo`), looking no
    /// further than `limit`.
    fn after(&self, k: usize, limit: usize) -> Speaker {
        let doc = self.doc;
        let mut k = k;
        let mut skipped = 0;
        while k < limit && doc.is(k, SKIP) && skipped < 4 {
            k += 1;
            skipped += 1;
        }
        // `ha detto ai cronisti l'avvocato`, `ha dichiarato in serata il segretario`: past a
        // short complement, the subject.
        if doc.is(k, LOCATIVE) || speakers::is_linked_preposition(doc, k) {
            let subject = (k + 1..(k + 5).min(limit))
                .find(|&j| doc.is(j, DETERMINERS) || doc.is_capitalized(j) || !doc.same_unit(k, j));
            match subject {
                Some(j)
                    if j > k + 1
                        && doc.same_unit(k, j)
                        && (k + 1..j).all(|w| doc.kind(w) == Some(TokenKind::Word)) =>
                {
                    k = j;
                }
                _ => return Speaker::default(),
            }
        }
        if k >= limit || !self.outside_quotes(k) {
            return Speaker::default();
        }
        match speakers::starting_at(doc, self.phrases, k, limit) {
            Some(d) if d.strength > WEAK => d.into(),
            // `ha precisato il ministero`: the organisation written out earlier.
            Some(d) if doc.is(d.first, DETERMINERS) => self.definite(d.first, d.first + 1),
            _ => Speaker::default(),
        }
    }

    /// `il ministero`: the entity written out earlier whose name starts with the noun.
    fn definite(&self, determiner: usize, noun: usize) -> Speaker {
        let name = speakers::written_out_earlier(self.doc, noun);
        Speaker {
            kind: if name.is_some() {
                SpeakerKind::Organisation
            } else {
                SpeakerKind::Unknown
            },
            strength: if name.is_some() { DESCRIBED } else { WEAK },
            name,
            span: Some((determiner, noun)),
            found: true,
            ..Speaker::default()
        }
    }

    /// The subject ending just before token `c` (a verb of saying or a colon): the phrase
    /// there, or the stronger one before an incidental clause between commas (`La ministra
    /// Anna Verdi, al termine del vertice, ha avvertito`), each clause passed costing a point.
    fn before(&self, c: usize, floor: usize) -> Speaker {
        let doc = self.doc;
        let mut p = c;
        let mut skipped = 0;
        while p > floor && skipped < 4 {
            let q = p - 1;
            if doc.is(q, SKIP) || doc.is(q, &[","]) && skipped == 0 && p != c {
                p = q;
                skipped += 1;
            } else {
                break;
            }
        }
        // `Crosetto, ha detto` is rare; `il ministro, Guido Crosetto, ha detto` is common.
        if p > floor && doc.is(p - 1, &[","]) {
            p -= 1;
        }
        if p <= floor {
            return Speaker::default();
        }
        let q = p - 1;
        if !self.outside_quotes(q) {
            return Speaker::default();
        }
        let unit_start = doc.unit_range(q).start;
        if doc.is(q, &["che", "chi"]) {
            if q == unit_start {
                return Speaker {
                    previous: true,
                    found: true,
                    ..Speaker::default()
                };
            }
            let mut r = q;
            if r > floor && doc.is(r - 1, &[","]) {
                r -= 1;
            }
            return self.before(r, floor);
        }
        // `Putin ha incontrato Kim e ha detto`: the subject of the verb before, or of the
        // sentence.
        if doc.is(q, &["e", "ed"]) {
            let verb = (unit_start.max(floor)..q).rev().find(|&k| {
                self.outside_quotes(k) && doc.is(k, AUXILIARIES) && !doc.is_capitalized(k)
            });
            if let Some(verb) = verb {
                let subject = self.before(verb, floor);
                if subject.found && subject.strength > WEAK {
                    return subject;
                }
            }
            return self.sentence_subject(q);
        }
        let mut best: Option<(f32, Described)> = None;
        let mut end = q;
        let mut hops = 0u8;
        while hops < 3 {
            // The comma-delimited clause that `end` closes, and what opens it.
            let clause_comma = (floor..=end)
                .rev()
                .find(|&k| doc.is(k, &[","]) && self.outside_quotes(k));
            let opener = clause_comma.map_or(unit_start, |c| c + 1);
            let incidental = clause_comma.is_some() && speakers::opens_incidental(doc, opener);
            let found = if incidental {
                None
            } else {
                speakers::ending_at(doc, self.phrases, end, floor)
            };
            let from = found.as_ref().map_or(end, |d| d.first);
            if let Some(d) = found {
                // `Biden ha commentato il voto:`: an object; the subject is before the verb.
                if let Some(verb) = verb_before(doc, d.first, floor) {
                    let subject = self.before(verb, floor);
                    if subject.found && subject.strength > WEAK {
                        return subject;
                    }
                }
                let score = d.strength - f32::from(hops);
                let strong = d.strength >= DESCRIBED;
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, d));
                }
                if strong {
                    break;
                }
            }
            let Some(comma) = (floor..from)
                .rev()
                .find(|&k| doc.is(k, &[","]) && self.outside_quotes(k))
            else {
                break;
            };
            if comma <= floor {
                break;
            }
            end = comma - 1;
            // An incidental clause passed costs less than a subject left behind.
            if !incidental {
                hops += 1;
            }
        }
        best.map_or_else(Speaker::default, |(_, d)| d.into())
    }

    /// For an infinitive or a second verb: the phrase that opens the sentence (`Seul … per
    /// chiedere «…»`).
    fn sentence_subject(&self, k: usize) -> Speaker {
        let doc = self.doc;
        let mut start = doc.unit_range(k).start;
        // `A Bruxelles, la portavoce …`, `Da Tunisi il ministro …`: past the complement.
        if doc.is(start, LOCATIVE) || speakers::is_linked_preposition(doc, start) {
            match (start + 1..k).find(|&j| doc.is(j, &[","]) || doc.is(j, DETERMINERS)) {
                Some(j) if doc.is(j, &[","]) => start = j + 1,
                Some(j) => start = j,
                None => return Speaker::default(),
            }
        }
        match speakers::starting_at(doc, self.phrases, start, k) {
            Some(d) if d.strength >= DESCRIBED => d.into(),
            _ => Speaker::default(),
        }
    }

    /// The speaker a cue names.
    fn speaker_of(&self, cue: &Cue, floor: usize, limit: usize) -> Speaker {
        let doc = self.doc;
        match cue.kind {
            CueKind::Secondo => self.after(cue.last + 1, limit),
            CueKind::Colon => {
                // `Xi ha aperto l'incontro con una frase destinata a fare il giro delle
                // cancellerie: «…»`: past a phrase that is no speaker, the sentence's subject.
                let before = self.before(cue.first, floor);
                if before.found && before.strength > WEAK {
                    return before;
                }
                let subject = self.sentence_subject(cue.first);
                if subject.found {
                    subject
                } else {
                    before
                }
            }
            CueKind::Infinitive => self.sentence_subject(cue.first),
            CueKind::Verb => {
                let mut n = cue.last + 1;
                while doc.is(n, SKIP) && n < cue.last + 5 {
                    n += 1;
                }
                let complement = doc.is(n, &["che", "di", ":", ","])
                    || doc.kind(n) == Some(TokenKind::Quote)
                    || !doc.same_unit(cue.last, n);
                let after = if complement {
                    Speaker::default()
                } else {
                    self.after(cue.last + 1, limit)
                };
                // An inverted subject (`ha detto il ministro`) unless what follows the verb
                // is weaker than the subject before it (`Il Cremlino ha definito la chiusura`).
                if after.found && after.strength >= speakers::NAMED {
                    return after;
                }
                let before = self.before(cue.first, floor);
                if after.found && (!before.found || after.strength >= before.strength) {
                    after
                } else if before.found {
                    before
                } else {
                    // `«…», ha detto, ricordando che …`: the subject goes on from the sentence
                    // before.
                    self.previous_subject(cue.first)
                }
            }
        }
    }

    /// The subject of the sentence before the one of token `k`, in the same paragraph, when it
    /// names someone: what a sentence without a subject of its own refers to.
    fn previous_subject(&self, k: usize) -> Speaker {
        let doc = self.doc;
        let here = doc.unit_range(k);
        if here.start == 0 || doc.segment_of(here.start - 1) != doc.segment_of(k) {
            return Speaker::default();
        }
        let before = doc.unit_range(here.start - 1);
        let verb = (before.start..before.end).find(|&j| {
            self.outside_quotes(j)
                && !doc.is_capitalized(j)
                && (doc.is(j, AUXILIARIES) || doc.is(j, FINITE))
        });
        match verb.map(|v| self.before(v, before.start)) {
            Some(subject)
                if subject.found && subject.strength >= DESCRIBED && subject.name.is_some() =>
            {
                subject
            }
            _ => Speaker::default(),
        }
    }
}

/// The last attributed statement: who said it, and the unit and segment it closed in.
struct Statement {
    name: Option<String>,
    kind: SpeakerKind,
    span: Option<(usize, usize)>,
    unit: u32,
    segment: Option<usize>,
}

/// Quotes with speakers. Roles used as speakers and tied to a person here are completed in
/// `phrases` (`il capo della diplomazia russa` after Lavrov's quote).
pub(super) fn quotes_in(doc: &Doc<'_>, phrases: &mut [Phrase]) -> Vec<Quote> {
    let spans = pair_marks(doc);
    let mut in_quote = vec![false; doc.len()];
    for s in spans.iter().filter(|s| s.depth == 0) {
        for slot in in_quote.iter_mut().take(s.close + 1).skip(s.open) {
            *slot = true;
        }
    }
    let cues = find_cues(doc, &in_quote);
    let mut completed: Vec<(usize, String)> = Vec::new();
    let mut quotes = Vec::with_capacity(spans.len());
    {
        let context = Context {
            doc,
            phrases,
            in_quote,
        };
        let mut previous: Option<Statement> = None;
        for span in &spans {
            let content_first = span.open + 1;
            let content_last = span.close.saturating_sub(1);
            // Elided articles (`l’`) do not make a quote longer.
            let words = (content_first..=content_last)
                .filter(|&k| matches!(doc.kind(k), Some(TokenKind::Word | TokenKind::Number)))
                .filter(|&k| !doc.word(k).ends_with(['\'', '’']))
                .count();
            if words == 0 {
                continue;
            }
            let scare = words <= 2;
            let (start, end) = content_bytes(doc, span, content_last);
            let mut quote = Quote {
                start,
                end,
                speaker: None,
                speaker_kind: SpeakerKind::Unknown,
                speaker_span: None,
                cue: None,
                scare,
                nested: span.depth > 0,
                sentence: doc.sentence_of(span.open),
            };
            if span.depth > 0 {
                quotes.push(quote);
                continue;
            }
            let close = if span.closed {
                span.close
            } else {
                content_last
            };
            let (mut speaker, cue) = attribute(&context, &cues, span.open, close, content_last);
            // `parla di «escalation»`: a term named, not words said.
            if scare && cue.as_deref().is_some_and(names_a_term) {
                speaker = Speaker::default();
            }
            let unit = doc.unit.get(close).copied().unwrap_or(0);
            let segment = doc.segment_of(close);
            let recent = |p: &Statement| {
                p.segment == doc.segment_of(span.open)
                    && doc
                        .unit
                        .get(span.open)
                        .is_some_and(|u| u.saturating_sub(p.unit) <= 1)
            };
            let takes_previous = |p: &Statement| {
                speaker.previous
                    || recent(p)
                        && p.kind == SpeakerKind::Person
                        && speaker.open_role.is_some_and(|n| {
                            p.name
                                .as_deref()
                                .is_some_and(|name| may_hold(context.phrases, n, name))
                        })
            };
            match &cue {
                Some(_) if speaker.previous || speaker.open_role.is_some() => {
                    if let Some(p) = previous.as_ref().filter(|p| takes_previous(p)) {
                        if let (Some(name), Some(n)) = (&p.name, speaker.open_role) {
                            completed.push((n, name.clone()));
                        }
                        speaker.name.clone_from(&p.name);
                        speaker.kind = p.kind;
                        if speaker.previous {
                            speaker.span = p.span;
                        }
                    }
                }
                Some(_) => {}
                None if !scare => {
                    // Goes on from the speaker's previous statement, unless someone else was
                    // named since; or the person named just before.
                    let named_since = previous.as_ref().is_some_and(|p| {
                        let from = p.span.map_or(0, |(_, b)| b + 1);
                        person_before(&context, span.open).is_some_and(|(_, first, _)| {
                            first > from
                                && !context.phrases.iter().any(|ph| {
                                    ph.person_tokens.is_some_and(|(a, _)| a == first)
                                        && ph.person == p.name
                                })
                        })
                    });
                    if let Some(p) = previous.as_ref().filter(|p| recent(p) && !named_since) {
                        speaker.name.clone_from(&p.name);
                        speaker.kind = p.kind;
                        speaker.span = p.span;
                    } else if let Some((name, first, last)) = person_before(&context, span.open) {
                        speaker.name = Some(name);
                        speaker.kind = SpeakerKind::Person;
                        speaker.span = Some((first, last));
                    }
                }
                None => {}
            }
            if speaker.name.is_some() {
                previous = Some(Statement {
                    name: speaker.name.clone(),
                    kind: speaker.kind,
                    span: speaker.span,
                    unit,
                    segment,
                });
            }
            quote.speaker_span = speaker.span.map(|(a, b)| doc.bytes(a, b));
            quote.speaker_kind = speaker.kind;
            quote.speaker = speaker.name;
            quote.cue = cue;
            quotes.push(quote);
        }
    }
    for (n, name) in completed {
        if let Some(p) = phrases.get_mut(n) {
            p.person.get_or_insert(name);
        }
    }
    quotes
}

fn content_bytes(doc: &Doc<'_>, span: &Span, last: usize) -> (usize, usize) {
    let start = doc.tokens.get(span.open).map_or(0, |t| t.end);
    let end = if span.closed {
        doc.tokens.get(span.close).map_or(start, |t| t.start)
    } else {
        doc.tokens.get(last).map_or(start, |t| t.end)
    };
    // Trim the spaces just inside the marks.
    let text = doc.text.get(start..end).unwrap_or("");
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    (start + lead, (end - trail).max(start + lead))
}

/// The cue and speaker for the quote `open..=close`.
fn attribute(
    ctx: &Context<'_, '_>,
    cues: &[Cue],
    open: usize,
    close: usize,
    content_last: usize,
) -> (Speaker, Option<String>) {
    let doc = ctx.doc;
    let cue_text = |c: &Cue| Some(doc.slice(c.first, c.last).to_owned());
    // An aside inside the quote: `"Crediamo - ha dichiarato il portavoce … Miller - che …"`.
    for d in open + 1..=content_last.min(open + 40) {
        if doc.is(d, &["-", "–", "—"]) {
            if let Some(cue) = find_verb_at(doc, d + 1) {
                let end_dash = (cue.last + 1..=content_last)
                    .find(|&k| doc.is(k, &["-", "–", "—"]))
                    .unwrap_or(content_last + 1);
                let inner = Context {
                    doc,
                    phrases: ctx.phrases,
                    in_quote: vec![false; doc.len()],
                };
                let speaker = inner.after(cue.last + 1, end_dash);
                if speaker.found {
                    return (speaker, cue_text(&cue));
                }
                // `«L'obiettivo – ha spiegato – è …»`: whoever the sentence before names.
                if end_dash == cue.last + 1 {
                    let subject = ctx.previous_subject(open);
                    let speaker = if subject.found {
                        subject
                    } else {
                        Speaker {
                            previous: true,
                            found: true,
                            ..Speaker::default()
                        }
                    };
                    return (speaker, cue_text(&cue));
                }
            }
        }
    }
    let open_unit = doc.unit_range(open);
    let close_unit = doc.unit_range(close);
    let after = cues.iter().find(|c| {
        c.first > close
            && c.first < close_unit.end
            && c.kind != CueKind::Colon
            && c.kind != CueKind::Infinitive
    });
    let before = cues
        .iter()
        .rev()
        .find(|c| c.last < open && c.first >= open_unit.start);
    // The floor for subjects: not before the quote for a cue after it.
    let chosen = match (after, before) {
        (Some(a), Some(b)) => {
            let right_after =
                doc.is(close + 1, &[","]) && a.first <= close + 2 || a.first == close + 1;
            if right_after || a.first - close <= open - b.last {
                Some((a, close + 1))
            } else {
                Some((b, open_unit.start))
            }
        }
        (Some(a), None) => Some((a, close + 1)),
        (None, Some(b)) => Some((b, open_unit.start)),
        (None, None) => None,
    };
    let Some((cue, floor)) = chosen else {
        return (Speaker::default(), None);
    };
    let limit = if cue.first > close {
        close_unit.end
    } else {
        open
    };
    let speaker = ctx.speaker_of(cue, floor, limit);
    (speaker, cue_text(cue))
}

/// A verb of saying starting at token `k` (for asides inside quotes).
fn find_verb_at(doc: &Doc<'_>, k: usize) -> Option<Cue> {
    let w = doc.lower(k);
    if FINITE.contains(&w) {
        return Some(Cue {
            first: k,
            last: k,
            kind: CueKind::Verb,
        });
    }
    if AUXILIARIES.contains(&w) {
        let mut p = k + 1;
        while doc.is(p, SKIP) && p < k + 3 {
            p += 1;
        }
        if PARTICIPLES.contains(&doc.lower(p)) {
            return Some(Cue {
                first: k,
                last: p,
                kind: CueKind::Verb,
            });
        }
    }
    None
}

/// Whether a name or a role stands in the few words from `k` up to a comma or a quote mark
/// (`Per il ministro Rossi,`, `Per l'Oms «…»`), not `Per la prima volta,`.
fn names_before_comma(doc: &Doc<'_>, k: usize) -> bool {
    let end = (k..k + 8)
        .take_while(|&j| doc.same_unit(k, j))
        .find(|&j| doc.is(j, &[","]) || doc.kind(j) == Some(TokenKind::Quote));
    end.is_some_and(|end| {
        (k..end).any(|j| {
            doc.entity_at.get(j).copied().flatten().is_some() || roles::is_role_head(doc.lower(j))
        })
    })
}

/// The first word of the verb (`ha commentato`, `è stata`) that ends just before token `k`,
/// when one does: the phrase at `k` is then its object or complement.
fn verb_before(doc: &Doc<'_>, k: usize, floor: usize) -> Option<usize> {
    const COPULAS: &[&str] = &[
        "è", "sono", "era", "erano", "fu", "sarà", "stato", "stata", "stati", "state",
    ];
    let mut p = k;
    let mut aux = None;
    for _ in 0..3 {
        if p <= floor || !doc.same_unit(p - 1, k) {
            break;
        }
        p -= 1;
        if (doc.is(p, AUXILIARIES) || doc.is(p, COPULAS)) && !doc.is_capitalized(p) {
            aux = Some(p);
        } else if !(doc.is(p, SKIP) || doc.kind(p) == Some(TokenKind::Word) && aux.is_none()) {
            break;
        }
    }
    aux
}

/// Cues that introduce a term as often as a statement: `parla di`, `ha definito`.
fn names_a_term(cue: &str) -> bool {
    let verb = cue.rsplit(' ').next().unwrap_or(cue).to_lowercase();
    matches!(
        verb.as_str(),
        "parla" | "parlano" | "parlato" | "definisce" | "definito" | "bollato"
    )
}

/// Whether the person `name` may hold the role phrase `n` that stands alone: yes unless the
/// article gives them other roles that cannot be it (Peskov, the Kremlin's spokesman, is not
/// `il portavoce del ministero della Difesa sudcoreano`).
fn may_hold(phrases: &[Phrase], n: usize, name: &str) -> bool {
    let Some(role) = phrases.get(n).filter(|p| !p.unread_qualifier) else {
        return false;
    };
    let mut held = phrases
        .iter()
        .filter(|p| p.person.as_deref() == Some(name) && p.person_tokens.is_some())
        .peekable();
    held.peek().is_none() || held.any(|p| same_role(role, p))
}

/// The person named last before token `open` in its sentence.
fn person_before(ctx: &Context<'_, '_>, open: usize) -> Option<(String, usize, usize)> {
    let doc = ctx.doc;
    let start = doc.unit_range(open).start;
    (start..open).rev().find_map(|k| {
        let (entity, first, last) = ctx.entity(k)?;
        (entity.label == Label::Per && last == k && !ctx.in_quote.get(k).copied().unwrap_or(true))
            .then(|| (entity.canonical.clone(), first, last))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};

    fn quotes(text: &str) -> Vec<(String, Option<String>, Option<String>, bool)> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        find_quotes(&article, &entities)
            .into_iter()
            .map(|q| (q.text(&article.text).to_owned(), q.speaker, q.cue, q.scare))
            .collect()
    }

    #[test]
    fn marks_of_every_kind() {
        let found = quotes(
            "Disse «uno due tre», poi “quattro cinque sei” e \"sette otto nove\" e ‘dieci’.",
        );
        let texts: Vec<&str> = found.iter().map(|q| q.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "uno due tre",
                "quattro cinque sei",
                "sette otto nove",
                "dieci"
            ]
        );
        assert!(found[3].3, "one word is a scare quote");
        assert!(!found[0].3);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let found = quotes("L’Occidente e l’Ucraina, un po’ di tempo: ‘upgrade’ dell’intesa.");
        let texts: Vec<&str> = found.iter().map(|q| q.0.as_str()).collect();
        assert_eq!(texts, ["upgrade"]);
    }

    #[test]
    fn closing_mark_written_as_an_opening_one() {
        let found = quotes("Russia e Usa “sono sull’orlo di un conflitto militare diretto“, ha detto Sergei Lavrov.");
        assert_eq!(
            found[0].0,
            "sono sull’orlo di un conflitto militare diretto"
        );
        assert_eq!(found[0].1.as_deref(), Some("Sergei Lavrov"));
        assert_eq!(found[0].2.as_deref(), Some("ha detto"));
    }

    #[test]
    fn an_unclosed_mark_stops_at_the_paragraph_end() {
        let article = "Il ministro ha detto «non ci saranno altre armi per ora.\n\nSecondo paragrafo, senza virgolette, molto lungo.";
        let found = quotes(article);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "non ci saranno altre armi per ora.");
    }

    #[test]
    fn a_quote_across_paragraphs() {
        let found = quotes("Putin ha detto: «Il primo paragrafo della dichiarazione.\n\n«Il secondo paragrafo» e poi basta.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("Il primo") && found[0].0.ends_with("secondo paragrafo"));
        assert_eq!(found[0].1.as_deref(), Some("Putin"));
    }

    #[test]
    fn nested_quotes() {
        let article = parse(
            "Ha detto: «Lo chiamano “il piano Marshall” e non lo è».".to_owned(),
            Overrides::default(),
        )
        .unwrap();
        let found = find_quotes(&article, &[]);
        assert_eq!(found.len(), 2);
        assert!(!found[0].nested && found[1].nested);
        assert_eq!(found[1].text(&article.text), "il piano Marshall");
    }

    #[test]
    fn speakers_from_reporting_structures() {
        let cases = [
            ("«Parleranno della situazione in Ucraina», ha precisato il Cremlino.", "Cremlino"),
            ("Gli Usa «non sono ancora pronti», hanno riferito fonti del Pentagono.", "Pentagono"),
            ("Il consigliere Jake Sullivan ha assicurato che “Pyongyang pagherà un prezzo alto”.", "Jake Sullivan"),
            ("Dall'altra parte – dice sempre Putin – la Corea “sostiene fermamente l'operazione militare”.", "Vladimir Putin"),
            ("«Il vantaggio è significativo sul campo», secondo fonti riservate della Nato.", "Nato"),
        ];
        for (text, speaker) in cases {
            let found = quotes(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let got = found[0].1.as_deref().unwrap_or("");
            assert!(
                got.ends_with(speaker) || speaker.ends_with(got) && !got.is_empty(),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn a_speaker_goes_on_and_unknown_subjects_give_none() {
        let found = quotes(
            "“Viviamo in un periodo difficile”, ha commentato il ministro della Difesa, Guido \
             Crosetto. “Da più di un anno si è formato un fronte”. Funzionari statunitensi \
             sostengono che “le cose sono cambiate di molto”.",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].1.as_deref(), Some("Guido Crosetto"));
        assert_eq!(found[1].1.as_deref(), Some("Guido Crosetto"));
        assert_eq!(found[2].1, None);
        assert_eq!(found[2].2.as_deref(), Some("sostengono"));
    }

    /// (quote text, speaker, kind, words naming or describing the speaker) of each quote.
    fn attributed(text: &str) -> Vec<(String, Option<String>, &'static str, Option<String>)> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        find_quotes(&article, &entities)
            .into_iter()
            .map(|q| {
                let words = q.speaker_span.map(|(a, b)| article.text[a..b].to_owned());
                (
                    q.text(&article.text).to_owned(),
                    q.speaker,
                    q.speaker_kind.as_str(),
                    words,
                )
            })
            .collect()
    }

    #[test]
    fn a_subject_past_an_incidental_clause() {
        let found = attributed(
            "La ministra Anna Verdi, al termine del vertice di ieri con i partner europei, ha \
             avvertito: «Non possiamo aspettare oltre». Il ministro Luca Bruni, che ha guidato \
             la delegazione a Bruxelles e Parigi, ha spiegato: «Serve un accordo entro marzo».",
        );
        assert_eq!(found[0].1.as_deref(), Some("Anna Verdi"), "{found:?}");
        assert_eq!(found[1].1.as_deref(), Some("Luca Bruni"), "{found:?}");
    }

    #[test]
    fn a_title_and_name_after_the_cue() {
        let found = attributed(
            "«È una svolta per tutti noi», ha commentato lo storico Paolo Neri, docente a \
             Bologna. «Non cederemo alle pressioni», ha detto l'inviato speciale Luca Rossi.",
        );
        assert_eq!(found[0].1.as_deref(), Some("Paolo Neri"), "{found:?}");
        assert_eq!(found[0].3.as_deref(), Some("lo storico Paolo Neri"));
        assert_eq!(found[1].1.as_deref(), Some("Luca Rossi"), "{found:?}");
    }

    #[test]
    fn a_title_standing_for_a_person_named_earlier() {
        let found = attributed(
            "Il presidente francese Emmanuel Macron è arrivato a Roma. In serata il presidente \
             francese ha promesso di difendere l'accordo «fino all'ultimo giorno utile».",
        );
        assert_eq!(found[0].1.as_deref(), Some("Emmanuel Macron"), "{found:?}");
        assert_eq!(found[0].2, "person");
    }

    #[test]
    fn institutions_and_places_speak() {
        let found = attributed(
            "Il governo giapponese ha espresso «grave preoccupazione per quanto accade». La \
             Farnesina ha fatto sapere che «la situazione è monitorata con attenzione». Mosca \
             ha risposto che «ogni provocazione avrà una risposta».",
        );
        let got: Vec<_> = found.iter().map(|q| (q.1.as_deref(), q.2)).collect();
        assert_eq!(
            got,
            [
                (Some("Giappone"), "organisation"),
                (Some("Farnesina"), "organisation"),
                (Some("Russia"), "place"),
            ],
            "{found:?}"
        );
    }

    #[test]
    fn anonymous_sources_keep_their_description() {
        let found = attributed(
            "Un funzionario europeo, che ha chiesto di restare anonimo, ha parlato di «un passo \
             indietro molto grave». Fonti militari citate dall'agenzia Yonhap hanno riferito \
             che «un secondo lancio non è escluso».",
        );
        assert_eq!(
            (found[0].1.as_deref(), found[0].2, found[0].3.as_deref()),
            (None, "anonymous", Some("Un funzionario europeo")),
            "{found:?}"
        );
        assert_eq!(
            (found[1].1.as_deref(), found[1].2),
            (None, "anonymous"),
            "{found:?}"
        );
    }

    #[test]
    fn a_title_never_goes_to_someone_holding_another() {
        let found = attributed(
            "Il portavoce del Cremlino Dmitri Peskov ha detto: «Non ci sono piani del genere». \
             Il portavoce del ministero della Difesa sudcoreano ha replicato: «Abbiamo prove \
             chiare di questo». Il ministro degli Esteri nordcoreano Choe Son Hui è a Mosca. \
             Il leader nordcoreano ha detto che «la cooperazione crescerà ancora».",
        );
        assert_eq!(found[0].1.as_deref(), Some("Dmitri Peskov"));
        assert_eq!(
            (found[1].1.as_deref(), found[1].2),
            (None, "anonymous"),
            "{found:?}"
        );
        assert_eq!(
            found[1].3.as_deref(),
            Some("Il portavoce del ministero della Difesa sudcoreano")
        );
        assert_eq!(found[2].1, None, "{found:?}");
    }

    #[test]
    fn the_subject_of_a_sentence_before_its_object_and_colon() {
        let found = attributed(
            "Il presidente americano Joe Biden ha commentato il voto: «Oggi mandiamo un \
             messaggio chiaro». La ministra Aino Virtanen è stata esplicita: «È un'operazione \
             organizzata». Peskov ha poi aggiunto, rispondendo ai giornalisti: «Siamo sempre \
             stati aperti al dialogo».",
        );
        let got: Vec<_> = found.iter().map(|q| q.1.as_deref()).collect();
        assert_eq!(
            got,
            [Some("Joe Biden"), Some("Aino Virtanen"), Some("Peskov")],
            "{found:?}"
        );
    }

    #[test]
    fn hostile_marks_do_not_panic() {
        for text in [
            "«",
            "»»«« “",
            "\"\"\"",
            "a ‘ b ’ c ' d '",
            "«a\n\n»b\n\n«",
            "“x“y“z“",
        ] {
            let _ = quotes(text);
        }
    }
}
