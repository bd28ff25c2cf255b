"""All-or-nothing writing of a set of output files (graph.ttl, .nt, .jsonld, .html, ...).

Every file is first written to a temporary file beside its target, named
``.NAME.kgPID-RANDOM.tmp``; then all are renamed onto their targets. An existing target is
hard-linked to a backup (same pattern) first, so that when a rename fails the ones already
done are put back: the folder holds the old set or the new one, never a mix, and no temporary
file. A process killed while writing leaves its temporary files behind; the next write in the
folder removes those of processes that are gone (only files of this pattern, for the names it
writes, and the ``.NAME.XXXXXXXX.tmp`` files of kg 0.1).
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

__all__ = ["clean_stale", "replace_all", "write_temp"]

_OURS = re.compile(r"^\.(?P<name>.+)\.kg(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # kg 0.1's tempfile.mkstemp names


def _prefix(path: Path) -> str:
    return f".{path.name}.kg{os.getpid()}-"


def write_temp(path: Path, data: bytes | str | Iterable[bytes] | Callable[[BinaryIO], object]) -> Path:
    """`data` (bytes, a str, bytes in chunks as a generator makes them, or a function that writes
    to the binary file it is given: a large output need not be whole in memory) in a temporary
    file beside `path` (with the usual file mode), for replace_all to rename onto `path`; nothing
    is left behind if writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                chunks = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) \
                    else data
                for chunk in chunks:
                    handle.write(chunk)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to tell: keep its files
        return True
    return True


def clean_stale(folder: Path, names: Iterable[str]) -> list[Path]:
    """Remove the temporary files that killed kg runs left in `folder` for output `names`
    (regular files of kg's temporary pattern whose process is gone); the removed paths."""
    wanted = set(names)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        ours = _OURS.match(entry.name)
        legacy = None if ours else _LEGACY.match(entry.name)
        match = ours or legacy
        if not match or match["name"] not in wanted:
            continue
        if ours and _alive(int(ours["pid"])):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError as exc:
            log.debug("cannot remove stale %s: %s", entry.path, exc)
            continue
        log.info("removed %s, left by an interrupted run", entry.path)
        removed.append(Path(entry.path))
    return removed


def _backup(target: Path) -> Path | None:
    """A hard link (else a copy) of an existing regular file or symlink `target`, or None."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        return None  # a folder or device: the rename onto it fails, nothing to put back
    backup = target.with_name(f"{_prefix(target)}{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, backup, follow_symlinks=False)
    return backup


def replace_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Rename each (temporary, target) pair: all of them, or (an exception) none, the targets
    as they were before and every temporary and backup file removed."""
    backups: list[Path] = []
    done: list[tuple[Path, Path | None]] = []
    kept: set[Path] = set()
    try:
        for tmp, target in pairs:
            backup = _backup(target)
            if backup is not None:
                backups.append(backup)
            os.replace(tmp, target)
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            try:
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(backup, target)
            except OSError as exc:
                log.error("could not put back %s (the old file is %s): %s", target, backup, exc)
                if backup is not None:
                    kept.add(backup)
        raise
    finally:
        for path in [tmp for tmp, _ in pairs] + backups:
            if path not in kept:
                path.unlink(missing_ok=True)
