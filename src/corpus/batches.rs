//! A collection read in batches of bounded size, for archives larger than memory: a reader
//! thread streams records through a bounded channel while the caller parses one batch at a
//! time, so what is held at once is a few chunks of records and one batch.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};

use super::{read_records, with_threads, Corpus, ReadOptions, Record};
use crate::error::{Error, Result};

/// Chunks of records read ahead of the batch being parsed.
const CHUNKS_AHEAD: usize = 2;

/// The batches of one input (a file or a folder), in order.
pub struct Batches {
    chunks: Receiver<Result<Vec<Record>>>,
    pending: VecDeque<Record>,
    finished: bool,
    strict: bool,
}

impl Batches {
    /// Starts reading `path` on a thread of its own (its parallel decoding on `threads`
    /// threads, or rayon's global pool).
    pub fn open(path: PathBuf, options: ReadOptions, threads: Option<usize>) -> Self {
        let (sender, chunks) = sync_channel::<Result<Vec<Record>>>(CHUNKS_AHEAD);
        let strict = options.strict;
        std::thread::spawn(move || {
            // A send fails only when the batches were dropped: reading stops, unreported.
            let mut dropped = false;
            let read = catch_unwind(AssertUnwindSafe(|| {
                with_threads(threads, || {
                    read_records(&path, &options, &mut |chunk| {
                        sender.send(Ok(chunk)).map_err(|_| {
                            dropped = true;
                            Error::Internal("the batches were dropped".into())
                        })
                    })
                })
                .and_then(|read| read)
            }));
            let failure = match read {
                Ok(Ok(())) => return,
                Ok(Err(_)) if dropped => return,
                Ok(Err(error)) => error,
                Err(_) => Error::Internal(format!("reading {} panicked", path.display())),
            };
            let _ = sender.send(Err(failure));
        });
        Self {
            chunks,
            pending: VecDeque::new(),
            finished: false,
            strict,
        }
    }

    /// The next batch of at most `size` records (articles, errors and skipped records), parsed;
    /// None after the last. An input that cannot be read at all is an error here.
    pub fn next_batch(&mut self, size: usize) -> Result<Option<Corpus>> {
        let size = size.max(1);
        let mut records = Vec::with_capacity(size.min(1 << 16));
        while records.len() < size {
            if let Some(record) = self.pending.pop_front() {
                records.push(record);
                continue;
            }
            if self.finished {
                break;
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) => self.pending.extend(chunk),
                Ok(Err(error)) => {
                    self.finished = true;
                    return Err(error);
                }
                Err(_) => self.finished = true,
            }
        }
        if records.is_empty() {
            return Ok(None);
        }
        let mut corpus = Corpus::default();
        corpus.extend_parsed(records, self.strict)?;
        Ok(Some(corpus))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_folder_comes_in_batches_of_the_size_asked_and_nothing_is_lost() {
        let dir = std::env::temp_dir().join(format!("rassegna-batches-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for i in 0..25 {
            fs::write(
                dir.join(format!("{i:02}.txt")),
                format!("Notizia {i}. Breve."),
            )
            .unwrap();
        }
        fs::write(dir.join("vuoto.txt"), "").unwrap();
        fs::write(dir.join("foto.png"), "x").unwrap();
        let mut batches = Batches::open(dir.clone(), ReadOptions::default(), Some(2));
        let mut sizes = Vec::new();
        let mut ids = Vec::new();
        let (mut errors, mut skipped) = (0, 0);
        while let Some(batch) = batches.next_batch(10).unwrap() {
            sizes.push(batch.records_seen());
            ids.extend(batch.articles.iter().map(|a| a.id.clone().unwrap()));
            errors += batch.errors.len();
            skipped += batch.skipped.len();
        }
        assert_eq!(sizes, [10, 10, 7]);
        assert_eq!(ids.len(), 25);
        assert_eq!(ids[0], "00");
        assert_eq!((errors, skipped), (1, 1));
        assert!(batches.next_batch(10).unwrap().is_none());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unreadable_input_is_an_error_at_the_first_batch() {
        let mut batches = Batches::open(
            PathBuf::from("/nonexistent/rassegna"),
            ReadOptions::default(),
            None,
        );
        assert!(matches!(batches.next_batch(5), Err(Error::Io { .. })));
        assert!(batches.next_batch(5).unwrap().is_none());
    }

    #[test]
    fn dropping_the_batches_stops_the_reader() {
        let dir =
            std::env::temp_dir().join(format!("rassegna-batches-drop-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for i in 0..5000 {
            fs::write(dir.join(format!("{i:04}.txt")), "Notizia. Breve.").unwrap();
        }
        let mut batches = Batches::open(dir.clone(), ReadOptions::default(), Some(1));
        assert_eq!(batches.next_batch(3).unwrap().unwrap().len(), 3);
        drop(batches);
        fs::remove_dir_all(&dir).unwrap();
    }
}
