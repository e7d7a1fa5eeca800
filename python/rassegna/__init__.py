"""rassegna: Italian news analytics for notebooks, with a Rust core.

>>> import rassegna
>>> corpus = rassegna.datasets.sample()
>>> article = corpus[3]
>>> article.date, article.author
('2023-09-05', 'Sara De Vico')
"""

from rassegna import datasets
from rassegna._core import (
    Article,
    RecordError,
    Segment,
    Sentence,
    Span,
    Token,
    __version__,
    parse,
    parse_many,
    tokenize,
)
from rassegna.corpus import Corpus, read
from rassegna.exceptions import (
    EmptyTextError,
    EncodingError,
    FormatError,
    InputError,
    InternalError,
    InvalidValueError,
    MissingColumnError,
    RassegnaError,
    ReadError,
    UnsupportedInputError,
)
from rassegna.stats import Cooccurrence, Tfidf, tfidf
from rassegna.tables import Table

__all__ = [
    "Article",
    "Cooccurrence",
    "Corpus",
    "EmptyTextError",
    "EncodingError",
    "FormatError",
    "InputError",
    "InternalError",
    "InvalidValueError",
    "MissingColumnError",
    "RassegnaError",
    "ReadError",
    "RecordError",
    "Segment",
    "Sentence",
    "Span",
    "Table",
    "Tfidf",
    "Token",
    "UnsupportedInputError",
    "__version__",
    "datasets",
    "parse",
    "parse_many",
    "read",
    "tfidf",
    "tokenize",
]
