//! Roles: titles attached to people (`il presidente russo Vladimir Putin`, `il portavoce del
//! Cremlino Dmitri Peskov`, `Guido Crosetto, ministro della Difesa`), with the organisation or
//! country they name. A role seen with a name identifies the same role met later without one
//! (`il portavoce`, `il responsabile dell'Alleanza`), in the article or, given a
//! [`RoleMemory`], anywhere in the corpus.

use crate::article::Article;
use crate::entities::{Entity, Label};
use crate::text::TokenKind;

use super::doc::Doc;
use crate::places::{country_of_adjective, country_of_capital, country_of_two_words};

/// A role held by a person, as an article states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Byte offsets of the role phrase into `article.text`, article excluded: `presidente
    /// russo`, `segretario generale della Nato`.
    pub start: usize,
    pub end: usize,
    /// The role phrase as written.
    pub text: String,
    /// The head of the role, normalised: `presidente`, `ministro esteri`, `portavoce`.
    pub key: String,
    /// The canonical name of the person who holds it.
    pub person: String,
    /// Where the person is named next to the role; `None` when the role stands alone
    /// (`il portavoce`) and the person was recognised from another mention.
    pub person_span: Option<(usize, usize)>,
    /// The organisation or country the role names (`Nato`, `Russia`), canonical when an entity.
    pub organization: Option<String>,
    /// Index into `article.sentences`.
    pub sentence: Option<usize>,
}

/// A role phrase found in the text, with or without a person.
#[derive(Clone, Debug)]
pub(super) struct Phrase {
    /// First token (the article, if any) and last token of the role phrase proper.
    pub first: usize,
    pub head: usize,
    pub last: usize,
    pub key: String,
    pub organization: Option<String>,
    pub gender: Option<Gender>,
    /// The holder: canonical name and, when named alongside, the name's tokens.
    pub person: Option<String>,
    pub person_tokens: Option<(usize, usize)>,
    /// A qualifier right after the phrase that we cannot read (`il ministro della Salute
    /// sudanese` when the adjective is unknown): the role is someone's we cannot place, so
    /// it is never tied to a holder named elsewhere.
    pub unread_qualifier: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gender {
    Masculine,
    Feminine,
}

/// Role heads (lowercase) and their normalised form.
const HEADS: &[(&str, &str)] = &[
    ("presidente", "presidente"),
    ("presidentessa", "presidente"),
    ("vicepresidente", "vicepresidente"),
    ("premier", "premier"),
    ("vicepremier", "vicepremier"),
    ("ministro", "ministro"),
    ("ministra", "ministro"),
    ("viceministro", "viceministro"),
    ("viceministra", "viceministro"),
    ("sottosegretario", "sottosegretario"),
    ("sottosegretaria", "sottosegretario"),
    ("segretario", "segretario"),
    ("segretaria", "segretario"),
    ("portavoce", "portavoce"),
    ("capo", "capo"),
    ("leader", "leader"),
    ("ambasciatore", "ambasciatore"),
    ("ambasciatrice", "ambasciatore"),
    ("consigliere", "consigliere"),
    ("consigliera", "consigliere"),
    ("direttore", "direttore"),
    ("direttrice", "direttore"),
    ("comandante", "comandante"),
    ("cancelliere", "cancelliere"),
    ("cancelliera", "cancelliere"),
    ("re", "re"),
    ("regina", "re"),
    ("papa", "papa"),
    ("pontefice", "papa"),
    ("senatore", "senatore"),
    ("senatrice", "senatore"),
    ("deputato", "deputato"),
    ("deputata", "deputato"),
    ("sindaco", "sindaco"),
    ("sindaca", "sindaco"),
    ("governatore", "governatore"),
    ("governatrice", "governatore"),
    ("responsabile", "responsabile"),
    ("diplomatico", "diplomatico"),
    ("diplomatica", "diplomatico"),
    ("omologo", "omologo"),
    ("omologa", "omologo"),
    ("zar", "zar"),
    ("dittatore", "dittatore"),
    ("ammiraglio", "ammiraglio"),
    ("generale", "generale"),
    ("colonnello", "colonnello"),
    ("commissario", "commissario"),
    ("commissaria", "commissario"),
    ("procuratore", "procuratore"),
    ("procuratrice", "procuratore"),
    ("rappresentante", "rappresentante"),
    ("inviato", "inviato"),
    ("inviata", "inviato"),
    ("emiro", "emiro"),
    ("principe", "principe"),
    ("principessa", "principe"),
    ("patriarca", "patriarca"),
    ("ayatollah", "ayatollah"),
    ("candidato", "candidato"),
    ("candidata", "candidato"),
    ("fondatore", "fondatore"),
    ("fondatrice", "fondatore"),
    ("amministratore", "amministratore"),
    ("analista", "analista"),
    ("esperto", "esperto"),
    ("esperta", "esperto"),
    ("funzionario", "funzionario"),
    ("funzionaria", "funzionario"),
    ("storico", "storico"),
    ("storica", "storico"),
    ("docente", "docente"),
    ("professore", "professore"),
    ("professoressa", "professore"),
    ("ricercatore", "ricercatore"),
    ("ricercatrice", "ricercatore"),
    ("economista", "economista"),
    ("politologo", "politologo"),
    ("politologa", "politologo"),
    ("sociologo", "sociologo"),
    ("sociologa", "sociologo"),
    ("giornalista", "giornalista"),
    ("scrittore", "scrittore"),
    ("scrittrice", "scrittore"),
    ("avvocato", "avvocato"),
    ("avvocata", "avvocato"),
    ("negoziatore", "negoziatore"),
    ("negoziatrice", "negoziatore"),
    ("attivista", "attivista"),
    ("sindacalista", "sindacalista"),
    ("imprenditore", "imprenditore"),
    ("imprenditrice", "imprenditore"),
    ("cardinale", "cardinale"),
    ("vescovo", "vescovo"),
    ("ministro-presidente", "presidente"),
    ("scienziato", "scienziato"),
    ("scienziata", "scienziato"),
    ("astrofisico", "astrofisico"),
    ("astrofisica", "astrofisico"),
    ("medico", "medico"),
    ("magistrato", "magistrato"),
    ("pm", "pm"),
    ("giudice", "giudice"),
    ("assessore", "assessore"),
    ("assessora", "assessore"),
    ("prefetto", "prefetto"),
    ("questore", "questore"),
    ("allenatore", "allenatore"),
    ("capogruppo", "capogruppo"),
    ("vicesindaco", "vicesindaco"),
    ("manager", "manager"),
    ("ceo", "amministratore"),
];

/// Heads that say little by themselves: they match a role of any head in the same
/// organisation (`il responsabile dell'Alleanza` = `il segretario generale della Nato`).
/// `leader` matches only the heads of a state or party ([`TOP`]).
const GENERIC: &[&str] = &["responsabile", "omologo", "rappresentante"];

/// Heads that match only some others: `il diplomatico russo` is the ambassador, not the
/// president.
const KINDRED: &[(&str, &[&str])] = &[
    (
        "diplomatico",
        &[
            "ambasciatore",
            "ministro esteri",
            "inviato",
            "console",
            "capo diplomazia",
        ],
    ),
    // Italian papers call the president of a region its governor.
    ("governatore", &["presidente regione", "presidente giunta"]),
];

/// Whether a role without a name (`key`) may be the named role `named`.
fn compatible(key: &str, named: &str) -> bool {
    let top = |k: &str| k.split(' ').next().is_some_and(|h| TOP.contains(&h));
    key == named
        // `la ministra` after `la ministra degli Esteri Anna Verdi`, in one article.
        || named.strip_prefix(key).is_some_and(|rest| rest.starts_with(' '))
        || key == "leader" && top(named)
        || named == "leader" && top(key)
        || GENERIC.contains(&key)
        || GENERIC.contains(&named)
        || KINDRED.iter().any(|(k, others)| {
            (*k == key && others.contains(&named)) || (*k == named && others.contains(&key))
        })
}

/// Whether the role phrase `alone` (without a name) can be the role `named`: heads that
/// match, no conflicting organisation or country, no conflicting gender.
pub(super) fn same_role(alone: &Phrase, named: &Phrase) -> bool {
    let organisations = match (&alone.organization, &named.organization) {
        (Some(a), Some(b)) => org_key(a) == org_key(b),
        _ => true,
    };
    let genders = alone.gender.is_none() || named.gender.is_none() || alone.gender == named.gender;
    compatible(&alone.key, &named.key) && organisations && genders
}

/// Heads that a generic `leader` prefers when several roles share its organisation.
const TOP: &[&str] = &[
    "presidente",
    "premier",
    "leader",
    "re",
    "cancelliere",
    "dittatore",
];

const FEMININE_HEADS: &[&str] = &[
    "presidentessa",
    "ministra",
    "viceministra",
    "sottosegretaria",
    "segretaria",
    "ambasciatrice",
    "consigliera",
    "direttrice",
    "cancelliera",
    "regina",
    "senatrice",
    "deputata",
    "sindaca",
    "governatrice",
    "diplomatica",
    "omologa",
    "commissaria",
    "procuratrice",
    "inviata",
    "principessa",
    "candidata",
    "fondatrice",
    "esperta",
    "funzionaria",
    "storica",
    "professoressa",
    "ricercatrice",
    "politologa",
    "sociologa",
    "scrittrice",
    "avvocata",
    "negoziatrice",
    "imprenditrice",
    "scienziata",
    "assessora",
    "astrofisica",
];

/// Words that may stand in a role phrase between its head and the name.
const DESCRIPTORS: &[&str] = &[
    "generale",
    "esteri",
    "difesa",
    "stato",
    "sicurezza",
    "nazionale",
    "affari",
    "economia",
    "interno",
    "interni",
    "giustizia",
    "finanze",
    "sanità",
    "esercito",
    "forze",
    "armate",
    "maggiore",
    "diplomazia",
    "consiglio",
    "dipartimento",
    "ministero",
    "comitato",
    "agenzia",
    "servizi",
    "intelligence",
    "supremo",
    "suprema",
    "delegato",
    "delegata",
    "eletto",
    "eletta",
    "uscente",
    "aggiunto",
    "aggiunta",
    "speciale",
    "permanente",
    "militare",
    "politico",
    "politica",
    "federale",
    "regionale",
    "nord",
    "sud",
    "alto",
    "alta",
    "commissione",
    "governo",
    "partito",
    "opposizione",
    "stampa",
    "ufficio",
    "capo",
    "ex",
    "vice",
    "primo",
    "prima",
    "numero",
    "uno",
    "sanitario",
    "repubblica",
    "parlamento",
    "camera",
    "senato",
    "banca",
    "centrale",
    "marina",
    "aeronautica",
    "aerea",
    "difensore",
];

const OF: &[&str] = &[
    "di", "del", "della", "dell'", "dell’", "dei", "degli", "delle", "dello", "d'", "d’", "per",
    "la", "il", "lo", "l'", "l’", "le", "gli", "agli", "alla", "al", "ai", "alle", "allo", "all'",
    "all’",
];

/// Words before a head that make it a noun phrase (`il presidente`, `la sua omologa`).
const DETERMINERS: &[&str] = &[
    "il", "lo", "la", "l'", "l’", "i", "gli", "le", "un", "una", "uno", "un'", "un’", "del",
    "della", "dello", "dell'", "dell’", "al", "alla", "allo", "all'", "all’", "dal", "dalla",
    "dallo", "dall'", "dall’", "nel", "nella", "col", "sul", "sulla", "suo", "sua", "loro", "ex",
    "neo", "nuovo", "nuova", "attuale", "stesso", "stessa", "futuro", "futura", "primo", "prima",
    "prossimo", "prossima",
];

/// Places that stand for a country in role phrases (`il leader di Pyongyang`).
fn country_of_place(name: &str) -> Option<&'static str> {
    Some(match name.to_lowercase().as_str() {
        "cremlino" | "federazione russa" => "Russia",
        "casa bianca" => "Stati Uniti",
        "palazzo chigi" | "farnesina" => "Italia",
        "alleanza" | "alleanza atlantica" => "Nato",
        _ => return country_of_capital(name),
    })
}

/// Organisations as written in role phrases without being tagged (`dell'Alleanza`).
fn organization_word(word: &str) -> Option<&'static str> {
    match word.to_lowercase().as_str() {
        "alleanza" => Some("Nato"),
        "cremlino" => Some("Cremlino"),
        "pentagono" => Some("Pentagono"),
        "onu" => Some("Nazioni Unite"),
        "nato" => Some("Nato"),
        "ue" => Some("Unione europea"),
        _ => None,
    }
}

/// What compares organisations: the country a place stands for, or the name itself.
fn org_key(org: &str) -> String {
    country_of_place(org).map_or_else(|| org.to_lowercase(), str::to_lowercase)
}

/// Whether `word` (lowercase) heads a role: `ministra`, `portavoce`, `storico`.
pub(super) fn is_role_head(word: &str) -> bool {
    head(word).is_some()
}

fn head(word: &str) -> Option<&'static str> {
    HEADS.iter().find(|(w, _)| *w == word).map(|(_, h)| *h)
}

/// Roles seen with names, to identify roles that stand alone.
#[derive(Clone, Debug, Default)]
pub struct RoleMemory {
    /// (key, organisation key, gender, person)
    entries: Vec<(String, Option<String>, Option<Gender>, String)>,
}

impl RoleMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers the named roles of an article (as `find_roles` returns them).
    pub fn add_roles(&mut self, roles: &[Role]) {
        for role in roles.iter().filter(|r| r.person_span.is_some()) {
            self.add(&role.key, role.organization.as_deref(), None, &role.person);
        }
    }

    /// Remembers one named role given as plain values: its key, organization (as written) and
    /// person, as [`RoleMemory::add_roles`] remembers it. Memories of the parts of a corpus
    /// rebuilt this way, in corpus order, equal the memory of the whole.
    pub fn add_named(&mut self, key: &str, organization: Option<&str>, person: &str) {
        self.add(key, organization, None, person);
    }

    fn add(&mut self, key: &str, organization: Option<&str>, gender: Option<Gender>, person: &str) {
        let entry = (
            key.to_owned(),
            organization.map(org_key),
            gender,
            person.to_owned(),
        );
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The one person remembered with this very role (same head and words, same
    /// organisation or country, or none for both), or `None` when there is none or several. What settles a
    /// title across articles, where nothing else tells two holders apart.
    fn resolve_in_full(
        &self,
        key: &str,
        organization: Option<&str>,
        gender: Option<Gender>,
    ) -> Option<String> {
        // Without organisation or country, only a title of several words is specific
        // enough (`la ministra degli Esteri`; not `il portavoce`).
        if organization.is_none() && !key.contains(' ') {
            return None;
        }
        let org = organization.map(org_key);
        let mut people = self.entries.iter().filter(|(k, o, g, _)| {
            k == key && *o == org && (gender.is_none() || g.is_none() || *g == gender)
        });
        let (.., first) = people.next()?;
        people.all(|(.., p)| p == first).then(|| first.clone())
    }

    /// The one person a role without a name can be, or `None` when there is none or several.
    fn resolve(
        &self,
        key: &str,
        organization: Option<&str>,
        gender: Option<Gender>,
    ) -> Option<String> {
        let org = organization.map(org_key);
        let generic = GENERIC.contains(&key) || KINDRED.iter().any(|(k, _)| *k == key);
        let gender_ok = |g: &Option<Gender>| gender.is_none() || g.is_none() || *g == gender;
        let mut same_org: Vec<(&str, &str)> = Vec::new();
        let mut no_org: Vec<(&str, &str)> = Vec::new();
        for (k, o, g, person) in &self.entries {
            if !gender_ok(g) {
                continue;
            }
            if !compatible(key, k) {
                continue;
            }
            match (&org, o) {
                (Some(a), Some(b)) if a == b => same_org.push((k, person)),
                // A role written without organisation may be any named one it fits (`la
                // ministra`: `la ministra degli Esteri`); one named without organisation is
                // the same role only with the same words.
                (None, _) if !generic => no_org.push((k, person)),
                (Some(_), None) if k == key && !generic => no_org.push((k, person)),
                _ => {}
            }
        }
        let pick = |candidates: &[(&str, &str)]| -> Option<String> {
            let mut people: Vec<&str> = candidates.iter().map(|c| c.1).collect();
            people.sort_unstable();
            people.dedup();
            match people.as_slice() {
                [one] => Some((*one).to_owned()),
                [] => None,
                _ if key == "leader" => {
                    let mut top: Vec<&str> = candidates
                        .iter()
                        .filter(|c| TOP.contains(&c.0))
                        .map(|c| c.1)
                        .collect();
                    top.sort_unstable();
                    top.dedup();
                    (top.len() == 1).then(|| top[0].to_owned())
                }
                _ => None,
            }
        };
        if !same_org.is_empty() {
            return pick(&same_org);
        }
        pick(&no_org)
    }
}

/// The roles of `article`, with people named as in `entities`.
pub fn find_roles(article: &Article, entities: &[Entity]) -> Vec<Role> {
    let doc = Doc::new(article, entities);
    let phrases = phrases_in(&doc, None);
    roles_from(&doc, &phrases)
}

/// The role phrases of an article, named or resolved from the article's (and the corpus's)
/// named roles; unresolved phrases are kept (quotes use them as speakers).
pub(super) fn phrases_in(doc: &Doc<'_>, corpus: Option<&RoleMemory>) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        if let Some(phrase) = phrase_at(doc, i) {
            i = phrase
                .person_tokens
                .map_or(phrase.last, |(_, last)| last.max(phrase.last))
                + 1;
            phrases.push(phrase);
        } else {
            i += 1;
        }
    }
    let mut memory = RoleMemory::new();
    for p in &phrases {
        if let (Some(person), Some(_)) = (&p.person, p.person_tokens) {
            memory.add(&p.key, p.organization.as_deref(), p.gender, person);
        }
    }
    for p in phrases
        .iter_mut()
        .filter(|p| p.person.is_none() && !p.unread_qualifier)
    {
        p.person = memory
            .resolve(&p.key, p.organization.as_deref(), p.gender)
            .or_else(|| {
                corpus.and_then(|c| c.resolve_in_full(&p.key, p.organization.as_deref(), p.gender))
            });
    }
    phrases
}

/// Resolves the phrases still without a person with what is now known (roles that quotes
/// tied to their speakers: `il capo della diplomazia russa` → Lavrov identifies `il capo
/// della diplomazia del Cremlino`).
pub(super) fn resolve_again(phrases: &mut [Phrase]) {
    if phrases.iter().all(|p| p.person.is_some()) {
        return;
    }
    let mut memory = RoleMemory::new();
    for p in phrases.iter() {
        if let Some(person) = &p.person {
            memory.add(&p.key, p.organization.as_deref(), p.gender, person);
        }
    }
    for p in phrases
        .iter_mut()
        .filter(|p| p.person.is_none() && !p.unread_qualifier)
    {
        p.person = memory.resolve(&p.key, p.organization.as_deref(), p.gender);
    }
}

/// Public roles from phrases: those whose person is known.
pub(super) fn roles_from(doc: &Doc<'_>, phrases: &[Phrase]) -> Vec<Role> {
    phrases
        .iter()
        .filter_map(|p| {
            let person = p.person.clone()?;
            let (start, end) = doc.bytes(p.head, p.last);
            Some(Role {
                start,
                end,
                text: doc.slice(p.head, p.last).to_owned(),
                key: p.key.clone(),
                person,
                person_span: p.person_tokens.map(|(a, b)| doc.bytes(a, b)),
                organization: p.organization.clone(),
                sentence: doc.sentence_of(p.head),
            })
        })
        .collect()
}

/// A lowercase word with the endings of a nationality adjective (`sudanese`, `tunisino`,
/// `colombiana`) that the country list does not know.
fn looks_like_nationality(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ese", "esi", "ano", "ana", "ani", "ane", "ino", "ina", "ini", "ine", "ense", "ensi",
        "eno", "ena", "eni", "ita", "iti", "ite", "iota", "ioti",
    ];
    word.chars().count() > 5
        && word.chars().all(char::is_lowercase)
        && ENDINGS.iter().any(|end| word.ends_with(end))
        && country_of_adjective(word).is_none()
}

/// The person entity starting at token `k`, as (entity index, first, last token).
fn person_at(doc: &Doc<'_>, k: usize) -> Option<(usize, usize, usize)> {
    let e = doc.entity_at.get(k).copied().flatten()?;
    let entity = doc.entities.get(e)?;
    if entity.label != Label::Per || doc.tokens.get(k).map(|t| t.start) != Some(entity.start) {
        return None;
    }
    let (first, last) = doc.entity_tokens(e)?;
    Some((e, first, last))
}

fn phrase_at(doc: &Doc<'_>, i: usize) -> Option<Phrase> {
    let w = doc.lower(i);
    let normalized = head(w)?;
    // A head inside a name (`Papa Francesco` is fine, `Casa del Capo` is not) or an
    // entity: not a role.
    if doc.entity_at.get(i).copied().flatten().is_some() {
        return None;
    }
    let unit = doc.unit_range(i);
    let determiner = i > unit.start && doc.is(i - 1, DETERMINERS);
    let after_comma_of_person = i > unit.start + 1
        && doc.is(i - 1, &[","])
        && doc
            .entity_at
            .get(i - 2)
            .copied()
            .flatten()
            .is_some_and(|e| doc.entities.get(e).is_some_and(|e| e.label == Label::Per));
    let mut first = i;
    if determiner {
        first = i - 1;
        // `la sua omologa`
        if first > unit.start
            && doc.is(first, &["sua", "suo", "loro"])
            && doc.is(first - 1, DETERMINERS)
        {
            first -= 1;
        }
    }
    let gender = if FEMININE_HEADS.contains(&w) {
        Some(Gender::Feminine)
    } else if determiner {
        match doc.lower(first) {
            "la" | "una" | "della" | "alla" | "dalla" | "nella" | "sulla" | "sua" => {
                Some(Gender::Feminine)
            }
            "il" | "lo" | "un" | "del" | "dello" | "al" | "dal" | "nel" | "col" | "sul" | "suo" => {
                Some(Gender::Masculine)
            }
            _ => None,
        }
    } else {
        None
    };
    // Walk the complement up to a person's name or the first word that cannot be in it.
    let premier = normalized == "ministro" && i > unit.start && doc.is(i - 1, &["primo", "prima"]);
    let mut key = if premier { "premier" } else { normalized }.to_owned();
    let mut organization: Option<String> = None;
    let mut country: Option<&'static str> = None;
    let mut last = i;
    let mut k = i + 1;
    let mut person = None;
    while k < unit.end && k <= i + 12 {
        // `il sindaco di Castelbellino`, however tagged, is the mayor of a place.
        if let Some(p) = person_at(doc, k).filter(|_| !doc.is(k - 1, OF)) {
            person = Some(p);
            break;
        }
        if doc.is(k, &[","]) {
            if let Some(p) = person_at(doc, k + 1) {
                person = Some(p);
            }
            break;
        }
        let lw = doc.lower(k);
        if let Some(e) = doc.entity_at.get(k).copied().flatten() {
            // An organisation or place inside the phrase: the first one is the role's.
            let entity = doc.entities.get(e)?;
            if organization.is_none() {
                organization = Some(entity.canonical.clone());
            }
            let (_, e_last) = doc.entity_tokens(e).unwrap_or((k, k));
            last = e_last.max(k);
            k = last + 1;
            continue;
        }
        if let Some(c) = country_of_two_words(lw, doc.lower(k + 1)) {
            country.get_or_insert(c);
            last = k + 1;
            k += 2;
            continue;
        }
        if let Some(c) = country_of_adjective(lw).filter(|_| !doc.is_capitalized(k)) {
            country.get_or_insert(c);
            last = k;
            k += 1;
            continue;
        }
        if doc.kind(k) != Some(TokenKind::Word) {
            break;
        }
        if OF.contains(&lw) {
            k += 1;
            continue;
        }
        // `dell'Ambiente e della Sicurezza energetica`: a second complement.
        if lw == "e" && doc.is(k + 1, OF) && doc.is_capitalized(k + 2) {
            k += 2;
            continue;
        }
        // A word we do not know, right before the name: `dell'Alleanza democratica, Tiago
        // Meireles`, `della Sicurezza energetica Chiara Moretti`.
        let before_name = || {
            person_at(doc, k + 1).is_some()
                || doc.is(k + 1, &[","]) && person_at(doc, k + 2).is_some()
        };
        if !doc.is_capitalized(k) && k > i + 1 && before_name() {
            last = k;
            k += 1;
            continue;
        }
        if DESCRIPTORS.contains(&lw) || (doc.is_capitalized(k) && k > unit.start) {
            // `l'Alleanza democratica` is a party, not the Atlantic alliance.
            let qualified = !doc.is_capitalized(k + 1)
                && doc.kind(k + 1) == Some(TokenKind::Word)
                && !OF.contains(&doc.lower(k + 1))
                && !doc.is(k + 1, &["atlantica", "e"]);
            if let Some(org) = organization_word(lw).filter(|_| !qualified) {
                organization.get_or_insert_with(|| org.to_owned());
            } else if country_of_place(lw).is_some() && organization.is_none() {
                organization = Some(doc.word(k).to_owned());
            } else if lw != "ex" {
                key.push(' ');
                key.push_str(lw);
            }
            last = k;
            k += 1;
            continue;
        }
        break;
    }
    let organization = organization.or_else(|| country.map(str::to_owned));
    // A head right after a name and comma is an apposition: `Guido Crosetto, ministro …`.
    let closes = doc.is(last + 1, &[",", ".", ")", ";"]) || last + 1 >= unit.end;
    let (person_name, person_tokens) = match person {
        Some((e, a, b)) => (
            doc.entities.get(e).map(|e| e.canonical.clone()),
            Some((a, b)),
        ),
        None if after_comma_of_person && closes => {
            let e = doc.entity_at.get(i - 2).copied().flatten()?;
            let (a, b) = doc.entity_tokens(e)?;
            (
                doc.entities.get(e).map(|e| e.canonical.clone()),
                Some((a, b)),
            )
        }
        None => (None, None),
    };
    // A bare head with neither article nor name is too weak (`capo` in `a capo`, `generale`
    // as an adjective).
    if person_tokens.is_none() && !determiner {
        return None;
    }
    // `i due leader`, `dei leader`: plural or counted heads are not one person's role.
    if i > unit.start
        && (doc.is(
            i - 1,
            &["i", "gli", "dei", "degli", "ai", "agli", "due", "tre"],
        ))
    {
        return None;
    }
    let unread_qualifier = person_tokens.is_none()
        && doc.same_unit(i, last + 1)
        && looks_like_nationality(doc.lower(last + 1));
    Some(Phrase {
        first,
        head: i,
        last,
        key,
        organization,
        gender,
        person: person_name,
        person_tokens,
        unread_qualifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};

    fn roles(text: &str) -> Vec<(String, String, Option<String>, bool)> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        find_roles(&article, &entities)
            .into_iter()
            .map(|r| (r.person, r.text, r.organization, r.person_span.is_some()))
            .collect()
    }

    #[test]
    fn roles_before_and_after_names() {
        let found = roles(
            "Il presidente russo Vladimir Putin ha incontrato il segretario generale della Nato \
             Mark Rutte. Ha parlato il ministro della Difesa, Guido Crosetto.",
        );
        assert!(
            found.contains(&(
                "Vladimir Putin".into(),
                "presidente russo".into(),
                Some("Russia".into()),
                true
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "Mark Rutte".into(),
                "segretario generale della Nato".into(),
                Some("Nato".into()),
                true
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "Guido Crosetto".into(),
                "ministro della Difesa".into(),
                None,
                true
            )),
            "{found:?}"
        );
    }

    #[test]
    fn a_role_named_once_identifies_it_later() {
        let found = roles(
            "Il portavoce del Cremlino Dmitri Peskov ha parlato a lungo. Più tardi il portavoce \
             ha smentito tutto.",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[1],
            ("Dmitri Peskov".into(), "portavoce".into(), None, false)
        );
    }

    #[test]
    fn ambiguous_roles_stay_unresolved() {
        let found = roles(
            "Il presidente Vladimir Putin e il presidente Volodymyr Zelensky. Il presidente ha \
             parlato.",
        );
        assert_eq!(found.iter().filter(|r| !r.3).count(), 0, "{found:?}");
    }

    #[test]
    fn corpus_memory_resolves_roles_across_articles() {
        let named = parse(
            "Il presidente russo Vladimir Putin è arrivato.".to_owned(),
            Overrides::default(),
        )
        .unwrap();
        let entities = find_entities(&named, Model::bundled(), Aliases::bundled());
        let mut memory = RoleMemory::new();
        memory.add_roles(&find_roles(&named, &entities));
        let other = parse(
            "Il presidente russo assicura il suo appoggio.".to_owned(),
            Overrides::default(),
        )
        .unwrap();
        let doc = Doc::new(&other, &[]);
        let phrases = phrases_in(&doc, Some(&memory));
        assert_eq!(phrases[0].person.as_deref(), Some("Vladimir Putin"));
        let phrases = phrases_in(&doc, None);
        assert_eq!(phrases[0].person, None);
    }

    #[test]
    fn generic_heads_match_by_organisation() {
        let found = roles(
            "Colloquio tra il segretario generale della Nato Mark Rutte e il presidente \
             sudcoreano Yoon Suk-yeol. Lo ha detto il responsabile dell'Alleanza.",
        );
        assert!(
            found.iter().any(|r| r.0 == "Mark Rutte" && !r.3),
            "{found:?}"
        );
    }
}
