//! Canonical names: one name for all the mentions of a referent, in an article and across a
//! corpus. Rules do most of it (spelling variants, short forms of people's names, misspelt
//! first names); an alias table covers what rules cannot (`Usa` = `Stati Uniti`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::entity::Entity;
use super::tags::Label;

/// Aliases shipped with rassegna: `alias<TAB>canonical` lines, `#` comments.
const BUNDLED_ALIASES: &str = include_str!("aliases_it.tsv");

/// First names of Western European and English locales (Faker's person providers, MIT; built by
/// `scripts/build_first_names.py`), used to mend a misspelt first name (`Llyod Austin` →
/// `Lloyd Austin`).
const FIRST_NAMES: &str = include_str!("first_names.txt");

/// The form under which spelling variants meet: NFC, lower case, hyphens and apostrophes
/// unified, single spaces, transliteration variants folded and middle initials dropped.
/// `Kim Jong-Un`, `Kim Jong Un` and `kim jong-un` share one key; so do `Dmitri Peskov` and
/// `Dmitry Peskov`, and `Sergei K. Shoigu` and `Serghei Shoigu`.
pub fn name_key(name: &str) -> String {
    let spaced = spaced_lower(name);
    let words: Vec<&str> = spaced.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let mut key = String::with_capacity(spaced.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 && i < last && is_initial(word) {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        fold_transliteration(word, &mut key);
    }
    key
}

/// `k.`: one letter and a full stop, as a patronymic or middle initial.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_alphabetic())
}

/// Italian papers transliterate Russian and Korean names each their own way (`Dmitry`,
/// `Dmitri`, `Dmitrij`; `Sergei`, `Serghei`, `Sergej`; `Zelensky`, `Zelenskyy`): `y` and
/// `j` read as `i`, a doubled `i` as one, and the Italian `gh` before `e`/`i` as `g`.
fn fold_transliteration(word: &str, key: &mut String) {
    let mut previous: Option<char> = None;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            'y' | 'j' => 'i',
            c => c,
        };
        if c == 'h' && previous == Some('g') && matches!(chars.peek(), Some('e' | 'i' | 'y' | 'j'))
        {
            continue;
        }
        if c == 'i' && previous == Some('i') {
            continue;
        }
        key.push(c);
        previous = Some(c);
    }
}

/// NFC, lower case, hyphens as spaces, one kind of apostrophe, single spaces.
fn spaced_lower(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfc().flat_map(char::to_lowercase) {
        let c = match c {
            '-' | '‐' | '‑' | '–' | '_' => ' ',
            '’' | '‘' | 'ʼ' | '`' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = !key.is_empty();
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        key.push(c);
    }
    key
}

/// Names that rules cannot join: `alias → canonical`, matched on `name_key`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aliases {
    by_key: HashMap<String, String>,
}

impl Aliases {
    /// An empty table.
    pub fn new() -> Aliases {
        Aliases::default()
    }

    /// The table shipped with rassegna (`src/entities/aliases_it.tsv`), built once.
    pub fn bundled() -> &'static Aliases {
        static ALIASES: OnceLock<Aliases> = OnceLock::new();
        ALIASES.get_or_init(|| {
            let mut aliases = Aliases::new();
            aliases.add_tsv(BUNDLED_ALIASES);
            aliases
        })
    }

    /// Adds or replaces one alias. The canonical name maps to itself as well, so that a
    /// later variant of it (`Stati uniti`) also takes its spelling.
    pub fn insert(&mut self, alias: &str, canonical: &str) {
        let canonical = canonical.trim();
        if canonical.is_empty() || name_key(alias).is_empty() {
            return;
        }
        self.by_key.insert(name_key(alias), canonical.to_owned());
        self.by_key
            .entry(name_key(canonical))
            .or_insert_with(|| canonical.to_owned());
    }

    /// `alias<TAB>canonical` lines; blank lines and `#` comments are skipped.
    pub fn add_tsv(&mut self, tsv: &str) {
        for line in tsv.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            if let Some((alias, canonical)) = line.split_once('\t') {
                self.insert(alias, canonical);
            }
        }
    }

    /// The canonical name for `name`, if the table has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.by_key.get(&name_key(name)).map(String::as_str)
    }

    /// All `(alias, canonical)` pairs, sorted, with aliases in key form.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .by_key
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        pairs.sort();
        pairs
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

fn first_names() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| FIRST_NAMES.lines().filter(|l| !l.is_empty()).collect())
}

/// `Llyod Austin` → `Lloyd Austin`: a first word that is no known first name but becomes
/// exactly one known first name by swapping two adjacent letters. Anything else is kept as
/// written: a name the list lacks is far likelier than a typo.
fn mend_first_name(name: &str) -> Option<String> {
    let (first, rest) = name.split_once(' ')?;
    let names = first_names();
    if names.contains(first) || first.chars().count() < 3 {
        return None;
    }
    let chars: Vec<char> = first.chars().collect();
    let mut found: Option<String> = None;
    for i in 1..chars.len().saturating_sub(1) {
        // Swaps after the first letter only: the capital stays where it is.
        if chars[i] == chars[i + 1] {
            continue;
        }
        let mut swapped = chars.clone();
        swapped.swap(i, i + 1);
        let candidate: String = swapped.into_iter().collect();
        if names.contains(candidate.as_str()) {
            if found.as_ref().is_some_and(|f| *f != candidate) {
                return None;
            }
            found = Some(candidate);
        }
    }
    found.map(|first| format!("{first} {rest}"))
}

/// The most frequent spelling, the first on a tie; a spelling in capitals (`ROMA`, from a
/// dateline or a shouted headline) only when no normally written one exists.
fn most_used_spelling(counts: &[(String, usize)]) -> Option<String> {
    let shouted = |s: &str| {
        s.chars().filter(|c| c.is_alphabetic()).count() > 3 && !s.chars().any(char::is_lowercase)
    };
    let pick = |normal: bool| {
        counts
            .iter()
            .rev()
            .filter(|(s, _)| shouted(s) != normal)
            .max_by_key(|(_, n)| *n)
            .map(|(s, _)| s.clone())
    };
    pick(true).or_else(|| pick(false))
}

/// A group of mentions that share a key: its most frequent spelling, the first on a tie.
struct Group {
    label: Label,
    key: String,
    words: Vec<String>,
    canonical: String,
}

/// Gives every entity of one article its canonical name. Mentions whose names share a key
/// (after aliases) are one referent; a person's name that is the start or the end of exactly
/// one longer person's name in the article takes that name (`Putin` → `Vladimir Putin`).
pub fn canonicalize_article(text: &str, entities: &mut [Entity], aliases: &Aliases) {
    relabel_surnames(text, entities);
    // Group by (label, key), remembering spelling counts in order of appearance.
    let mut groups: Vec<Group> = Vec::new();
    let mut spellings: Vec<Vec<(String, usize)>> = Vec::new();
    let mut index: HashMap<(Label, String), usize> = HashMap::new();
    let mut member: Vec<usize> = Vec::with_capacity(entities.len());
    for entity in entities.iter() {
        let surface = entity.text(text);
        let (key, spelling) = match aliases.get(surface) {
            Some(canonical) => (name_key(canonical), canonical.to_owned()),
            None => (name_key(surface), normalise_spaces(surface)),
        };
        let g = *index.entry((entity.label, key.clone())).or_insert_with(|| {
            groups.push(Group {
                label: entity.label,
                words: key.split(' ').map(str::to_owned).collect(),
                key,
                canonical: String::new(),
            });
            spellings.push(Vec::new());
            groups.len() - 1
        });
        match spellings[g].iter_mut().find(|(s, _)| *s == spelling) {
            Some((_, n)) => *n += 1,
            None => spellings[g].push((spelling, 1)),
        }
        member.push(g);
    }
    for (group, counts) in groups.iter_mut().zip(&spellings) {
        // An alias target wins over any spelling; otherwise the most frequent, first on a tie.
        let best = aliases
            .get(&group.key)
            .map(str::to_owned)
            .or_else(|| most_used_spelling(counts))
            .unwrap_or_default();
        group.canonical = if group.label == Label::Per {
            mend_first_name(&best).unwrap_or(best)
        } else {
            best
        };
    }
    // Longest names first, so that a short form meets what its longer forms resolved to:
    // `Kim` → `Kim Jong` → `Kim Jong-un` when the tagger cut one mention short.
    let mut by_length: Vec<usize> = (0..groups.len()).collect();
    by_length.sort_by_key(|&g| std::cmp::Reverse(groups[g].words.len()));
    let mut resolved: Vec<String> = groups.iter().map(|g| g.canonical.clone()).collect();
    for g in by_length {
        if let Some(name) = longer_person(&groups, &resolved, g) {
            resolved[g] = name;
        }
    }
    for (entity, g) in entities.iter_mut().zip(member) {
        entity.canonical = resolved[g].clone();
    }
}

/// One sense per article: a place or organisation whose name is the surname of a person
/// named in full in the same article is that person (`Austin` tagged LOC where `Lloyd Austin`
/// appears; `Zelensky` where `Volodymyr Zelensky` does).
fn relabel_surnames(text: &str, entities: &mut [Entity]) {
    let surnames: HashSet<String> = entities
        .iter()
        .filter(|e| e.label == Label::Per)
        .filter_map(|e| {
            let key = name_key(e.text(text));
            let (_, last) = key.rsplit_once(' ')?;
            Some(last.to_owned())
        })
        .collect();
    for entity in entities.iter_mut() {
        if entity.label != Label::Per && surnames.contains(&name_key(entity.text(text))) {
            entity.label = Label::Per;
        }
    }
}

/// What the longer people's names that `groups[g]`'s words begin or end resolved to, if they
/// all resolved to one name.
fn longer_person(groups: &[Group], resolved: &[String], g: usize) -> Option<String> {
    let short = &groups[g];
    if short.label != Label::Per {
        return None;
    }
    let n = short.words.len();
    let mut found: Option<&String> = None;
    for (i, long) in groups.iter().enumerate() {
        if long.label != Label::Per || long.words.len() <= n {
            continue;
        }
        let matches = long.words[..n] == short.words[..]
            || long.words[long.words.len() - n..] == short.words[..];
        if !matches {
            continue;
        }
        match found {
            Some(f) if *f != resolved[i] => return None,
            Some(_) => {}
            None => found = Some(&resolved[i]),
        }
    }
    found.cloned()
}

fn normalise_spaces(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Canonical names across a corpus: the same rules as within an article, over the names each
/// article settled on. Spellings of one key get the corpus's most frequent; a person's name
/// that no article resolved takes the longer name across the corpus it begins or ends, when
/// that name has at least twice the mentions of any other candidate.
pub fn canonicalize_corpus(articles: &mut [Vec<Entity>], aliases: &Aliases) {
    NameTally::of(articles).resolve(aliases).apply(articles);
}

/// The spellings of the names a corpus (or a part of it) settled on, counted per (label, key)
/// in order of first appearance: all that corpus-wide canonical names depend on. Tallies of
/// consecutive parts merged in corpus order equal the tally of the whole corpus, so a corpus
/// split across machines gets the same names as one read whole.
/// It travels between processes (`rassegna.dask`) as its rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<NameTallyRow>", from = "Vec<NameTallyRow>")]
pub struct NameTally {
    order: Vec<(Label, String)>,
    counts: HashMap<(Label, String), Vec<(String, usize)>>,
}

/// One row of a tally as plain values: label, key, spellings with their counts (in order of
/// first appearance).
pub type NameTallyRow = (Label, String, Vec<(String, usize)>);

impl NameTally {
    /// The tally of articles' entities (as `find_entities` names them within each article).
    pub fn of(articles: &[Vec<Entity>]) -> Self {
        let mut tally = Self::default();
        for entity in articles.iter().flatten() {
            tally.add(
                entity.label,
                name_key(&entity.canonical),
                &entity.canonical,
                1,
            );
        }
        tally
    }

    fn add(&mut self, label: Label, key: String, spelling: &str, count: usize) {
        let id = (label, key);
        let spellings = match self.counts.get_mut(&id) {
            Some(spellings) => spellings,
            None => {
                self.order.push(id.clone());
                self.counts.entry(id).or_default()
            }
        };
        match spellings.iter_mut().find(|(s, _)| s == spelling) {
            Some((_, n)) => *n += count,
            None => spellings.push((spelling.to_owned(), count)),
        }
    }

    /// Adds the tally of the articles that follow this one's.
    pub fn merge(&mut self, other: &NameTally) {
        for id in &other.order {
            for (spelling, count) in &other.counts[id] {
                self.add(id.0, id.1.clone(), spelling, *count);
            }
        }
    }

    pub fn rows(&self) -> Vec<NameTallyRow> {
        self.order
            .iter()
            .map(|id| (id.0, id.1.clone(), self.counts[id].clone()))
            .collect()
    }

    pub fn from_rows(rows: Vec<NameTallyRow>) -> Self {
        let mut tally = Self::default();
        for (label, key, spellings) in rows {
            for (spelling, count) in spellings {
                tally.add(label, key.clone(), &spelling, count);
            }
        }
        tally
    }

    /// The corpus-wide names the tally settles.
    pub fn resolve(&self, aliases: &Aliases) -> CorpusNames {
        let (order, counts) = (&self.order, &self.counts);
        let mut display: HashMap<(Label, String), (String, usize)> = HashMap::new();
        for id in order {
            let spellings = &counts[id];
            let total = spellings.iter().map(|(_, n)| n).sum();
            let best = aliases
                .get(&id.1)
                .map(str::to_owned)
                .or_else(|| most_used_spelling(spellings))
                .unwrap_or_default();
            display.insert(id.clone(), (best, total));
        }
        // People's names → the dominant longer name they begin or end, longest first so that a
        // name cut short counts towards the full name it resolved to.
        let mut people: Vec<(&String, Vec<&str>)> = order
            .iter()
            .filter(|(label, _)| *label == Label::Per)
            .map(|(_, key)| (key, key.split(' ').collect()))
            .collect();
        people.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        // Multi-word names by their first and by their last word: the only places a shorter
        // name can match them.
        let mut by_edge_word: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, words)) in people.iter().enumerate().filter(|(_, (_, w))| w.len() > 1) {
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            by_edge_word.entry(first).or_default().push(i);
            if last != first {
                by_edge_word.entry(last).or_default().push(i);
            }
        }
        let mut short_to_long: HashMap<String, String> = HashMap::new();
        for (key, words) in &people {
            let n = words.len();
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let mut longer: Vec<usize> = [first, last]
                .iter()
                .filter_map(|w| by_edge_word.get(*w))
                .flatten()
                .copied()
                .filter(|&l| {
                    let long = &people[l].1;
                    long.len() > n
                        && (long[..n] == words[..] || long[long.len() - n..] == words[..])
                })
                .collect();
            longer.sort_unstable();
            longer.dedup();
            // Mentions per resolved name among the longer names this one begins or ends.
            let mut candidates: Vec<(String, usize)> = Vec::new();
            for l in longer {
                let long = people[l].0;
                let (own, count) = &display[&(Label::Per, long.clone())];
                let name = short_to_long.get(long).unwrap_or(own);
                match candidates.iter_mut().find(|(c, _)| c == name) {
                    Some((_, total)) => *total += count,
                    None => candidates.push((name.clone(), *count)),
                }
            }
            candidates.sort_by_key(|c| std::cmp::Reverse(c.1));
            let Some((top, top_count)) = candidates.first() else {
                continue;
            };
            let runner_up = candidates.get(1).map_or(0, |c| c.1);
            if *top_count >= 2 * runner_up {
                short_to_long.insert((*key).clone(), top.clone());
            }
        }
        CorpusNames {
            display,
            short_to_long,
        }
    }
}

/// The names a corpus settled on: the display spelling of each (label, key), and the full
/// names lone short forms of people's names stand for.
#[derive(Clone, Debug, Default)]
pub struct CorpusNames {
    display: HashMap<(Label, String), (String, usize)>,
    short_to_long: HashMap<String, String>,
}

impl CorpusNames {
    /// Renames articles' entities (as `find_entities` names them) to the corpus's names.
    pub fn apply(&self, articles: &mut [Vec<Entity>]) {
        for entity in articles.iter_mut().flatten() {
            let key = name_key(&entity.canonical);
            if entity.label == Label::Per {
                if let Some(long) = self.short_to_long.get(&key) {
                    entity.canonical = long.clone();
                    continue;
                }
            }
            if let Some((best, _)) = self.display.get(&(entity.label, key)) {
                entity.canonical = best.clone();
            }
        }
    }
}

impl From<NameTally> for Vec<NameTallyRow> {
    fn from(tally: NameTally) -> Self {
        tally.rows()
    }
}

impl From<Vec<NameTallyRow>> for NameTally {
    fn from(rows: Vec<NameTallyRow>) -> Self {
        NameTally::from_rows(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::SegmentKind;

    #[test]
    fn a_name_in_capitals_is_canonical_only_alone() {
        let spellings = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
            list.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
        };
        assert_eq!(
            most_used_spelling(&spellings(&[("ROMA", 3), ("Roma", 1)])).as_deref(),
            Some("Roma")
        );
        assert_eq!(
            most_used_spelling(&spellings(&[("ROMA", 2)])).as_deref(),
            Some("ROMA")
        );
        assert_eq!(
            most_used_spelling(&spellings(&[("Onu", 1), ("ONU", 2)])).as_deref(),
            Some("ONU"),
            "three letters is an acronym"
        );
    }

    #[test]
    fn keys_join_spelling_variants() {
        assert_eq!(name_key("Kim Jong-Un"), name_key("Kim Jong Un"));
        assert_eq!(name_key("Kim  Jong un"), name_key("kim jong-un"));
        assert_eq!(name_key("Kim Jong‑un"), "kim iong un");
        assert_eq!(name_key("dell’Onu"), "dell'onu");
        // NFD input meets its NFC form.
        assert_eq!(name_key("Citta\u{300}"), name_key("Città"));
    }

    #[test]
    fn keys_join_transliterations_and_drop_middle_initials() {
        assert_eq!(name_key("Dmitry Peskov"), name_key("Dmitri Peskov"));
        assert_eq!(name_key("Dmitrij Peskov"), name_key("Dmitri Peskov"));
        assert_eq!(name_key("Serghei Shoigu"), name_key("Sergei K. Shoigu"));
        assert_eq!(name_key("Sergej Lavrov"), name_key("Sergei Lavrov"));
        assert_eq!(name_key("Zelenskyy"), name_key("Zelensky"));
        // Different people stay apart, and so do spellings that are more than variants.
        assert_ne!(name_key("Kim Jong-un"), name_key("Kim Jong-il"));
        assert_ne!(name_key("Kiev"), name_key("Kyiv"));
        // An initial at either end is part of the name.
        assert_eq!(name_key("J. Smith"), "i. smith");
        assert_eq!(name_key("Malcolm X."), "malcolm x.");
    }

    #[test]
    fn bundled_aliases_cover_the_usual_acronyms() {
        let aliases = Aliases::bundled();
        assert_eq!(aliases.get("USA"), Some("Stati Uniti"));
        assert_eq!(aliases.get("Onu"), Some("Nazioni Unite"));
        assert_eq!(aliases.get("UE"), Some("Unione europea"));
        assert_eq!(aliases.get("RPDC"), Some("Corea del Nord"));
        assert_eq!(aliases.get("Stati uniti"), Some("Stati Uniti"));
        assert_eq!(aliases.get("Mosca"), None);
    }

    #[test]
    fn users_extend_a_copy_of_the_table() {
        let mut aliases = Aliases::bundled().clone();
        aliases.insert("Mosca", "Russia");
        assert_eq!(aliases.get("mosca"), Some("Russia"));
        assert_eq!(Aliases::bundled().get("Mosca"), None);
        let mut empty = Aliases::new();
        empty.insert("  ", "x");
        empty.insert("x", " ");
        assert!(empty.is_empty());
    }

    #[test]
    fn misspelt_first_names_are_mended_only_when_unambiguous() {
        assert_eq!(
            mend_first_name("Llyod Austin").as_deref(),
            Some("Lloyd Austin")
        );
        assert_eq!(mend_first_name("Lloyd Austin"), None);
        assert_eq!(mend_first_name("Austin"), None);
        assert_eq!(mend_first_name("Choe Son-hui"), None);
        assert_eq!(mend_first_name("Yoon Suk-yeol"), None);
    }

    fn mentions(text: &str, spans: &[(&str, Label)]) -> Vec<Entity> {
        let mut from = 0;
        spans
            .iter()
            .map(|(surface, label)| {
                let start = from + text[from..].find(surface).expect("mention in text");
                from = start + surface.len();
                Entity {
                    start,
                    end: from,
                    label: *label,
                    canonical: String::new(),
                    sentence: Some(0),
                    segment: SegmentKind::Paragraph,
                    place: None,
                }
            })
            .collect()
    }

    fn canonical(text: &str, spans: &[(&str, Label)]) -> Vec<String> {
        let mut found = mentions(text, spans);
        canonicalize_article(text, &mut found, Aliases::bundled());
        found.into_iter().map(|e| e.canonical).collect()
    }

    #[test]
    fn short_forms_take_the_fullest_name_in_the_article() {
        let text = "Llyod Austin ha detto. Austin ha aggiunto. Kim Jong Un e Kim Jong-un, poi Kim.";
        let got = canonical(
            text,
            &[
                ("Llyod Austin", Label::Per),
                ("Austin", Label::Per),
                ("Kim Jong Un", Label::Per),
                ("Kim Jong-un", Label::Per),
                ("Kim", Label::Per),
            ],
        );
        assert_eq!(
            got,
            [
                "Lloyd Austin",
                "Lloyd Austin",
                "Kim Jong-un",
                "Kim Jong-un",
                "Kim Jong-un"
            ]
        );
    }

    #[test]
    fn a_surname_tagged_as_a_place_joins_its_person() {
        let text = "Kiev, Austin e Zelensky. Llyod Austin vede Volodymyr Zelensky a Kiev.";
        let mut found = mentions(
            text,
            &[
                ("Kiev", Label::Loc),
                ("Austin", Label::Loc),
                ("Zelensky", Label::Loc),
                ("Llyod Austin", Label::Per),
                ("Volodymyr Zelensky", Label::Per),
                ("Kiev", Label::Loc),
            ],
        );
        canonicalize_article(text, &mut found, Aliases::bundled());
        let got: Vec<(Label, &str)> = found
            .iter()
            .map(|e| (e.label, e.canonical.as_str()))
            .collect();
        assert_eq!(got[0], (Label::Loc, "Kiev"));
        assert_eq!(got[1], (Label::Per, "Lloyd Austin"));
        assert_eq!(got[2], (Label::Per, "Volodymyr Zelensky"));
        assert_eq!(got[5], (Label::Loc, "Kiev"));
    }

    #[test]
    fn ambiguous_short_forms_and_other_labels_stay_as_they_are() {
        let text = "Kim Jong-un e Kim Yo-jong. Kim parla. Corea del Nord e Corea.";
        let got = canonical(
            text,
            &[
                ("Kim Jong-un", Label::Per),
                ("Kim Yo-jong", Label::Per),
                ("Kim", Label::Per),
                ("Corea del Nord", Label::Loc),
                ("Corea", Label::Loc),
            ],
        );
        assert_eq!(
            got,
            [
                "Kim Jong-un",
                "Kim Yo-jong",
                "Kim",
                "Corea del Nord",
                "Corea"
            ]
        );
    }

    #[test]
    fn aliases_and_case_variants_meet() {
        let text = "Usa, Stati Uniti, ONU e Onu, RPDC.";
        let got = canonical(
            text,
            &[
                ("Usa", Label::Loc),
                ("Stati Uniti", Label::Loc),
                ("ONU", Label::Org),
                ("Onu", Label::Org),
                ("RPDC", Label::Loc),
            ],
        );
        assert_eq!(
            got,
            [
                "Stati Uniti",
                "Stati Uniti",
                "Nazioni Unite",
                "Nazioni Unite",
                "Corea del Nord"
            ]
        );
    }

    #[test]
    fn the_corpus_settles_spellings_and_lone_surnames() {
        let a = "Vladimir Putin e Putin. Choe Son Hui.";
        let b = "Putin a Pyongyang. Choe Son-hui, Choe Son-hui.";
        let mut articles = vec![
            {
                let mut m = mentions(
                    a,
                    &[
                        ("Vladimir Putin", Label::Per),
                        ("Putin", Label::Per),
                        ("Choe Son Hui", Label::Per),
                    ],
                );
                canonicalize_article(a, &mut m, Aliases::bundled());
                m
            },
            {
                let mut m = mentions(
                    b,
                    &[
                        ("Putin", Label::Per),
                        ("Choe Son-hui", Label::Per),
                        ("Choe Son-hui", Label::Per),
                    ],
                );
                canonicalize_article(b, &mut m, Aliases::bundled());
                m
            },
        ];
        assert_eq!(articles[1][0].canonical, "Putin");
        canonicalize_corpus(&mut articles, Aliases::bundled());
        let names: Vec<&str> = articles
            .iter()
            .flatten()
            .map(|e| e.canonical.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Vladimir Putin",
                "Vladimir Putin",
                "Choe Son-hui",
                "Vladimir Putin",
                "Choe Son-hui",
                "Choe Son-hui"
            ]
        );
    }

    #[test]
    fn tallies_of_parts_merged_in_order_settle_the_names_of_the_whole() {
        // One article says only "Putin", others "Vladimir Putin": wherever the split falls,
        // the merged tallies of the parts name every mention as the whole corpus does.
        let texts = [
            "Putin a Pyongyang. Choe Son-hui.",
            "Vladimir Putin e Putin. Choe Son Hui.",
            "Choe Son-hui, Choe Son-hui. Kim.",
            "Vladimir Putin. Kim Jong Un.",
        ];
        let spans: [&[(&str, Label)]; 4] = [
            &[("Putin", Label::Per), ("Choe Son-hui", Label::Per)],
            &[
                ("Vladimir Putin", Label::Per),
                ("Putin", Label::Per),
                ("Choe Son Hui", Label::Per),
            ],
            &[
                ("Choe Son-hui", Label::Per),
                ("Choe Son-hui", Label::Per),
                ("Kim", Label::Per),
            ],
            &[("Vladimir Putin", Label::Per), ("Kim Jong Un", Label::Per)],
        ];
        let articles: Vec<Vec<Entity>> = texts
            .iter()
            .zip(spans)
            .map(|(text, spans)| {
                let mut m = mentions(text, spans);
                canonicalize_article(text, &mut m, Aliases::bundled());
                m
            })
            .collect();
        let mut whole = articles.clone();
        canonicalize_corpus(&mut whole, Aliases::bundled());
        assert_eq!(whole[0][0].canonical, "Vladimir Putin");
        for split in 0..=articles.len() {
            let (head, tail) = articles.split_at(split);
            let mut tally = NameTally::of(head);
            tally.merge(&NameTally::from_rows(NameTally::of(tail).rows()));
            assert_eq!(tally, NameTally::of(&articles));
            let mut parts = articles.clone();
            tally.resolve(Aliases::bundled()).apply(&mut parts);
            assert_eq!(parts, whole, "split at {split}");
        }
    }
}
