//! Italian numbers: digit forms (`1.500`, `1,5`, `13mila`, `2,5mld`) and number words
//! (`tre`, `ventimila`, `duemilacinquecento`), plus the scale words that follow them
//! (`mila`, `milioni`, `mld`) and the vague amounts (`decine`, `migliaia`, `una trentina`).

/// The value of a number written in digits, Italian style: `.` groups thousands, `,` marks
/// decimals; a glued scale (`13mila`, `2,5mln`) multiplies. `None` for times (`10:01`),
/// dates (`5/9/2023`), ordinals (`75/o`) and anything else that is not an amount.
pub fn parse_digits(s: &str) -> Option<f64> {
    let split = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let (digits, tail) = s.split_at(split);
    let scale = if tail.is_empty() {
        1.0
    } else {
        scale_word(&tail.to_lowercase())?
    };
    parse_plain_digits(digits).map(|v| v * scale)
}

fn parse_plain_digits(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s.as_bytes()[0].is_ascii_digit()
        || !s.as_bytes()[s.len() - 1].is_ascii_digit()
    {
        return None;
    }
    let (whole, fraction) = match s.split_once(',') {
        Some((w, f)) if !f.contains([',', '.']) => (w, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let groups: Vec<&str> = whole.split('.').collect();
    let whole_digits: String = match groups.as_slice() {
        [one] => (*one).to_owned(),
        // `1.500`, `1.500.000`: every group after the first has three digits.
        [first, rest @ ..]
            if !first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3) =>
        {
            groups.concat()
        }
        // `1.5`: an English-style decimal point.
        [first, last] if fraction.is_none() && !first.is_empty() && !last.is_empty() => {
            return format!("{first}.{last}").parse().ok();
        }
        _ => return None,
    };
    if whole_digits.is_empty() || !whole_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = match fraction {
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{whole_digits}.{f}")
        }
        Some(_) => return None,
        None => whole_digits,
    };
    text.parse().ok()
}

/// `mila`, `milioni`, `mld` …: the factor a scale word multiplies by (lowercase input).
pub fn scale_word(word: &str) -> Option<f64> {
    let word = word.trim_end_matches('.');
    Some(match word {
        "mila" | "mille" | "k" => 1e3,
        "milione" | "milioni" | "mln" | "mil" | "ml" => 1e6,
        "miliardo" | "miliardi" | "mld" | "mrd" | "mlrd" | "mldi" => 1e9,
        "bilione" | "bilioni" => 1e12,
        _ => return None,
    })
}

/// The value of an Italian number word (lowercase): `tre`, `diciassette`, `ventitré`,
/// `centocinquanta`, `duemila`, `ventimila`. `un`/`uno`/`una` are 1 (callers decide
/// whether an article counts). Up to 999 999 in one word.
pub fn parse_number_word(word: &str) -> Option<f64> {
    let word = word.trim_end_matches(['’', '\'']);
    let value = match word {
        "un" | "uno" | "una" => 1,
        "mille" => 1000,
        _ => {
            if let Some((thousands, rest)) = word.split_once("mila") {
                let t = below_thousand(thousands)?;
                if t < 2 {
                    return None;
                }
                let r = if rest.is_empty() {
                    0
                } else {
                    below_thousand(rest)?
                };
                t * 1000 + r
            } else if let Some(rest) = word.strip_prefix("mille") {
                1000 + below_thousand(rest)?
            } else {
                below_thousand(word)?
            }
        }
    };
    (value > 0).then_some(value as f64)
}

/// 1..=999 in one word; `None` for anything else (including the empty string).
fn below_thousand(word: &str) -> Option<u32> {
    if word.is_empty() {
        return None;
    }
    let (hundreds, rest) = match word.find("cento") {
        Some(at) => {
            let h = if at == 0 { 1 } else { units(&word[..at])? };
            if h == 1 && at != 0 {
                return None;
            }
            (h, &word[at + "cento".len()..])
        }
        None => (0, word),
    };
    let below = if rest.is_empty() {
        0
    } else {
        below_hundred(rest)?
    };
    let value = hundreds * 100 + below;
    (value > 0).then_some(value)
}

fn units(word: &str) -> Option<u32> {
    Some(match word {
        "uno" | "un" | "una" => 1,
        "due" => 2,
        "tre" | "tré" => 3,
        "quattro" => 4,
        "cinque" => 5,
        "sei" => 6,
        "sette" => 7,
        "otto" => 8,
        "nove" => 9,
        _ => return None,
    })
}

const TEENS: [(&str, u32); 10] = [
    ("dieci", 10),
    ("undici", 11),
    ("dodici", 12),
    ("tredici", 13),
    ("quattordici", 14),
    ("quindici", 15),
    ("sedici", 16),
    ("diciassette", 17),
    ("diciotto", 18),
    ("diciannove", 19),
];

const TENS: [(&str, u32); 8] = [
    ("venti", 20),
    ("trenta", 30),
    ("quaranta", 40),
    ("cinquanta", 50),
    ("sessanta", 60),
    ("settanta", 70),
    ("ottanta", 80),
    ("novanta", 90),
];

fn below_hundred(word: &str) -> Option<u32> {
    if let Some(u) = units(word) {
        return Some(u);
    }
    if let Some(&(_, v)) = TEENS.iter().find(|(w, _)| *w == word) {
        return Some(v);
    }
    for (ten, value) in TENS {
        // `venti`, `ventitré`, and the elided `ventuno`, `ventotto`.
        let stem = &ten[..ten.len() - 1];
        if let Some(rest) = word.strip_prefix(ten) {
            if rest.is_empty() {
                return Some(value);
            }
            if let Some(u) = units(rest) {
                if u != 1 && u != 8 {
                    return Some(value + u);
                }
            }
        }
        if let Some(rest) = word.strip_prefix(stem) {
            if rest == "uno" || rest == "un" || rest == "una" {
                return Some(value + 1);
            }
            if rest == "otto" {
                return Some(value + 8);
            }
        }
    }
    None
}

/// A vague amount: its order of magnitude and whether it names one (`una decina`: about 10)
/// or many (`decine`: some tens). Lowercase input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vague {
    pub base: f64,
    /// `decina`, `centinaio`, `trentina`: "about N", a single approximate value.
    pub single: bool,
}

pub fn vague_word(word: &str) -> Option<Vague> {
    let plural = |base: f64| {
        Some(Vague {
            base,
            single: false,
        })
    };
    let single = |base: f64| Some(Vague { base, single: true });
    match word {
        "decine" => plural(10.0),
        "dozzine" => plural(12.0),
        "centinaia" => plural(100.0),
        "migliaia" => plural(1000.0),
        "milioni" => plural(1e6),
        "miliardi" => plural(1e9),
        "decina" => single(10.0),
        "dozzina" => single(12.0),
        "quindicina" => single(15.0),
        "ventina" => single(20.0),
        "trentina" => single(30.0),
        "quarantina" => single(40.0),
        "cinquantina" => single(50.0),
        "sessantina" => single(60.0),
        "settantina" => single(70.0),
        "ottantina" => single(80.0),
        "novantina" => single(90.0),
        "centinaio" => single(100.0),
        "migliaio" => single(1000.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_forms_follow_italian_conventions() {
        let cases: &[(&str, Option<f64>)] = &[
            ("400", Some(400.0)),
            ("1.500", Some(1500.0)),
            ("1.500.000", Some(1_500_000.0)),
            ("1,5", Some(1.5)),
            ("2,75", Some(2.75)),
            ("13mila", Some(13_000.0)),
            ("2,5mld", Some(2.5e9)),
            ("1.5", Some(1.5)),
            ("10:01", None),
            ("5/9/2023", None),
            ("75/o", None),
            ("2023-09-05", None),
            ("1.50.0", None),
            ("", None),
            ("1,5,5", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_digits(text), *expected, "{text}");
        }
    }

    #[test]
    fn number_words() {
        let cases: &[(&str, Option<f64>)] = &[
            ("tre", Some(3.0)),
            ("dodici", Some(12.0)),
            ("venti", Some(20.0)),
            ("ventuno", Some(21.0)),
            ("ventotto", Some(28.0)),
            ("ventitré", Some(23.0)),
            ("trentacinque", Some(35.0)),
            ("cento", Some(100.0)),
            ("centocinquanta", Some(150.0)),
            ("duecento", Some(200.0)),
            ("mille", Some(1000.0)),
            ("milleduecento", Some(1200.0)),
            ("duemila", Some(2000.0)),
            ("ventimila", Some(20_000.0)),
            ("duemilacinquecento", Some(2500.0)),
            ("centomila", Some(100_000.0)),
            ("un", Some(1.0)),
            ("centro", None),
            ("settembre", None),
            ("ventitreesimo", None),
            ("unomila", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_number_word(text), *expected, "{text}");
        }
    }

    #[test]
    fn scales_and_vague_amounts() {
        assert_eq!(scale_word("milioni"), Some(1e6));
        assert_eq!(scale_word("mln."), Some(1e6));
        assert_eq!(scale_word("soldati"), None);
        assert_eq!(vague_word("migliaia").map(|v| v.single), Some(false));
        assert_eq!(vague_word("trentina").map(|v| v.base), Some(30.0));
    }
}
