//! The files of a folder, as reading it takes them: every file below it in path order, links
//! followed once, loops and unreadable entries reported.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::record::{io_error, Record};
use crate::error::Error;

/// The files below `root`, in path order, and a record for each entry that could not be
/// listed: the listing [`super::read_records`] reads a folder by. Links are followed: a linked
/// folder or file counts as what it points to, also outside `root` (under the link's own
/// path). A file reached by two paths is listed once, at the first in path order; a link back
/// to a folder it is in is a loop, reported and not followed. Names starting with `.` are
/// skipped.
pub fn listed_files(root: &Path) -> (Vec<PathBuf>, Vec<Record>) {
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut failures = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                failures.push(listing_failure(root, &error));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        match fs::canonicalize(path) {
            Ok(real) => found.push((path.to_path_buf(), real)),
            Err(e) => failures.push(Record {
                location: path.display().to_string(),
                content: Err(io_error(path, &e)),
            }),
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    let files = found
        .into_iter()
        .filter(|(_, real)| seen.insert(real.clone()))
        .map(|(path, _)| path)
        .collect();
    (files, failures)
}

/// An entry of a folder that could not be listed, or a link that loops back to a folder it
/// is in.
fn listing_failure(root: &Path, error: &walkdir::Error) -> Record {
    let path = error.path().unwrap_or(root);
    let location = path.display().to_string();
    let error = match (error.loop_ancestor(), error.io_error()) {
        (Some(ancestor), _) => Error::Io {
            location: location.clone(),
            message: format!(
                "a link back to {}, which holds it: a loop, not followed",
                ancestor.display()
            ),
        },
        (None, Some(io)) => io_error(path, io),
        (None, None) => Error::Io {
            location: location.clone(),
            message: error.to_string(),
        },
    };
    Record {
        location,
        content: Err(error),
    }
}
