//! Quantities: amounts in digits and words (`13mila container`, `400 milioni di dollari`,
//! `tre droni`, `il 30%`, `€ 2,5 mln`), vague amounts (`decine di missili`, `alcune migliaia
//! di soldati`), the modifiers that bound them (`circa`, `oltre`, `più di`), the unit or
//! counted noun, and the entity they belong to where the text says (`soldati nordcoreani`).

use crate::article::Article;
use crate::entities::Entity;
use crate::text::TokenKind;

use super::dates::{dates_in, DateMention};
use super::doc::Doc;
use super::numbers::{parse_digits, parse_number_word, scale_word, vague_word};
use crate::places::{country_of_adjective, country_of_two_words};

/// An amount mentioned in an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Byte offsets into `article.text`, modifier included (`circa 12mila soldati`).
    pub start: usize,
    pub end: usize,
    /// The number the text gives (`un centinaio` → 100); `None` for vague plurals (`decine di
    /// missili`).
    pub value: Option<f64>,
    /// Bounds: from a modifier (`oltre 2` → low 2) or a vague amount (`migliaia` → 2000–10000,
    /// `un centinaio` → 80–120, `almeno un centinaio` → from 100).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// `circa`, `quasi`, `una decina`, `migliaia`: not an exact count.
    pub approximate: bool,
    /// The modifier as written, lowercase: `circa`, `oltre`, `più di`, `alcune`.
    pub modifier: Option<String>,
    /// `USD`, `EUR`, `%`, `km`, or the counted noun as written, lowercase (`soldati`).
    pub unit: Option<String>,
    /// The canonical name of the entity the amount belongs to (`soldati della Corea del
    /// Nord`, `soldati nordcoreani` → `Corea del Nord`).
    pub entity: Option<String>,
    /// Index into `article.sentences`.
    pub sentence: Option<usize>,
}

impl Quantity {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The quantities of `article` in text order.
pub fn find_quantities(article: &Article, entities: &[Entity]) -> Vec<Quantity> {
    let doc = Doc::new(article, entities);
    let dates = dates_in(&doc);
    quantities_in(&doc, &dates)
}

pub(super) fn quantities_in(doc: &Doc<'_>, dates: &[DateMention]) -> Vec<Quantity> {
    let mut found = Vec::new();
    let mut dates = dates.iter().peekable();
    let mut i = 0;
    while i < doc.len() {
        let Some(token) = doc.tokens.get(i) else {
            break;
        };
        while dates.next_if(|d| d.end <= token.start).is_some() {}
        if dates.peek().is_some_and(|d| d.start < token.end) {
            i += 1;
            continue;
        }
        // Only the body: datelines and bylines hold dates and times, not amounts.
        if doc.sentence_of(i).is_none() {
            i += 1;
            continue;
        }
        match quantity_at(doc, i) {
            Some((last, quantity)) => {
                found.push(quantity);
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// How a modifier bounds the number it precedes.
#[derive(Clone, Copy, PartialEq)]
enum Bound {
    About,
    AtLeast,
    AtMost,
    None,
}

/// Modifiers, longest first: words (lowercase) and what they do.
const MODIFIERS: &[(&[&str], Bound)] = &[
    (&["poco", "più", "di"], Bound::About),
    (&["poco", "meno", "di"], Bound::About),
    (&["non", "meno", "di"], Bound::AtLeast),
    (&["non", "più", "di"], Bound::AtMost),
    (&["più", "di"], Bound::AtLeast),
    (&["meno", "di"], Bound::AtMost),
    (&["fino", "a"], Bound::AtMost),
    (&["al", "massimo"], Bound::AtMost),
    (&["intorno", "a"], Bound::About),
    (&["intorno", "ai"], Bound::About),
    (&["intorno", "alle"], Bound::About),
    (&["attorno", "a"], Bound::About),
    (&["attorno", "ai"], Bound::About),
    (&["circa"], Bound::About),
    (&["quasi"], Bound::AtMost),
    (&["oltre"], Bound::AtLeast),
    (&["almeno"], Bound::AtLeast),
    (&["ben"], Bound::AtLeast),
    (&["appena"], Bound::None),
    (&["solo"], Bound::None),
    (&["soltanto"], Bound::None),
    (&["sui"], Bound::About),
];

/// Words before a vague amount that say how many of it (`alcune migliaia`).
const VAGUE_MODIFIERS: &[&str] = &[
    "alcune", "alcuni", "qualche", "diverse", "diversi", "molte", "molti", "varie", "vari",
    "poche", "pochi", "numerose", "numerosi", "tante", "tanti",
];

/// Words before a number that make it a label, not an amount (`articolo 4`, `molo 33`).
const LABELS: &[&str] = &[
    "articolo",
    "art.",
    "molo",
    "numero",
    "n.",
    "nr.",
    "pagina",
    "pag.",
    "p.",
    "comma",
    "punto",
    "capitolo",
    "risoluzione",
    "legge",
    "volo",
    "ore",
    "alle",
    "canale",
    "gate",
    "lotto",
    "via",
    "piazza",
    "corso",
    "reparto",
    "livello",
    "fase",
    "versione",
    "classe",
    "modello",
    "tipo",
];

/// Words after a number that are not what it counts.
const NOT_NOUNS: &[&str] = &[
    "il", "lo", "la", "i", "gli", "le", "l'", "l’", "un", "una", "uno", "di", "a", "da", "in",
    "con", "su", "per", "tra", "fra", "e", "o", "ed", "od", "ma", "che", "chi", "cui", "non", "si",
    "ci", "ne", "è", "sono", "ha", "hanno", "era", "erano", "sia", "anche", "più", "meno", "volte",
    "volta", "del", "della", "dei", "degli", "delle", "al", "alla", "ai", "agli", "alle", "dal",
    "dalla", "dai", "nel", "nella", "nei", "sul", "sulla", "sui", "come", "dove", "quando", "se",
    "mentre", "già", "ancora", "sempre", "solo", "fa", "mai", "tutti", "tutte", "insieme", "loro",
    "lui", "lei", "contro", "dopo", "prima", "secondo", "senza", "verso", "sotto", "sopra",
    "presso", "entro", "oltre", "circa", "quasi", "soli", "sole", "pari", "x", "+", "anch'",
    "anch’",
];

/// Definite articles, alone or joined to a preposition, before a number word.
const DEFINITE: &[&str] = &[
    "i", "gli", "le", "dei", "degli", "delle", "ai", "agli", "alle", "dai", "dagli", "dalle",
    "nei", "negli", "nelle", "sui", "sugli", "sulle", "coi", "cogli", "questi", "queste", "quei",
    "quelle", "entrambi", "entrambe",
];

/// Adjectives that may stand between a number and its noun (`tre nuovi droni`).
const BETWEEN: &[&str] = &[
    "nuovi",
    "nuove",
    "altri",
    "altre",
    "ulteriori",
    "soli",
    "sole",
    "primi",
    "prime",
    "ultimi",
    "ultime",
    "grandi",
    "piccoli",
    "piccole",
];

/// The ISO code of a currency word or sign (`dollari` → `USD`, `€` → `EUR`), lowercase input.
pub fn currency_code(word: &str) -> Option<&'static str> {
    currency(word)
}

fn currency(word: &str) -> Option<&'static str> {
    Some(match word {
        "dollari" | "dollaro" | "$" | "usd" => "USD",
        "euro" | "€" | "eur" => "EUR",
        "sterline" | "sterlina" | "£" | "gbp" => "GBP",
        "rubli" | "rublo" => "RUB",
        "yuan" | "renminbi" => "CNY",
        "yen" => "JPY",
        "won" => "KRW",
        "franchi" | "franco" => "CHF",
        "grivne" | "grivnia" | "hryvnia" => "UAH",
        _ => return None,
    })
}

fn measure(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "chilometri" | "chilometro" => "km",
        "km²" | "kmq" => "km²",
        "m" | "metri" | "metro" => "m",
        "cm" | "centimetri" => "cm",
        "mm" | "millimetri" => "mm",
        "kg" | "chili" | "chilogrammi" | "chilo" => "kg",
        "t" | "tonnellate" | "tonnellata" => "t",
        "l" | "litri" | "litro" => "l",
        "ettari" => "ha",
        "mq" | "m²" => "m²",
        "miglia" => "miglia",
        "nodi" => "nodi",
        "gradi" | "°c" => "°C",
        "mw" | "megawatt" => "MW",
        "gw" | "gigawatt" => "GW",
        _ => return None,
    })
}

/// The number starting at token `i`: its value, the last token used, and whether it came
/// with a scale (`13mila`, `tre milioni`), which makes it an amount even without a noun.
fn number_at(doc: &Doc<'_>, i: usize) -> Option<(f64, usize, bool)> {
    let w = doc.lower(i);
    let (mut value, mut scaled) = match doc.kind(i)? {
        TokenKind::Number => {
            let v = parse_digits(w)?;
            (v, w.bytes().any(|b| b.is_ascii_alphabetic()))
        }
        TokenKind::Word => (parse_number_word(w)?, w.ends_with("mila")),
        _ => return None,
    };
    let mut last = i;
    if doc.same_unit(i, i + 1) {
        if let Some(scale) = scale_word(doc.lower(i + 1)) {
            value *= scale;
            scaled = true;
            last = i + 1;
        }
    }
    Some((value, last, scaled))
}

/// The modifier ending just before token `k` (`circa`, `più di`), not before `floor`.
fn modifier_before(
    doc: &Doc<'_>,
    k: usize,
    floor: usize,
) -> Option<(&'static [&'static str], Bound)> {
    MODIFIERS.iter().copied().find(|(words, _)| {
        let n = words.len();
        k >= floor + n && (0..n).all(|j| doc.lower(k - n + j) == words[j])
    })
}

fn quantity_at(doc: &Doc<'_>, i: usize) -> Option<(usize, Quantity)> {
    let w = doc.lower(i);
    let unit_range = doc.unit_range(i);
    let first_in_unit = unit_range.start;
    // A currency sign before the number: `€ 2,5 mln`, `$400`.
    let sign = currency(w).filter(|_| doc.kind(i) == Some(TokenKind::Symbol));
    let at = if sign.is_some() { i + 1 } else { i };
    if sign.is_some() && !doc.same_unit(i, at) {
        return None;
    }
    let mut start = i;
    let mut modifier: Option<(String, Bound)> = None;
    let approximate;
    let (value, low, high, mut last, scaled);

    // `una decina`, `un centinaio`: the article is part of the amount.
    let vague_at = if matches!(doc.lower(at), "un" | "una" | "un'" | "un’") {
        at + 1
    } else {
        at
    };
    let vague = vague_word(doc.lower(vague_at))
        .filter(|v| sign.is_none() && v.single == (vague_at > at) && doc.same_unit(at, vague_at));
    if let Some(vague) = vague {
        // `decine di missili`, `almeno un centinaio di container`, `alcune migliaia di soldati`.
        let mut base = vague.base;
        let mut k = vague_at;
        let mut bound = Bound::About;
        if vague.single {
            if let Some((words, b)) = modifier_before(doc, at, first_in_unit) {
                start = at - words.len();
                modifier = Some((words.join(" "), b));
                bound = b;
            }
        } else {
            // `milioni` after a number is a scale, handled with the number.
            if at > first_in_unit && number_at(doc, at - 1).is_some() {
                return None;
            }
            if at > first_in_unit && doc.is(at - 1, VAGUE_MODIFIERS) {
                start = at - 1;
                modifier = Some((doc.lower(at - 1).to_owned(), Bound::None));
            }
            // `decine di migliaia`
            if doc.is(k + 1, &["di"]) {
                if let Some(scale) =
                    vague_word(doc.lower(k + 2)).filter(|v| !v.single && v.base >= 1000.0)
                {
                    base *= scale.base;
                    k += 2;
                }
            }
        }
        approximate = true;
        if vague.single {
            // About the base: `una decina` is 8 to 12; a modifier keeps its side only.
            value = Some(base);
            (low, high) = match bound {
                Bound::AtLeast => (Some(base), None),
                Bound::AtMost => (None, Some(base)),
                Bound::About | Bound::None => (Some(base * 0.8), Some(base * 1.2)),
            };
        } else {
            value = None;
            low = Some(base * 2.0);
            high = Some(base * 10.0);
        }
        last = k;
        scaled = true;
        // A vague amount needs what it counts: `migliaia di soldati`.
        if !doc.is(last + 1, &["di", "d'", "d’"]) || !doc.same_unit(at, last + 2) {
            return None;
        }
    } else {
        let (v, l, s) = number_at(doc, at)?;
        let word_number = doc.kind(at) == Some(TokenKind::Word);
        // Labels: `articolo 4`, `molo 33`.
        if at > first_in_unit && doc.is(at - 1, LABELS) && !word_number {
            return None;
        }
        // Modifiers before the number (before the sign, if any).
        let before = if sign.is_some() { i } else { at };
        if let Some((words, bound)) = modifier_before(doc, before, first_in_unit) {
            start = before - words.len();
            modifier = Some((words.join(" "), bound));
        }
        // `un`, `una`: an article unless a scale or a modifier makes it a number.
        if matches!(doc.lower(at), "un" | "uno" | "una" | "un'" | "un’")
            && l == at
            && modifier.is_none()
        {
            return None;
        }
        // `i due paesi`, `tra i due leader`: a definite article makes a number word a
        // reference to things already named, not an amount.
        if word_number && at > first_in_unit && doc.is(at - 1, DEFINITE) {
            return None;
        }
        // `sei` is also "you are".
        if doc.lower(at) == "sei" && word_number && !looks_plural(doc.lower(l + 1)) {
            return None;
        }
        value = Some(v);
        (low, high) = match modifier.as_ref().map(|m| m.1) {
            Some(Bound::AtLeast) => (Some(v), None),
            Some(Bound::AtMost) => (None, Some(v)),
            _ => (None, None),
        };
        approximate = matches!(modifier.as_ref().map(|m| m.1), Some(Bound::About));
        last = l;
        scaled = s;
    }

    // The unit or counted noun.
    let mut unit: Option<String> = sign.map(str::to_owned);
    let same = |k: usize| doc.same_unit(i, k);
    if unit.is_none() && same(last + 1) {
        let next = doc.lower(last + 1);
        if next == "%" || next == "percento" {
            unit = Some("%".into());
            last += 1;
        } else if next == "per" && doc.is(last + 2, &["cento"]) && same(last + 2) {
            unit = Some("%".into());
            last += 2;
        } else if let Some(c) = currency(next) {
            unit = Some(c.into());
            last += 1;
        } else if let Some(m) = measure(next).filter(|_| {
            // `t`, `m` alone are units only right after digits.
            next.chars().count() > 1 || doc.kind(at) == Some(TokenKind::Number)
        }) {
            unit = Some(m.into());
            last += 1;
        } else if doc.is(last + 1, &["di", "d'", "d’"])
            && same(last + 2)
            && (scaled || value.is_none())
        {
            let after = doc.lower(last + 2);
            if let Some(c) = currency(after) {
                unit = Some(c.into());
                last += 2;
            } else if let Some(noun) = noun_at(doc, last + 2) {
                unit = Some(doc.lower(noun).to_owned());
                last = noun;
            }
        } else if let Some(noun) = noun_at(doc, last + 1) {
            unit = Some(doc.lower(noun).to_owned());
            last = noun;
        } else if doc.is(last + 1, BETWEEN) {
            if let Some(noun) = noun_at(doc, last + 2).filter(|_| same(last + 2)) {
                unit = Some(doc.lower(noun).to_owned());
                last = noun;
            }
        }
    }
    // `2,5 €`
    if unit.is_none() && same(last + 1) && doc.kind(last + 1) == Some(TokenKind::Symbol) {
        if let Some(c) = currency(doc.lower(last + 1)) {
            unit = Some(c.into());
            last += 1;
        }
    }
    // A bare number is a label or a pronoun (`i due si erano`) unless a scale makes it an
    // amount (`13mila`).
    if unit.is_none() && !scaled {
        return None;
    }
    if value.is_none() && unit.is_none() {
        return None;
    }
    let entity = qualified_entity(doc, last + 1);
    let (start_byte, end_byte) = doc.bytes(start, last);
    Some((
        last,
        Quantity {
            start: start_byte,
            end: end_byte,
            value,
            low,
            high,
            approximate,
            modifier: modifier.map(|m| m.0),
            unit,
            entity,
            sentence: doc.sentence_of(i),
        },
    ))
}

fn looks_plural(word: &str) -> bool {
    word.len() > 2 && (word.ends_with('i') || word.ends_with('e')) && !NOT_NOUNS.contains(&word)
}

/// Token `k` if it can be the noun an amount counts: a word, not a function word, not a
/// month, not part of a named entity (`tre Paesi` yes, `due Putin` no).
fn noun_at(doc: &Doc<'_>, k: usize) -> Option<usize> {
    if doc.kind(k)? != TokenKind::Word {
        return None;
    }
    let w = doc.lower(k);
    if w.chars().count() < 2 || NOT_NOUNS.contains(&w) || w.ends_with('\'') || w.ends_with('’') {
        return None;
    }
    const MONTHS_AND_DAYS: &[&str] = &[
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    if MONTHS_AND_DAYS.contains(&w) || scale_word(w).is_some() || parse_number_word(w).is_some() {
        return None;
    }
    if doc.entity_at.get(k).copied().flatten().is_some() {
        return None;
    }
    Some(k)
}

/// The entity an amount belongs to, read right after it: a nationality adjective
/// (`soldati nordcoreani`) or `di` + an entity (`soldati della Corea del Nord`).
fn qualified_entity(doc: &Doc<'_>, k: usize) -> Option<String> {
    if !doc.same_unit(k.saturating_sub(1), k) {
        return None;
    }
    let w = doc.lower(k);
    if let Some(country) = country_of_adjective(w) {
        return Some(country.to_owned());
    }
    if let Some(country) = country_of_two_words(w, doc.lower(k + 1)) {
        return Some(country.to_owned());
    }
    const OF: &[&str] = &[
        "di", "del", "della", "dei", "degli", "delle", "dell'", "dell’", "d'", "d’", "dello",
    ];
    if doc.is(k, OF) {
        if let Some(e) = doc.entity_at.get(k + 1).copied().flatten() {
            let entity = doc.entities.get(e)?;
            // The entity must start there, not just cover the token.
            if doc.tokens.get(k + 1).map(|t| t.start) == Some(entity.start) {
                return Some(entity.canonical.clone());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};

    type Row = (String, Option<f64>, Option<String>);

    fn quantities(text: &str) -> Vec<Quantity> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        find_quantities(&article, &[])
    }

    fn rows(text: &str) -> Vec<Row> {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        find_quantities(&article, &[])
            .into_iter()
            .map(|q| (q.text(&article.text).to_owned(), q.value, q.unit))
            .collect()
    }

    fn row(span: &str, value: f64, unit: &str) -> Row {
        (span.to_owned(), Some(value), Some(unit.to_owned()))
    }

    #[test]
    fn amounts_in_digits_and_words() {
        let cases: &[(&str, &str, f64, &str)] = &[
            (
                "Un pacchetto da 400 milioni di dollari per Kiev.",
                "400 milioni di dollari",
                4e8,
                "USD",
            ),
            (
                "Sono arrivati 13mila container zeppi di armi.",
                "13mila container",
                13_000.0,
                "container",
            ),
            (
                "In tutto 1.500 soldati.",
                "1.500 soldati",
                1500.0,
                "soldati",
            ),
            (
                "Sono 1,5 milioni di persone.",
                "1,5 milioni di persone",
                1.5e6,
                "persone",
            ),
            (
                "Costa un miliardo di euro.",
                "un miliardo di euro",
                1e9,
                "EUR",
            ),
            ("Ha distrutto tre droni ucraini.", "tre droni", 3.0, "droni"),
            (
                "Arrivano ventimila uomini.",
                "ventimila uomini",
                20_000.0,
                "uomini",
            ),
            ("Dopo due anni di guerra.", "due anni", 2.0, "anni"),
            ("Il prezzo sale del 30%.", "30%", 30.0, "%"),
            (
                "Il prezzo sale del 30 per cento.",
                "30 per cento",
                30.0,
                "%",
            ),
            (
                "Un prestito di € 2,5 mln alla società.",
                "€ 2,5 mln",
                2.5e6,
                "EUR",
            ),
            ("La colonna era lunga 40 km.", "40 km", 40.0, "km"),
            (
                "Sono due Paesi dotati di armi nucleari.",
                "due Paesi",
                2.0,
                "paesi",
            ),
        ];
        for (text, span, value, unit) in cases {
            assert!(
                rows(text).contains(&row(span, *value, unit)),
                "{text}: {:?}",
                rows(text)
            );
        }
    }

    #[test]
    fn modifiers_are_recorded_and_bound_the_value() {
        let q = &quantities("Un pacchetto di circa 12mila soldati.")[0];
        assert_eq!(
            (q.value, q.modifier.as_deref(), q.approximate),
            (Some(12_000.0), Some("circa"), true)
        );
        let q = &quantities("Sono passati oltre due anni.")[0];
        assert_eq!(
            (q.low, q.high, q.modifier.as_deref()),
            (Some(2.0), None, Some("oltre"))
        );
        let q = &quantities("Da più di un anno si combatte.")[0];
        assert_eq!(
            (q.value, q.low, q.unit.as_deref()),
            (Some(1.0), Some(1.0), Some("anno"))
        );
        let q = &quantities("Il primo in presenza dopo quasi un anno.")[0];
        assert_eq!(
            (q.value, q.high, q.modifier.as_deref()),
            (Some(1.0), Some(1.0), Some("quasi"))
        );
        let q = &quantities("Sono almeno 300 i morti.");
        assert!(q.is_empty(), "no noun right after: {q:?}");
    }

    type Amount = (
        String,
        Option<f64>,
        Option<f64>,
        Option<f64>,
        Option<String>,
        bool,
    );

    /// (text, value, low, high, unit, approximate) of each quantity, and the quantities.
    fn amounts(text: &str) -> (Vec<Amount>, Vec<Quantity>) {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let found = find_quantities(&article, &[]);
        let summary = found
            .iter()
            .map(|q| {
                (
                    q.text(&article.text).to_owned(),
                    q.value,
                    q.low,
                    q.high,
                    q.unit.clone(),
                    q.approximate,
                )
            })
            .collect();
        (summary, found)
    }

    fn amount(
        text: &str,
        value: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
        unit: &str,
    ) -> Amount {
        (text.into(), value, low, high, Some(unit.into()), true)
    }

    #[test]
    fn vague_amounts() {
        let (summary, found) = amounts(
            "Ha fornito decine di missili balistici e migliaia di contenitori. Alcune migliaia di \
             soldati sono arrivati, e una decina di carri. Decine di migliaia di profughi.",
        );
        assert_eq!(
            summary,
            vec![
                amount(
                    "decine di missili",
                    None,
                    Some(20.0),
                    Some(100.0),
                    "missili"
                ),
                amount(
                    "migliaia di contenitori",
                    None,
                    Some(2000.0),
                    Some(10_000.0),
                    "contenitori"
                ),
                amount(
                    "Alcune migliaia di soldati",
                    None,
                    Some(2000.0),
                    Some(10_000.0),
                    "soldati"
                ),
                amount(
                    "una decina di carri",
                    Some(10.0),
                    Some(8.0),
                    Some(12.0),
                    "carri"
                ),
                amount(
                    "Decine di migliaia di profughi",
                    None,
                    Some(20_000.0),
                    Some(100_000.0),
                    "profughi"
                ),
            ]
        );
        assert_eq!(found[2].modifier.as_deref(), Some("alcune"));
    }

    #[test]
    fn one_vague_amount_is_about_its_base() {
        let (summary, found) = amounts(
            "Sono arrivati almeno un centinaio di container e circa una ventina di camion, poi \
             un migliaio di soldati.",
        );
        assert_eq!(
            summary,
            vec![
                amount(
                    "almeno un centinaio di container",
                    Some(100.0),
                    Some(100.0),
                    None,
                    "container"
                ),
                amount(
                    "circa una ventina di camion",
                    Some(20.0),
                    Some(16.0),
                    Some(24.0),
                    "camion"
                ),
                amount(
                    "un migliaio di soldati",
                    Some(1000.0),
                    Some(800.0),
                    Some(1200.0),
                    "soldati"
                ),
            ]
        );
        assert_eq!(found[0].modifier.as_deref(), Some("almeno"));
    }

    #[test]
    fn what_is_not_a_quantity() {
        for text in [
            "L'articolo 4 di un trattato.",
            "Le navi del molo 33, a est.",
            "Il 75/o anniversario del regime.",
            "Alle 10:01 di ieri.",
            "Il 5 settembre 2023 a Roma.",
            "Ancora una volta il Paese.",
            "Un'intervista a un quotidiano.",
            "I due si erano scambiati lettere.",
            "Tra i due paesi e fra le due Nazioni.",
            "Nel 2019, l'anno prima.",
        ] {
            assert_eq!(rows(text), vec![], "{text}");
        }
    }

    #[test]
    fn the_entity_a_quantity_belongs_to() {
        let text = "Secondo Blinken, 8mila soldati nordcoreani sono a Kursk. Alcune migliaia di \
                    soldati della Corea del Nord sono in Ucraina.";
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let entities = find_entities(&article, Model::bundled(), Aliases::bundled());
        let found = find_quantities(&article, &entities);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].entity.as_deref(), Some("Corea del Nord"));
        assert_eq!(found[0].value, Some(8000.0));
        assert_eq!(found[1].entity.as_deref(), Some("Corea del Nord"));
    }
}
