"""rassegna: Italian news analytics for notebooks, with a Rust core.

>>> import rassegna
>>> corpus = rassegna.datasets.sample()
>>> article = corpus[3]
>>> article.date, article.author
('2023-09-05', 'Sara De Vico')
"""

from rassegna import datasets, display, plot, progress, report
from rassegna._core import (
    Article,
    DateMention,
    Entity,
    NerModel,
    Place,
    Quantity,
    Quote,
    RecordError,
    Role,
    Segment,
    Sentence,
    Span,
    Token,
    __version__,
    parse,
    parse_html,
    parse_many,
    tokenize,
)
from rassegna.corpus import Corpus, concat, load, read, read_batches
from rassegna.entities import default_aliases, evaluate_ner, train_ner
from rassegna.exceptions import (
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
    UnknownSourceError,
    UnsupportedInputError,
)
from rassegna.stats import Cooccurrence, Tfidf, tfidf
from rassegna.tables import Table
from rassegna.totals import Totals

__all__ = [
    "Article",
    "Cooccurrence",
    "Corpus",
    "DateMention",
    "EmptyTextError",
    "EncodingError",
    "Entity",
    "FormatError",
    "InputError",
    "InternalError",
    "InvalidValueError",
    "MissingColumnError",
    "NerModel",
    "Place",
    "Quantity",
    "QueryError",
    "Quote",
    "RassegnaError",
    "ReadError",
    "RecordError",
    "Role",
    "Segment",
    "Sentence",
    "Span",
    "Table",
    "Tfidf",
    "Token",
    "Totals",
    "UnknownSourceError",
    "UnsupportedInputError",
    "__version__",
    "concat",
    "datasets",
    "default_aliases",
    "display",
    "evaluate_ner",
    "load",
    "parse",
    "parse_html",
    "parse_many",
    "plot",
    "progress",
    "read",
    "read_batches",
    "report",
    "tfidf",
    "tokenize",
    "train_ner",
]
