//! The search module end to end on small corpora: what is found, how it ranks, where hits
//! are, and that saved, reopened and joined indexes answer as one built at once.

use std::sync::Arc;

use crate::corpus::Corpus;

use super::*;

const TEXTS: [&str; 5] = [
    "Truppe nordcoreane in Russia\n\nLe truppe nordcoreane sono arrivate a Kursk. Kim Jong-un ha \
     parlato con Lavrov a Vladivostok.",
    "La città di Kiev\n\nPerché la città resiste? Un soldato ucraino racconta la guerra.",
    "Lavrov a Pyongyang\n\nIl ministro Lavrov ha incontrato Kim a Pyongyang per parlare di \
     cooperazione militare.",
    "Il vertice\n\nUna truppa di giornalisti aspettava il leader nordcoreano.",
    "Altro\n\nNessuna notizia rilevante oggi, solo pioggia.",
];

fn corpus() -> Corpus {
    let texts = TEXTS.iter().map(|t| t.to_string()).collect();
    Corpus::from_texts(texts, None, true).unwrap()
}

fn built(corpus: &Corpus, entities: bool) -> SearchIndex {
    let names = entities.then(|| corpus.entities());
    SearchIndex::build(&corpus.articles, names.as_deref().map(Vec::as_slice)).unwrap()
}

fn articles(index: &SearchIndex, query: &str, stem: bool) -> Vec<usize> {
    let mut found: Vec<usize> = find(index, &parse(query).unwrap(), stem)
        .unwrap()
        .iter()
        .map(|f| f.article)
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn words_phrases_prefixes_and_operators() {
    let corpus = corpus();
    let index = built(&corpus, false);
    assert_eq!(articles(&index, "lavrov", false), [0, 2]);
    assert_eq!(articles(&index, "CITTA", false), [1]);
    // A stop word is searched for when quoted.
    assert_eq!(articles(&index, "\"PERCHÉ\"", false), [1]);
    assert_eq!(articles(&index, "\"truppe nordcoreane\"", false), [0]);
    assert_eq!(
        articles(&index, "\"nordcoreane truppe\"", false),
        Vec::<usize>::new()
    );
    assert_eq!(articles(&index, "nordcorean*", false), [0, 3]);
    assert_eq!(articles(&index, "lavrov -pyongyang", false), [0]);
    assert_eq!(articles(&index, "lavrov NOT pyongyang", false), [0]);
    assert_eq!(articles(&index, "kiev OR pyongyang", false), [1, 2]);
    assert_eq!(articles(&index, "kim AND (kursk OR pioggia)", false), [0]);
    assert_eq!(articles(&index, "-lavrov -kim", false), [1, 3, 4]);
    assert_eq!(articles(&index, "Jong-un", false), [0]);
}

#[test]
fn proximity_in_either_order() {
    let corpus = corpus();
    let index = built(&corpus, false);
    // Seven words come between Kim and Vladivostok.
    assert_eq!(articles(&index, "\"kim vladivostok\"~7", false), [0]);
    assert_eq!(articles(&index, "\"vladivostok kim\"~7", false), [0]);
    assert_eq!(
        articles(&index, "\"kim vladivostok\"~6", false),
        Vec::<usize>::new()
    );
}

#[test]
fn stemming_is_asked_for() {
    let corpus = corpus();
    let index = built(&corpus, false);
    assert_eq!(articles(&index, "truppa", false), [3]);
    assert_eq!(articles(&index, "truppa", true), [0, 3]);
}

#[test]
fn fields_and_dates() {
    let texts = vec![
        "Kim a Mosca\n\nIl leader è arrivato.".to_owned(),
        "Cronaca\n\nKim è tornato a Pyongyang.".to_owned(),
    ];
    let mut corpus = Corpus::default();
    let records = texts
        .into_iter()
        .enumerate()
        .map(|(n, text)| crate::corpus::Record {
            location: format!("text {n}"),
            content: Ok((
                text,
                crate::article::Overrides {
                    source: Some(["ANSA", "Il Post"][n].into()),
                    date: Some(["2024-06-18", "2024-07"][n].into()),
                    ..Default::default()
                },
            )),
        })
        .collect();
    corpus.extend_parsed(records, true).unwrap();
    let index = built(&corpus, false);
    assert_eq!(articles(&index, "title:kim", false), [0]);
    assert_eq!(articles(&index, "kim", false), [0, 1]);
    assert_eq!(articles(&index, "source:ansa", false), [0]);
    assert_eq!(articles(&index, "source:\"il post\"", false), [1]);
    assert_eq!(articles(&index, "date:2024-06", false), [0]);
    assert_eq!(articles(&index, "date:[2024-07-15 TO 2024-08]", false), [1]);
    assert_eq!(articles(&index, "date:[2024-06 TO 2024-07]", false), [0, 1]);
    assert_eq!(articles(&index, "kim -date:2024-06-18", false), [1]);
}

#[test]
fn entities_by_canonical_name() {
    let texts = vec![
        "Vertice\n\nIl presidente russo Vladimir Putin è arrivato a Pyongyang.".to_owned(),
        "Dichiarazioni\n\nIeri Putin ha parlato a lungo.".to_owned(),
        "Meteo\n\nPioggia a Roma.".to_owned(),
    ];
    let corpus = Corpus::from_texts(texts, None, true).unwrap();
    let index = built(&corpus, true);
    assert!(index.has_entities());
    assert_eq!(articles(&index, "entity:\"Vladimir Putin\"", false), [0, 1]);
    let without = built(&corpus, false);
    assert!(find(&without, &parse("entity:Putin").unwrap(), false).is_err());
}

#[test]
fn ranking_prefers_more_occurrences() {
    let corpus = corpus();
    let index = built(&corpus, false);
    let found = find(&index, &parse("truppe OR truppa").unwrap(), false).unwrap();
    assert_eq!(found[0].article, 0, "{found:?}");
    assert!(found[0].score > found[1].score);
}

#[test]
fn joined_and_reopened_indexes_answer_as_one() {
    let whole = corpus();
    let index = built(&whole, false);
    let half = |range: std::ops::Range<usize>| {
        let mut part = Corpus::default();
        part.articles = whole.articles[range].to_vec();
        built(&part, false)
    };
    let (a, b) = (half(0..2), half(2..5));
    let joined = SearchIndex::concat(&[&a, &b]);
    assert_eq!(joined.parts.len(), 2);
    let folder = std::env::temp_dir().join(format!("rassegna-search-{}", std::process::id()));
    joined.save(&folder).unwrap();
    let reopened = SearchIndex::open(&folder).unwrap();
    for query in [
        "lavrov",
        "truppe OR kim",
        "\"truppe nordcoreane\"",
        "nordcorean*",
    ] {
        let query = parse(query).unwrap();
        let expected = find(&index, &query, false).unwrap();
        assert_eq!(find(&joined, &query, false).unwrap(), expected);
        assert_eq!(find(&reopened, &query, false).unwrap(), expected);
    }
    // Saving an index opened from disk copies its files.
    let again = folder.join("again");
    reopened.save(&again).unwrap();
    assert_eq!(SearchIndex::open(&again).unwrap().len(), 5);
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn partitions_ranked_with_merged_statistics_rank_as_the_whole() {
    let whole = corpus();
    let index = built(&whole, false);
    let mut first = Corpus::default();
    first.articles = whole.articles[..3].to_vec();
    let mut second = Corpus::default();
    second.articles = whole.articles[3..].to_vec();
    let parts = [built(&first, false), built(&second, false)];
    let query = parse("truppa OR lavrov").unwrap();
    let mut merged = statistics(&parts[0], &query, true).unwrap();
    merged.merge(&statistics(&parts[1], &query, true).unwrap());
    let mut found: Vec<Found> = find_with(&parts[0], &query, true, &merged).unwrap();
    found.extend(
        find_with(&parts[1], &query, true, &merged)
            .unwrap()
            .into_iter()
            .map(|f| Found {
                article: f.article + 3,
                ..f
            }),
    );
    rank(&mut found);
    assert_eq!(found, find(&index, &query, true).unwrap());
}

#[test]
fn hits_are_in_the_body_and_phrases_are_whole() {
    let corpus = corpus();
    let article = &corpus.articles[0];
    let found = hits(
        article,
        &parse("\"truppe nordcoreane\" kim").unwrap(),
        false,
    );
    let texts: Vec<&str> = found.iter().map(|r| &article.text[r.clone()]).collect();
    assert_eq!(texts, ["Truppe nordcoreane", "truppe nordcoreane", "Kim"]);
    let near = hits(article, &parse("\"vladivostok kim\"~7").unwrap(), false);
    assert_eq!(
        &article.text[near[0].clone()],
        "Kim Jong-un ha parlato con Lavrov a Vladivostok"
    );
    let stemmed = hits(&corpus.articles[3], &parse("truppe").unwrap(), true);
    assert_eq!(&corpus.articles[3].text[stemmed[0].clone()], "truppa");
    assert!(hits(article, &parse("kim -lavrov").unwrap(), false).len() == 1);
}

#[test]
fn concordance_of_words_phrases_and_regexes() {
    let corpus = corpus();
    let articles: &[Arc<crate::article::Article>] = &corpus.articles;
    let lines = concordance(articles, &Pattern::new("citta", false).unwrap(), 2).unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        (lines[1].left.as_str(), lines[1].matched.as_str()),
        ("Perché la ", "città")
    );
    assert_eq!(lines[1].right, " resiste? Un");
    let phrase = concordance(
        articles,
        &Pattern::new("Truppe Nordcoreane", false).unwrap(),
        1,
    )
    .unwrap();
    let matched: Vec<&str> = phrase.iter().map(|l| l.matched.as_str()).collect();
    assert_eq!(matched, ["Truppe nordcoreane", "truppe nordcoreane"]);
    let prefix = concordance(articles, &Pattern::new("nordcorean*", false).unwrap(), 1).unwrap();
    assert_eq!(
        prefix
            .iter()
            .map(|l| l.matched.as_str())
            .collect::<Vec<_>>(),
        ["nordcoreane", "nordcoreane", "nordcoreano"]
    );
    let regex = concordance(articles, &Pattern::new(r"Pyong\w+", true).unwrap(), 1).unwrap();
    assert_eq!(regex.len(), 2);
    let lines = concordance(articles, &Pattern::new("a", false).unwrap(), 2).unwrap();
    let line = lines.iter().find(|l| l.left == "Lavrov ").unwrap();
    assert_eq!(sort_key(line, true), "lavrov");
    assert_eq!(line.right, " Pyongyang  Il");
    assert_eq!(sort_key(line, false), "pyongyang il");
    assert!(Pattern::new("(unclosed", true).is_err());
    assert!(Pattern::new("  ", false).is_err());
}

#[test]
fn a_catastrophic_regex_runs_in_linear_time() {
    let text = format!("Titolo\n\n{}b", "a".repeat(20_000));
    let corpus = Corpus::from_texts(vec![text], None, true).unwrap();
    let pattern = Pattern::new("(a+)+$", true).unwrap();
    let lines = concordance(&corpus.articles, &pattern, 1).unwrap();
    assert!(lines.is_empty());
}
