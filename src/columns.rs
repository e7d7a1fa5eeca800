//! What the Arrow tables of every layer share: the error of a table that cannot be built, and
//! counts and offsets as the `u32` values of their columns.

use arrow_schema::ArrowError;

use crate::error::Error;

/// A table that Arrow refuses to build is a bug of ours, not the user's input.
pub(crate) fn arrow_error(error: ArrowError) -> Error {
    Error::Internal(format!("building an Arrow table: {error}"))
}

/// A count or offset as an Arrow `u32` column value, saturating (no text is 4 GB long).
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
