//! Photo captions: short blocks that end with a credit (`… giugno 2024. KEYSTONE`,
//! `… settembre (Ansa, credit: Epa)`, `… Foto: Reuters`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::blocks::has_more_chars_than;

/// A caption is a line under a photo; a longer block ending in `ANSA` is a paragraph.
pub const MAX_CAPTION_CHARS: usize = 300;

/// Agencies and photo services, as they sign photos in capitals.
const AGENCIES: &[&str] = &[
    "KEYSTONE",
    "ANSA",
    "AP",
    "AFP",
    "REUTERS",
    "EPA",
    "LAPRESSE",
    "GETTY IMAGES",
    "GETTY",
    "IMAGOECONOMICA",
    "FOTOGRAMMA",
    "IPA",
    "AGF",
    "SINTESI",
    "ADNKRONOS",
    "XINHUA",
    "SHUTTERSTOCK",
    "AGENZIA DIRE",
    "WITHUB",
    "NURPHOTO",
    "ZUMA",
    "MASTROIANNI",
];

/// Words that make a trailing parenthesis a credit rather than an aside like `(Siberia)`.
const CREDIT_WORDS: &[&str] = &[
    "credit",
    "credits",
    "crediti",
    "foto",
    "photo",
    "ph",
    "ansa",
    "epa",
    "ap",
    "afp",
    "reuters",
    "getty",
    "lapresse",
    "keystone",
    "imagoeconomica",
    "fotogramma",
    "ipa",
    "agf",
    "ufficio stampa",
    "us",
];

fn alternation(words: &[&str]) -> String {
    let mut words: Vec<String> = words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// `KEYSTONE`, `ANSA/EPA`, `FOTO ANSA` at the end, after a space or punctuation (not `l'ANSA`).
static CAPS_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let agencies = alternation(AGENCIES);
    Regex::new(&format!(
        r"(?:^|[\s.,;:–—|-])(?P<credit>(?:(?:FOTO|Foto|foto|PH|Ph)\.?:?\s+)?(?:{agencies})(?:\s*[/,|]\s*(?:{agencies}))*)\s*$"
    ))
    .expect("caption credit pattern")
});

/// A parenthesis closing the block, such as `(Ansa, credit: Epa)` or `(foto Ansa)`.
static PAREN_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<credit>\((?P<inner>[^()]{1,80})\))\s*$").expect("paren credit pattern")
});

static CREDIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternation(CREDIT_WORDS))).expect("credit word pattern")
});

/// `… del vertice. Foto: Mario Rossi` or `… – Credit: Getty Images`: a credit after the
/// caption's last sentence or a dash, introduced by a capitalised credit word.
static LABELLED_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[.!?»”]\s+|\s[–—|/-]\s*)(?P<credit>(?:Foto|FOTO|Photo|PHOTO|Credit|Credits|CREDIT|Crediti|Ph\.)(?:\s*:\s*|\s+(?:di|by)\s+|\s+)[^\s.!?][^.!?()]{0,60})$",
    )
    .expect("labelled credit pattern")
});

/// The credit at the end of `block` when the block is short enough to be a caption.
pub fn caption_credit(block: &str) -> Option<Range<usize>> {
    if has_more_chars_than(block, MAX_CAPTION_CHARS) {
        return None;
    }
    // Each pattern ends the block with a character of its own: an agency's last capital, a
    // closing parenthesis, or no sentence mark (a credit runs to the end). Prose blocks end
    // with a sentence mark and are settled here, without running the three patterns.
    let last = block.trim_end().chars().next_back();
    let may_be_caps = last.is_some_and(|c| c.is_ascii_uppercase());
    let may_be_paren = last == Some(')');
    let may_be_labelled = !matches!(last, None | Some('.' | '!' | '?'));
    caption_credit_by_patterns(block, may_be_caps, may_be_paren, may_be_labelled)
}

/// The credit at the end of `block`, trying the patterns allowed.
fn caption_credit_by_patterns(
    block: &str,
    caps: bool,
    paren: bool,
    labelled: bool,
) -> Option<Range<usize>> {
    let found = |pattern: &Regex| captures(pattern, block);
    if let Some(credit) = caps
        .then(|| found(&CAPS_CREDIT))
        .flatten()
        .and_then(|c| c.name("credit"))
    {
        // A block that is nothing but `ANSA` is a stray credit, not a caption of a photo.
        if credit.start() > 0 {
            return Some(credit.range());
        }
    }
    if let Some(caps) = paren.then(|| found(&PAREN_CREDIT)).flatten() {
        let is_credit = caps
            .name("inner")
            .is_some_and(|inner| CREDIT_WORD.is_match(inner.as_str()));
        if let (true, Some(credit)) = (is_credit, caps.name("credit")) {
            if credit.start() > 0 {
                return Some(credit.range());
            }
        }
    }
    labelled
        .then(|| found(&LABELLED_CREDIT))
        .flatten()
        .and_then(|c| c.name("credit"))
        .filter(|credit| credit.start() > 0)
        .map(|credit| credit.range())
}

/// The groups of `pattern` in `block`, asked for only once it matches: a plain match makes
/// no allocation, and nearly every block of an article matches none of the patterns.
fn captures<'h>(pattern: &Regex, block: &'h str) -> Option<Captures<'h>> {
    if pattern.is_match(block) {
        pattern.captures(block)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> Option<&str> {
        caption_credit(text).map(|r| &text[r])
    }

    #[test]
    fn trailing_agency_in_capitals() {
        let text = "Il presidente russo Putin con il leader della Corea del Nord Kim Jong Un in uno scatto di giugno 2024. KEYSTONE";
        assert_eq!(credit(text), Some("KEYSTONE"));
        assert_eq!(
            credit("Kim Jong Un a Vladivostok ANSA/EPA"),
            Some("ANSA/EPA")
        );
        assert_eq!(
            credit("Il vertice di Kazan (FOTO ANSA)"),
            Some("(FOTO ANSA)")
        );
        assert_eq!(credit("Il vertice di Kazan - FOTO ANSA"), Some("FOTO ANSA"));
        assert_eq!(
            credit("Zelensky a Kiev. GETTY IMAGES"),
            Some("GETTY IMAGES")
        );
    }

    #[test]
    fn trailing_parenthesis_with_credit_words() {
        let text = "La visita di Kim Jong Un in Russia lo scorso settembre (Ansa, credit: Epa)";
        assert_eq!(credit(text), Some("(Ansa, credit: Epa)"));
        assert_eq!(credit("Putin a Kazan (foto Ansa)"), Some("(foto Ansa)"));
        assert_eq!(
            credit("Putin a Kazan (Foto: Reuters)"),
            Some("(Foto: Reuters)")
        );
        assert_eq!(
            credit("Putin a Kazan (credit: Mario Rossi)"),
            Some("(credit: Mario Rossi)")
        );
    }

    #[test]
    fn labelled_credit_at_the_end() {
        assert_eq!(
            credit("Putin e Kim al vertice. Foto: Mario Rossi"),
            Some("Foto: Mario Rossi")
        );
        assert_eq!(
            credit("Putin e Kim al vertice – Credit: Getty Images"),
            Some("Credit: Getty Images")
        );
    }

    #[test]
    fn the_last_character_settles_only_blocks_no_pattern_matches() {
        let endings = [
            "KEYSTONE",
            "ANSA/EPA",
            "(foto Ansa)",
            "(Siberia)",
            "Foto: Mario Rossi",
            "Foto: X.",
            "vertice.",
            "vertice!",
            "davvero?",
            "«Mai.»",
            "2024",
            "Ansa ",
            "FOTO ANSA\n",
            "è",
            "Credit: Getty Images)",
            "(Ansa, credit: Epa) ",
            "- PH. REUTERS",
            "",
        ];
        for start in ["", "Putin e Kim al vertice. ", "Putin a Kazan – ", "Kim "] {
            for ending in endings {
                let block = format!("{start}{ending}");
                assert_eq!(
                    caption_credit(&block),
                    caption_credit_by_patterns(&block, true, true, true),
                    "{block:?}"
                );
            }
        }
    }

    #[test]
    fn not_captions() {
        for text in [
            "Intanto Putin ha fatto tappa nella Repubblica russa della Jacuzia (Siberia)",
            "Secondo quanto riferisce l'ANSA",
            "Il governo ha pubblicato le foto del vertice",
            "ANSA",
            "La notizia è stata diffusa dall'agenzia ANSA.",
        ] {
            assert_eq!(credit(text), None, "{text}");
        }
        let long = format!(
            "{} KEYSTONE",
            "Una frase lunga del paragrafo che parla di Ansa. ".repeat(8)
        );
        assert_eq!(credit(&long), None);
    }
}
