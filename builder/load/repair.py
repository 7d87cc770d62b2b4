"""A programme with schema errors, repaired so its rule checks can still run.

One schema error must not hide the rule checks of the rest of the file. So when
a programme fails its schema, the parts that failed are taken out and the rest is
validated as usual; each part taken out is put back as :data:`UNKNOWN`, a value
that raises :class:`UnknownValue` as soon as anything reads, compares, adds,
iterates or prints it. The check runner stops a check at that moment and keeps
what it reported before: a check reports exactly the problems it could compute
from valid data, and nothing that depends on a broken part.

What is taken out:

- an unknown key: dropped (it holds nothing the model knows);
- anything inside a list item (a session, an activity, a phase, an interview, a
  criterion): that whole item, so no check sees half of it. The list keeps its
  length and indices: a stand-in passes validation, then :data:`UNKNOWN` replaces it;
- anything else: the top-level key holding it (e.g. all of ``group_size``).

A repaired model is for checks only: it is never rendered.
"""

from __future__ import annotations

import copy
import enum
import typing
from typing import Any, Iterable, Iterator, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError, create_model

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

Path = tuple[str | int, ...]

MAX_ROUNDS = 8
"""Taking parts out can break a list's minimum length; a few rounds settle it."""


class UnknownValue(Exception):
    """Raised when a check reads a part of a programme that failed its schema."""


class _Unknown:
    """A placeholder for a part that failed validation: any use of it raises :class:`UnknownValue`."""

    __slots__ = ()

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise UnknownValue("a part of the programme that failed its schema was read")

    def __getattr__(self, name: str) -> NoReturn:
        self._refuse()


for _name in (
    "eq ne lt le gt ge hash bool len iter contains getitem add radd sub rsub mul rmul truediv rtruediv "
    "floordiv rfloordiv mod rmod neg pos abs int float index round str repr format"
).split():
    setattr(_Unknown, f"__{_name}__", _Unknown._refuse)


UNKNOWN: Any = _Unknown()
"""The one placeholder value put where a broken part was."""


def known(items: Iterable[T]) -> Iterator[tuple[int, T]]:
    """``enumerate(items)`` without the items put back as :data:`UNKNOWN` (a session or an activity that failed
    its schema): a check goes on past a broken item to the next one, whose problems do not depend on it."""
    for index, item in enumerate(items):
        if item is not UNKNOWN:
            yield index, item


def any_unknown(items: Iterable[object]) -> bool:
    """True when one of ``items`` failed its schema: what a check computes over all of them is unknown."""
    return any(item is UNKNOWN for item in items)


def _clean(loc: tuple[Any, ...], data: Any) -> tuple[Path, bool]:
    """The data path of a pydantic error location, and whether it ends at an existing value.

    Parts of the location that are not data keys (validator and union member names)
    are skipped; a last part naming a key the mapping lacks is kept (a missing key).
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif index == len(loc) - 1 and isinstance(current, dict) and isinstance(part, str):
            return tuple(path) + (part,), False
    return tuple(path), True


def _cut_point(path: Path) -> Path:
    """What to take out for an error at ``path``: the innermost list item holding it, else its top-level key."""
    for index in range(len(path) - 1, -1, -1):
        if isinstance(path[index], int):
            return path[: index + 1]
    return path[:1]


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def repair(model: type[M], data: dict[str, Any]) -> M | None:
    """``model`` built from ``data`` with every part that fails validation replaced by :data:`UNKNOWN`.

    Returns ``None`` when nothing can be kept (the top level itself is wrong, or the
    model still fails after a few rounds).
    """
    work: dict[str, Any] = copy.deepcopy(data)
    # Paths are kept in the coordinates of ``data``: ``removed`` maps a list's path to
    # the original indices taken out of it, ``top`` holds the top-level keys taken out.
    removed: dict[Path, set[int]] = {}
    placed: set[Path] = set()
    top: set[str] = set()
    for _ in range(MAX_ROUNDS):
        partial = _partial_model(model, frozenset(top))
        try:
            built = partial.model_validate(work)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            return _put_back(built, removed, placed, top)
        cuts: list[Path] = []
        failed = [_clean(e["loc"], work)[0] for e in errors if e["type"] != "too_short"]
        for error in errors:
            path, exists = _clean(error["loc"], work)
            if not path:
                return None
            if error["type"] == "too_short" and any(len(f) > len(path) and f[: len(path)] == path for f in failed):
                continue  # pydantic counts a list without its failed items; they get stand-ins
            if error["type"] == "extra_forbidden" and exists:
                _drop(work, path)
                continue
            cuts.append(_cut_point(path))
        for cut in sorted(set(cuts), key=lambda p: [(0, x) if isinstance(x, int) else (1, str(x)) for x in p],
                          reverse=True):
            original = _original_path(cut, removed)
            if isinstance(cut[-1], int):
                stand_in = _stand_in(model, cut)
                if stand_in is not None and original not in placed:
                    # a valid stand-in keeps the list's length (and its minimum) and every index
                    _get(work, cut[:-1])[int(cut[-1])] = stand_in
                    placed.add(original)
                    continue
                removed.setdefault(original[:-1], set()).add(int(original[-1]))
            else:
                top.add(str(cut[0]))
            _drop(work, cut)
    return None


def _stand_in(model: type[BaseModel], path: Path) -> Any:
    """A value that passes validation as the list item at ``path``, or ``None``.

    A model item gets an unvalidated empty instance (pydantic accepts instances as
    they are); an enum item its first member. It is replaced by :data:`UNKNOWN`
    once the model is built, so its content never reaches a check.
    """
    current: Any = model
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else None
        else:
            return None
        if current is None:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current.model_construct()
    if isinstance(current, type) and issubclass(current, enum.Enum):
        return next(iter(current))
    return None


def _item_type(annotation: Any) -> Any:
    """The item type of ``tuple[X, ...]`` or ``list[X]`` (through ``Annotated`` and ``| None``)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _item_type(args[0])
    if origin in (tuple, list) and args:
        return args[0]
    for arg in args:
        found = _item_type(arg)
        if found is not None:
            return found
    return None


def _drop(work: dict[str, Any], path: Path) -> None:
    parent = _get(work, path[:-1])
    if isinstance(parent, list):
        del parent[int(path[-1])]
    elif isinstance(parent, dict):
        parent.pop(path[-1], None)


def _original_path(path: Path, removed: dict[Path, set[int]]) -> Path:
    """Translate a path in the working copy (items already taken out) back to the original data."""
    original: list[str | int] = []
    for part in path:
        if isinstance(part, int):
            gone = sorted(removed.get(tuple(original), ()))
            index = part
            for taken in gone:
                if taken <= index:
                    index += 1
            original.append(index)
        else:
            original.append(part)
    return tuple(original)


def _partial_model(model: type[M], optional: frozenset[str]) -> type[M]:
    """``model`` with the top-level fields in ``optional`` no longer required."""
    if not optional:
        return model
    fields: dict[str, Any] = {name: (Any, None) for name in optional if name in model.model_fields}
    return create_model(f"Partial{model.__name__}", __base__=model, **fields)


def _put_back(built: BaseModel, removed: dict[Path, set[int]], placed: set[Path], top: set[str]) -> Any:
    """Put :data:`UNKNOWN` where parts were taken out or stood in for (lists keep their places)."""
    result = _rebuild(built, (), removed, placed)
    if top:
        result = result.model_copy(update={name: UNKNOWN for name in top})
    return result


def _rebuild(value: Any, path: Path, removed: dict[Path, set[int]], placed: set[Path]) -> Any:
    if path in placed:
        return UNKNOWN
    if not any(p[: len(path)] == path for p in (*removed, *placed)):
        return value
    if isinstance(value, BaseModel):
        update = {}
        for name, info in type(value).model_fields.items():
            child = getattr(value, name)
            new = _rebuild(child, path + (info.alias or name,), removed, placed)
            if new is not child:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, (tuple, list)):
        gone = removed.get(path, set())
        items = iter(value)
        out = []
        for index in range(len(value) + len(gone)):
            if index in gone:
                out.append(UNKNOWN)
            else:
                out.append(_rebuild(next(items), path + (index,), removed, placed))
        return tuple(out) if isinstance(value, tuple) else out
    return value
