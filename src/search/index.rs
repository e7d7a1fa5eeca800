//! The full-text index of a corpus: tantivy indexes over runs of its articles, built in
//! parallel in memory, saved to and reopened from a folder, and joined without re-indexing
//! when corpora are joined.
//!
//! An index is a list of *parts*, each a tantivy index of consecutive articles that knows
//! where its first article sits in the corpus. Joining corpora joins the lists; searching
//! asks each part with the statistics of the whole (see `matching.rs`), so a joined index
//! ranks as one built at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::article::Article;
use crate::entities::Entity;
use crate::error::{Error, Result};

use super::analyzer::{fold, WordTokenizer, ANALYZER};
use super::query::day_bounds;

/// The file that lists the parts of a saved index; each part is in the folder `part-N`.
const MANIFEST: &str = "search.json";
/// Version of the saved layout; opening refuses a newer one.
const FORMAT: u32 = 1;
/// Indexing memory per writer thread; tantivy wants at least 15 MB a thread.
const WRITER_MEMORY_PER_THREAD: usize = 48 << 20;

/// The fields of every part's schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The article's place among the articles the part was built from.
    pub position: Field,
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub source: Field,
    pub entity: Field,
    pub first_day: Field,
    pub last_day: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let words = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        // One term per value, already folded: exact names.
        let names = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic),
        );
        let day = NumericOptions::default().set_indexed().set_fast();
        let fields = Fields {
            position: builder.add_u64_field("position", NumericOptions::default().set_fast()),
            id: builder.add_text_field("id", names.clone()),
            title: builder.add_text_field("title", words.clone()),
            body: builder.add_text_field("body", words),
            source: builder.add_text_field("source", names.clone()),
            entity: builder.add_text_field("entity", names),
            first_day: builder.add_u64_field("first_day", day.clone()),
            last_day: builder.add_u64_field("last_day", day),
        };
        (builder.build(), fields)
    }

    fn of(schema: &Schema) -> Result<Fields> {
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format_error(format!("the saved index has no field {name:?}")))
        };
        Ok(Fields {
            position: field("position")?,
            id: field("id")?,
            title: field("title")?,
            body: field("body")?,
            source: field("source")?,
            entity: field("entity")?,
            first_day: field("first_day")?,
            last_day: field("last_day")?,
        })
    }
}

/// One tantivy index over consecutive articles.
pub struct Part {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// Articles indexed.
    pub len: usize,
    /// Whether the articles' entities were indexed.
    pub entities: bool,
    /// Where the part's files are, which saving copies.
    storage: Storage,
}

enum Storage {
    Memory(RamDirectory),
    Disk(PathBuf),
}

/// A corpus's index: parts, each with the corpus position of its first article.
#[derive(Clone, Default)]
pub struct SearchIndex {
    pub parts: Vec<(usize, Arc<Part>)>,
    /// Whether `entity:` can be asked: the entities were indexed under the canonical names
    /// of these very articles (a joined corpus names them anew, over the whole).
    entities: bool,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    parts: Vec<SavedPart>,
}

#[derive(Serialize, Deserialize)]
struct SavedPart {
    len: usize,
    entities: bool,
}

fn index_error(error: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {error}"))
}

fn format_error(message: String) -> Error {
    Error::Format {
        location: "search index".into(),
        message,
    }
}

impl SearchIndex {
    /// Indexes `articles` in memory on the current rayon pool's threads; with `entities`
    /// (one list per article), their canonical names too.
    pub fn build(articles: &[Arc<Article>], entities: Option<&[Vec<Entity>]>) -> Result<Self> {
        if let Some(entities) = entities {
            if entities.len() != articles.len() {
                return Err(Error::Internal(format!(
                    "{} entity lists for {} articles",
                    entities.len(),
                    articles.len()
                )));
            }
        }
        let memory = RamDirectory::create();
        let (schema, fields) = Fields::schema();
        let index =
            Index::create(memory.clone(), schema, Default::default()).map_err(index_error)?;
        register_analyzer(&index);
        let threads = rayon::current_num_threads().clamp(1, 8);
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
            .map_err(index_error)?;
        // Segments are left as written: merging them would cost more time than it saves
        // in searches of a corpus-sized index.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (position, article) in articles.iter().enumerate() {
            let names = entities.and_then(|e| e.get(position)).map(Vec::as_slice);
            writer
                .add_document(document(&fields, position, article, names))
                .map_err(index_error)?;
        }
        writer.commit().map_err(index_error)?;
        // Indexing threads are done once `commit` returns; waiting for merges keeps no
        // thread behind that outlives the call.
        writer.wait_merging_threads().map_err(index_error)?;
        let storage = Storage::Memory(memory);
        let part = Part::open(index, fields, articles.len(), entities.is_some(), storage)?;
        Ok(Self {
            parts: vec![(0, Arc::new(part))],
            entities: entities.is_some(),
        })
    }

    /// Articles covered.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|(_, part)| part.len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `entity:` queries can be answered.
    pub fn has_entities(&self) -> bool {
        self.entities
    }

    /// The indexes of corpora joined one after the other, as their articles are; without
    /// entities, whose canonical names the joined corpus settles anew.
    pub fn concat(indexes: &[&SearchIndex]) -> Self {
        let mut parts = Vec::new();
        let mut first = 0;
        for index in indexes {
            for (offset, part) in &index.parts {
                parts.push((first + offset, part.clone()));
            }
            first += index.len();
        }
        Self {
            parts,
            entities: false,
        }
    }

    /// Writes the index under `folder` (created if needed): a manifest and a folder per part.
    pub fn save(&self, folder: &Path) -> Result<()> {
        let io = |error: &dyn std::fmt::Display| Error::Io {
            location: folder.display().to_string(),
            message: error.to_string(),
        };
        std::fs::create_dir_all(folder).map_err(|e| io(&e))?;
        let mut manifest = Manifest {
            format: FORMAT,
            parts: Vec::new(),
        };
        for (number, (_, part)) in self.parts.iter().enumerate() {
            let target = folder.join(format!("part-{number}"));
            manifest.parts.push(SavedPart {
                len: part.len,
                entities: part.entities,
            });
            if let Storage::Disk(source) = &part.storage {
                // Saved where it was opened from: the files are there already.
                if source.canonicalize().ok() == target.canonicalize().ok() {
                    continue;
                }
            }
            if target.exists() {
                std::fs::remove_dir_all(&target).map_err(|e| io(&e))?;
            }
            std::fs::create_dir_all(&target).map_err(|e| io(&e))?;
            match &part.storage {
                Storage::Memory(memory) => {
                    let disk = MmapDirectory::open(&target).map_err(|e| io(&e))?;
                    memory.persist(&disk).map_err(|e| io(&e))?
                }
                Storage::Disk(source) => copy_files(source, &target).map_err(|e| io(&e))?,
            }
        }
        let json = serde_json::to_string(&manifest).map_err(|e| io(&e))?;
        std::fs::write(folder.join(MANIFEST), json).map_err(|e| io(&e))
    }

    /// The index saved under `folder`, opened from disk (memory-mapped), not rebuilt.
    pub fn open(folder: &Path) -> Result<Self> {
        let location = folder.display().to_string();
        let manifest_path = folder.join(MANIFEST);
        let json = std::fs::read_to_string(&manifest_path).map_err(|e| Error::Io {
            location: manifest_path.display().to_string(),
            message: e.to_string(),
        })?;
        let manifest: Manifest = serde_json::from_str(&json).map_err(|e| Error::Format {
            location: location.clone(),
            message: format!("damaged search index manifest: {e}"),
        })?;
        if manifest.format > FORMAT {
            return Err(format_error(format!(
                "{location}: saved by a newer rassegna (format {})",
                manifest.format
            )));
        }
        let mut parts = Vec::new();
        let mut first = 0;
        for (number, saved) in manifest.parts.iter().enumerate() {
            let path = folder.join(format!("part-{number}"));
            let index = Index::open_in_dir(&path).map_err(|e| Error::Format {
                location: path.display().to_string(),
                message: format!("cannot open the search index: {e}"),
            })?;
            register_analyzer(&index);
            let fields = Fields::of(&index.schema())?;
            let storage = Storage::Disk(path.clone());
            let part = Part::open(index, fields, saved.len, saved.entities, storage)?;
            let indexed = part.reader.searcher().num_docs();
            if indexed != saved.len as u64 {
                return Err(format_error(format!(
                    "{}: {indexed} articles indexed, the manifest says {}",
                    path.display(),
                    saved.len
                )));
            }
            parts.push((first, Arc::new(part)));
            first += saved.len;
        }
        let entities = manifest.parts.iter().all(|p| p.entities);
        Ok(Self { parts, entities })
    }
}

impl Part {
    fn open(
        index: Index,
        fields: Fields,
        len: usize,
        entities: bool,
        storage: Storage,
    ) -> Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        Ok(Self {
            index,
            reader,
            fields,
            len,
            entities,
            storage,
        })
    }
}

fn register_analyzer(index: &Index) {
    index
        .tokenizers()
        .register(ANALYZER, WordTokenizer::default());
}

fn document(
    fields: &Fields,
    position: usize,
    article: &Article,
    entities: Option<&[Entity]>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.position, position as u64);
    if let Some(id) = &article.id {
        doc.add_text(fields.id, id);
    }
    if let Some(title) = &article.title {
        doc.add_text(fields.title, &title.value);
    }
    doc.add_text(fields.body, article.content());
    if let Some(source) = &article.source {
        doc.add_text(fields.source, fold(source.trim()));
    }
    let mut names: Vec<String> = entities
        .unwrap_or_default()
        .iter()
        .map(|e| fold(&e.canonical))
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        doc.add_text(fields.entity, name);
    }
    // An undated article has no day: no date range finds it.
    if let Some((first, last)) = article.date.as_ref().and_then(|d| day_bounds(&d.value)) {
        doc.add_u64(fields.first_day, first);
        doc.add_u64(fields.last_day, last);
    }
    doc
}

/// Copies the files of a saved part (tantivy's lock files aside) into `target`.
fn copy_files(source: &Path, target: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_file() && !name.to_string_lossy().ends_with(".lock") {
            std::fs::copy(entry.path(), target.join(name))?;
        }
    }
    Ok(())
}
