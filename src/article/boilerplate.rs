//! Site chrome and paywall prompts that end up in scraped articles: one table of patterns, each
//! matching a whole short block, so a paragraph that merely uses the same words is left alone.

use std::sync::LazyLock;

use regex::RegexSet;

use super::blocks::has_more_chars_than;

/// Chrome is a line or two; a block longer than this is prose, whatever words it starts with.
pub const MAX_BOILERPLATE_CHARS: usize = 300;

/// Any apostrophe a site may print.
const APOS: &str = "['’ʼ`´]";

/// Each entry: a name (for tests and debugging) and a pattern for the whole block, matched
/// case-insensitively. `{A}` stands for any apostrophe.
const PATTERNS: &[(&str, &str)] = &[
    ("paywall", r"per continuare a leggere\b.*"),
    (
        "paywall",
        r"(?:abbonati|abbonarsi)(?:\s+(?:ora|subito|a|per|al|alla)\b.*|\W*)",
    ),
    ("paywall", r"sei già abbonat[oa]\b.*"),
    (
        "paywall",
        r"(?:accedi|login|registrati)(?:\s+(?:per|o|oppure|con|ora)\b.*|\W*)",
    ),
    (
        "paywall",
        r"(?:contenuto|articolo) riservato agli abbonati\b.*",
    ),
    ("end", r"fine\W*"),
    (
        "rights",
        r"(?:©|\(c\)|copyright)?\s*(?:riproduzione riservata|tutti i diritti riservati|riproduzione vietata)\b.*",
    ),
    (
        "rights",
        r"(?:©|\(c\)|copyright)\s*.{0,80}\b(?:tutti i diritti riservati|riproduzione riservata)\W*",
    ),
    ("more", r"leggi anche\b.*"),
    ("more", r"leggi l{A}articolo completo\b.*"),
    ("more", r"continua a leggere\b.*"),
    ("more", r"clicca qui\b.*"),
    ("share", r"condividi\b.*"),
    (
        "newsletter",
        r"iscriviti (?:alla |alle |al )?newsletter\b.*",
    ),
    (
        "cookie",
        r"questo sito (?:web )?(?:utilizza|usa) (?:i )?cookie.*",
    ),
    ("cookie", r"accett[aoi] (?:tutti )?(?:i )?cookie.*"),
    ("ads", r"pubblicit[àa]\W*"),
    (
        "social",
        r"segui\b.{0,80}\bsu (?:facebook|twitter|x|telegram|whatsapp|instagram|threads|linkedin|youtube|tiktok|google news)\b.*",
    ),
];

static SET: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns = PATTERNS.iter().map(|(_, pattern)| {
        // (?s) lets a two-line prompt match; anchors make the pattern cover the whole block.
        format!("(?is)^(?:{})$", pattern.replace("{A}", APOS))
    });
    RegexSet::new(patterns).expect("boilerplate patterns")
});

/// The name of the table entry `block` matches, if it is short enough to be chrome.
pub fn boilerplate_kind(block: &str) -> Option<&'static str> {
    // A plain match first: nearly no block is chrome, and telling which entries match runs
    // every pattern of the set at once, on a slower engine.
    if has_more_chars_than(block, MAX_BOILERPLATE_CHARS) || !SET.is_match(block) {
        return None;
    }
    let index = SET.matches(block).iter().next()?;
    PATTERNS.get(index).map(|(name, _)| *name)
}

pub fn is_boilerplate(block: &str) -> bool {
    boilerplate_kind(block).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paywall_prompts_with_any_apostrophe() {
        for text in [
            "Per continuare a leggere l'articolo sostienici oppure accedi",
            "Per continuare a leggere l’articolo sostienici oppure accedi",
            "Abbonati",
            "Abbonati ora a 1 euro al mese",
            "Sei già abbonato? Accedi",
            "Accedi",
            "Accedi per continuare",
        ] {
            assert_eq!(boilerplate_kind(text), Some("paywall"), "{text}");
        }
    }

    #[test]
    fn site_chrome() {
        for (text, kind) in [
            ("Fine", "end"),
            ("FINE.", "end"),
            ("© Riproduzione riservata", "rights"),
            ("RIPRODUZIONE RISERVATA ©", "rights"),
            ("Tutti i diritti riservati", "rights"),
            (
                "Copyright © 2024 Il Giornale. Tutti i diritti riservati.",
                "rights",
            ),
            ("Leggi anche: Putin e Kim a Vladivostok", "more"),
            ("Leggi l’articolo completo", "more"),
            ("Continua a leggere", "more"),
            ("Clicca qui per iscriverti", "more"),
            ("Condividi su Facebook", "share"),
            ("Iscriviti alla newsletter", "newsletter"),
            (
                "Questo sito utilizza cookie tecnici e di profilazione.",
                "cookie",
            ),
            ("Accetta i cookie", "cookie"),
            ("Pubblicità", "ads"),
            ("Segui Il Sole 24 Ore su Telegram", "social"),
        ] {
            assert_eq!(boilerplate_kind(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn prose_with_the_same_words_is_not_chrome() {
        for text in [
            "Alla fine del vertice Putin e Kim hanno firmato un accordo.",
            "Fine settimana di trattative a Mosca.",
            "Gli abbonati alla televisione di Stato sono calati del dieci per cento.",
            "Abbonati e lettori hanno protestato contro il rincaro del prezzo.",
            "Accedi al portale, scrive il ministero, e scarica il modulo.",
            "Il presidente ha detto: «Leggi anche tu i giornali».",
        ] {
            assert_eq!(boilerplate_kind(text), None, "{text}");
        }
        let long = format!(
            "Per continuare a leggere {}",
            "la relazione del ministro ".repeat(20)
        );
        assert_eq!(boilerplate_kind(&long), None);
        let long = format!("{} Fine", "Una lunga frase del paragrafo. ".repeat(12));
        assert_eq!(boilerplate_kind(&long), None);
    }
}
