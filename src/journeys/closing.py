"""``with`` support for the library's objects that hold a store, a file or a document."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self


class ClosesOnExit:
    """Mixin: ``with thing:`` returns ``thing`` and calls ``thing.close()`` when the
    block ends, however it ends. The class itself defines ``close``."""

    close: Callable[[], None]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
