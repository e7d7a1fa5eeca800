"""Progress bars (tqdm) for corpus operations that take more than a moment.

Every such operation takes ``progress=``: ``True`` shows a bar, ``False`` never does, and
``None`` (the default) follows :data:`enabled`. When :data:`enabled` is ``None`` too, a bar is
shown only when the work spans more than one batch, so small corpora stay quiet.
``rassegna.progress.enabled = False`` turns every bar off.

The Rust core runs each batch in parallel without the GIL; bars advance between batches, so
they cost nothing in the hot loop (and move in steps of a batch).
"""

from __future__ import annotations

from typing import Any, final

#: The default for ``progress=None``: True, False, or None for "when there is more than one batch".
enabled: bool | None = None
#: Texts parsed per batch when a bar is shown.
BATCH = 2048


def wanted(progress: bool | None, batches: int) -> bool:
    """Whether to show a bar for work of ``batches`` batches."""
    choice = enabled if progress is None else progress
    return batches > 1 if choice is None else bool(choice)


def bar(show: bool, total: int, desc: str, unit: str = "it") -> Any:
    """A tqdm bar, or a silent stand-in with the same ``update``/``close`` methods."""
    if not show:
        return _Silent()
    try:
        import ipywidgets  # noqa: F401  (the notebook bar needs it; without, the console bar)
        from tqdm.auto import tqdm
    except ImportError:
        from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit=unit)


@final
class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        pass
