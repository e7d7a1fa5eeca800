//! Term counts on many threads, straight from body tokens: of raw texts (the path from texts
//! in memory to a TF-IDF matrix) and of parsed articles ([`count_articles`]: every corpus
//! statistic that counts terms, with an entity standing as one term when asked).
//!
//! Each worker thread keeps one [`WorkerTable`] for the whole count. A word is normalised,
//! classified (term or inner word, elided or not, stemmed) and numbered once per worker, the
//! first time that worker meets it; after that a token costs one look-up in a [`FormTable`]
//! keyed by its bytes, with no string built, and the look-ups of a document are prefetched a
//! few tokens ahead. Bigrams are pairs of word ids and longer n-grams lists of them, so no
//! n-gram is written out while counting. Batches come back as rows of worker-local term ids
//! ([`BatchRows`]), are gathered in input order ([`CountedRows`]), and the workers' tables are
//! joined once, at the end, into one vocabulary ([`TextCounter::finish`]).

use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;
use std::sync::{mpsc, Arc, Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::counts::{order_prefix_runs, prefix_key, TermCounts};
use super::form_table::{FormTable, ShortKey, INLINE};
use super::intern::Interner;
use super::normalize::push_normalized;
use super::strings::Strings;
use super::vocabulary::{Role, TermOptions, Vocabulary};
use crate::article::Article;
use crate::entities::Entity;
use crate::prefetch::prefetch;
use crate::text::{Token, TokenKind};

/// Texts per batch handed to a worker: small enough that a corpus of a few hundred articles
/// still spreads over every core, large enough that hand-offs cost nothing next to the work.
pub const TEXTS_PER_BATCH: usize = 16;

/// How many tokens ahead a document's look-ups ask for their buckets (and, half as far
/// ahead, for the entries the buckets point to).
const AHEAD: usize = 16;

const NONE: u32 = u32::MAX;

/// How many terms ahead the writing of the sorted vocabulary asks for a key's name.
const NAME_AHEAD: usize = 8;

/// Bytes of news text per distinct term of its document, about: 11 on the KIND articles
/// with unigrams, 5 with bigrams too (the arrays then grow as they must).
const CELL_BYTES: usize = 8;

/// Which table a token's form is looked up in: a number and a word may share a form but
/// not a role (a number is always a term).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Word = 0,
    Number = 1,
}

/// What a token is in the counts: a word id of its worker (the unit n-grams are made of) and
/// its unigram term id (NONE when unigrams are not counted or it is no term), with its role
/// and whether it is elided; or a break no n-gram crosses. Eight bytes, so that a form-table
/// entry (key and slot) is half a cache line: the unit id shares a word with the role and
/// the elision flag.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// `unit << 3 | role << 1 | elided`.
    packed: u32,
    unigram: u32,
}

/// Units a worker can number: the ids left over from the three flag bits.
const MAX_UNITS: u32 = 1 << 29;

impl Slot {
    fn new(unit: u32, unigram: u32, role: Role, elided: bool) -> Self {
        assert!(
            unit < MAX_UNITS,
            "more than {MAX_UNITS} distinct words on one worker"
        );
        let role = match role {
            Role::Term => 0,
            Role::Inner => 1,
            Role::Break => 2,
        };
        Self {
            packed: unit << 3 | role << 1 | u32::from(elided),
            unigram,
        }
    }

    fn unit(self) -> u32 {
        self.packed >> 3
    }

    fn role(self) -> Role {
        match self.packed >> 1 & 3 {
            0 => Role::Term,
            1 => Role::Inner,
            _ => Role::Break,
        }
    }

    fn is_term(self) -> bool {
        self.packed & 0b110 == 0
    }

    fn elided(self) -> bool {
        self.packed & 1 == 1
    }
}

const BREAK: Slot = Slot {
    packed: 2 << 1,
    unigram: NONE,
};

/// How a token of the current document is looked up: a short form by key, a long one by
/// its normalised string (in `WorkerTable::form`, at the given range), an entity by its
/// name (there too), or not at all.
#[derive(Clone, Copy)]
enum Probe {
    Short(ShortKey, u64),
    Long(Class, u32, u32),
    Entity(u32, u32),
    Break,
}

/// What a term of a worker is, until its string is written once, at the end.
enum TermKey {
    /// A unigram: this unit.
    Unit(u32),
    /// A bigram: (first unit << 1 | elided) << 32 | second unit.
    Pair(u64),
    /// A longer n-gram: its units, each `unit << 1 | elided` (the last one's flag unset).
    Gram(Box<[u32]>),
}

/// One worker's terms and scratch space, kept from batch to batch.
#[derive(Default)]
struct WorkerTable {
    short: FormTable<Slot>,
    long: [FxHashMap<Box<str>, Slot>; 2],
    units: Interner,
    /// Per unit: its term id as a unigram, or NONE before it is counted as one.
    unigram: Vec<u32>,
    pairs: FxHashMap<u64, u32>,
    grams: FxHashMap<Box<[u32]>, u32>,
    keys: Vec<TermKey>,
    /// Per term: the document (of this worker's) it was last counted in, and its cell there.
    seen: Vec<[u32; 2]>,
    doc: u32,
    tokens: Vec<Token>,
    probes: Vec<Probe>,
    slots: Vec<Slot>,
    /// The normalised forms of the current document's long or non-ASCII tokens.
    form: String,
    lower: String,
    gram: Vec<u32>,
}

impl WorkerTable {
    fn count_text(&mut self, text: &str, vocabulary: &Vocabulary, out: &mut BatchRows) {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        crate::article::body_tokens(text, &mut tokens);
        self.probe(&tokens, text, vocabulary);
        self.tokens = tokens;
        self.count_probes(vocabulary, out);
    }

    /// Counts a parsed article's body; `entities` (sorted by start) stand as one unit each
    /// for the tokens they cover when the options ask for entity-aware terms.
    fn count_article(
        &mut self,
        article: &Article,
        entities: &[Entity],
        vocabulary: &Vocabulary,
        out: &mut BatchRows,
    ) {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        article.push_tokens(&mut tokens);
        if vocabulary.options().entities && !entities.is_empty() {
            self.probe_with_entities(&tokens, &article.text, entities, vocabulary);
        } else {
            self.probe(&tokens, &article.text, vocabulary);
        }
        self.tokens = tokens;
        self.count_probes(vocabulary, out);
    }

    /// Looks up and counts the current document's probes, and closes its row.
    fn count_probes(&mut self, vocabulary: &Vocabulary, out: &mut BatchRows) {
        self.look_up(vocabulary);
        self.count_slots(vocabulary.options().ngram_range, out);
        out.indptr.push(out.indices.len());
        self.doc += 1;
        if self.doc == NONE {
            // Four billion documents on one worker: start the stamps again.
            for seen in &mut self.seen {
                seen[0] = NONE;
            }
            self.doc = 0;
        }
    }

    /// The key and hash of each token, before any look-up.
    fn probe(&mut self, tokens: &[Token], text: &str, vocabulary: &Vocabulary) {
        let options = vocabulary.options();
        self.probes.clear();
        self.form.clear();
        for token in tokens {
            self.probe_token(token, text, options);
        }
    }

    /// As [`WorkerTable::probe`], with the tokens an entity covers probed as its name, as
    /// `Vocabulary::units` makes them one unit: only entities of the body (with a sentence).
    fn probe_with_entities(
        &mut self,
        tokens: &[Token],
        text: &str,
        entities: &[Entity],
        vocabulary: &Vocabulary,
    ) {
        let options = vocabulary.options();
        self.probes.clear();
        self.form.clear();
        let mut entities = entities
            .iter()
            .filter(|e| e.sentence.is_some() && e.end > e.start)
            .peekable();
        let mut index = 0;
        while let Some(token) = tokens.get(index) {
            while entities.next_if(|e| e.end <= token.start).is_some() {}
            if let Some(entity) = entities.next_if(|e| e.start < token.end) {
                let name = if entity.canonical.is_empty() {
                    entity.text(text)
                } else {
                    entity.canonical.as_str()
                };
                let start = self.form.len() as u32;
                self.form.push_str(name);
                self.probes
                    .push(Probe::Entity(start, self.form.len() as u32));
                while tokens.get(index).is_some_and(|t| t.start < entity.end) {
                    index += 1;
                }
                continue;
            }
            self.probe_token(token, text, options);
            index += 1;
        }
    }

    /// The probe of one token.
    #[inline(always)]
    fn probe_token(&mut self, token: &Token, text: &str, options: &TermOptions) {
        let class = match token.kind {
            TokenKind::Word | TokenKind::Abbreviation | TokenKind::Hashtag | TokenKind::Handle => {
                Class::Word
            }
            TokenKind::Number if options.numbers => Class::Number,
            _ => {
                self.probes.push(Probe::Break);
                return;
            }
        };
        let surface = token.text(text);
        let ascii = if surface.len() <= INLINE {
            ShortKey::ascii(
                text.as_bytes(),
                token.start,
                surface.len(),
                options.lowercase,
                class as u32,
            )
        } else {
            None
        };
        let key = if let Some(key) = ascii {
            key
        } else {
            let start = self.form.len();
            push_normalized(&mut self.form, surface, options.lowercase);
            let form = &self.form[start..];
            if form.len() > INLINE {
                self.probes
                    .push(Probe::Long(class, start as u32, self.form.len() as u32));
                return;
            }
            let key = ShortKey::new(form.as_bytes(), class as u32);
            self.form.truncate(start);
            key
        };
        self.probes.push(Probe::Short(key, key.hash()));
    }

    /// The slot of each probe, prefetching the look-ups ahead.
    fn look_up(&mut self, vocabulary: &Vocabulary) {
        let probes = std::mem::take(&mut self.probes);
        self.slots.clear();
        for (k, probe) in probes.iter().enumerate() {
            if let Some(Probe::Short(_, hash)) = probes.get(k + AHEAD) {
                self.short.prefetch(*hash);
            }
            if let Some(Probe::Short(_, hash)) = probes.get(k + AHEAD / 2) {
                self.short.prefetch_entry(*hash);
            }
            let slot = match *probe {
                Probe::Short(key, hash) => match self.short.get(&key, hash) {
                    Some(slot) => slot,
                    None => {
                        let bytes = key.bytes();
                        // The bytes are ASCII or a whole normalised `str`.
                        let form = std::str::from_utf8(&bytes[..key.len()]).unwrap_or("");
                        let class = if key.class() == Class::Number as u32 {
                            Class::Number
                        } else {
                            Class::Word
                        };
                        let slot = self.classify(form, class, vocabulary);
                        self.short.insert(key, hash, slot);
                        slot
                    }
                },
                Probe::Long(class, start, end) => {
                    let form = std::mem::take(&mut self.form);
                    let text = &form[start as usize..end as usize];
                    let slot = match self.long[class as usize].get(text) {
                        Some(&slot) => slot,
                        None => {
                            let slot = self.classify(text, class, vocabulary);
                            self.long[class as usize].insert(Box::from(text), slot);
                            slot
                        }
                    };
                    self.form = form;
                    slot
                }
                Probe::Entity(start, end) => {
                    let form = std::mem::take(&mut self.form);
                    let slot = self.unit_slot(
                        &form[start as usize..end as usize],
                        Role::Term,
                        false,
                        vocabulary,
                    );
                    self.form = form;
                    slot
                }
                Probe::Break => BREAK,
            };
            if slot.unigram != NONE {
                prefetch(&self.seen, slot.unigram as usize);
            }
            self.slots.push(slot);
        }
        self.probes = probes;
    }

    /// The slot of a form met for the first time by this worker.
    fn classify(&mut self, form: &str, class: Class, vocabulary: &Vocabulary) -> Slot {
        match class {
            Class::Number => self.unit_slot(form, Role::Term, false, vocabulary),
            Class::Word => {
                let mut lower = std::mem::take(&mut self.lower);
                let word = vocabulary.word(form, &mut lower);
                let slot = self.unit_slot(&word.unit, word.role, word.elided, vocabulary);
                self.lower = lower;
                slot
            }
        }
    }

    /// The slot of a unit of this role, numbering the unit (and, as a unigram term, the
    /// term) if it is new to this worker.
    fn unit_slot(&mut self, unit: &str, role: Role, elided: bool, vocabulary: &Vocabulary) -> Slot {
        let unit = self.units.id(unit);
        if unit as usize == self.unigram.len() {
            self.unigram.push(NONE);
        }
        let counts_unigrams = vocabulary.options().ngram_range.0 == 1;
        let unigram = if role == Role::Term && counts_unigrams {
            match self.unigram[unit as usize] {
                NONE => {
                    let term = self.new_term(TermKey::Unit(unit));
                    self.unigram[unit as usize] = term;
                    term
                }
                term => term,
            }
        } else {
            NONE
        };
        Slot::new(unit, unigram, role, elided)
    }

    fn new_term(&mut self, key: TermKey) -> u32 {
        let id = self.keys.len() as u32;
        self.keys.push(key);
        self.seen.push([NONE, 0]);
        id
    }

    fn add(&mut self, term: u32, out: &mut BatchRows) {
        let seen = &mut self.seen[term as usize];
        if seen[0] == self.doc {
            out.counts[seen[1] as usize] += 1;
        } else {
            *seen = [self.doc, out.indices.len() as u32];
            out.indices.push(term);
            out.counts.push(1);
        }
    }

    /// Counts the n-grams of the current document's slots: those whose first and last units
    /// are terms and that cross no break, as `Vocabulary::for_each_term` lists them.
    fn count_slots(&mut self, (min_n, max_n): (usize, usize), out: &mut BatchRows) {
        let slots = std::mem::take(&mut self.slots);
        if min_n == 1 {
            for slot in &slots {
                if slot.unigram != NONE {
                    self.add(slot.unigram, out);
                }
            }
        }
        if min_n <= 2 && max_n >= 2 {
            for pair in slots.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if !a.is_term() || !b.is_term() {
                    continue;
                }
                let key =
                    (u64::from(a.unit()) << 1 | u64::from(a.elided())) << 32 | u64::from(b.unit());
                let term = match self.pairs.get(&key) {
                    Some(&term) => term,
                    None => {
                        let term = self.new_term(TermKey::Pair(key));
                        self.pairs.insert(key, term);
                        term
                    }
                };
                self.add(term, out);
            }
        }
        for n in min_n.max(3)..=max_n {
            for window in slots.windows(n) {
                if !window[0].is_term()
                    || !window[n - 1].is_term()
                    || window.iter().any(|s| s.role() == Role::Break)
                {
                    continue;
                }
                self.gram.clear();
                self.gram.extend(
                    window
                        .iter()
                        .enumerate()
                        .map(|(k, s)| s.unit() << 1 | u32::from(s.elided() && k + 1 < n)),
                );
                let term = match self.grams.get(self.gram.as_slice()) {
                    Some(&term) => term,
                    None => {
                        let key: Box<[u32]> = Box::from(self.gram.as_slice());
                        let term = self.new_term(TermKey::Gram(key.clone()));
                        self.grams.insert(key, term);
                        term
                    }
                };
                self.add(term, out);
            }
        }
        self.slots = slots;
    }
}

/// The counts of one batch of texts, in the term ids of the worker that counted them.
pub struct BatchRows {
    worker: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    counts: Vec<u32>,
}

/// A run of rows counted by one worker, from row `first_row`.
struct Segment {
    worker: usize,
    first_row: usize,
}

/// Batches gathered in input order, before their term ids are joined.
pub struct CountedRows {
    segments: Vec<Segment>,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    counts: Vec<u32>,
}

impl Default for CountedRows {
    fn default() -> Self {
        Self {
            segments: Vec::new(),
            indptr: vec![0],
            indices: Vec::new(),
            counts: Vec::new(),
        }
    }
}

impl CountedRows {
    /// Room for the rows of texts of about `text_bytes` bytes in all, counted with n-grams
    /// of `sizes` sizes: a cell per CELL_BYTES of text and size. Growing by doubling while
    /// texts arrive would copy the arrays and, for a moment, hold them twice: on 100 MB of
    /// text, some 70 MB more at the peak. Room not filled is never touched, so costs no
    /// memory.
    pub fn with_room_for(text_bytes: usize, sizes: usize) -> Self {
        let cells = text_bytes / CELL_BYTES * sizes.max(1);
        Self {
            indices: Vec::with_capacity(cells),
            counts: Vec::with_capacity(cells),
            ..Self::default()
        }
    }

    pub fn documents(&self) -> usize {
        self.indptr.len() - 1
    }

    /// How many batches are in.
    pub fn batches(&self) -> usize {
        self.segments.len()
    }

    /// Appends the rows of the next batch.
    pub fn push(&mut self, batch: BatchRows) {
        let base = self.indices.len();
        self.segments.push(Segment {
            worker: batch.worker,
            first_row: self.indptr.len() - 1,
        });
        self.indices.extend_from_slice(&batch.indices);
        self.counts.extend_from_slice(&batch.counts);
        self.indptr
            .extend(batch.indptr[1..].iter().map(|&p| p + base));
    }
}

/// Counts texts on any number of threads at once, each thread with its own table. The
/// vocabulary is owned or borrowed (`V` is `Vocabulary` or `&Vocabulary`).
pub struct TextCounter<V = Vocabulary> {
    vocabulary: V,
    tables: Vec<Mutex<WorkerTable>>,
}

impl<V: Borrow<Vocabulary>> TextCounter<V> {
    /// A counter for up to `threads` pool threads (a thread outside the pool, or beyond
    /// `threads`, shares one more table).
    pub fn new(vocabulary: V, threads: usize) -> Self {
        Self {
            vocabulary,
            tables: (0..=threads).map(|_| Mutex::default()).collect(),
        }
    }

    /// The table of the calling thread, and a row set for about `bytes` of text.
    fn table_and_rows(
        &self,
        documents: usize,
        bytes: usize,
    ) -> (MutexGuard<'_, WorkerTable>, BatchRows) {
        let last = self.tables.len() - 1;
        let worker = rayon::current_thread_index().map_or(last, |i| i.min(last));
        // A poisoned table belongs to a count that failed: its caller never sees the result.
        let table = self.tables[worker]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Room for a cell per CELL_BYTES of text, so the row arrays rarely grow (and copy).
        let cells = bytes / CELL_BYTES;
        let mut rows = BatchRows {
            worker,
            indptr: Vec::with_capacity(documents + 1),
            indices: Vec::with_capacity(cells),
            counts: Vec::with_capacity(cells),
        };
        rows.indptr.push(0);
        (table, rows)
    }

    /// Counts one batch of texts on the calling thread, a row per text.
    pub fn count<S: AsRef<str>>(&self, texts: &[S]) -> BatchRows {
        let bytes = texts.iter().map(|t| t.as_ref().len()).sum();
        let (mut table, mut rows) = self.table_and_rows(texts.len(), bytes);
        for text in texts {
            table.count_text(text.as_ref(), self.vocabulary.borrow(), &mut rows);
        }
        rows
    }

    /// Counts one batch of parsed articles on the calling thread, a row per article;
    /// `entities[k]` are the entities of `articles[k]` (used for entity-aware terms).
    pub fn count_articles(
        &self,
        articles: &[Arc<Article>],
        entities: Option<&[Vec<Entity>]>,
    ) -> BatchRows {
        let bytes = articles.iter().map(|a| a.text.len()).sum();
        let (mut table, mut rows) = self.table_and_rows(articles.len(), bytes);
        for (k, article) in articles.iter().enumerate() {
            let found = entities
                .and_then(|e| e.get(k))
                .map_or(&[][..], Vec::as_slice);
            table.count_article(article, found, self.vocabulary.borrow(), &mut rows);
        }
        rows
    }

    /// The counts of `rows` under one vocabulary, columns in code point order of the terms
    /// and each row sorted by column (renumbered and sorted in one pass), emptying the
    /// workers' tables.
    pub fn finish(&self, rows: CountedRows) -> TermCounts {
        self.join(rows).renumber()
    }

    /// [`TextCounter::finish`] but for the renumbering of the rows, which can then run beside
    /// other work.
    pub fn join(&self, rows: CountedRows) -> JoinedCounts {
        let (terms, columns) = self.join_terms();
        JoinedCounts {
            terms,
            columns,
            rows,
        }
    }

    /// The vocabulary, in code point order, and the column of each worker's terms in it,
    /// emptying the workers' tables: what [`TextCounter::join`] keeps for
    /// [`WorkerColumns::renumber`], which can run while the vocabulary is read elsewhere.
    ///
    /// Each worker's terms are put in order on their own, the tables in parallel, and the
    /// ordered lists merged: a term that several workers met is then found by comparing
    /// neighbours, with no table of joined terms to look it up in.
    fn join_terms(&self) -> (Strings, WorkerColumns) {
        let tables: Vec<WorkerTable> = self
            .tables
            .iter()
            .map(|t| std::mem::take(&mut *t.lock().unwrap_or_else(PoisonError::into_inner)))
            .collect();
        let orders: Vec<Vec<(u128, u32)>> =
            tables.par_iter().map(WorkerTable::sorted_terms).collect();
        merge_sorted_terms(&tables, &orders)
    }
}

/// Counts whose vocabulary is joined (in code point order) while their rows still hold each
/// worker's own term ids: renumbering the rows is the last step, and TF-IDF runs it beside
/// the making of the vocabulary's Python strings.
pub struct JoinedCounts {
    terms: Strings,
    columns: WorkerColumns,
    rows: CountedRows,
}

impl JoinedCounts {
    pub fn documents(&self) -> usize {
        self.rows.documents()
    }

    /// The counts, rows renumbered into the joined vocabulary and sorted by column.
    pub fn renumber(self) -> TermCounts {
        self.columns.renumber(self.rows, self.terms)
    }

    /// The vocabulary, and what makes the counts of it once it is read.
    pub fn into_renumbering(self) -> (Strings, impl FnOnce(Strings) -> TermCounts + Send) {
        let Self {
            terms,
            columns,
            rows,
        } = self;
        (terms, move |terms| columns.renumber(rows, terms))
    }
}

/// Per worker, the column of each of its term ids in the joined vocabulary; and whether two
/// of its keys share a column (see `merge_part`).
struct WorkerColumns {
    columns: Vec<Vec<u32>>,
    twice: bool,
}

impl WorkerColumns {
    /// The counts of `rows` with their terms' columns in `terms`, the vocabulary
    /// [`TextCounter::join_terms`] gave with these columns.
    fn renumber(self, rows: CountedRows, terms: Strings) -> TermCounts {
        let Self { columns, twice } = self;
        let CountedRows {
            segments,
            indptr,
            indices,
            counts,
        } = rows;
        let mut counts = TermCounts {
            terms,
            indptr,
            indices,
            counts,
        };
        let mut worker_of_row = vec![0; counts.documents()];
        for (k, segment) in segments.iter().enumerate() {
            let end = segments
                .get(k + 1)
                .map_or(worker_of_row.len(), |s| s.first_row);
            worker_of_row[segment.first_row..end].fill(segment.worker);
        }
        counts.renumber_rows(|row| &columns[worker_of_row[row]]);
        if twice {
            counts.join_duplicate_cells();
        }
        counts
    }
}

/// The counts of the body terms of `articles`, counted in parallel on the current pool, one
/// table per thread, as [`TextCounter`] counts texts: terms in code point order, rows sorted
/// by column once renumbered. `entities`, when given, holds each article's entities (corpus
/// order), which entity-aware terms need.
pub fn count_articles(
    articles: &[Arc<Article>],
    entities: Option<&[Vec<Entity>]>,
    vocabulary: &Vocabulary,
) -> JoinedCounts {
    let counter = TextCounter::new(vocabulary, rayon::current_num_threads());
    let entities = entities.filter(|_| vocabulary.options().entities);
    let count = |number: usize, batch: &[Arc<Article>]| {
        let first = number * TEXTS_PER_BATCH;
        counter.count_articles(batch, entities.and_then(|e| e.get(first..)))
    };
    let (min_n, max_n) = vocabulary.options().ngram_range;
    let bytes = articles.iter().map(|a| a.text.len()).sum();
    let mut rows = CountedRows::with_room_for(bytes, max_n + 1 - min_n);
    if rayon::current_thread_index().is_some() {
        // On a thread of the pool, which must not wait for the pool: count, then gather.
        let batches: Vec<BatchRows> = articles
            .par_chunks(TEXTS_PER_BATCH)
            .enumerate()
            .map(|(number, batch)| count(number, batch))
            .collect();
        for batch in batches {
            rows.push(batch);
        }
    } else {
        // Outside the pool, this thread gathers the batches in order while the pool counts
        // the next ones, as the count of texts does: gathering the rows of 100 MB of news
        // with bigrams, after the count, took a fifth as long as the count itself.
        let (sender, receiver) = mpsc::channel();
        rayon::in_place_scope(|scope| {
            for (number, batch) in articles.chunks(TEXTS_PER_BATCH).enumerate() {
                let (sender, count) = (sender.clone(), &count);
                scope.spawn(move |_| {
                    // The receiver lives until every batch is in.
                    let _ = sender.send((number, count(number, batch)));
                });
            }
            drop(sender);
            let mut early = BTreeMap::new();
            for (number, batch) in receiver {
                early.insert(number, batch);
                while let Some(batch) = early.remove(&rows.batches()) {
                    rows.push(batch);
                }
            }
        });
    }
    counter.join(rows)
}

impl WorkerTable {
    /// This worker's terms in code point order, each as `(prefix key, term id)`; terms
    /// sharing a prefix key are ordered by their whole strings.
    fn sorted_terms(&self) -> Vec<(u128, u32)> {
        let mut scratch = String::new();
        let mut order: Vec<(u128, u32)> = self
            .keys
            .iter()
            .enumerate()
            .map(|(k, key)| {
                let prefix = match key {
                    // A unigram's name is read in place; an n-gram is written out.
                    &TermKey::Unit(unit) => prefix_key(self.units.name(unit)),
                    _ => {
                        scratch.clear();
                        render(&self.units, key, &mut scratch);
                        prefix_key(&scratch)
                    }
                };
                (prefix, k as u32)
            })
            .collect();
        // One thread per table: the tables are sorted in parallel already.
        order.sort_unstable_by_key(|&(prefix, _)| prefix);
        order_prefix_runs(&mut order, |k| self.term(k));
        order
    }

    /// Asks ahead for what writing the terms `order` lists from `next` on will read: a
    /// term's key, then where its name is, then the name, each once the step before it has
    /// had time to arrive (the terms come in string order, so from all over).
    fn prefetch_name(&self, order: &[(u128, u32)], next: usize) {
        if let Some(&(_, ahead)) = order.get(next + 2 * NAME_AHEAD) {
            prefetch(&self.keys, ahead as usize);
        }
        if let Some(&(_, ahead)) = order.get(next + NAME_AHEAD) {
            if let TermKey::Unit(unit) = self.keys[ahead as usize] {
                self.units.prefetch_name_bounds(unit);
            }
        }
        if let Some(&(_, ahead)) = order.get(next + NAME_AHEAD / 2) {
            if let TermKey::Unit(unit) = self.keys[ahead as usize] {
                self.units.prefetch_name_text(unit);
            }
        }
    }

    /// Term `k`'s string: a unigram's in place, an n-gram's written out in `buffer`.
    fn term_in<'a>(&'a self, k: u32, buffer: &'a mut String) -> &'a str {
        match self.keys[k as usize] {
            TermKey::Unit(unit) => self.units.name(unit),
            ref key => {
                buffer.clear();
                render(&self.units, key, buffer);
                buffer
            }
        }
    }

    /// Term `k`'s string: a unigram's in place, an n-gram's written out.
    fn term(&self, k: u32) -> Cow<'_, str> {
        match self.keys[k as usize] {
            TermKey::Unit(unit) => Cow::Borrowed(self.units.name(unit)),
            ref key => {
                let mut term = String::new();
                render(&self.units, key, &mut term);
                Cow::Owned(term)
            }
        }
    }
}

/// Merges the workers' ordered terms (`orders[w]`, from [`WorkerTable::sorted_terms`]) into
/// one vocabulary, each string written once; a worker's terms get the columns of their
/// strings. The lists are cut at common prefix keys into a part per thread, merged in
/// parallel, and the parts put end to end.
fn merge_sorted_terms(
    tables: &[WorkerTable],
    orders: &[Vec<(u128, u32)>],
) -> (Strings, WorkerColumns) {
    // Cuts at prefix keys that share out the longest list evenly; a key's terms are never
    // cut apart, so no string is in two parts.
    let longest = orders
        .iter()
        .max_by_key(|o| o.len())
        .map_or(&[][..], Vec::as_slice);
    let parts = rayon::current_num_threads().clamp(1, longest.len().max(1));
    let mut cuts: Vec<u128> = (1..parts)
        .map(|p| longest[p * longest.len() / parts].0)
        .collect();
    cuts.dedup();
    // Per worker, where each part starts in its list, and where the last ends.
    let bounds: Vec<Vec<usize>> = orders
        .iter()
        .map(|order| {
            let mut starts = vec![0];
            starts.extend(cuts.iter().map(|&cut| order.partition_point(|e| e.0 < cut)));
            starts.push(order.len());
            starts
        })
        .collect();
    let merged: Vec<MergedPart> = (0..=cuts.len())
        .into_par_iter()
        .map(|p| {
            let lists: Vec<&[(u128, u32)]> = orders
                .iter()
                .zip(&bounds)
                .map(|(order, starts)| &order[starts[p]..starts[p + 1]])
                .collect();
            merge_part(tables, &lists)
        })
        .collect();
    let mut firsts = Vec::with_capacity(merged.len());
    let mut terms = Strings::default();
    for part in &merged {
        firsts.push(terms.len() as u32);
        terms.append(&part.terms);
    }
    let columns: Vec<Vec<u32>> = (0..tables.len())
        .into_par_iter()
        .map(|w| {
            let mut columns = vec![NONE; tables[w].keys.len()];
            for (p, part) in merged.iter().enumerate() {
                let list = &orders[w][bounds[w][p]..bounds[w][p + 1]];
                for (&(_, k), &column) in list.iter().zip(&part.columns[w]) {
                    columns[k as usize] = firsts[p] + column;
                }
            }
            columns
        })
        .collect();
    let twice = merged.iter().any(|part| part.twice);
    (terms, WorkerColumns { columns, twice })
}

/// One part of the merged vocabulary: its terms, the column (in `terms`) of each entry of
/// each worker's list, and whether two keys of one worker wrote one string.
struct MergedPart {
    terms: Strings,
    columns: Vec<Vec<u32>>,
    twice: bool,
}

/// Merges one part of the workers' ordered terms, each string written once. Two keys of
/// one worker may write one string (the word `dell'ucraina`, were the tokenizer to keep it
/// whole, and the bigram `dell'` + `ucraina`): they then share a column.
fn merge_part(tables: &[WorkerTable], lists: &[&[(u128, u32)]]) -> MergedPart {
    let longest = lists.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut terms = Strings::with_capacity(longest, 0);
    let mut columns: Vec<Vec<u32>> = lists.iter().map(|l| Vec::with_capacity(l.len())).collect();
    // The last term written: its prefix key, and the workers that gave it a key.
    let mut last_prefix = None;
    let mut last_workers = vec![false; lists.len()];
    let mut twice = false;
    // Where n-grams are written out to be compared: two heads, then the term taken.
    let (mut left, mut right, mut taken) = (String::new(), String::new(), String::new());
    loop {
        // The worker whose next term comes first.
        let mut first: Option<usize> = None;
        for (w, list) in lists.iter().enumerate() {
            let Some(&(prefix, k)) = list.get(columns[w].len()) else {
                continue;
            };
            first = match first {
                Some(f) => {
                    let (best, best_k) = lists[f][columns[f].len()];
                    let earlier = prefix < best
                        || (prefix == best
                            && !is_whole(prefix)
                            && tables[w].term_in(k, &mut left)
                                < tables[f].term_in(best_k, &mut right));
                    Some(if earlier { w } else { f })
                }
                None => Some(w),
            };
        }
        let Some(w) = first else {
            break;
        };
        let (prefix, k) = lists[w][columns[w].len()];
        let table = &tables[w];
        table.prefetch_name(lists[w], columns[w].len() + 1);
        let term = table.term_in(k, &mut taken);
        let same =
            last_prefix == Some(prefix) && (is_whole(prefix) || term == &terms[terms.len() - 1]);
        if same {
            twice |= last_workers[w];
        } else {
            terms.push(term);
            last_prefix = Some(prefix);
            last_workers.fill(false);
        }
        last_workers[w] = true;
        columns[w].push(terms.len() as u32 - 1);
    }
    MergedPart {
        terms,
        columns,
        twice,
    }
}

/// Whether a prefix key is its whole term: a term shorter than sixteen bytes (no term holds
/// a NUL), so two terms with this key are one.
fn is_whole(prefix: u128) -> bool {
    prefix & 0xff == 0
}

/// Appends the term `key` (of unit ids in `units`) to `out`: units joined by spaces, none
/// after an elision, as `vocabulary::render` writes them.
fn render(units: &Interner, key: &TermKey, out: &mut String) {
    let name = |unit: u32| units.name(unit);
    match key {
        TermKey::Unit(unit) => out.push_str(name(*unit)),
        TermKey::Pair(key) => {
            out.push_str(name((key >> 33) as u32));
            if (key >> 32) & 1 == 0 {
                out.push(' ');
            }
            out.push_str(name(*key as u32));
        }
        TermKey::Gram(units) => {
            for (k, &u) in units.iter().enumerate() {
                if k > 0 && units[k - 1] & 1 == 0 {
                    out.push(' ');
                }
                out.push_str(name(u >> 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::entities::{find_entities, Aliases, Model};
    use crate::stats::vocabulary::Units;
    use crate::stats::TermOptions;

    /// The counts of documents through `Vocabulary::units` and `for_each_term`, the
    /// definition of the terms: every term written out as a string, then counted.
    fn by_strings_of(
        documents: &[(&str, Vec<Token>, &[Entity])],
        vocabulary: &Vocabulary,
    ) -> TermCounts {
        let (mut units, mut buf) = (Units::default(), String::new());
        let terms: Vec<Vec<String>> = documents
            .iter()
            .map(|(text, tokens, entities)| {
                vocabulary.units(text, tokens, entities, &mut units);
                let mut terms = Vec::new();
                vocabulary.for_each_term(&units, &mut buf, |t| terms.push(t.to_owned()));
                terms
            })
            .collect();
        let refs: Vec<Vec<&str>> = terms
            .iter()
            .map(|t| t.iter().map(String::as_str).collect())
            .collect();
        let docs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let mut counts = TermCounts::of_documents(&docs);
        counts.sort_terms();
        counts
    }

    /// The counts of `texts` through the definition of the terms.
    fn by_strings(texts: &[&str], vocabulary: &Vocabulary) -> TermCounts {
        let documents: Vec<(&str, Vec<Token>, &[Entity])> = texts
            .iter()
            .map(|text| {
                let mut tokens = Vec::new();
                crate::article::body_tokens(text, &mut tokens);
                (*text, tokens, &[][..])
            })
            .collect();
        by_strings_of(&documents, vocabulary)
    }

    /// The counts of `texts` by a `TextCounter`, batches of `size` spread over `workers`
    /// tables as threads would spread them.
    fn by_workers(texts: &[&str], options: TermOptions, size: usize, workers: usize) -> TermCounts {
        let counter = TextCounter::new(Vocabulary::new(options).unwrap(), workers);
        let mut rows = CountedRows::default();
        for (k, batch) in texts.chunks(size).enumerate() {
            let mut table = counter.tables[k % workers].lock().unwrap();
            let mut out = BatchRows {
                worker: k % workers,
                indptr: vec![0],
                indices: Vec::new(),
                counts: Vec::new(),
            };
            for text in batch {
                table.count_text(text, &counter.vocabulary, &mut out);
            }
            rows.push(out);
        }
        let mut counts = counter.finish(rows);
        counts.sort_terms();
        counts
    }

    const TEXTS: &[&str] = &[
        "Il leader dell’Ucraina e la Corea del Nord: 1.500 soldati a Kursk.",
        "",
        "La Corea del Nord manda soldati. Il leader della Corea del Nord, Kim, tace.",
        "Kursk, Kursk e ancora Kursk: l'Ucraina avanza a Kursk. L’UCRAINA e dell'Ucraina.",
        "Precipitevolissimevolmente, NORDCOREANI e nordcoreani: 2024 2024 1 a1.",
        // Terms sharing their first sixteen bytes.
        "Internazionalizzazioni e internazionalizzazione, internazionalizzazione sì.",
        "Città, città e CITTÀ; perché è così. Sanzioni sanzionate.",
    ];

    #[test]
    fn counts_equal_those_of_the_article_path() {
        for ngram_range in [(1, 1), (1, 2), (2, 2), (1, 3), (2, 4), (3, 3)] {
            for (stopwords, stem, lowercase) in [
                (true, false, true),
                (false, false, true),
                (true, true, true),
                (false, false, false),
            ] {
                let options = TermOptions {
                    ngram_range,
                    stopwords,
                    stem,
                    lowercase,
                    numbers: !stopwords,
                    ..TermOptions::default()
                };
                let expected = by_strings(TEXTS, &Vocabulary::new(options.clone()).unwrap());
                assert!(!expected.terms.is_empty());
                for (size, workers) in [(1, 1), (2, 2), (1, 3), (10, 2)] {
                    let found = by_workers(TEXTS, options.clone(), size, workers);
                    assert_eq!(
                        found, expected,
                        "{ngram_range:?} stopwords={stopwords} stem={stem} lowercase={lowercase} \
                         batches of {size} on {workers} workers"
                    );
                }
            }
        }
    }

    #[test]
    fn one_string_from_two_keys_is_one_column() {
        // The tokenizer splits elisions, so no text here makes a word `dell'ucraina` next to
        // the bigram `dell'` + `ucraina`; the join must still make them one column if one did.
        let counter = TextCounter::new(Vocabulary::new(TermOptions::default()).unwrap(), 1);
        {
            let mut table = counter.tables[0].lock().unwrap();
            for unit in ["dell'", "ucraina", "dell'ucraina"] {
                table.units.id(unit);
            }
            table.keys = vec![
                TermKey::Unit(1),
                TermKey::Unit(2),
                // unit 0 (`dell'`), elided, then unit 1.
                TermKey::Pair(1 << 32 | 1),
            ];
        }
        let mut rows = CountedRows::default();
        rows.push(BatchRows {
            worker: 0,
            indptr: vec![0, 3, 4],
            indices: vec![0, 1, 2, 2],
            counts: vec![1, 2, 3, 5],
        });
        let counts = counter.finish(rows);
        assert!(counts.terms.iter().eq(["dell'ucraina", "ucraina"]));
        assert_eq!(counts.indptr, [0, 2, 3]);
        // Rows come sorted by column.
        assert_eq!(counts.indices, [0, 1, 0]);
        assert_eq!(counts.counts, [5, 1, 5]);
    }

    #[test]
    fn threads_of_a_pool_use_their_own_tables() {
        let texts: Vec<String> = (0..64)
            .map(|i| format!("Kim incontra Putin {i}. "))
            .collect();
        let options = TermOptions {
            numbers: true,
            ..TermOptions::default()
        };
        let counter = TextCounter::new(Vocabulary::new(options.clone()).unwrap(), 2);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let batches: Vec<BatchRows> = pool.install(|| {
            texts
                .par_chunks(4)
                .map(|batch| counter.count(batch))
                .collect()
        });
        let mut rows = CountedRows::default();
        for batch in batches {
            rows.push(batch);
        }
        let mut found = counter.finish(rows);
        found.sort_terms();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(
            found,
            by_strings(&texts, &Vocabulary::new(options).unwrap())
        );
    }

    #[test]
    fn articles_with_entities_count_as_the_definition_says() {
        let texts = [
            "Mosca, 3 settembre 2023\n\nIl presidente russo Vladimir Putin ha incontrato Kim \
             Jong-un a Vladivostok. La Corea del Nord manda soldati in Russia.",
            "Putin e Kim: la Corea del Nord e la Russia firmano. Leggi anche: Kim a Mosca",
            "Solo.",
            "Nessun nome qui, solo parole e numeri: 1.500 soldati.",
        ];
        let articles: Vec<Arc<Article>> = texts
            .iter()
            .map(|t| Arc::new(parse((*t).to_owned(), Overrides::default()).unwrap()))
            .collect();
        let entities: Vec<Vec<Entity>> = articles
            .iter()
            .map(|a| find_entities(a, Model::bundled(), Aliases::bundled()))
            .collect();
        assert!(entities[0].len() >= 4, "{:?}", entities[0]);
        for (entity_terms, ngram_range, lowercase) in [
            (true, (1, 1), true),
            (true, (1, 3), true),
            (true, (2, 2), false),
            (false, (1, 2), true),
        ] {
            let vocabulary = Vocabulary::new(TermOptions {
                entities: entity_terms,
                ngram_range,
                lowercase,
                numbers: true,
                ..TermOptions::default()
            })
            .unwrap();
            let documents: Vec<(&str, Vec<Token>, &[Entity])> = articles
                .iter()
                .zip(&entities)
                .map(|(a, e)| {
                    let found = if entity_terms { e.as_slice() } else { &[] };
                    (a.text.as_str(), a.tokens(), found)
                })
                .collect();
            let expected = by_strings_of(&documents, &vocabulary);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            // On a thread of a pool, and from outside one (the rows gathered as they come).
            let found =
                pool.install(|| count_articles(&articles, Some(&entities), &vocabulary).renumber());
            assert_eq!(found, expected, "entities={entity_terms} {ngram_range:?}");
            let many: Vec<Arc<Article>> = articles.iter().cycle().take(70).cloned().collect();
            let many_entities: Vec<Vec<Entity>> =
                entities.iter().cycle().take(70).cloned().collect();
            assert_eq!(
                count_articles(&many, Some(&many_entities), &vocabulary).renumber(),
                pool.install(|| count_articles(&many, Some(&many_entities), &vocabulary).renumber()),
            );
            assert_eq!(count_articles(&[], None, &vocabulary).documents(), 0);
            if entity_terms && ngram_range == (1, 1) {
                assert!(found.terms.iter().any(|t| t == "Vladimir Putin"));
            }
        }
    }
}
