//! From signatures to groups. LSH banding proposes candidate pairs among the distinct
//! contents of a corpus (exact copies are met by fingerprint first, so that ten thousand
//! copies of a text cost one signature in the buckets); the parts then send the metadata of
//! every article that may be in a group ([`Members`]), with the shingles of candidates whose
//! shingles did not stay beside their signatures (a part on another machine), and each pair
//! is verified exactly: Jaccard similarity and containment
//! computed on the shingle sets, so that every similarity reported is exact. Groups are the
//! connected articles (union-find), each with a representative: its earliest article.

use std::cmp::Ordering;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::minhash::band_key;
use super::shingles::{shared, Shingler};
use super::signatures::{Signatures, NO_ROW};
use crate::article::Article;
use crate::error::{Error, Result};

/// A bucket of at most this many contents gives all its pairs; a larger one (a boilerplate
/// sentence every article of an outlet carries, thousands of edited copies of one wire)
/// pairs each content with the [`BUCKET_WINDOW`] before it, so that a bucket costs linear
/// time. Copies in a large bucket still join one group, through chains of verified pairs.
pub const BUCKET_ALL_PAIRS: usize = 64;
pub const BUCKET_WINDOW: usize = 16;

/// A content must have this many shingles to be grouped for being contained in another:
/// one short sentence inside a long article is not the same story.
pub const MIN_CONTAINED_SHINGLES: usize = 20;

const NONE: u32 = u32::MAX;

/// Candidate pairs of a corpus, by article position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Candidates {
    /// Per article: the first article with the same content (itself when it is the first),
    /// or `u32::MAX` when it has nothing to compare.
    pub copy_of: Vec<u32>,
    /// Pairs of first articles of distinct contents, smaller first, sorted, distinct.
    pub pairs: Vec<(u32, u32)>,
    /// Per article: words of its content.
    pub words: Vec<u32>,
    /// The shingles of the articles in pairs, when the signatures were made here.
    pub held: FxHashMap<u32, Vec<u64>>,
}

/// Candidate pairs: contents whose signatures agree on every position of at least one of
/// `bands` bands of `rows` positions.
/// The shingles kept beside the signatures move into the candidates' `held`.
pub fn candidates(mut signatures: Signatures, bands: usize, rows: usize) -> Result<Candidates> {
    let num_perm = signatures.num_perm as usize;
    if bands == 0 || rows == 0 || bands * rows > num_perm {
        return Err(Error::InvalidValue {
            location: "duplicates".into(),
            field: "bands".into(),
            message: format!(
                "{bands} bands of {rows} rows: expected at least one of each, and no more than \
                 num_perm ({num_perm}) positions in all"
            ),
        });
    }
    let mut copy_of = Vec::with_capacity(signatures.len());
    let mut first_of: FxHashMap<u64, u32> = FxHashMap::default();
    for (index, &print) in signatures.fingerprints.iter().enumerate() {
        if signatures.rows[index] == NO_ROW {
            copy_of.push(NONE);
        } else {
            copy_of.push(*first_of.entry(print).or_insert(index as u32));
        }
    }
    drop(first_of);
    let distinct: Vec<u32> = (0..signatures.len() as u32)
        .filter(|&i| copy_of[i as usize] == i)
        .collect();
    // Band by band: each band's keys are sorted on their own (in cache, and in parallel with
    // the other bands); a pair is packed in a u64, smaller article first.
    let mut pairs: Vec<u64> = (0..bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u64, u32)> = distinct
                .iter()
                .map(|&index| {
                    let signature = signatures.signature(index as usize).unwrap_or(&[]);
                    let values = signature.get(band * rows..(band + 1) * rows).unwrap_or(&[]);
                    (band_key(values, band), index)
                })
                .collect();
            keys.sort_unstable();
            let mut found = Vec::new();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
                let reach = if bucket.len() <= BUCKET_ALL_PAIRS {
                    bucket.len()
                } else {
                    BUCKET_WINDOW
                };
                for (i, later) in bucket.iter().enumerate().skip(1) {
                    let earlier = &bucket[i.saturating_sub(reach)..i];
                    found.extend(
                        earlier
                            .iter()
                            .map(|a| u64::from(a.1) << 32 | u64::from(later.1)),
                    );
                }
            }
            found.into_iter()
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let pairs: Vec<(u32, u32)> = pairs
        .into_iter()
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect();
    let mut held = FxHashMap::default();
    for &(a, b) in &pairs {
        for index in [a, b] {
            let row = signatures
                .rows
                .get(index as usize)
                .copied()
                .unwrap_or(NO_ROW);
            if let Some(shingles) = signatures.shingles.get_mut(row as usize) {
                if !shingles.is_empty() {
                    held.insert(index, std::mem::take(shingles));
                }
            }
        }
    }
    Ok(Candidates {
        copy_of,
        pairs,
        words: signatures.words,
        held,
    })
}

impl Candidates {
    /// The articles that may be in a group, in order, each with whether its shingles are
    /// needed to verify a pair: the first article of every content in a pair, and every
    /// copy of such a content or of any content that has copies.
    pub fn wanted(&self) -> Vec<(u32, bool)> {
        let mut in_pair = vec![false; self.copy_of.len()];
        for &(a, b) in &self.pairs {
            in_pair[a as usize] = true;
            in_pair[b as usize] = true;
        }
        let mut copies = vec![0u32; self.copy_of.len()];
        for &first in &self.copy_of {
            if first != NONE {
                copies[first as usize] += 1;
            }
        }
        self.copy_of
            .iter()
            .enumerate()
            .filter(|&(_, &first)| {
                first != NONE && (in_pair[first as usize] || copies[first as usize] > 1)
            })
            .map(|(index, &first)| {
                let needed = index as u32 == first && in_pair[index];
                (
                    index as u32,
                    needed && !self.held.contains_key(&(index as u32)),
                )
            })
            .collect()
    }
}

/// What the table of duplicates shows of an article that may be in a group, and its
/// shingles when a pair needs them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub index: u32,
    pub id: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub shingles: Option<Vec<u64>>,
}

/// The members one part sends, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Members(pub Vec<Member>);

impl Members {
    /// The wanted articles of a part whose first article is article `first` of the corpus:
    /// `wanted` are corpus positions (with whether shingles are needed), each in the part.
    pub fn of_articles(
        articles: &[Arc<Article>],
        first: usize,
        wanted: &[(u32, bool)],
        shingle_size: usize,
    ) -> Result<Members> {
        super::shingles::check_size(shingle_size)?;
        let members = wanted
            .par_iter()
            .map_init(Shingler::default, |shingler, &(index, needs_shingles)| {
                let article = (index as usize)
                    .checked_sub(first)
                    .and_then(|local| articles.get(local))
                    .ok_or_else(|| Error::InvalidValue {
                        location: "duplicates".into(),
                        field: "wanted".into(),
                        message: format!(
                            "article {index} is not in the part of {} articles from {first}",
                            articles.len()
                        ),
                    })?;
                let shingles = needs_shingles.then(|| shingler.shingles(article, shingle_size).0);
                let field = |f: &Option<crate::article::Field>| f.as_ref().map(|f| f.value.clone());
                Ok(Member {
                    index,
                    id: article.id.clone(),
                    date: field(&article.date),
                    source: article.source.clone(),
                    title: field(&article.title),
                    shingles,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Members(members))
    }
}

/// How an article stands to its group's representative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Representative,
    /// The same content (the same shingles).
    Exact,
    /// Nearly the representative's whole content, and more of its own: a wire with the
    /// outlet's paragraphs.
    Contains,
    /// Nearly all of it inside the representative, which has more: a cut copy.
    Within,
    /// Similar at the threshold or above, edited both ways.
    Near,
    /// In the group through other members, less similar to the representative itself.
    Linked,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Representative => "representative",
            Relation::Exact => "exact",
            Relation::Contains => "contains",
            Relation::Within => "within",
            Relation::Near => "near",
            Relation::Linked => "linked",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupOptions {
    /// Jaccard similarity at which two contents are copies.
    pub threshold: f64,
    /// Share of a content inside another at which it is a copy, contained.
    pub containment: f64,
}

/// One article of a group.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub group: u32,
    /// Position of the member in `Members`.
    pub member: usize,
    pub representative: usize,
    /// Exact Jaccard similarity of the shingles to the representative's.
    pub similarity: f64,
    /// Share of the representative's shingles that this article has.
    pub containment: f64,
    pub relation: Relation,
}

/// What two shingle sets share: (Jaccard, share of `a` in `b`, share of `b` in `a`).
fn compare(a: &[u64], b: &[u64]) -> (f64, f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = shared(a, b) as f64;
    let (x, y) = (a.len() as f64, b.len() as f64);
    (n / (x + y - n), n / x, n / y)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    // The smaller root stays: a group's root is its first member.
    match ra.cmp(&rb) {
        Ordering::Less => parent[rb] = ra,
        Ordering::Greater => parent[ra] = rb,
        Ordering::Equal => {}
    }
}

/// The groups of the corpus: rows in group order (groups by their first article), each
/// group's members in corpus order. `members` are every part's, in corpus order.
pub fn group(
    candidates: &Candidates,
    members: &[Member],
    options: GroupOptions,
) -> Result<Vec<Row>> {
    let at: FxHashMap<u32, usize> = members
        .iter()
        .enumerate()
        .map(|(position, m)| (m.index, position))
        .collect();
    let missing = |index: u32| Error::Internal(format!("duplicates: article {index} was not sent"));
    let shingles_of = |index: u32| -> Result<&[u64]> {
        if let Some(held) = candidates.held.get(&index) {
            return Ok(held.as_slice());
        }
        let position = *at.get(&index).ok_or_else(|| missing(index))?;
        members[position]
            .shingles
            .as_deref()
            .ok_or_else(|| missing(index))
    };
    let verified: Vec<(u32, u32)> = candidates
        .pairs
        .par_iter()
        .map(|&(a, b)| {
            let (sa, sb) = (shingles_of(a)?, shingles_of(b)?);
            let (jaccard, a_in_b, b_in_a) = compare(sa, sb);
            let contained = (a_in_b >= options.containment && sa.len() >= MIN_CONTAINED_SHINGLES)
                || (b_in_a >= options.containment && sb.len() >= MIN_CONTAINED_SHINGLES);
            Ok((jaccard >= options.threshold || contained).then_some((a, b)))
        })
        .filter_map(Result::transpose)
        .collect::<Result<_>>()?;
    let mut parent: Vec<usize> = (0..members.len()).collect();
    for (position, member) in members.iter().enumerate() {
        let first = *candidates
            .copy_of
            .get(member.index as usize)
            .unwrap_or(&NONE);
        if first != NONE && first != member.index {
            union(
                &mut parent,
                position,
                *at.get(&first).ok_or_else(|| missing(first))?,
            );
        }
    }
    for (a, b) in verified {
        let (pa, pb) = (at[&a], at[&b]);
        union(&mut parent, pa, pb);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: FxHashMap<usize, usize> = FxHashMap::default();
    for position in 0..members.len() {
        let root = find(&mut parent, position);
        let group = *group_of.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(position);
    }
    groups.retain(|g| g.len() > 1);
    let content_of = |position: usize| -> Result<&[u64]> {
        let index = members[position].index;
        shingles_of(*candidates.copy_of.get(index as usize).unwrap_or(&index))
    };
    let mut rows = Vec::new();
    for (number, group) in groups.iter().enumerate() {
        let representative = *group
            .iter()
            .min_by(|&&a, &&b| earlier(&members[a], &members[b]))
            .unwrap_or(&group[0]);
        let same_content = |a: usize, b: usize| {
            candidates.copy_of.get(members[a].index as usize)
                == candidates.copy_of.get(members[b].index as usize)
        };
        for &position in group {
            let (similarity, containment, relation) = if position == representative {
                (1.0, 1.0, Relation::Representative)
            } else if same_content(position, representative) {
                (1.0, 1.0, Relation::Exact)
            } else {
                let (mine, theirs) = (content_of(position)?, content_of(representative)?);
                let (jaccard, mine_in_theirs, theirs_in_mine) = compare(mine, theirs);
                let inside = |share: f64, set: &[u64]| {
                    share >= options.containment && set.len() >= MIN_CONTAINED_SHINGLES
                };
                let relation = match (inside(theirs_in_mine, theirs), inside(mine_in_theirs, mine))
                {
                    (true, false) => Relation::Contains,
                    (false, true) => Relation::Within,
                    _ if jaccard >= options.threshold => Relation::Near,
                    (true, true) => Relation::Near,
                    _ => Relation::Linked,
                };
                (jaccard, theirs_in_mine, relation)
            };
            rows.push(Row {
                group: number as u32,
                member: position,
                representative,
                similarity,
                containment,
                relation,
            });
        }
    }
    Ok(rows)
}

/// Earliest date first (undated last; ISO dates of any precision compare as text), then
/// corpus order.
fn earlier(a: &Member, b: &Member) -> Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then(a.index.cmp(&b.index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    const WIRE: &str = "Il consiglio comunale di Bari ha approvato ieri sera il bilancio di \
        previsione per il prossimo anno con i voti della maggioranza. L'opposizione ha \
        lasciato l'aula prima del voto finale, denunciando tagli ai servizi sociali e alle \
        scuole dell'infanzia. Il sindaco ha difeso la manovra parlando di conti in ordine e di \
        nuovi investimenti per le periferie della città.";
    const OTHER: &str = "La nazionale di pallavolo femminile ha vinto la finale del torneo \
        europeo battendo la Serbia in cinque set davanti a un palazzetto esaurito. La \
        capitana ha dedicato la vittoria alle compagne infortunate.";

    fn dated(text: &str, date: &str) -> Arc<Article> {
        let overrides = Overrides {
            date: Some(date.into()),
            ..Overrides::default()
        };
        Arc::new(parse(text.to_owned(), overrides).unwrap())
    }

    fn corpus() -> Vec<Arc<Article>> {
        let edited = WIRE
            .replace("ieri sera", "nella serata di ieri")
            .replace("città", "citta'");
        let longer = format!(
            "{WIRE}\n\nIn serata la giunta ha annunciato un incontro con i sindacati dei \
             dipendenti comunali per discutere del rinnovo dei contratti e delle assunzioni \
             previste nel piano triennale del personale."
        );
        vec![
            dated(OTHER, "2024-03-02"),
            dated(&longer, "2024-03-02"),
            dated(WIRE, "2024-03-01"),
            dated(&edited, "2024-03-02"),
            dated(WIRE, "2024-03-03"),
            dated("Breve.", "2024-03-01"),
        ]
    }

    /// The groups of `articles` cut into parts at `parts`; with `travel`, each part's
    /// signatures go through bytes, as between machines, and leave their shingles behind.
    fn rows_of(
        articles: &[Arc<Article>],
        parts: &[usize],
        travel: bool,
    ) -> (Vec<Member>, Vec<Row>) {
        let options = GroupOptions {
            threshold: 0.5,
            containment: 0.9,
        };
        let mut signatures = Signatures::default();
        let mut start = 0;
        let mut cuts = parts.to_vec();
        cuts.push(articles.len());
        for &end in &cuts {
            let mut part = Signatures::of_articles(&articles[start..end], 3, 128).unwrap();
            if travel {
                part = postcard::from_bytes(&postcard::to_allocvec(&part).unwrap()).unwrap();
            }
            signatures.merge(part).unwrap();
            start = end;
        }
        let candidates = candidates(signatures, 42, 3).unwrap();
        let wanted = candidates.wanted();
        let mut members = Vec::new();
        let mut start = 0;
        for &end in &cuts {
            let mine: Vec<(u32, bool)> = wanted
                .iter()
                .copied()
                .filter(|&(i, _)| (start..end).contains(&(i as usize)))
                .collect();
            members.extend(
                Members::of_articles(&articles[start..end], start, &mine, 3)
                    .unwrap()
                    .0,
            );
            start = end;
        }
        let rows = group(&candidates, &members, options).unwrap();
        (members, rows)
    }

    #[test]
    fn a_wire_its_copies_and_an_outlet_version_make_one_group() {
        let (members, rows) = rows_of(&corpus(), &[], false);
        let shown: Vec<(u32, &str, f64)> = rows
            .iter()
            .map(|r| (members[r.member].index, r.relation.as_str(), r.similarity))
            .collect();
        assert_eq!(rows.iter().map(|r| r.group).collect::<Vec<_>>(), vec![0; 4]);
        // The wire (article 2, the earliest) represents the group.
        assert!(rows.iter().all(|r| members[r.representative].index == 2));
        assert_eq!(shown[0].0, 1);
        assert_eq!(shown[0].1, "contains");
        assert_eq!(shown[1], (2, "representative", 1.0));
        assert_eq!(shown[2].1, "near");
        assert!(shown[2].2 > 0.5 && shown[2].2 < 1.0);
        assert_eq!(shown[3], (4, "exact", 1.0));
    }

    #[test]
    fn parts_give_the_groups_of_the_whole() {
        let articles = corpus();
        let (members, whole) = rows_of(&articles, &[], false);
        let show = |members: &[Member], rows: &[Row]| -> Vec<(u32, u32, u32, String, u64)> {
            rows.iter()
                .map(|r| {
                    (
                        r.group,
                        members[r.member].index,
                        members[r.representative].index,
                        r.relation.as_str().to_owned(),
                        (r.similarity * 1e9) as u64,
                    )
                })
                .collect()
        };
        for cuts in [vec![1], vec![2, 4], vec![1, 2, 3, 4, 5]] {
            for travel in [false, true] {
                let (m, rows) = rows_of(&articles, &cuts, travel);
                assert_eq!(show(&m, &rows), show(&members, &whole), "cut at {cuts:?}");
                // Shingles that stayed behind are sent by the parts; held ones are not.
                assert_eq!(m.iter().any(|m| m.shingles.is_some()), travel);
            }
        }
    }

    #[test]
    fn many_copies_and_a_huge_bucket_stay_linear() {
        // 3,000 copies, each with one word of its own: they share most bands, in buckets far
        // over the all-pairs size, and still make one group through windows of pairs.
        let articles: Vec<Arc<Article>> = (0..3000)
            .map(|i| dated(&format!("{WIRE} Nota {i}."), "2024-03-01"))
            .collect();
        let signatures = Signatures::of_articles(&articles, 3, 64).unwrap();
        let candidates = candidates(signatures, 16, 4).unwrap();
        assert!(candidates.pairs.len() <= 3000 * BUCKET_WINDOW * 16);
        let members = Members::of_articles(&articles, 0, &candidates.wanted(), 3).unwrap();
        let rows = group(
            &candidates,
            &members.0,
            GroupOptions {
                threshold: 0.5,
                containment: 0.9,
            },
        )
        .unwrap();
        assert_eq!(rows.len(), 3000);
        assert!(rows.iter().all(|r| r.group == 0));
    }

    #[test]
    fn too_many_bands_are_refused() {
        let signatures = Signatures::of_articles(&corpus(), 3, 16).unwrap();
        assert!(candidates(signatures.clone(), 5, 4).is_err());
        assert!(candidates(signatures, 0, 4).is_err());
    }
}
