"""A read-only, hashable mapping for the fields of frozen data classes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class FrozenMap(Mapping[str, Any]):
    """A mapping that cannot change and can be hashed, keeping insertion order.

    Frozen data classes hold one (scores by criterion, levels by practice) so they
    stay hashable and compare equal to a plain ``dict`` with the same items.

    Examples
    --------
    >>> m = FrozenMap([("b", 2), ("a", 1)])
    >>> list(m), m == {"a": 1, "b": 2}, hash(m) == hash(FrozenMap({"a": 1, "b": 2}))
    (['b', 'a'], True, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> Any:
        """Return the underlying dict's items view (faster than the Mapping default)."""
        return self._items.items()

    def values(self) -> Any:
        """Return the underlying dict's values view."""
        return self._items.values()

    def keys(self) -> Any:
        """Return the underlying dict's keys view."""
        return self._items.keys()

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value for ``key``, or ``default``."""
        return self._items.get(key, default)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._items == dict(other.items())

    def __repr__(self) -> str:
        return repr(self._items)
