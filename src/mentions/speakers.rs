//! Who a phrase next to a quote names: a person (by name, or by a role the article or the
//! corpus ties to one), an organisation (`la Farnesina`, `il governo giapponese`), a place
//! standing for its state (`Mosca ha risposto`), an anonymous source (`un funzionario
//! europeo, che ha chiesto di restare anonimo`), or a description we cannot tie to anyone
//! (`il portavoce del ministero della Difesa sudcoreano`). Each reading gets a strength, so
//! the quote finder can weigh the candidates a sentence offers instead of taking the nearest.

use crate::entities::Label;
use crate::text::TokenKind;

use super::doc::Doc;
use super::roles::{is_role_head, Phrase};
use crate::places::{country_of_adjective, country_of_capital, country_of_two_words, is_country};

/// What kind of speaker a quote has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SpeakerKind {
    Person,
    Organisation,
    Place,
    /// A source the text describes but does not name (`fonti diplomatiche`).
    Anonymous,
    /// No speaker, or words we cannot read as one.
    #[default]
    Unknown,
}

impl SpeakerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organisation => "organisation",
            SpeakerKind::Place => "place",
            SpeakerKind::Anonymous => "anonymous",
            SpeakerKind::Unknown => "unknown",
        }
    }
}

/// A reading of the tokens `first..=last` as a speaker.
#[derive(Clone, Debug)]
pub(super) struct Described {
    pub name: Option<String>,
    pub kind: SpeakerKind,
    pub first: usize,
    pub last: usize,
    /// How surely these words are a speaker: a name (4) over a description (3) over a word
    /// that merely stands there (0.5).
    pub strength: f32,
    /// A role phrase (index into the phrases) that the words are, still without a person.
    pub open_role: Option<usize>,
}

pub(super) const NAMED: f32 = 4.0;
pub(super) const DESCRIBED: f32 = 3.0;
pub(super) const WEAK: f32 = 0.5;

const DEFINITE: &[&str] = &["il", "lo", "la", "l'", "l’", "i", "gli", "le"];

const INDEFINITE: &[&str] = &[
    "un", "uno", "una", "un'", "un’", "alcuni", "alcune", "diversi", "diverse", "vari", "varie",
    "altri", "altre", "certi", "certe",
];

/// Prepositions that start a complement, never a subject (`a Mosca`, `con i partner`).
const PREPOSITIONS: &[&str] = &[
    "a", "ad", "in", "con", "per", "da", "su", "tra", "fra", "verso", "dopo", "durante", "al",
    "allo", "alla", "all'", "all’", "ai", "agli", "alle", "nel", "nello", "nella", "nell'",
    "nell’", "nei", "negli", "nelle", "sul", "sullo", "sulla", "sull'", "sull’", "sui", "sugli",
    "sulle", "dal", "dallo", "dalla", "dall'", "dall’", "dai", "dagli", "dalle", "col", "coi",
    "presso", "contro", "oltre", "senza", "secondo",
];

/// Prepositions joined to an article (`del`, `dal`): a phrase starting with one is a
/// complement.
const LINKED: &[&str] = &[
    "del", "dello", "della", "dell'", "dell’", "dei", "degli", "delle", "al", "allo", "alla",
    "all'", "all’", "ai", "agli", "alle", "dal", "dallo", "dalla", "dall'", "dall’", "dai",
    "dagli", "dalle", "nel", "nello", "nella", "nell'", "nell’", "nei", "negli", "nelle", "sul",
    "sullo", "sulla", "sull'", "sull’", "sui", "sugli", "sulle",
];

/// Nouns a name stands in apposition to without being a person (`l'agenzia Yonhap`).
const NAMING_NOUNS: &[&str] = &[
    "agenzia",
    "quotidiano",
    "giornale",
    "testata",
    "emittente",
    "tv",
    "televisione",
    "canale",
    "rivista",
    "sito",
    "portale",
    "network",
    "società",
    "gruppo",
    "partito",
    "movimento",
    "compagnia",
    "organizzazione",
    "ong",
    "associazione",
    "fondazione",
    "istituto",
    "centro",
    "università",
    "ospedale",
    "nave",
    "operazione",
    "missione",
    "piano",
    "progetto",
];

/// Participles that attach a complement to the noun before them (`Fonti militari citate
/// dall'agenzia`).
const ATTACHING: &[&str] = &[
    "citato",
    "citata",
    "citati",
    "citate",
    "vicino",
    "vicina",
    "vicini",
    "vicine",
    "interpellato",
    "interpellata",
    "interpellati",
    "sentito",
    "sentita",
    "sentiti",
    "raggiunto",
    "raggiunta",
    "consultati",
    "basato",
    "basata",
    "basati",
];

/// Prepositions that chain nouns inside one phrase (`il portavoce del ministero della Difesa`).
const OF: &[&str] = &[
    "di", "del", "dello", "della", "dell'", "dell’", "dei", "degli", "delle", "d'", "d’",
];

/// Words that end a phrase read backwards from a verb: clause openers and verbs.
const BOUNDARIES: &[&str] = &[
    "che", "chi", "cui", "e", "ed", "o", "ma", "mentre", "quando", "dove", "se", "come", "perché",
    "poiché", "quale", "quali", "anche", "ha", "hanno", "è", "sono", "era", "erano", "aveva",
    "avevano", "sarà", "stato", "stata", "non", "si", "ne", "lo", "li",
];

/// Heads of descriptions that do not name their source.
const ANONYMOUS_HEADS: &[&str] = &[
    "fonti",
    "fonte",
    "funzionario",
    "funzionaria",
    "funzionari",
    "funzionarie",
    "diplomatico",
    "diplomatica",
    "diplomatici",
    "ufficiale",
    "ufficiali",
    "dirigente",
    "dirigenti",
    "esponente",
    "esponenti",
    "membro",
    "membri",
    "osservatori",
    "analisti",
    "testimoni",
    "testimone",
    "residenti",
    "abitanti",
    "persone",
    "persona",
    "ambienti",
    "media",
    "militare",
    "militari",
    "soldato",
    "soldati",
    "collaboratori",
    "consiglieri",
    "insider",
];

/// Adjectives that may precede the head of a description (`un alto funzionario`).
const PRE_ADJECTIVES: &[&str] = &[
    "alto",
    "alta",
    "alti",
    "alte",
    "stretto",
    "stretti",
    "stretta",
    "importante",
    "noto",
    "nota",
    "ex",
    "autorevole",
    "autorevoli",
    "anonimo",
    "anonima",
    "anonimi",
    "anonime",
];

/// Heads of descriptions of institutions (`il governo giapponese`, `il ministero degli Esteri
/// cinese`): they speak for the organisation or state they name.
const INSTITUTION_HEADS: &[&str] = &[
    "governo",
    "esecutivo",
    "ministero",
    "dicastero",
    "esercito",
    "ambasciata",
    "diplomazia",
    "amministrazione",
    "presidenza",
    "parlamento",
    "procura",
    "polizia",
    "agenzia",
    "ufficio",
    "comando",
    "stato",
    "autorità",
    "forze",
    "regime",
    "giunta",
    "cancelleria",
    "dipartimento",
    "commissione",
    "consiglio",
    "partito",
    "opposizione",
    "maggioranza",
    "tribunale",
    "corte",
    "guardia",
    "marina",
    "banca",
];

/// Words that open sentences without naming anyone (`Lui ha detto`, `Questo dimostra`).
const SENTENCE_OPENERS: &[&str] = &[
    "lui",
    "lei",
    "loro",
    "egli",
    "ella",
    "essi",
    "esse",
    "chi",
    "questo",
    "questa",
    "questi",
    "queste",
    "quello",
    "quella",
    "quelli",
    "tutti",
    "tutte",
    "nessuno",
    "molti",
    "molte",
    "alcuni",
    "alcune",
    "qualcuno",
    "ognuno",
    "anche",
    "poi",
    "ieri",
    "oggi",
    "allora",
    "inoltre",
    "infine",
    "però",
    "così",
    "quindi",
    "dunque",
    "intanto",
    "ora",
    "già",
    "non",
    "mentre",
    "dopo",
    "prima",
    "oltre",
    "entrambi",
    "nessuna",
    "altri",
    "altre",
    "ciò",
    "stamani",
    "stamattina",
    "stasera",
    "domani",
];

/// Institutions that speak for their state: `il governo giapponese` is Japan.
const GOVERNMENTS: &[&str] = &[
    "governo",
    "esecutivo",
    "amministrazione",
    "regime",
    "giunta",
    "autorità",
    "cancelleria",
];

/// Places that are institutions when they speak (`il Cremlino ha replicato`).
const SEATS: &[&str] = &[
    "cremlino",
    "casa bianca",
    "farnesina",
    "palazzo chigi",
    "quirinale",
    "eliseo",
    "pentagono",
    "downing street",
    "vaticano",
    "santa sede",
    "bundestag",
    "knesset",
    "viminale",
];

/// Words after a description that make it anonymous (`, che ha chiesto di restare anonimo`).
const ANONYMITY: &[&str] = &[
    "anonimo",
    "anonima",
    "anonimi",
    "anonime",
    "anonimato",
    "nominato",
    "nominata",
];

/// The phrase read backwards from token `last` (the word before a verb of saying or a
/// colon), not before `floor`: `il governo giapponese`, `Un funzionario europeo`, `la
/// ministra Anna Verdi`, `Fonti militari citate dall'agenzia Yonhap`. `None` when `last`
/// cannot end a subject.
pub(super) fn ending_at(
    doc: &Doc<'_>,
    phrases: &[Phrase],
    last: usize,
    floor: usize,
) -> Option<Described> {
    let unit_start = doc.unit_range(last).start.max(floor);
    // A name right before the verb is the subject, with the role written before it.
    if let Some(e) = doc.entity_at.get(last).copied().flatten() {
        let (name_first, _) = doc.entity_tokens(e)?;
        // Not a name in apposition to a noun (`l'agenzia Yonhap`, however tagged).
        let after_noun = name_first > unit_start && doc.is(name_first - 1, NAMING_NOUNS);
        if doc.entities.get(e).is_some_and(|e| e.label == Label::Per) && !after_noun {
            let first = phrases
                .iter()
                .find(|p| p.person_tokens.is_some_and(|(_, b)| b == last))
                .map_or(name_first, |p| p.first.min(name_first))
                .max(unit_start);
            return Some(describe(doc, phrases, first, last));
        }
    }
    let first = phrase_start(doc, phrases, last, floor)?;
    // `del portavoce`, `a Mosca`: a complement, not a subject. It may qualify the noun before
    // it (`Un diplomatico occidentale a Vienna`, `Fonti citate dall'agenzia`).
    if first > unit_start && (doc.is(first - 1, PREPOSITIONS) || doc.is(first, LINKED)) {
        let preposition = if doc.is(first, LINKED) {
            first
        } else {
            first - 1
        };
        let head_last = if preposition > unit_start + 1 && doc.is(preposition - 1, ATTACHING) {
            preposition - 2
        } else {
            preposition.checked_sub(1)?
        };
        if preposition == unit_start || head_last < unit_start {
            return None;
        }
        let head_first = phrase_start(doc, phrases, head_last, floor)?;
        // Not a complement of a complement: `a Mosca per una visita`.
        if head_first > unit_start && doc.is(head_first - 1, PREPOSITIONS) {
            return None;
        }
        // The noun the complement qualifies speaks, not the complement.
        let mut described = describe(doc, phrases, head_first, head_last);
        described.last = last;
        return (described.strength >= DESCRIBED).then_some(described);
    }
    // `Marta Kowalska, analista del Centro studi orientali:`: the role is in apposition.
    if first >= unit_start + 2 && doc.is(first - 1, &[","]) && role_headed(doc, first, last) {
        if let Some(e) = doc.entity_at.get(first - 2).copied().flatten() {
            let (person_first, _) = doc.entity_tokens(e).unwrap_or((first - 2, first - 2));
            if doc.entities.get(e).is_some_and(|e| e.label == Label::Per) {
                let mut described = describe(doc, phrases, person_first, first - 2);
                described.last = last;
                return Some(described);
            }
        }
    }
    Some(describe(doc, phrases, first, last))
}

/// Where the phrase ending at `last` starts: a role phrase or a name read whole, else the
/// words back to an article, a preposition or a clause boundary.
fn phrase_start(doc: &Doc<'_>, phrases: &[Phrase], last: usize, floor: usize) -> Option<usize> {
    if last < floor || !is_phrase_word(doc, last) || is_boundary(doc, last) {
        return None;
    }
    let unit_start = doc.unit_range(last).start.max(floor);
    if let Some(p) = phrases
        .iter()
        .find(|p| p.last == last || p.person_tokens.is_some_and(|(_, b)| b == last))
    {
        return Some(p.first.max(unit_start));
    }
    let mut first = last;
    while first > unit_start {
        let prev = first - 1;
        if !is_phrase_word(doc, prev) || is_boundary(doc, prev) || doc.is(prev, PREPOSITIONS) {
            break;
        }
        first = prev;
        if doc.is(prev, DEFINITE) || doc.is(prev, INDEFINITE) {
            break;
        }
        if let Some(e) = doc.entity_at.get(prev).copied().flatten() {
            first = doc
                .entity_tokens(e)
                .map_or(prev, |(a, _)| a)
                .max(unit_start);
        }
    }
    Some(first)
}

/// Whether the phrase `first..=last` is headed by a role (`analista`, `il ministro`).
fn role_headed(doc: &Doc<'_>, first: usize, last: usize) -> bool {
    let head = (first..=last)
        .find(|&k| !doc.is(k, DEFINITE) && !doc.is(k, INDEFINITE))
        .unwrap_or(first);
    is_role_head(doc.lower(head))
}

/// The phrase read forwards from token `first` (after an inverted verb of saying or
/// `secondo`), not past `limit`: `lo storico Paolo Neri`, `l'inviato speciale Luca Rossi`,
/// `fonti diplomatiche`.
pub(super) fn starting_at(
    doc: &Doc<'_>,
    phrases: &[Phrase],
    first: usize,
    limit: usize,
) -> Option<Described> {
    if first >= limit || !is_phrase_word(doc, first) {
        return None;
    }
    if let Some(p) = phrases.iter().find(|p| p.first == first || p.head == first) {
        let last = p.person_tokens.map_or(p.last, |(_, b)| b.max(p.last));
        return Some(describe(doc, phrases, first, last.min(limit - 1)));
    }
    let mut last = first;
    let mut k = first;
    while k < limit && k < first + 10 && is_phrase_word(doc, k) {
        if let Some(e) = doc.entity_at.get(k).copied().flatten() {
            let (_, e_last) = doc.entity_tokens(e).unwrap_or((k, k));
            last = e_last.min(limit - 1);
            // A person's name closes the phrase: `lo storico Paolo Neri, docente a Bologna`.
            if doc.entities.get(e).is_some_and(|e| e.label == Label::Per) {
                break;
            }
            k = last + 1;
            continue;
        }
        if k > first && (doc.is(k, PREPOSITIONS) || is_boundary(doc, k)) {
            break;
        }
        if k > first && (doc.is(k, DEFINITE) || doc.is(k, INDEFINITE)) && !doc.is(k - 1, OF) {
            break;
        }
        last = k;
        k += 1;
    }
    // Do not end on a chaining preposition or an article: `fonti del`.
    while last > first && (doc.is(last, OF) || doc.is(last, DEFINITE)) {
        last -= 1;
    }
    Some(describe(doc, phrases, first, last))
}

/// A clause boundary, unless capitalised inside a name (`il dipartimento di Stato`).
fn is_boundary(doc: &Doc<'_>, k: usize) -> bool {
    doc.is(k, BOUNDARIES) && !doc.is_capitalized(k)
}

/// Words a speaker phrase can hold: words, names with their apostrophes, numbers in names.
fn is_phrase_word(doc: &Doc<'_>, k: usize) -> bool {
    matches!(doc.kind(k), Some(TokenKind::Word | TokenKind::Abbreviation))
}

/// The speaker the tokens `first..=last` name or describe.
pub(super) fn describe(doc: &Doc<'_>, phrases: &[Phrase], first: usize, last: usize) -> Described {
    let reading = |name: Option<String>, kind: SpeakerKind, strength: f32| Described {
        name,
        kind,
        first,
        last,
        strength,
        open_role: None,
    };
    let entities: Vec<usize> = (first..=last)
        .filter_map(|k| doc.entity_at.get(k).copied().flatten())
        .fold(Vec::new(), |mut seen, e| {
            if seen.last() != Some(&e) {
                seen.push(e);
            }
            seen
        });
    let label_of = |e: usize| doc.entities.get(e).map(|e| e.label);
    // The head: the first word after articles and leading adjectives.
    let mut head = first;
    while head < last && (doc.is(head, DEFINITE) || doc.is(head, INDEFINITE)) {
        head += 1;
    }
    while head < last && doc.is(head, PRE_ADJECTIVES) {
        head += 1;
    }
    let head_word = doc.lower(head);
    let indefinite = doc.is(first, INDEFINITE);
    // `una guardia di frontiera` is a person; `la guardia costiera`, an institution.
    let person_like = ANONYMOUS_HEADS.contains(&head_word)
        || is_role_head(head_word)
        || indefinite && head_word == "guardia";
    let anonymous = indefinite && person_like || anonymity_follows(doc, last);
    // A name: the person, unless the phrase only mentions them (`un collaboratore di Putin`).
    if let Some(&e) = entities
        .iter()
        .rev()
        .find(|&&e| label_of(e) == Some(Label::Per))
    {
        if !anonymous {
            let name = doc.entities.get(e).map(|e| e.canonical.clone());
            return reading(name, SpeakerKind::Person, NAMED);
        }
    }
    // A role phrase: its holder, or the role as a description of someone unnamed.
    if let Some(n) = phrases
        .iter()
        .position(|p| (p.first >= first || p.head >= first) && p.head <= last)
    {
        let p = &phrases[n];
        if let Some(person) = p.person.clone().filter(|_| !anonymous) {
            return reading(Some(person), SpeakerKind::Person, NAMED);
        }
        let mut described = reading(None, SpeakerKind::Anonymous, DESCRIBED);
        described.open_role = (!anonymous).then_some(n);
        return described;
    }
    // `fonti (riservate) del Pentagono` speak for the Pentagon; `fonti citate dall'agenzia`
    // stay anonymous.
    if matches!(head_word, "fonti" | "fonte") && !anonymous {
        let of_organisation = (head + 1..=last.min(head + 3)).find_map(|k| {
            let e = doc.entity_at.get(k + 1).copied().flatten()?;
            let entity = doc.entities.get(e)?;
            (doc.is(k, OF) && entity.label == Label::Org).then(|| entity.canonical.clone())
        });
        if let Some(name) = of_organisation {
            return reading(Some(name), SpeakerKind::Organisation, DESCRIBED);
        }
    }
    if anonymous || person_like {
        return reading(None, SpeakerKind::Anonymous, DESCRIBED);
    }
    // The first organisation or place named; a capital speaks for its state, and a state
    // or capital speaking is a place whatever the tagger called it.
    let organisation = entities.iter().find_map(|&e| {
        let entity = doc.entities.get(e)?;
        let state = country_of_capital(&entity.canonical)
            .or_else(|| is_country(&entity.canonical).then_some(entity.canonical.as_str()));
        let (name, label) = match state {
            Some(country) => (country.to_owned(), Label::Loc),
            None => (entity.canonical.clone(), entity.label),
        };
        let covers = doc
            .entity_tokens(e)
            .is_some_and(|(a, b)| a <= head && b >= last);
        Some((name, label, entity.canonical.to_lowercase(), covers))
    });
    // `la ong Rotta Sud`, `il gruppo Wagner`: the name after the noun.
    if NAMING_NOUNS.contains(&head_word)
        && head < last
        && (head + 1..=last).all(|k| doc.is_capitalized(k))
    {
        let name = entities
            .iter()
            .find_map(|&e| doc.entities.get(e).map(|e| e.canonical.clone()))
            .unwrap_or_else(|| doc.slice(head + 1, last).to_owned());
        return reading(Some(name), SpeakerKind::Organisation, DESCRIBED);
    }
    if INSTITUTION_HEADS.contains(&head_word) {
        let country = (head + 1..=last).find_map(|k| {
            country_of_two_words(doc.lower(k), doc.lower(k + 1))
                .or_else(|| country_of_adjective(doc.lower(k)).filter(|_| !doc.is_capitalized(k)))
        });
        // `il ministero`, alone: the one written out in full earlier.
        if head == last {
            if let Some(name) = written_out_earlier(doc, head) {
                return reading(Some(name), SpeakerKind::Organisation, DESCRIBED);
            }
        }
        let name = if GOVERNMENTS.contains(&head_word) {
            // `il governo giapponese`, `l'esecutivo di Tokyo`: the state speaks.
            country
                .map(str::to_owned)
                .or_else(|| organisation.map(|(name, ..)| name))
        } else {
            // `la Commissione europea` as tagged; `il ministero del Commercio cinese` as written.
            match organisation {
                Some((name, _, _, true)) => Some(name),
                _ => Some(doc.slice(head, last).to_owned()),
            }
        };
        return reading(name, SpeakerKind::Organisation, DESCRIBED);
    }
    if let Some((name, label, written, _)) = organisation {
        let kind = match label {
            Label::Loc if SEATS.contains(&written.as_str()) => SpeakerKind::Organisation,
            Label::Loc => SpeakerKind::Place,
            _ => SpeakerKind::Organisation,
        };
        return reading(Some(name), kind, DESCRIBED);
    }
    // Seats of government the tagger missed (`il Quirinale`).
    let written = doc.slice(head, last).to_lowercase();
    if SEATS.contains(&written.as_str()) {
        return reading(
            Some(doc.slice(head, last).to_owned()),
            SpeakerKind::Organisation,
            DESCRIBED,
        );
    }
    if let Some(country) = country_of_capital(&written) {
        return reading(Some(country.to_owned()), SpeakerKind::Place, DESCRIBED);
    }
    // Capitalised words the tagger missed: the person of the article whose name ends with
    // them, or the name as written (not a lone first word of a sentence: every one is
    // capitalised).
    if (head..=last).all(|k| doc.is_capitalized(k)) {
        let written = doc.slice(head, last);
        let surname = doc.word(last);
        let known = doc.entities.iter().find(|e| {
            e.label == Label::Per
                && (e.canonical == written || e.canonical.rsplit(' ').next() == Some(surname))
        });
        match known {
            Some(e) => return reading(Some(e.canonical.clone()), SpeakerKind::Person, NAMED),
            None if head > doc.unit_range(head).start
                || head < last
                || !doc.is(head, SENTENCE_OPENERS) && head_word.chars().count() > 2 =>
            {
                return reading(Some(written.to_owned()), SpeakerKind::Unknown, 2.5);
            }
            None => {}
        }
    }
    reading(None, SpeakerKind::Unknown, WEAK)
}

/// The organisation or place written out before token `noun` whose name starts with it:
/// `il ministero` after `il ministero della Difesa russo`.
pub(super) fn written_out_earlier(doc: &Doc<'_>, noun: usize) -> Option<String> {
    let w = doc.lower(noun);
    let at = doc.tokens.get(noun).map_or(0, |t| t.start);
    doc.entities
        .iter()
        .rev()
        .filter(|e| e.start < at && e.label != Label::Per)
        .find(|e| {
            let text = e.text(doc.text);
            text.len() > w.len()
                && text
                    .get(..w.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
        })
        .map(|e| e.canonical.clone())
}

/// Whether token `k` is a preposition joined to an article (`ai`, `nella`, `sui`).
pub(super) fn is_linked_preposition(doc: &Doc<'_>, k: usize) -> bool {
    doc.is(k, LINKED)
}

/// Whether the clause starting at token `k` (after a comma) is incidental to the sentence: a
/// relative, a gerund or participle clause, a prepositional phrase (`, che ha guidato la
/// delegazione,`, `, rispondendo ai giornalisti,`, `, intervenuto al convegno,`, `, al
/// termine del vertice,`, `, attraverso il portavoce,`).
pub(super) fn opens_incidental(doc: &Doc<'_>, k: usize) -> bool {
    const OPENERS: &[&str] = &[
        "che",
        "cui",
        "attraverso",
        "tramite",
        "davanti",
        "prima",
        "subito",
        "poco",
        "ieri",
        "oggi",
        "stamani",
        "già",
        "insieme",
        "accanto",
        "lontano",
        "appena",
        "interpellato",
        "interpellata",
    ];
    let w = doc.lower(k);
    let long = w.chars().count() > 5;
    doc.is(k, OPENERS)
        || doc.is(k, PREPOSITIONS)
        || doc.is(k, LINKED)
        || doc.is(k, DEFINITE) && doc.is(k + 1, &["quale", "quali"])
        || long && (w.ends_with("ando") || w.ends_with("endo"))
        || long
            && [
                "ato", "ata", "ati", "ate", "ito", "ita", "iti", "uto", "uta", "uti",
            ]
            .iter()
            .any(|end| w.ends_with(end))
}

/// `, che ha chiesto di restare anonimo,` or `coperto dall'anonimato` right after a phrase.
fn anonymity_follows(doc: &Doc<'_>, last: usize) -> bool {
    (last + 1..last + 10)
        .take_while(|&k| doc.same_unit(last, k) && doc.kind(k) != Some(TokenKind::Quote))
        .any(|k| doc.is(k, ANONYMITY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};
    use crate::mentions::roles::phrases_in;

    /// The reading of the phrase that ends just before `verb`.
    fn before(text: &str, verb: &str) -> (Option<String>, SpeakerKind, String) {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        let doc = Doc::new(&article, &entities);
        let phrases = phrases_in(&doc, None);
        let at = (0..doc.len()).find(|&k| doc.lower(k) == verb).unwrap();
        let d = ending_at(&doc, &phrases, at - 1, 0).unwrap();
        (d.name, d.kind, doc.slice(d.first, d.last).to_owned())
    }

    #[test]
    fn institutions_places_and_anonymous_sources() {
        assert_eq!(
            before("Il governo giapponese ha espresso preoccupazione.", "ha"),
            (
                Some("Giappone".into()),
                SpeakerKind::Organisation,
                "Il governo giapponese".into()
            )
        );
        let (name, kind, _) = before("Ieri Pechino ha fatto sapere che tutto va bene.", "ha");
        assert_eq!((name.as_deref(), kind), (Some("Cina"), SpeakerKind::Place));
        let (name, kind, text) = before(
            "Fonti diplomatiche riferiscono che tutto va bene.",
            "riferiscono",
        );
        assert_eq!(
            (name, kind, text.as_str()),
            (None, SpeakerKind::Anonymous, "Fonti diplomatiche")
        );
        let (name, kind, _) = before(
            "Un diplomatico europeo, che ha chiesto di restare anonimo, ha detto altro.",
            ",",
        );
        assert_eq!((name, kind), (None, SpeakerKind::Anonymous));
    }

    #[test]
    fn complements_are_not_subjects() {
        let article = parse(
            "Ieri a Mosca ha detto tutto.".to_owned(),
            Overrides::default(),
        )
        .unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        let doc = Doc::new(&article, &entities);
        let phrases = phrases_in(&doc, None);
        let at = (0..doc.len()).find(|&k| doc.lower(k) == "ha").unwrap();
        assert!(ending_at(&doc, &phrases, at - 1, 0).is_none());
    }
}
