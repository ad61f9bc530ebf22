"""Writing a report or baseline file safely: whole or not at all, never through a link, never
over an input (issue 15).

The file is written to a temporary file made exclusively (``mkstemp``: it cannot be a
planted symbolic link) next to the target, then renamed over it, so a failed run leaves no
half file. A target that is a symbolic link is refused rather than followed or replaced:
in a CI checkout a link named like the report could point anywhere. A target that is one of
the inputs (by any path or hard link) is refused before anything is checked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from budget_audit.errors import UserError


def check_target(target: Path, inputs: Iterable[str] = ()) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    if target.is_symlink():
        raise UserError(str(target), "cannot write output (it is a symbolic link; name the file itself)")
    if target.is_dir():
        raise UserError(str(target), "cannot write output (is a directory)")
    if not target.parent.is_dir():
        raise UserError(str(target), "cannot write output (no such directory)")
    if target.exists():
        for path in inputs:
            if path != "-" and _same(target, Path(path)):
                raise UserError(str(target), "cannot write output (it is one of the input files)")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def write_file(target: Path, data: bytes | Iterable[bytes], inputs: Iterable[str] = ()) -> None:
    """Write ``data`` (or its pieces, in order) to ``target`` whole, or raise UserError and leave
    everything as it was."""
    check_target(target, inputs)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise UserError(str(target), f"cannot write output ({exc.strerror or exc})") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in [data] if isinstance(data, bytes) else data:
                f.write(piece)
        os.chmod(tmp, _mode(target))
        if target.is_symlink():  # planted between the check and now
            raise UserError(str(target), "cannot write output (it is a symbolic link; name the file itself)")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(str(target), f"cannot write output ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual ones (0666 less the umask)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
