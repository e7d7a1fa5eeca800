"""rassegna's exceptions: one hierarchy rooted at :class:`RassegnaError`.

Every exception carries ``location``: the file, ``file:line`` or record it is about (or None).

- ``ReadError``: a file or folder could not be read.
- ``InputError``: a record or text could not be used; subclasses ``EncodingError`` (invalid
  UTF-8, binary file), ``EmptyTextError``, ``FormatError`` (bad JSON/CSV, wrong types) and
  ``MissingColumnError`` (a subclass of ``FormatError``).
- ``InvalidValueError``: an argument or metadata value rassegna cannot accept; subclasses
  ``UnknownSourceError`` (also a ``ValueError``): a source name no article has, and
  ``QueryError``: a search query that cannot be parsed (the message gives the column).
- ``UnsupportedInputError``: an input kind rassegna does not read.
- ``InternalError``: a bug, caught before it could crash the interpreter.
"""

from rassegna._core import (
    EmptyTextError,
    EncodingError,
    FormatError,
    InputError,
    InternalError,
    InvalidValueError,
    MissingColumnError,
    QueryError,
    RassegnaError,
    ReadError,
    UnsupportedInputError,
)


class UnknownSourceError(InvalidValueError, ValueError):
    """A source name (``filter(source=...)``, a keyness part ``{"source": ...}``) that no
    article of the corpus has; the message lists the sources it has, closest first. A
    ``ValueError`` too, as Python's own functions raise for a value they cannot use."""

    location = None


__all__ = [
    "EmptyTextError",
    "EncodingError",
    "FormatError",
    "InputError",
    "InternalError",
    "InvalidValueError",
    "MissingColumnError",
    "QueryError",
    "RassegnaError",
    "ReadError",
    "UnknownSourceError",
    "UnsupportedInputError",
]
