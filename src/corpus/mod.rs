//! Reading collections of articles: files, folders, JSON Lines, CSV; the corpus they make.
