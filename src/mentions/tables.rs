//! Corpus tables of mentions (filled in below).
