//! Linking an article's place mentions to gazetteer records: each name's candidates, weighed
//! by what the place is, how many live there, whether the name is its own, and the countries
//! the article's other places settle (`Kazan` in an article about Russia is Kazan, RU). A name
//! with no candidate links to nothing: no guess.

use rustc_hash::FxHashSet;

use super::gazetteer::{Feature, Gazetteer, Place, PlaceId};

/// How the tagger labelled a mention that may be a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionRole {
    /// LOC: any place.
    Place,
    /// ORG: only a state, or a capital standing for one (`Mosca ha risposto`); `la Roma`, with
    /// an article no city takes, is a club.
    Organisation,
}

/// One mention as linking sees it.
#[derive(Clone, Copy, Debug)]
pub struct PlaceMention<'a> {
    /// As written.
    pub text: &'a str,
    /// Its canonical name (may be empty).
    pub canonical: &'a str,
    pub role: MentionRole,
    /// The text before it (only its end is read).
    pub before: &'a str,
}

/// Words that make `X` of `regione di X` the region around the city X.
const REGION_WORDS: &[&str] = &["regione", "oblast", "oblast'", "oblast’"];
/// Words that make `X` of `distretto di X` the town itself, the nearest record there is.
const TOWN_WORDS: &[&str] = &[
    "distretto",
    "provincia",
    "città",
    "comune",
    "villaggio",
    "cittadina",
];
const OF: &[&str] = &["di", "del", "della", "dello"];
/// Articles and articulated prepositions: an Italian city takes none, a club does.
const ARTICLES: &[&str] = &[
    "il", "lo", "la", "l", "i", "gli", "le", "del", "dello", "della", "dell", "dei", "degli",
    "delle", "al", "allo", "alla", "all", "ai", "agli", "alle", "dal", "dallo", "dalla", "dall",
    "dai", "dagli", "dalle", "nel", "nello", "nella", "nell", "nei", "negli", "nelle", "sul",
    "sullo", "sulla", "sull", "sui", "sugli", "sulle", "col",
];

/// Score bonuses, in orders of magnitude of population: a name that is the place's own
/// outweighs a thousandfold population; a country outweighs its cities; the article's
/// countries and Italy (the news is Italian) tip close calls.
const OWN_NAME: f64 = 3.0;
const COUNTRY: f64 = 5.0;
const CAPITAL: f64 = 1.5;
const IN_ARTICLE_COUNTRY: f64 = 2.0;
const ITALY: f64 = 1.0;
/// Weights of records without a population: as a city of some hundred thousands, or more.
const REGION_WEIGHT: f64 = 5.5;
const AREA_WEIGHT: f64 = 6.5;
/// People in a city whose name may begin a mention that is more than the city.
const LARGE_CITY: u64 = 100_000;
/// People in a town abroad that is linked without its country in the article.
const FAR_TOWN: u64 = 50_000;

/// The place each mention names, in order; `None` where no record bears the name (or none
/// that the mention's role allows). `countries`: the countries the article names otherwise
/// (by nationality adjectives, `le truppe ucraine`), as their Italian names.
pub fn link_places(
    gazetteer: &Gazetteer,
    mentions: &[PlaceMention<'_>],
    countries: &[&str],
) -> Vec<Option<PlaceId>> {
    let candidates: Vec<Vec<(PlaceId, bool)>> = mentions
        .iter()
        .map(|m| allowed(gazetteer, m, candidates(gazetteer, m)))
        .collect();
    let pick = |found: &[(PlaceId, bool)], context: &FxHashSet<&str>| {
        found
            .iter()
            .filter_map(|&(id, own)| Some((id, score(gazetteer.get(id)?, own, context))))
            // The highest score; the first record on a tie.
            .fold(None, |best: Option<(PlaceId, f64)>, (id, s)| match best {
                Some((_, b)) if b >= s => best,
                _ => Some((id, s)),
            })
            .map(|(id, _)| id)
    };
    // The countries the article is about: those named, and those of places without a rival.
    let none = FxHashSet::default();
    let mut context: FxHashSet<&str> = FxHashSet::default();
    for name in countries {
        for (id, _) in gazetteer.candidates(name) {
            if let Some(place) = gazetteer.get(*id).filter(|p| p.feature == Feature::Country) {
                context.insert(place.country.as_str());
            }
        }
    }
    for found in &candidates {
        let Some(place) = pick(found, &none).and_then(|id| gazetteer.get(id)) else {
            continue;
        };
        let settles = place.feature == Feature::Country || (found.len() == 1 && large(place));
        if settles && !place.country.is_empty() {
            context.insert(place.country.as_str());
        }
    }
    // A small town far from the article's countries and from Italy is more likely a word
    // that is also its name (`Pacifico`, a suburb of Madrid) than the place: no guess.
    let near = |id: &PlaceId| {
        gazetteer.get(*id).is_some_and(|p| {
            let town = matches!(p.feature, Feature::City | Feature::Capital)
                && p.population.unwrap_or(0) < FAR_TOWN;
            !town || p.country == "IT" || context.contains(p.country.as_str())
        })
    };
    candidates
        .iter()
        .map(|found| {
            let found: Vec<(PlaceId, bool)> =
                found.iter().copied().filter(|(id, _)| near(id)).collect();
            pick(&found, &context)
        })
        .collect()
}

fn score(place: &Place, own: bool, context: &FxHashSet<&str>) -> f64 {
    let people = place.population.map(|p| (p.max(1) as f64).log10());
    let mut score = match place.feature {
        Feature::Continent => people.unwrap_or(9.0) + COUNTRY,
        Feature::Country => people.unwrap_or(REGION_WEIGHT) + COUNTRY,
        Feature::Capital => people.unwrap_or(REGION_WEIGHT) + CAPITAL,
        Feature::City => people.unwrap_or(0.0),
        Feature::Region => REGION_WEIGHT,
        Feature::Area => AREA_WEIGHT,
    };
    if own {
        score += OWN_NAME;
    }
    if context.contains(place.country.as_str()) {
        score += IN_ARTICLE_COUNTRY;
    }
    if place.country == "IT" {
        score += ITALY;
    }
    score
}

/// The records a mention's name may be, each with whether the name is the record's own.
fn candidates(gazetteer: &Gazetteer, mention: &PlaceMention<'_>) -> Vec<(PlaceId, bool)> {
    let mut forms = vec![mention.canonical, mention.text];
    forms.retain(|f| !f.trim().is_empty());
    forms.dedup();
    for form in &forms {
        let found = gazetteer.candidates(form);
        if !found.is_empty() {
            return if region_word_before(mention.before) {
                regions_named_after(gazetteer, form)
            } else {
                without_regions_of_cities(gazetteer, found)
            };
        }
    }
    for form in &forms {
        let words: Vec<&str> = form.split_whitespace().collect();
        // `regione di Kaluga`: the region the city is in; `distretto di Istra`: the town.
        if let [designator, of, rest @ ..] = &words[..] {
            let designator = designator.to_lowercase();
            if OF.contains(&of.to_lowercase().as_str()) && !rest.is_empty() {
                let rest = rest.join(" ");
                let found = gazetteer.candidates(&rest);
                if REGION_WORDS.contains(&designator.as_str()) {
                    return regions_named_after(gazetteer, &rest);
                }
                if TOWN_WORDS.contains(&designator.as_str()) {
                    return found.to_vec();
                }
            }
        }
        // `russa Kazan`: an adjective the tagger took in.
        let capitalised = words
            .iter()
            .position(|w| w.chars().next().is_some_and(char::is_uppercase));
        if let Some(first @ 1..) = capitalised {
            let found = gazetteer.candidates(&words[first..].join(" "));
            if !found.is_empty() {
                return found.to_vec();
            }
        }
        // `Vladivostok Putin`: a place and a name glued across a lost boundary; the longest
        // leading words that are the own name of a place too large to be a word of a longer
        // name (`Palazzo Chigi` is no town `Palazzo`).
        if mention.role == MentionRole::Place {
            for n in (1..words.len()).rev() {
                let found: Vec<(PlaceId, bool)> = gazetteer
                    .candidates(&words[..n].join(" "))
                    .iter()
                    .copied()
                    .filter(|&(id, own)| own && gazetteer.get(id).is_some_and(large))
                    .collect();
                if !found.is_empty() {
                    return found;
                }
            }
        }
    }
    Vec::new()
}

/// The candidates less the regions that bear the name of a candidate city inside them: `Kyiv`
/// and `Kursk` are the cities, their regions are `regione di Kursk`.
fn without_regions_of_cities(
    gazetteer: &Gazetteer,
    found: &[(PlaceId, bool)],
) -> Vec<(PlaceId, bool)> {
    let regions_of_cities: Vec<PlaceId> = found
        .iter()
        .filter_map(|(id, _)| gazetteer.get(*id)?.region)
        .collect();
    found
        .iter()
        .copied()
        .filter(|(id, _)| !regions_of_cities.contains(id))
        .collect()
}

/// A place whose name alone may stand before another word: not a town.
fn large(place: &Place) -> bool {
    match place.feature {
        Feature::City | Feature::Capital => place.population.unwrap_or(0) >= LARGE_CITY,
        _ => true,
    }
}

/// The region `regione di X` names: one called `Oblast' di X` or `X Oblast` (`Mosca`'s is not
/// the federal city but the oblast around it), else the region the place X is or is in.
fn regions_named_after(gazetteer: &Gazetteer, name: &str) -> Vec<(PlaceId, bool)> {
    for pattern in [format!("Oblast' di {name}"), format!("{name} Oblast")] {
        let found = regions_of(gazetteer, gazetteer.candidates(&pattern));
        if !found.is_empty() {
            return found;
        }
    }
    regions_of(gazetteer, gazetteer.candidates(name))
}

/// The regions the candidates are or are in.
fn regions_of(gazetteer: &Gazetteer, found: &[(PlaceId, bool)]) -> Vec<(PlaceId, bool)> {
    let mut out: Vec<(PlaceId, bool)> = Vec::new();
    for &(id, own) in found {
        let Some(place) = gazetteer.get(id) else {
            continue;
        };
        let region = match place.feature {
            Feature::Region | Feature::Area => Some(id),
            Feature::City | Feature::Capital => place.region,
            Feature::Country | Feature::Continent => None,
        };
        if let Some(region) = region.filter(|r| !out.iter().any(|(o, _)| o == r)) {
            out.push((region, own));
        }
    }
    out
}

/// The candidates the mention's role allows.
fn allowed(
    gazetteer: &Gazetteer,
    mention: &PlaceMention<'_>,
    mut found: Vec<(PlaceId, bool)>,
) -> Vec<(PlaceId, bool)> {
    if mention.role == MentionRole::Organisation {
        let club = ARTICLES.contains(&last_word(mention.before).as_str());
        found.retain(|(id, _)| {
            gazetteer.get(*id).is_some_and(|p| match p.feature {
                Feature::Country => true,
                Feature::Capital => !club,
                _ => false,
            })
        });
    }
    found
}

/// The last word before a mention, lower case, an elided article without its apostrophe
/// (`dall’`→ `dall`); empty when the mention does not follow a space or an apostrophe.
fn last_word(before: &str) -> String {
    let elided = before.ends_with(['\'', '’']);
    if !elided && !before.ends_with(char::is_whitespace) {
        return String::new();
    }
    let trimmed = before.trim_end_matches(['\'', '’']).trim_end();
    let word = trimmed
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    word.to_lowercase()
}

/// `la regione di ` right before a mention (the tagger took only `Kaluga`).
fn region_word_before(before: &str) -> bool {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(2)
        .map(str::to_lowercase)
        .collect();
    matches!(&words[..], [of, region] if OF.contains(&of.as_str()) && REGION_WORDS.contains(&region.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked(mentions: &[(&str, MentionRole, &str)]) -> Vec<Option<(Option<u32>, String)>> {
        let g = Gazetteer::bundled();
        let mentions: Vec<PlaceMention<'_>> = mentions
            .iter()
            .map(|&(text, role, before)| PlaceMention {
                text,
                canonical: "",
                role,
                before,
            })
            .collect();
        link_places(g, &mentions, &[])
            .into_iter()
            .map(|id| {
                id.and_then(|id| g.get(id))
                    .map(|p| (p.geonameid, p.country.clone()))
            })
            .collect()
    }

    fn one(text: &str, role: MentionRole, before: &str) -> Option<(Option<u32>, String)> {
        linked(&[(text, role, before)]).remove(0)
    }

    use MentionRole::{Organisation as Org, Place as Loc};

    #[test]
    fn italian_exonyms_resolve() {
        let id = |text| one(text, Loc, "a ").and_then(|(g, _)| g);
        assert_eq!(id("Mosca"), Some(524901));
        assert_eq!(id("Pechino"), Some(1816670));
        assert_eq!(id("Seul"), Some(1835848));
        assert_eq!(id("Kiev"), id("Kyiv"));
        assert_eq!(id("Corea del Nord"), Some(1873107));
        assert_eq!(id("Stati Uniti"), Some(6252001));
        assert_eq!(id("Crimea"), Some(703883));
        assert_eq!(id("Roma"), Some(3169070));
        assert_eq!(
            id("Georgia"),
            Some(614540),
            "the country before the US state"
        );
        assert_eq!(id("Palazzo Chigi"), None);
        assert_eq!(id("Zar"), None);
        assert_eq!(id("Pacifico"), None, "no town of Madrid");
    }

    #[test]
    fn the_article_s_countries_settle_a_shared_name() {
        let kazan = |other: &str| linked(&[(other, Loc, "in "), ("Kazan", Loc, "a ")])[1].clone();
        assert_eq!(kazan("Russia").map(|(_, c)| c).as_deref(), Some("RU"));
        assert_eq!(kazan("Turchia").map(|(_, c)| c).as_deref(), Some("TR"));
        // A town of 36,000 is linked when the article names its country, by a nationality too.
        let g = Gazetteer::bundled();
        let avdiivka = PlaceMention {
            text: "Avdiivka",
            canonical: "",
            role: Loc,
            before: "da ",
        };
        assert_eq!(link_places(g, &[avdiivka], &[]), vec![None]);
        let linked = link_places(g, &[avdiivka], &["Ucraina"])[0].and_then(|id| g.get(id));
        assert_eq!(linked.map(|p| p.country.as_str()), Some("UA"));
    }

    #[test]
    fn states_and_capitals_tagged_org_are_places_clubs_are_not() {
        assert_eq!(
            one("Russia", Org, "la ").map(|p| p.1).as_deref(),
            Some("RU")
        );
        assert_eq!(one("Mosca", Org, "").map(|p| p.1).as_deref(), Some("RU"));
        assert_eq!(one("Roma", Org, "contro la "), None);
        assert_eq!(one("Kaluga", Org, ""), None, "no capital");
        assert_eq!(one("Nato", Org, "la "), None);
    }

    #[test]
    fn designators_adjectives_and_glued_names() {
        let kaluga_region = Some((Some(553899), "RU".to_owned()));
        assert_eq!(one("regione di Kaluga", Loc, "nella "), kaluga_region);
        assert_eq!(one("Kaluga", Loc, "nella regione di "), kaluga_region);
        let moscow_oblast = Some((Some(524925), "RU".to_owned()));
        assert_eq!(one("Mosca", Loc, "nella regione di "), moscow_oblast);
        assert_eq!(
            one("russa Kazan", Loc, "la città ").map(|p| p.1).as_deref(),
            Some("RU")
        );
        assert_eq!(
            one("Vladivostok Putin", Loc, "a ").and_then(|p| p.0),
            Some(2013348)
        );
        assert_eq!(one("Mosca-Corea", Loc, "l'asse "), None);
    }

    #[test]
    fn last_words() {
        assert_eq!(last_word("contro la "), "la");
        assert_eq!(last_word("dall’"), "dall");
        assert_eq!(last_word("Ieri"), "");
        assert!(region_word_before("e nella regione di "));
        assert!(!region_word_before("la città di "));
    }
}
