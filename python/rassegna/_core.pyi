"""Type stubs of rassegna's Rust core (``rassegna._core``)."""

import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union, overload

from typing_extensions import Self, TypeAlias, final

__version__: str

class RassegnaError(Exception):
    """Base class of every error rassegna raises; ``location`` names the file or record."""

    location: Optional[str]

class ReadError(RassegnaError): ...
class InputError(RassegnaError): ...
class EncodingError(InputError): ...
class EmptyTextError(InputError): ...
class FormatError(InputError): ...
class MissingColumnError(FormatError): ...
class InvalidValueError(RassegnaError): ...
class UnsupportedInputError(RassegnaError): ...
class QueryError(InvalidValueError): ...
class InternalError(RassegnaError): ...

@final
class Token:
    """A token: ``text``, ``str`` offsets ``start``/``end`` and ``kind`` (word, number,
    abbreviation, punct, quote, symbol, emoji, url, email, hashtag, handle)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    def __new__(cls, text: str, start: int, end: int, kind: str) -> Self: ...
    def __len__(self) -> int: ...

@final
class Span:
    """A labelled stretch of an article's text (a metadata value, a credit)."""

    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def __new__(cls, text: str, label: str, start: int, end: int) -> Self: ...

@final
class Segment:
    """A block of an article: ``kind`` is header, title, dateline, byline, heading,
    paragraph, caption or boilerplate; ``set_aside`` is true for boilerplate."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def credit(self) -> Optional[Span]: ...
    @property
    def set_aside(self) -> bool: ...

@final
class Sentence:
    """A sentence of an article's body, with its tokens."""

    @property
    def index(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def tokens(self) -> list[Token]: ...

@final
class Article:
    """A parsed news article. Offsets are ``str`` indices into ``text``."""

    @property
    def text(self) -> str: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def source(self) -> Optional[str]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def date(self) -> Optional[str]:
        """ISO date with the precision the text gives: ``2024-10``, ``2024-06-18``."""
    @property
    def time(self) -> Optional[str]: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def author(self) -> Optional[str]: ...
    @property
    def place(self) -> Optional[str]:
        """The place a dateline gives, written normally (``MOSCA, 10 FEB (ANSA) -`` → ``Mosca``)."""
    @property
    def agency(self) -> Optional[str]:
        """The agency a dateline credits (``ANSA``)."""
    @property
    def encoding(self) -> Optional[str]:
        """The encoding the article's file or record was decoded from (``UTF-8``,
        ``windows-1252``), or None for a text given as a Python ``str``."""
    @property
    def credits(self) -> list[str]: ...
    # What a web page says of itself (``parse_html``); empty for other inputs.
    @property
    def modified(self) -> Optional[str]:
        """ISO date of the page's last change."""
    @property
    def authors(self) -> list[str]: ...
    @property
    def publisher(self) -> Optional[str]: ...
    @property
    def section(self) -> Optional[str]: ...
    @property
    def keywords(self) -> list[str]: ...
    @property
    def language(self) -> Optional[str]:
        """Primary language subtag (``it``)."""
    @property
    def canonical_url(self) -> Optional[str]: ...
    @property
    def metadata_sources(self) -> dict[str, str]:
        """Where each page value was read: ``{"date": "json-ld", "title": "opengraph", ...}``;
        origins are json-ld, opengraph, twitter, meta, time, html, text, url, given."""
    @property
    def metadata(self) -> list[Span]:
        """Where each metadata value was read: spans labelled date, time, title, author, place,
        credit."""
    @property
    def segments(self) -> list[Segment]: ...
    @property
    def paragraphs(self) -> list[Segment]: ...
    @property
    def captions(self) -> list[Segment]: ...
    @property
    def set_aside(self) -> list[Segment]:
        """Boilerplate kept out of the article: paywall prompts, ``Fine``, share lines."""
    @property
    def content(self) -> str:
        """Title, headings, paragraphs and captions joined by blank lines."""
    @property
    def sentences(self) -> list[Sentence]: ...
    @property
    def tokens(self) -> list[Token]: ...
    @property
    def token_count(self) -> int: ...
    @property
    def entities(self) -> list[Entity]:
        """People (PER), places (LOC) and organisations (ORG), in text order, each with its
        canonical name; found with the bundled model on first access."""
    def find_entities(
        self,
        *,
        model: Optional[NerModel] = None,
        aliases: Optional[Mapping[str, str]] = None,
    ) -> list[Entity]:
        """Entities found by ``model`` (default: the bundled one), with ``aliases``
        (``{alias: canonical}``) added to the bundled alias table."""
    @property
    def quantities(self) -> list[Quantity]:
        """Amounts in digits and words, with unit or counted noun, bounds and modifiers."""
    @property
    def dates(self) -> list[DateMention]:
        """Dates, resolved against the article's date to an ISO value when the text allows."""
    @property
    def quotes(self) -> list[Quote]:
        """Quotations, each with its speaker (canonical name) when the text says who."""
    @property
    def roles(self) -> list[Role]:
        """Roles held by people: the role phrase, the person, the organisation or country."""
    @staticmethod
    def _restore(text: str, overrides: bytes) -> Article:
        """Rebuilds a pickled article from its text and the values it was parsed with."""
    def __len__(self) -> int: ...
    def __hash__(self) -> int: ...
    def _repr_html_(self) -> str:
        """The notebook view (drawn by ``rassegna.display.article_html``): title, date, author;
        entities highlighted by label with their canonical name on hover; quotes marked with
        their speaker; set-aside text greyed."""
    # -- keyword statistics (src/py/stats.rs) --
    def terms(self, **options: Any) -> list[str]:
        """The terms of this article under the vocabulary options (see ``rassegna.stats``),
        unigrams first then larger n-grams, each in text order, as scikit-learn lists them."""
    def keyphrases(
        self,
        top: int = 10,
        *,
        n: int = 3,
        window: int = 1,
        dedup: float = 0.9,
        stopwords: bool = True,
        extra_stopwords: Optional[list[str]] = None,
    ) -> list[tuple[str, float]]:
        """YAKE keyphrases with Italian stop-words: (phrase, score), lower score first."""

@final
class Entity:
    """A mention of a person, place or organisation: ``text``, ``label`` (PER, LOC, ORG),
    ``str`` offsets ``start``/``end`` into the article text, ``canonical`` (the name all mentions
    of the referent share), ``sentence`` (index into ``article.sentences``; None outside the
    body), ``segment`` (the kind of segment), ``set_aside`` (in boilerplate) and ``place`` (the
    gazetteer record of a LOC mention, or of a state or capital tagged ORG; else None)."""

    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def canonical(self) -> str: ...
    @property
    def sentence(self) -> Optional[int]: ...
    @property
    def segment(self) -> str: ...
    @property
    def set_aside(self) -> bool: ...
    @property
    def place(self) -> Optional[Place]: ...
    @staticmethod
    def _restore(
        text: str,
        label: str,
        start: int,
        end: int,
        canonical: str,
        sentence: Optional[int],
        segment: str,
        place: Optional[int] = None,
    ) -> Entity: ...

@final
class Place:
    """A GeoNames record an entity names: ``geonameid`` (None for the few regions that are no
    GeoNames record, such as ``Donbass``), ``name`` (Italian where the data has it),
    ``country`` (ISO code; None for continents), ``kind`` (continent, country, region, city),
    ``lat``, ``lon`` and ``population`` (None for regions)."""

    @property
    def geonameid(self) -> Optional[int]: ...
    @property
    def name(self) -> str: ...
    @property
    def country(self) -> Optional[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def population(self) -> Optional[int]: ...
    @staticmethod
    def _restore(index: int) -> Place: ...

@final
class NerModel:
    """A named-entity model: the bundled one, one loaded from a file, or one just trained."""

    @staticmethod
    def bundled() -> NerModel:
        """The model shipped with rassegna, trained on KIND (non-commercial licence)."""
    @staticmethod
    def load(path: Union[str, os.PathLike[str]]) -> NerModel: ...
    @staticmethod
    def from_bytes(data: bytes) -> NerModel: ...
    def to_bytes(self) -> bytes: ...
    def save(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def evaluate(
        self, path: Union[str, os.PathLike[str]], *, threads: Optional[int] = None
    ) -> dict[str, Any]:
        """Exact-match precision, recall and F1 per label and micro on a KIND-format file."""

@final
class Quantity:
    """An amount: ``value`` (or ``low``/``high`` bounds), ``unit`` (``USD``, ``%`` or the
    counted noun), ``modifier`` (``circa``, ``oltre`` …), and the ``entity`` it belongs to."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def value(self) -> Optional[float]: ...
    @property
    def low(self) -> Optional[float]: ...
    @property
    def high(self) -> Optional[float]: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def modifier(self) -> Optional[str]: ...
    @property
    def unit(self) -> Optional[str]: ...
    @property
    def entity(self) -> Optional[str]: ...
    @property
    def sentence(self) -> Optional[int]: ...
    def __new__(
        cls,
        text: str,
        start: int,
        end: int,
        value: Optional[float] = None,
        low: Optional[float] = None,
        high: Optional[float] = None,
        approximate: bool = False,
        modifier: Optional[str] = None,
        unit: Optional[str] = None,
        entity: Optional[str] = None,
        sentence: Optional[int] = None,
    ) -> Self: ...

@final
class DateMention:
    """A date: ``kind`` is absolute, partial, relative or range; ``value`` an ISO date or
    interval (``2023-09-10/2023-09-13``) with its ``precision``, or None when unresolved."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> Optional[str]: ...
    @property
    def precision(self) -> Optional[str]: ...
    @property
    def sentence(self) -> Optional[int]: ...
    def __new__(
        cls,
        text: str,
        start: int,
        end: int,
        kind: str,
        value: Optional[str] = None,
        precision: Optional[str] = None,
        sentence: Optional[int] = None,
    ) -> Self: ...

@final
class Quote:
    """A quotation (``text`` without the marks), its ``speaker`` (a canonical name, or
    ``None`` when the text does not name them), ``speaker_kind`` (``person``,
    ``organisation``, ``place``, ``anonymous`` or ``unknown``), ``speaker_text`` (the words
    that name or describe the speaker, also when unnamed: ``un funzionario europeo``) and the
    ``cue`` that introduces them; ``scare`` marks quotes of one or two words."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def speaker(self) -> Optional[str]: ...
    @property
    def speaker_start(self) -> Optional[int]: ...
    @property
    def speaker_end(self) -> Optional[int]: ...
    @property
    def cue(self) -> Optional[str]: ...
    @property
    def speaker_kind(self) -> str: ...
    @property
    def speaker_text(self) -> Optional[str]: ...
    @property
    def scare(self) -> bool: ...
    @property
    def nested(self) -> bool: ...
    @property
    def sentence(self) -> Optional[int]: ...
    def __new__(
        cls,
        text: str,
        start: int,
        end: int,
        speaker: Optional[str] = None,
        speaker_start: Optional[int] = None,
        speaker_end: Optional[int] = None,
        cue: Optional[str] = None,
        scare: bool = False,
        nested: bool = False,
        sentence: Optional[int] = None,
        speaker_kind: str = "unknown",
        speaker_text: Optional[str] = None,
    ) -> Self: ...

@final
class Role:
    """A role held by a person: ``text`` (``presidente russo``), ``key`` (its normalised
    head), ``person`` (canonical) and ``organization`` (an organisation or country)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def person(self) -> str: ...
    @property
    def person_start(self) -> Optional[int]: ...
    @property
    def person_end(self) -> Optional[int]: ...
    @property
    def organization(self) -> Optional[str]: ...
    @property
    def sentence(self) -> Optional[int]: ...
    def __new__(
        cls,
        text: str,
        start: int,
        end: int,
        key: str,
        person: str,
        person_start: Optional[int] = None,
        person_end: Optional[int] = None,
        organization: Optional[str] = None,
        sentence: Optional[int] = None,
    ) -> Self: ...

@final
class RecordError:
    """A record that did not become an article."""

    @property
    def location(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...

@final
class ArrowTable:
    """Arrow data leaving Rust through the PyCapsule stream interface."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]: ...

@final
class Corpus:
    """The Rust side of :class:`rassegna.Corpus`."""

    @staticmethod
    def from_texts(
        texts: Iterable[str],
        ids: Optional[list[str]] = None,
        *,
        strict: bool = False,
        threads: Optional[int] = None,
    ) -> Corpus: ...
    @staticmethod
    def read(
        path: Union[str, os.PathLike[str]],
        *,
        strict: bool = False,
        threads: Optional[int] = None,
        source: Optional[str] = None,
        year: Optional[int] = None,
        encoding: Optional[str] = None,
        leave_parquet: bool = False,
        text_column: Optional[str] = None,
        id_column: Optional[str] = None,
        date_column: Optional[str] = None,
        source_column: Optional[str] = None,
        title_column: Optional[str] = None,
        url_column: Optional[str] = None,
        html_column: Optional[str] = None,
    ) -> Corpus: ...
    @staticmethod
    def from_records(
        texts: list[Optional[str]],
        locations: list[str],
        *,
        ids: Optional[list[Optional[str]]] = None,
        dates: Optional[list[Optional[str]]] = None,
        sources: Optional[list[Optional[str]]] = None,
        titles: Optional[list[Optional[str]]] = None,
        urls: Optional[list[Optional[str]]] = None,
        year: Optional[int] = None,
        text_column: Optional[str] = None,
        html: bool = False,
        strict: bool = False,
        threads: Optional[int] = None,
    ) -> Corpus: ...
    @staticmethod
    def concat(parts: list[Corpus]) -> Corpus: ...
    @staticmethod
    def _from_state(state: tuple[list[tuple[str, bytes]], str, str]) -> Corpus: ...
    def __len__(self) -> int: ...
    def article(self, index: int) -> Article: ...
    def articles_list(self) -> list[Article]: ...
    @property
    def ids(self) -> list[Optional[str]]: ...
    @property
    def errors(self) -> list[RecordError]: ...
    @property
    def skipped(self) -> list[RecordError]:
        """Records that are not articles (files of other kinds in a folder, WARC records that
        are not pages), each with its location and why."""
    @property
    def records_seen(self) -> int: ...
    def filter(
        self,
        start: Optional[str] = None,
        end: Optional[str] = None,
        sources: Optional[list[str]] = None,
    ) -> Corpus: ...
    def articles_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def tokens_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def entities_table(self, *, threads: Optional[int] = None) -> ArrowTable:
        """The mentions of this part, named as its entities are (by the engine that holds it)."""
    def quantities_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def dates_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def quotes_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def roles_table(self, *, threads: Optional[int] = None) -> ArrowTable: ...
    def claims_table(self, unit: str, *, threads: Optional[int] = None) -> ArrowTable: ...
    def _count_entities(self, *, threads: Optional[int] = None) -> int: ...
    def __getstate__(self) -> tuple[list[tuple[str, bytes]], str, str]: ...
    # -- keyword statistics (src/py/corpus_stats.rs) --
    def _mask_of(self, part: Corpus) -> list[bool]: ...
    def keyphrases(
        self,
        top: int = 10,
        *,
        n: int = 3,
        window: int = 1,
        dedup: float = 0.9,
        stopwords: bool = True,
        extra_stopwords: Optional[list[str]] = None,
        threads: Optional[int] = None,
    ) -> ArrowTable: ...

@final
class TfidfResult:
    """A TF-IDF matrix as Arrow arrays: CSR ``indptr``/``indices``/``data``, ``tf``,
    ``vocabulary``, ``df``, ``idf``, ``ids``; wrapped by :class:`rassegna.Tfidf`."""

    @property
    def shape(self) -> tuple[int, int]: ...
    def array(self, name: str) -> ArrowTable: ...
    def terms(self) -> list[str]:
        """The vocabulary, in column order, as a list of ``str``."""
    def table(self) -> ArrowTable: ...

def tfidf_texts(
    texts: Iterable[str],
    *,
    ids: Optional[list[str]] = None,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    use_idf: bool = True,
    norm: Optional[str] = ...,
    min_df: Union[float, None] = None,
    max_df: Union[float, None] = None,
    max_features: Optional[int] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> TfidfResult:
    """TF-IDF of raw texts, counted in parallel as they are converted."""

def italian_stopwords() -> list[str]:
    """The bundled Italian stop-words."""

def tokenize(text: str) -> list[Token]:
    """Tokens of any text, with ``str`` offsets into it."""

def parse(
    text: str,
    *,
    id: Optional[str] = None,
    source: Optional[str] = None,
    date: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    year: Optional[int] = None,
) -> Article:
    """Parses one article; ``date``, ``title``, ``url`` override what parsing finds.

    ``year`` (an int from 1 to 9999) dates an article that neither ``date`` nor its text
    dates with a year: it completes a yearless dateline (``MOSCA, 10 FEB (ANSA)`` with
    ``year=2024`` is ``2024-02-10``) and otherwise gives the date ``2024``. ``date`` and a
    date the text gives with its year win over it; a year outside 1..9999 raises
    :class:`InvalidValueError`."""

@overload
def parse_many(
    texts: Iterable[str],
    *,
    ids: Optional[list[str]] = None,
    threads: Optional[int] = None,
    errors: Literal["raise"] = "raise",
) -> list[Article]:
    """Parses many articles in parallel without the GIL. ``errors="raise"`` (the default)
    raises on the first unusable text, naming its position (``text 3: empty text``);
    ``errors="skip"`` parses the others and leaves None at the unusable texts' positions
    (``[i for i, a in enumerate(out) if a is None]``). To keep why each one failed, use
    ``Corpus.from_texts``, whose ``errors`` list them."""
@overload
def parse_many(
    texts: Iterable[str],
    *,
    ids: Optional[list[str]] = None,
    threads: Optional[int] = None,
    errors: Literal["skip"],
) -> list[Optional[Article]]: ...

def _overrides_state(
    id: Optional[str] = None,
    source: Optional[str] = None,
    date: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    year: Optional[int] = None,
) -> bytes:
    """The pickled form of the values an article was given (for saves of format 1)."""

def parse_html(
    html: Union[str, bytes],
    *,
    url: Optional[str] = None,
    id: Optional[str] = None,
    encoding: Optional[str] = None,
) -> Article:
    """Parses a web page: its main text (headline, paragraphs, headings, lists, quotes,
    captions) without menus, ads, comments and related links, and its metadata (JSON-LD,
    OpenGraph, Twitter, ``<meta>``, ``<time>``, canonical link, ``lang``). ``bytes`` are
    decoded as a browser would (BOM, ``encoding``, ``<meta charset>``, UTF-8, detection);
    ``url`` and ``id`` win over what the page says. A page without text raises FormatError."""

def train_ner(
    paths: list[Union[str, os.PathLike[str]]],
    *,
    epochs: int = 12,
    seed: int = 1,
    folds: int = 5,
    ensemble: int = 1,
    threads: Optional[int] = None,
) -> NerModel:
    """Trains an entity model on KIND-format files (``token<TAB>IOB tag`` lines)."""

def default_aliases() -> dict[str, str]:
    """The bundled alias table: alias (in key form: lower case, hyphens as spaces) → canonical."""

def _panic_for_tests(message: str) -> None:
    """Panics in the core, to test that panics surface as :class:`InternalError`."""

# -- parts of a corpus (internal: see rassegna.engine) ------------------------------------
_NamedRole: TypeAlias = tuple[str, Optional[str], str]

@final
class Batches:
    """The batches of one file or folder (``rassegna.read_batches`` iterates over these),
    read ahead on a thread of their own."""

    def __new__(
        cls,
        path: Union[str, os.PathLike[str]],
        *,
        size: int,
        strict: bool = False,
        threads: Optional[int] = None,
        source: Optional[str] = None,
        year: Optional[int] = None,
        encoding: Optional[str] = None,
        leave_parquet: bool = False,
        text_column: Optional[str] = None,
        id_column: Optional[str] = None,
        date_column: Optional[str] = None,
        source_column: Optional[str] = None,
        title_column: Optional[str] = None,
        url_column: Optional[str] = None,
        html_column: Optional[str] = None,
    ) -> Batches: ...
    def __iter__(self) -> Batches: ...
    def __next__(self) -> Corpus: ...

@final
class Partial:
    """What one part of a corpus contributes to a statistic of the whole, held in Rust until
    a ``_..._of_parts`` function merges it (once). Pickles as bytes."""

    @classmethod
    def _from_bytes(cls, data: bytes) -> Partial: ...
    def _to_bytes(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...

def _listed_files(root: Union[str, os.PathLike[str]]) -> list[tuple[str, Optional[str]]]:
    """The files below a folder with their kinds (``text``, ``page``, ``warc``, ``jsonl``,
    ``json``, ``csv``, ``tsv``, ``parquet``, or None), in the order reading the folder reads
    them."""

def _read_folder_files(
    root: Union[str, os.PathLike[str]],
    files: list[Union[str, os.PathLike[str]]],
    *,
    listing_errors: bool = False,
    strict: bool = False,
    threads: Optional[int] = None,
    source: Optional[str] = None,
    year: Optional[int] = None,
    encoding: Optional[str] = None,
    leave_parquet: bool = False,
    text_column: Optional[str] = None,
    id_column: Optional[str] = None,
    date_column: Optional[str] = None,
    source_column: Optional[str] = None,
    title_column: Optional[str] = None,
    url_column: Optional[str] = None,
    html_column: Optional[str] = None,
) -> Corpus:
    """Some of the files of a folder, read as reading the whole folder reads them."""

def _find_entities(
    corpus: Corpus,
    *,
    model: Optional[NerModel] = None,
    aliases: Optional[Mapping[str, str]] = None,
    threads: Optional[int] = None,
    across_articles: bool = False,
) -> Corpus:
    """The part holding its entities found by ``model``, named across all its articles or
    within each article only."""

def _name_tally(
    corpus: Corpus,
    *,
    model: Optional[NerModel] = None,
    aliases: Optional[Mapping[str, str]] = None,
    threads: Optional[int] = None,
    found: bool = False,
) -> Partial:
    """The spellings of the names a part settles within each article."""

def _merge_name_tallies(parts: list[Partial]) -> Partial:
    """Tallies of consecutive parts merged in order."""

def _with_names(
    corpus: Corpus,
    names: Partial,
    *,
    model: Optional[NerModel] = None,
    aliases: Optional[Mapping[str, str]] = None,
    threads: Optional[int] = None,
    found: bool = False,
) -> Corpus:
    """The part with its entities named as the whole corpus's tally settles them."""

def _named_roles(corpus: Corpus, *, threads: Optional[int] = None) -> list[_NamedRole]:
    """The roles a part names next to their holders."""

def _with_roles(
    corpus: Corpus, roles: list[_NamedRole], *, threads: Optional[int] = None
) -> Corpus:
    """The part with its mentions found under the roles the whole corpus names."""

def _date_order(dates: list[Optional[str]]) -> list[int]:
    """Where each row of article dates ``dates`` goes in date order (undated last, stable)."""

def _entity_tallies(corpus: Corpus, *, threads: Optional[int] = None) -> Partial:
    """What a part says of each canonical name."""

def _entity_counts_of_parts(parts: list[Partial]) -> ArrowTable:
    """The entity counts table of the whole corpus from the tallies of its parts."""

def _merge_entity_tallies(parts: list[Partial]) -> Partial:
    """The tallies of several parts merged into one, to be merged again with more."""

def _place_tallies(corpus: Corpus, *, threads: Optional[int] = None) -> Partial:
    """What this part says of each place its entities name."""

def _places_of_parts(parts: list[Partial]) -> ArrowTable:
    """The places table of the whole corpus from the tallies of its parts, in order."""

def _term_counts(corpus: Corpus, *, threads: Optional[int] = None, **options: Any) -> Partial:
    """Per-article term counts of a part, terms in code point order."""

def _tfidf_of_parts(
    parts: list[Partial],
    ids: list[Optional[str]],
    *,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    use_idf: bool = True,
    norm: Optional[str] = ...,
    min_df: Union[float, None] = None,
    max_df: Union[float, None] = None,
    max_features: Optional[int] = None,
    threads: Optional[int] = None,
) -> TfidfResult:
    """TF-IDF of the whole corpus from the term counts of its parts, in order."""

def _frequencies_of_parts(
    parts: list[Partial], *, top: Optional[int] = None, threads: Optional[int] = None
) -> ArrowTable:
    """Term frequencies of the whole corpus from the counts of its parts."""

def _top_terms(
    corpus: Corpus, *, top: Optional[int] = None, threads: Optional[int] = None, **options: Any
) -> ArrowTable:
    """The ``top`` terms of each article of a part: article, term, count, rank."""

def _keyness_counts(
    corpus: Corpus,
    target: list[bool],
    reference: list[bool],
    *,
    threads: Optional[int] = None,
    **options: Any,
) -> Partial:
    """A part's term totals in its target and reference articles."""

def _keyness_of_parts(parts: list[Partial], *, min_count: int = 3) -> ArrowTable:
    """Keyness of the whole corpus from the totals of its parts."""

def _cooccurrence_tally(
    corpus: Corpus,
    *,
    of: str = "entities",
    within: str = "sentence",
    window: int = 5,
    labels: Optional[list[str]] = None,
    places: bool = False,
    threads: Optional[int] = None,
    **options: Any,
) -> Partial:
    """A part's co-occurrence counts."""

def _cooccurrence_of_parts(parts: list[Partial], *, min_count: int = 1) -> ArrowTable:
    """Co-occurrence of the whole corpus from the counts of its parts."""

def _collocation_tally(
    corpus: Corpus,
    *,
    sizes: tuple[int, int] = ...,
    threads: Optional[int] = None,
    **options: Any,
) -> Partial:
    """A part's unit and n-gram counts, for collocations of ``sizes``."""

def _collocations_of_parts(
    parts: list[Partial], *, sizes: tuple[int, int] = ..., min_count: int = 3
) -> ArrowTable:
    """Collocations of the whole corpus from the counts of its parts, best NPMI first."""

def _trend_tally(
    corpus: Corpus,
    terms: Optional[list[str]] = None,
    entity_names: Optional[list[str]] = None,
    *,
    period: str = "month",
    threads: Optional[int] = None,
    **options: Any,
) -> Partial:
    """A part's mentions of ``terms`` and ``entity_names`` per period."""

def _trends_of_parts(parts: list[Partial]) -> ArrowTable:
    """Trends of the whole corpus from the tallies of its parts."""

# -- search (src/py/search.rs) ----------------------------------------------------------------
def _search_index(corpus: Corpus, *, entities: bool = False, threads: Optional[int] = None) -> bool:
    """Builds the part's index now (with entities when asked); whether it has entities."""

def _search_indexed(corpus: Corpus) -> bool:
    """Whether the part holds an index, without building one."""

def _search_save(
    corpus: Corpus, folder: Union[str, os.PathLike[str]], *, threads: Optional[int] = None
) -> None: ...
def _search_open(corpus: Corpus, folder: Union[str, os.PathLike[str]]) -> None: ...
def _check_query(query: str) -> bool:
    """Raises QueryError for a malformed query; whether it names an entity."""

def _search_statistics(
    corpus: Corpus, query: str, *, stem: bool = False, threads: Optional[int] = None
) -> bytes: ...
def _search(
    corpus: Corpus,
    query: str,
    *,
    stem: bool = False,
    statistics: Optional[list[bytes]] = None,
    top: Optional[int] = None,
    count_hits: bool = True,
    threads: Optional[int] = None,
) -> ArrowTable: ...
def _search_hits(
    corpus: Corpus,
    query: str,
    positions: list[int],
    *,
    stem: bool = False,
    window: int = 5,
    threads: Optional[int] = None,
) -> ArrowTable: ...
def _concordance(
    corpus: Corpus,
    pattern: str,
    *,
    regex: bool = False,
    window: int = 5,
    threads: Optional[int] = None,
) -> ArrowTable: ...
def _entity_mask(
    corpus: Corpus, names: list[str], *, every: bool = False, threads: Optional[int] = None
) -> list[bool]: ...
def _take(corpus: Corpus, positions: list[int]) -> Corpus: ...

# -- near-duplicates (rassegna.duplicates) ----------------------------------------------------
@final
class DuplicateCandidates:
    """Candidate pairs of a whole corpus, between the two rounds over its parts."""

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Pairs of articles (positions) whose signatures share a band: the first article of
        each of two distinct contents."""
    @property
    def copy_of(self) -> list[Optional[int]]:
        """Per article: the first article with the same content, or None without content."""
    def wanted(self) -> list[tuple[int, bool]]:
        """The articles that may be in a group, with whether their shingles are needed."""

def _duplicate_signatures(
    corpus: Corpus, *, shingle_size: int, num_perm: int, threads: Optional[int] = None
) -> Partial:
    """A part's shingle-set sizes, fingerprints and MinHash signatures."""

def _duplicate_candidates(
    parts: list[Partial], *, bands: int, threads: Optional[int] = None
) -> DuplicateCandidates:
    """The parts' signatures merged in order, and the candidate pairs of ``bands`` bands."""

def _duplicate_members(
    corpus: Corpus,
    first: int,
    wanted: list[tuple[int, bool]],
    *,
    shingle_size: int,
    threads: Optional[int] = None,
) -> Partial:
    """The articles of a part (beginning at corpus position ``first``) that ``wanted`` names,
    with their shingles where asked."""

def _duplicates_of_parts(
    candidates: DuplicateCandidates,
    parts: list[Partial],
    *,
    threshold: float,
    containment: float,
    threads: Optional[int] = None,
) -> ArrowTable:
    """One row per article in a group of duplicates, pairs verified exactly."""

def _duplicate_shingles(
    corpus: Corpus, *, shingle_size: int, threads: Optional[int] = None
) -> list[bytes]:
    """Each article's shingles as little-endian 64-bit hashes: what ``duplicates`` compares."""

