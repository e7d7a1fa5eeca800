//! The entities of a parsed article: the tagger run over every segment that holds prose, as one
//! document (datelines, bylines and credits are metadata and left out), each mention tied to
//! its sentence and segment, then given its canonical name.

use crate::article::{Article, SegmentKind};
use crate::text::{tokenize_into, Token};

use std::collections::HashSet;
use std::ops::Range;

use super::canonical::{canonicalize_article, name_key, Aliases};
use super::entity::Entity;
use super::lexicon::Category;
use super::model::Model;
use super::places::link_entities;
use super::tags::Label;
use crate::places::{Feature, Gazetteer, PlaceId};

/// Every entity of `article` in text order, with canonical names resolved within the article.
pub fn find_entities(article: &Article, model: &Model, aliases: &Aliases) -> Vec<Entity> {
    let tokens = article.tokens();
    // Tokens of the datelines, bylines and set-aside text, which have no sentences: short
    // lines, each tagged whole.
    let mut other: Vec<Token> = Vec::new();
    // What the tagger sees, in text order: (sentence index, segment kind, tokens from `tokens`
    // or from `other`).
    let mut pieces: Vec<(Option<usize>, SegmentKind, Range<usize>)> = Vec::new();
    // Body sentences, which are in segment order.
    let mut sentences = article.sentences.iter().enumerate().peekable();
    for segment in &article.segments {
        match segment.kind {
            // Metadata, not content: `MOSCA, 10 FEB (ANSA) -` names no one the story is about.
            SegmentKind::Header | SegmentKind::Dateline | SegmentKind::Byline => continue,
            kind if kind.is_body() => {
                while let Some((index, sentence)) =
                    sentences.next_if(|(_, s)| s.start < segment.end)
                {
                    pieces.push((Some(index), kind, sentence.tokens.clone()));
                }
            }
            kind => {
                let start = other.len();
                tokenize_into(&article.text, segment.start..segment.end, &mut other);
                pieces.push((None, kind, start..other.len()));
            }
        }
    }
    let slices: Vec<&[Token]> = pieces
        .iter()
        .map(|(sentence, _, range)| {
            let from = if sentence.is_some() { &tokens } else { &other };
            from.get(range.clone()).unwrap_or_default()
        })
        .collect();
    // One call for the whole article: the model labels a name in the light of its other
    // mentions.
    let mut found = Vec::new();
    for (spans, &(sentence, segment, _)) in model
        .predict_document(&article.text, &slices)
        .into_iter()
        .zip(&pieces)
    {
        found.extend(spans.into_iter().map(|span| Entity {
            start: span.start,
            end: span.end,
            label: span.label,
            canonical: String::new(),
            sentence,
            segment,
            place: None,
        }));
    }
    // Credits (`Foto: KEYSTONE`, `(ANSA)`) say who made the picture or the story.
    let credits: Vec<_> = article.segments.iter().filter_map(|s| s.credit).collect();
    found.retain(|e| !credits.iter().any(|c| e.start < c.end && c.start < e.end));
    // KIND also tags a bare institution noun (`il governo`, `il regime`, `la polizia`) ORG;
    // it names no one an analyst can look up or join across articles.
    found.retain(|e| !is_common_noun(e.text(&article.text)));
    split_place_pairs(&article.text, &mut found, Gazetteer::bundled());
    split_place_and_person(&article.text, &mut found, Gazetteer::bundled());
    media_are_organisations(&article.text, &mut found, model);
    complete_cut_names(&article.text, &mut found, aliases);
    canonicalize_article(&article.text, &mut found, aliases);
    // Corpus-wide naming changes a place's spelling, not its key: the link stays true.
    link_entities(&article.text, &mut found, Gazetteer::bundled());
    one_name_per_region(&mut found, Gazetteer::bundled());
    found
}

/// Mentions linked to one region (`nella regione di Kaluga`, then `Kaluga` for the same
/// oblast) are one referent: all take the canonical name of the longest.
fn one_name_per_region(found: &mut [Entity], gazetteer: &Gazetteer) {
    let mut longest: Vec<(PlaceId, String)> = Vec::new();
    for e in found.iter() {
        let Some(id) = e.place else { continue };
        if !gazetteer
            .get(id)
            .is_some_and(|p| matches!(p.feature, Feature::Region | Feature::Area))
        {
            continue;
        }
        match longest.iter_mut().find(|(p, _)| *p == id) {
            Some((_, name)) if name.chars().count() < e.canonical.chars().count() => {
                name.clone_from(&e.canonical);
            }
            Some(_) => {}
            None => longest.push((id, e.canonical.clone())),
        }
    }
    for e in found.iter_mut() {
        if let Some((_, name)) = longest.iter().find(|(p, _)| Some(*p) == e.place) {
            e.canonical.clone_from(name);
        }
    }
}

/// One word with no capital letter and no digit: a common noun, not a name.
fn is_common_noun(mention: &str) -> bool {
    !mention.contains(char::is_whitespace)
        && !mention.chars().any(|c| c.is_uppercase() || c.is_numeric())
}

/// `Mosca-Pyongyang`, `Mosca-Corea`: two places joined by a hyphen, which KIND tags as one
/// name. When the pair is no place itself, a side is a country, a capital or a region and
/// neither side is only a town, each side becomes an entity of its own, so that both are
/// counted and mapped. A town and its airport or district (`Milano-Malpensa`,
/// `Mosca-Domodedovo`) and a line from a capital to a town (`Roma-Viterbo`) stay one name,
/// as KIND writes them.
fn split_place_pairs(text: &str, found: &mut Vec<Entity>, gazetteer: &Gazetteer) {
    let large = |name: &str| place_size(gazetteer, name) == Some(PlaceSize::Large);
    let mut i = 0;
    while i < found.len() {
        let e = &found[i];
        let mention = e.text(text);
        let hyphen = mention.char_indices().find(|&(k, c)| {
            c == '-'
                && mention[..k].chars().last().is_some_and(char::is_alphabetic)
                && mention[k + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        });
        let Some((k, _)) = hyphen else {
            trim_word_opening_pair(text, &mut found[i], gazetteer, &large);
            i += 1;
            continue;
        };
        let (left, right) = (&mention[..k], &mention[k + 1..]);
        let splits = e.label != Label::Per
            && left.chars().next().is_some_and(char::is_uppercase)
            && gazetteer.candidates(mention).is_empty()
            && matches!(
                (place_size(gazetteer, left), place_size(gazetteer, right)),
                (Some(PlaceSize::Large), Some(PlaceSize::Large) | None)
                    | (None, Some(PlaceSize::Large))
            );
        if splits {
            let mut second = e.clone();
            second.start = e.start + k + 1;
            found[i].end = e.start + k;
            found.insert(i + 1, second);
        }
        i += 1;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlaceSize {
    /// Some candidate is a continent, a country, a region, an area or a capital.
    Large,
    /// Every candidate is a city that is no capital.
    Town,
}

/// How large a place `name` can be in the gazetteer; `None` when it is unknown (`Corea`).
fn place_size(gazetteer: &Gazetteer, name: &str) -> Option<PlaceSize> {
    let candidates = gazetteer.candidates(name);
    if candidates.is_empty() {
        None
    } else if candidates.iter().any(|&(id, _)| {
        gazetteer
            .get(id)
            .is_some_and(|p| p.feature != Feature::City)
    }) {
        Some(PlaceSize::Large)
    } else {
        Some(PlaceSize::Town)
    }
}

/// `Asse Mosca-Pyongyang` opening a title or following a dateline (`Roma, 18 giugno –`): the tagger may take the capitalised common noun
/// that opens the sentence with the pair's left side (`Asse Mosca`, ORG). When a mention ends
/// where a hyphen and a capital follow, opens its sentence, is no place itself and its last
/// word is a country, a capital or a region, the opening words go and the place is LOC.
fn trim_word_opening_pair(
    text: &str,
    e: &mut Entity,
    gazetteer: &Gazetteer,
    large: &impl Fn(&str) -> bool,
) {
    let mut after = text[e.end..].chars();
    if after.next() != Some('-') || !after.next().is_some_and(char::is_uppercase) {
        return;
    }
    let mention = e.text(text);
    let opens_sentence = text[..e.start]
        .trim_end_matches([' ', '\t', '«', '"', '“'])
        .chars()
        .last()
        .is_none_or(|c| matches!(c, '\n' | '.' | '!' | '?' | ':' | '–' | '—'));
    let Some((_, last)) = mention.rsplit_once(' ') else {
        return;
    };
    if opens_sentence
        && e.label != Label::Per
        && gazetteer.candidates(mention).is_empty()
        && large(last)
    {
        e.start = e.end - last.len();
        e.label = Label::Loc;
    }
}

/// `a Vladivostok Putin e Kim`: a place and a person with no word between, which the tagger
/// took for one place. When the words at the end are a person the article names elsewhere
/// (`Putin`, the surname of `Vladimir Putin`) and the words before are a place, they become
/// two entities.
fn split_place_and_person(text: &str, found: &mut Vec<Entity>, gazetteer: &Gazetteer) {
    let mut people: HashSet<String> = HashSet::new();
    for e in found.iter().filter(|e| e.label == Label::Per) {
        let name = e.text(text);
        people.insert(name_key(name));
        if let Some((_, surname)) = name.rsplit_once(' ') {
            people.insert(name_key(surname));
        }
    }
    if people.is_empty() {
        return;
    }
    let mut i = 0;
    while i < found.len() {
        let e = &found[i];
        let mention = e.text(text);
        let cut = (e.label == Label::Loc)
            .then(|| {
                mention.match_indices(' ').map(|(k, _)| k).find(|&k| {
                    people.contains(&name_key(&mention[k + 1..]))
                        && !gazetteer.candidates(&mention[..k]).is_empty()
                })
            })
            .flatten();
        if let Some(k) = cut {
            let mut person = e.clone();
            person.start = e.start + k + 1;
            person.label = Label::Per;
            found[i].end = e.start + k;
            found.insert(i + 1, person);
            i += 1;
        }
        i += 1;
    }
}

/// A news medium or agency the tagger took for a person (`il quotidiano Vedomosti`) is an
/// organisation: the model's media list says so.
fn media_are_organisations(text: &str, found: &mut [Entity], model: &Model) {
    for e in found.iter_mut().filter(|e| e.label == Label::Per) {
        if model.lexicon().contains(Category::Media, e.text(text)) {
            e.label = Label::Org;
        }
    }
}

/// A person's name the tagger cut one word short (`Kim Jong` before `Un`, which also reads as
/// the article `un`) takes the next word back when the longer name is one the article or the
/// alias table knows.
fn complete_cut_names(text: &str, found: &mut [Entity], aliases: &Aliases) {
    let known: HashSet<String> = found
        .iter()
        .filter(|e| e.label == Label::Per)
        .map(|e| name_key(e.text(text)))
        .collect();
    for i in 0..found.len() {
        if found[i].label != Label::Per {
            continue;
        }
        let Some(rest) = text.get(found[i].end..) else {
            continue;
        };
        let mut chars = rest.chars();
        let (Some(separator), Some(first)) = (chars.next(), chars.next()) else {
            continue;
        };
        let continues = match separator {
            ' ' => first.is_uppercase(),
            '-' => first.is_alphabetic(),
            _ => false,
        };
        if !continues {
            continue;
        }
        let word_len: usize = rest[1..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        let end = found[i].end + 1 + word_len;
        if found.get(i + 1).is_some_and(|next| next.start < end) {
            continue;
        }
        let longer = &text[found[i].start..end];
        if known.contains(&name_key(longer)) || aliases.get(longer).is_some() {
            found[i].end = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    fn entities(text: &str) -> (Article, Vec<Entity>) {
        let article = parse(text.to_owned(), Overrides::default()).unwrap();
        let found = find_entities(&article, Model::bundled(), Aliases::bundled());
        (article, found)
    }

    #[test]
    fn datelines_bylines_and_credits_name_no_entity() {
        let (article, found) = entities(
            "Mosca accusa Kiev\n\nMOSCA, 10 FEB (ANSA) - Il ministro Sergei Lavrov ha parlato a \
             lungo con i giornalisti. (ANSA).\n\nPutin e Kim a Pyongyang. Foto: KEYSTONE\n",
        );
        let texts: Vec<&str> = found.iter().map(|e| e.text(&article.text)).collect();
        for metadata in ["MOSCA", "FEB", "ANSA", "KEYSTONE"] {
            assert!(!texts.contains(&metadata), "{texts:?}");
        }
        assert!(texts.contains(&"Sergei Lavrov"), "{texts:?}");
    }

    #[test]
    fn mentions_carry_sentence_segment_and_canonical_name() {
        let (article, found) = entities(
            "Putin a Pyongyang\n\nIl presidente russo Vladimir Putin è arrivato a Pyongyang. \
             Putin ha incontrato Kim Jong-un.\n\nPer continuare a leggere l'articolo sostienici \
             oppure accedi\n",
        );
        let texts: Vec<(&str, Label, &str, Option<usize>)> = found
            .iter()
            .map(|e| {
                (
                    e.text(&article.text),
                    e.label,
                    e.canonical.as_str(),
                    e.sentence,
                )
            })
            .collect();
        assert!(texts.contains(&("Vladimir Putin", Label::Per, "Vladimir Putin", Some(1))));
        assert!(texts.contains(&("Putin", Label::Per, "Vladimir Putin", Some(2))));
        assert!(texts.contains(&("Pyongyang", Label::Loc, "Pyongyang", Some(1))));
        let title = &found[0];
        assert_eq!(title.segment, SegmentKind::Title);
        assert_eq!(title.canonical, "Vladimir Putin");
        assert!(found.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn names_cut_short_are_completed_from_the_alias_table() {
        let mut found = vec![Entity {
            start: 0,
            end: 8,
            label: Label::Per,
            canonical: String::new(),
            sentence: Some(0),
            segment: SegmentKind::Paragraph,
            place: None,
        }];
        complete_cut_names(
            "Kim Jong Un parte. Kim Jong",
            &mut found,
            Aliases::bundled(),
        );
        assert_eq!(found[0].end, 11);
        // Nothing to complete: the text ends, or the next word is lower case.
        let mut found = vec![Entity {
            start: 0,
            end: 3,
            ..found[0].clone()
        }];
        complete_cut_names("Kim va", &mut found, Aliases::bundled());
        assert_eq!(found[0].end, 3);
        complete_cut_names("Kim", &mut found, Aliases::bundled());
        assert_eq!(found[0].end, 3);
    }

    #[test]
    fn entities_in_set_aside_text_are_marked() {
        let (article, found) = entities(
            "Mosca e Pyongyang firmano un accordo.\n\nLeggi anche: Sergei Lavrov a Pyongyang\n",
        );
        let lavrov = found
            .iter()
            .find(|e| e.text(&article.text) == "Sergei Lavrov")
            .expect("Lavrov found");
        assert!(lavrov.is_set_aside());
        assert_eq!(lavrov.sentence, None);
        assert!(found.iter().any(|e| !e.is_set_aside()));
    }

    fn one(start: usize, end: usize, label: Label) -> Vec<Entity> {
        vec![Entity {
            start,
            end,
            label,
            canonical: String::new(),
            sentence: Some(0),
            segment: SegmentKind::Paragraph,
            place: None,
        }]
    }

    /// Each entity's text and label.
    fn labelled<'t>(text: &'t str, found: &[Entity]) -> Vec<(&'t str, Label)> {
        found.iter().map(|e| (e.text(text), e.label)).collect()
    }

    #[test]
    fn hyphenated_pairs_of_places_become_two_entities() {
        let text = "l'asse Mosca-Pyongyang e l'asse Mosca-Corea";
        let mut found = one(7, 22, Label::Loc);
        found.extend(one(32, 43, Label::Loc));
        split_place_pairs(text, &mut found, Gazetteer::bundled());
        let texts = labelled(text, &found);
        assert_eq!(
            texts,
            [
                ("Mosca", Label::Loc),
                ("Pyongyang", Label::Loc),
                ("Mosca", Label::Loc),
                ("Corea", Label::Loc)
            ]
        );
    }

    #[test]
    fn a_sentence_opening_noun_leaves_the_left_side_of_a_pair() {
        let text =
            "Roma – Asse Mosca-Pyongyang, poi Corte Mosca-Pechino. Piazza Rossa a Mosca-Pechino";
        let mut found = one(9, 19, Label::Org);
        found.extend(one(20, 29, Label::Loc));
        found.extend(one(35, 46, Label::Org));
        found.extend(one(56, 68, Label::Loc));
        split_place_pairs(text, &mut found, Gazetteer::bundled());
        let texts = labelled(text, &found);
        assert_eq!(
            texts,
            [
                ("Mosca", Label::Loc),
                ("Pyongyang", Label::Loc),
                // Not at the opening of its sentence, or not followed by a pair: left alone.
                ("Corte Mosca", Label::Org),
                ("Piazza Rossa", Label::Loc)
            ]
        );
    }

    #[test]
    fn hyphenated_places_that_are_one_place_stay_whole() {
        for (text, label) in [
            ("Emilia-Romagna", Label::Loc),
            ("Milano-Malpensa", Label::Loc),
            ("Guinea-Bissau", Label::Loc),
            ("Roma-Viterbo", Label::Loc),
            ("Mosca-Domodedovo", Label::Loc),
            ("Jean-Claude", Label::Per),
        ] {
            let mut found = one(0, text.len(), label);
            split_place_pairs(text, &mut found, Gazetteer::bundled());
            assert_eq!(found.len(), 1, "{text}");
        }
    }

    #[test]
    fn bare_common_nouns_are_no_entities() {
        assert!(is_common_noun("regime"));
        assert!(is_common_noun("governo"));
        for name in ["Nato", "governo Meloni", "G7", "iPhone"] {
            assert!(!is_common_noun(name), "{name}");
        }
    }

    #[test]
    fn media_taken_for_people_are_organisations() {
        let text = "Secondo il quotidiano Vedomosti e Mario Rossi";
        let mut found = one(22, 31, Label::Per);
        found.extend(one(34, 45, Label::Per));
        media_are_organisations(text, &mut found, Model::bundled());
        assert_eq!(found[0].label, Label::Org);
        assert_eq!(found[1].label, Label::Per);
    }

    #[test]
    fn a_region_and_its_bare_name_are_one_referent() {
        let gazetteer = Gazetteer::bundled();
        let oblast = gazetteer
            .by_geonameid(553_899)
            .expect("the oblast of Kaluga");
        let text = "nella regione di Kaluga e nella regione di Kaluga”";
        let mut found = one(6, 23, Label::Loc);
        found.extend(one(43, 49, Label::Loc));
        found.extend(one(43, 49, Label::Loc));
        for (e, canonical) in found
            .iter_mut()
            .zip(["regione di Kaluga", "Kaluga", "Kaluga"])
        {
            e.canonical = canonical.into();
        }
        found[0].place = Some(oblast);
        found[1].place = Some(oblast);
        one_name_per_region(&mut found, gazetteer);
        assert_eq!(found[1].text(text), "Kaluga");
        assert_eq!(found[1].canonical, "regione di Kaluga");
        // Not linked to the oblast: left alone.
        assert_eq!(found[2].canonical, "Kaluga");
    }

    #[test]
    fn a_place_glued_to_a_person_the_article_names_is_split() {
        let text = "Vladimir Putin arriva. Proprio a Vladivostok Putin e Kim si videro.";
        let mut found = one(0, 14, Label::Per);
        found.extend(one(33, 50, Label::Loc));
        found.extend(one(53, 56, Label::Per));
        split_place_and_person(text, &mut found, Gazetteer::bundled());
        let texts = labelled(text, &found);
        assert_eq!(
            texts,
            [
                ("Vladimir Putin", Label::Per),
                ("Vladivostok", Label::Loc),
                ("Putin", Label::Per),
                ("Kim", Label::Per)
            ]
        );
        // A place whose last word is no one the article names stays whole.
        let text = "Mario Rossi a San Marino";
        let mut found = one(0, 11, Label::Per);
        found.extend(one(14, 24, Label::Loc));
        split_place_and_person(text, &mut found, Gazetteer::bundled());
        assert_eq!(found.len(), 2);
    }
}
