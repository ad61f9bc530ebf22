"""The command line run in this process, as from a shell: arguments, stdin bytes and
environment in; exit status, stdout and stderr out (what typer's CliRunner gave)."""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from budget_audit.cli import run


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


class _Stream(io.TextIOWrapper):
    """A text stream over bytes that says it is no terminal, as a pipe does."""

    def __init__(self, data: bytes = b"") -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", newline="")

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


@contextmanager
def _environment(env: dict[str, str | None]):
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def invoke(args: list[str], stdin: bytes | None = None, env: dict[str, str | None] | None = None) -> Result:
    """``budget-audit ARGS`` with ``stdin``; ``env`` sets variables (None: unset) for the run."""
    out, err, inp = _Stream(), _Stream(), _Stream(stdin or b"")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = inp, out, err
    try:
        with _environment(env or {}):
            status = run(args)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(status, out.text(), err.text())


def modules_loaded_by(args: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running the command ``args``
    (its output discarded): what a command imports is part of its start-up."""
    import json
    import subprocess

    code = (
        "import sys, io, contextlib, json\n"
        "from budget_audit.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    run({args!r})\n"
        f"print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    last = out.stdout.decode().strip().splitlines()
    assert last, out.stderr.decode()
    return json.loads(last[-1])
