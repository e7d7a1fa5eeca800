//! Nationality adjectives and capitals and the countries they name (`nordcoreani`, `Pyongyang`
//! → `Corea del Nord`): they tell which country a quantity or a role belongs to when no entity
//! is written.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The country a nationality adjective (any gender and number, lowercase) names, spelled as
/// the canonical names spell it. Two-word forms (`nord coreana`) are joined by the caller.
pub fn country_of_adjective(word: &str) -> Option<&'static str> {
    let word = word.trim_end_matches(['’', '\'']);
    // Strip the ending: -o, -a, -i, -e (russo, russa, russi, russe; statunitense, -i).
    let stem = word
        .strip_suffix(['o', 'a', 'i', 'e'])
        .filter(|s| s.len() >= 3)?;
    // Looked up for every lower-case word of an article (`entities::places`): a hash map, and
    // a copy only for the rare hyphenated stem.
    static BY_STEM: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let by_stem = BY_STEM.get_or_init(|| STEMS.iter().copied().collect());
    if stem.contains('-') {
        by_stem.get(stem.replace('-', "").as_str()).copied()
    } else {
        by_stem.get(stem).copied()
    }
}

/// Adjective stems (ending stripped, hyphens removed) and their countries.
const STEMS: &[(&str, &str)] = &[
    ("russ", "Russia"),
    ("nordcorean", "Corea del Nord"),
    ("sudcorean", "Corea del Sud"),
    ("corean", "Corea"),
    ("ucrain", "Ucraina"),
    ("american", "Stati Uniti"),
    ("statunitens", "Stati Uniti"),
    ("cines", "Cina"),
    ("iranian", "Iran"),
    ("turc", "Turchia"),
    ("turch", "Turchia"),
    ("italian", "Italia"),
    ("frances", "Francia"),
    ("tedesc", "Germania"),
    ("tedesch", "Germania"),
    ("britannic", "Regno Unito"),
    ("ingles", "Regno Unito"),
    ("giappones", "Giappone"),
    ("israelian", "Israele"),
    ("palestines", "Palestina"),
    ("sirian", "Siria"),
    ("bieloruss", "Bielorussia"),
    ("polacc", "Polonia"),
    ("polacch", "Polonia"),
    ("indian", "India"),
    ("spagnol", "Spagna"),
    ("saudit", "Arabia Saudita"),
    ("egizian", "Egitto"),
    ("georgian", "Georgia"),
    ("moldav", "Moldavia"),
    ("lituan", "Lituania"),
    ("letton", "Lettonia"),
    ("eston", "Estonia"),
    ("finlandes", "Finlandia"),
    ("svedes", "Svezia"),
    ("norveges", "Norvegia"),
    ("ungheres", "Ungheria"),
    ("romen", "Romania"),
    ("bulgar", "Bulgaria"),
    ("serb", "Serbia"),
    ("grec", "Grecia"),
    ("grech", "Grecia"),
    ("olandes", "Paesi Bassi"),
    ("belg", "Belgio"),
    ("svizzer", "Svizzera"),
    ("austriac", "Austria"),
    ("canades", "Canada"),
    ("messican", "Messico"),
    ("brasilian", "Brasile"),
    ("australian", "Australia"),
    ("pakistan", "Pakistan"),
    ("afghan", "Afghanistan"),
    ("iraken", "Iraq"),
    ("libanes", "Libano"),
    ("yemenit", "Yemen"),
    ("kazak", "Kazakistan"),
    ("vietnamit", "Vietnam"),
    ("taiwanes", "Taiwan"),
    ("mongol", "Mongolia"),
    ("europe", "Unione europea"),
    ("atlantic", "Nato"),
    ("sovietic", "Unione Sovietica"),
    ("austriach", "Austria"),
    ("iachen", "Iraq"),
    ("portoghes", "Portogallo"),
    ("danes", "Danimarca"),
    ("algerin", "Algeria"),
    ("marocchin", "Marocco"),
    ("tunisin", "Tunisia"),
    ("libic", "Libia"),
    ("filippin", "Filippine"),
    ("indones", "Indonesia"),
    ("nigerian", "Nigeria"),
    ("argentin", "Argentina"),
    ("venezuelan", "Venezuela"),
    ("cilen", "Cile"),
    ("armen", "Armenia"),
    ("azer", "Azerbaigian"),
    ("croat", "Croazia"),
    ("slovacc", "Slovacchia"),
    ("sloven", "Slovenia"),
    ("irlandes", "Irlanda"),
    ("cec", "Repubblica Ceca"),
    ("cech", "Repubblica Ceca"),
    ("qatariot", "Qatar"),
    ("emiratin", "Emirati Arabi Uniti"),
    ("giordan", "Giordania"),
    ("sudafrican", "Sudafrica"),
    ("thailandes", "Thailandia"),
    ("sudanes", "Sudan"),
    ("etiop", "Etiopia"),
    ("somal", "Somalia"),
    ("kenian", "Kenya"),
    ("keniot", "Kenya"),
    ("nigerin", "Niger"),
    ("malian", "Mali"),
    ("senegales", "Senegal"),
    ("ivorian", "Costa d'Avorio"),
    ("ghanes", "Ghana"),
    ("congoles", "Congo"),
    ("eritre", "Eritrea"),
    ("colombian", "Colombia"),
    ("peruvian", "Perù"),
    ("cuban", "Cuba"),
    ("albanes", "Albania"),
    ("kosovar", "Kosovo"),
    ("montenegrin", "Montenegro"),
    ("bosniac", "Bosnia ed Erzegovina"),
    ("maltes", "Malta"),
    ("ciprot", "Cipro"),
    ("cipriot", "Cipro"),
    ("islandes", "Islanda"),
];

/// Whether `name` is a country as the canonical names spell it (`Russia`, `Corea del Nord`).
pub fn is_country(name: &str) -> bool {
    STEMS
        .iter()
        .any(|(_, country)| *country == name && !matches!(name, "Nato" | "Unione europea"))
}

/// The country a capital (or a seat of government that stands for the state as a place)
/// names: `Mosca ha risposto` is Russia speaking.
pub fn country_of_capital(name: &str) -> Option<&'static str> {
    Some(match name.to_lowercase().as_str() {
        "mosca" => "Russia",
        "pyongyang" => "Corea del Nord",
        "washington" => "Stati Uniti",
        "kiev" | "kyiv" => "Ucraina",
        "seul" | "seoul" => "Corea del Sud",
        "pechino" => "Cina",
        "teheran" => "Iran",
        "ankara" => "Turchia",
        "roma" => "Italia",
        "parigi" => "Francia",
        "berlino" => "Germania",
        "londra" => "Regno Unito",
        "tokyo" | "tokio" => "Giappone",
        "madrid" => "Spagna",
        "varsavia" => "Polonia",
        "minsk" => "Bielorussia",
        "budapest" => "Ungheria",
        "gerusalemme" => "Israele",
        "taipei" => "Taiwan",
        "nuova delhi" | "new delhi" => "India",
        "beirut" => "Libano",
        "damasco" => "Siria",
        "baghdad" => "Iraq",
        "il cairo" | "cairo" => "Egitto",
        "amman" => "Giordania",
        "riad" | "riyad" => "Arabia Saudita",
        "doha" => "Qatar",
        "abu dhabi" => "Emirati Arabi Uniti",
        "tel aviv" => "Israele",
        "ramallah" => "Palestina",
        "tripoli" => "Libia",
        "tunisi" => "Tunisia",
        "algeri" => "Algeria",
        "rabat" => "Marocco",
        "khartoum" | "port sudan" => "Sudan",
        "addis abeba" => "Etiopia",
        "nairobi" => "Kenya",
        "abuja" => "Nigeria",
        "atene" => "Grecia",
        "vienna" => "Austria",
        "lisbona" => "Portogallo",
        "l'aia" | "l’aia" => "Paesi Bassi",
        "stoccolma" => "Svezia",
        "oslo" => "Norvegia",
        "helsinki" => "Finlandia",
        "copenaghen" => "Danimarca",
        "dublino" => "Irlanda",
        "praga" => "Repubblica Ceca",
        "bratislava" => "Slovacchia",
        "bucarest" => "Romania",
        "belgrado" => "Serbia",
        "zagabria" => "Croazia",
        "lubiana" => "Slovenia",
        "tirana" => "Albania",
        "vilnius" => "Lituania",
        "riga" => "Lettonia",
        "tallinn" => "Estonia",
        "chisinau" => "Moldavia",
        "tbilisi" => "Georgia",
        "erevan" | "yerevan" => "Armenia",
        "baku" => "Azerbaigian",
        "kabul" => "Afghanistan",
        "islamabad" => "Pakistan",
        "hanoi" => "Vietnam",
        "manila" => "Filippine",
        "giacarta" => "Indonesia",
        "bangkok" => "Thailandia",
        "canberra" => "Australia",
        "ottawa" => "Canada",
        "brasilia" => "Brasile",
        "buenos aires" => "Argentina",
        "bogotà" | "bogota" => "Colombia",
        "caracas" => "Venezuela",
        "l'avana" | "l’avana" => "Cuba",
        _ => return None,
    })
}

/// `nord` + `coreana` written apart (`la ministra degli Esteri nord coreana`).
pub fn country_of_two_words(first: &str, second: &str) -> Option<&'static str> {
    match (first, country_of_adjective(second)) {
        ("nord", Some("Corea")) => Some("Corea del Nord"),
        ("sud", Some("Corea")) => Some("Corea del Sud"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives_in_every_form() {
        assert_eq!(country_of_adjective("nordcoreani"), Some("Corea del Nord"));
        assert_eq!(country_of_adjective("nord-coreano"), Some("Corea del Nord"));
        assert_eq!(country_of_adjective("russa"), Some("Russia"));
        assert_eq!(country_of_adjective("statunitensi"), Some("Stati Uniti"));
        assert_eq!(country_of_adjective("turchi"), Some("Turchia"));
        assert_eq!(country_of_adjective("soldati"), None);
        assert_eq!(country_of_adjective("e"), None);
        assert_eq!(country_of_adjective("tedeschi"), Some("Germania"));
        assert_eq!(country_of_adjective("giapponese"), Some("Giappone"));
        assert_eq!(country_of_capital("Pechino"), Some("Cina"));
        assert!(is_country("Corea del Nord") && !is_country("Nato"));
        assert_eq!(
            country_of_two_words("nord", "coreana"),
            Some("Corea del Nord")
        );
    }
}
