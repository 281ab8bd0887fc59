"""The ``rolemodel`` command: an argparse front end over the public API.

``main(argv) -> int`` runs one command and returns its exit status, never raising:

- 0 when all went well;
- 1 when some rows of a batch failed (or lint found something, an example failed);
- 2 on a usage or input-file error (bad flags, a bad profile, an unknown framework, an
  unreadable or malformed file, an output that cannot be written or is one of the inputs);
- 3 on an internal error (a bug): a short message and a hint to report it; the traceback
  only with ``--debug``.

Every file a command writes goes through :func:`rolemodel._atomic.atomic_output` (whole or
not at all, never onto an input).

This module builds the parser, runs a command, holds the helpers every command shares and
the ``recommend`` command; the others live with their kind: ``batch`` in
``rolemodel._cli_batch`` and ``report`` in ``rolemodel._cli_report`` (over ``rolemodel._csvio``,
which reads, scores and writes a client table), ``frameworks`` in
``rolemodel._cli_frameworks``, ``lint`` and ``test`` in ``rolemodel._cli_lint``.

**Adding a command.** Every subcommand is added by a *registrar*: a function
``register(subparsers)`` that calls ``subparsers.add_parser(...)``, adds its arguments and sets
``handler=`` (a function ``(argparse.Namespace) -> int``) with ``set_defaults``. The registrars
are listed by dotted name under their command's name in :data:`REGISTRARS`, so another module
(``rolemodel._cli_lint``, say) adds its command with one line there, and may use the helpers below
(:func:`add_factor_options`, :func:`add_framework_options`, :func:`chosen_frameworks`,
:func:`chosen_weights`, :func:`factors_from`, :func:`parser_kwargs`, :func:`out`,
:class:`UsageError`, the ``EXIT_*`` statuses). Keep a command module's module-level imports
light and import heavy things inside its handler: a run imports the module of the command it
names (every command's module for ``rolemodel --help``), and ``rolemodel recommend`` must start
fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._model import Framework
    from rolemodel._result import Recommendation

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_ROWS_FAILED",
    "EXIT_USAGE",
    "REGISTRARS",
    "Subparsers",
    "UsageError",
    "add_factor_options",
    "add_framework_options",
    "add_profile_option",
    "build_parser",
    "chosen_frameworks",
    "chosen_weights",
    "factors_from",
    "main",
    "out",
    "parser_kwargs",
    "profile_from",
    "recommend_from",
]

Subparsers = Any  # argparse._SubParsersAction[argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]

#: The subcommands, as ``"module:function"`` registrars, in the order ``--help`` lists them.
#: Each command's registrar, by the command's name (a registrar may add more than one).
REGISTRARS: dict[str, str] = {
    "recommend": "rolemodel._cli:register_recommend",
    "batch": "rolemodel._cli_batch:register_batch",
    "report": "rolemodel._cli_report:register_report",
    "path": "rolemodel._cli_path:register_path",
    "assess": "rolemodel._cli_assess:register_assess",
    "frameworks": "rolemodel._cli_frameworks:register",
    "lint": "rolemodel._cli_lint:register",
    "test": "rolemodel._cli_lint:register",
    "audit": "rolemodel._cli_time:register_audit",
    "rhythm": "rolemodel._cli_time:register_rhythm",
    "mbos": "rolemodel._cli_time:register_mbos",
}

EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: Where to report an internal error.


class UsageError(Exception):
    """The command was used wrongly; ``main`` prints the message and returns 2."""


# -- shared helpers for registrars --------------------------------------------------------------


def parser_kwargs(help: str, example: str) -> dict[str, Any]:
    """Keyword arguments for ``add_parser``: a one-line help and an epilog with an example."""
    return {
        "help": help,
        "description": help[:1].upper() + help[1:] + ".",
        "epilog": "example:\n" + "\n".join("  " + line for line in example.strip().splitlines()),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _graded_value(text: str) -> float | str:
    """A graded factor from the command line: a number when it reads as one, else a word."""
    try:
        return float(text)
    except ValueError:
        return text


def add_factor_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """One ``--flag`` per factor of :data:`rolemodel.FACTORS` (``--company-size`` ...).

    With ``required``, argparse insists on the required factors; otherwise the profile's
    own validation reports what is missing.
    """
    must = parser.add_argument_group("required factors")
    may = parser.add_argument_group("optional factors")
    for name, spec in FACTORS.items():
        group = must if spec.required else may
        if spec.kind == "count":
            group.add_argument(
                _flag(name), dest=name, metavar="N", required=required and spec.required, help=spec.says
            )
        elif spec.kind == "graded":
            group.add_argument(
                _flag(name),
                dest=name,
                metavar="G",
                type=_graded_value,
                required=required and spec.required,
                help=f"{spec.says} (0..1, a percentage, low/medium/high or yes/no/partly)",
            )
        else:
            group.add_argument(_flag(name), dest=name, metavar="STAGE", help=spec.says)


def factors_from(args: argparse.Namespace) -> dict[str, Any]:
    """The factors given on the command line, by name."""
    return {n: getattr(args, n) for n in FACTORS if getattr(args, n, None) is not None}


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    """``--profile FILE``: the company as a YAML or JSON file (factor flags given too win)."""
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="the company as a YAML or JSON file of factors (headers as people write them, e.g. "
        "'Employees: 300'); its 'name' is the client's name; factor flags override it",
    )


def profile_from(args: argparse.Namespace) -> tuple[str | None, dict[str, Any]]:
    """The client's name (``None`` without one) and factors: the ``--profile`` file's, with
    the factor flags given on top."""
    name: str | None = None
    factors: dict[str, Any] = {}
    if getattr(args, "profile", None):
        from rolemodel._clientfile import read_profile_file

        name, factors = read_profile_file(args.profile)
    factors.update(factors_from(args))
    missing = [n for n, spec in FACTORS.items() if spec.required and factors.get(n) in (None, "")]
    if missing:
        where = f" or in {args.profile}" if getattr(args, "profile", None) else " or in a --profile FILE"
        raise UsageError(
            "missing required factor(s): "
            + ", ".join(_flag(n) for n in missing)
            + f" (give them as flags{where})"
        )
    return name, factors


def add_framework_options(parser: argparse.ArgumentParser) -> None:
    """``--framework`` (repeatable) and ``--weight ID=W`` (repeatable)."""
    group = parser.add_argument_group("frameworks")
    group.add_argument(
        "--framework",
        action="append",
        metavar="PATH|ID",
        default=None,
        help="use this framework instead of the five built-in ones: a YAML file, a folder of "
        "them, a built-in id, or 'builtins' for all five (repeat to combine several; "
        "e.g. --framework builtins --framework ours.yaml adds one to the built-ins)",
    )
    group.add_argument(
        "--weight",
        action="append",
        metavar="ID=W",
        default=None,
        help="weight of a framework in the combination (default 1 each; repeatable)",
    )


def chosen_frameworks(args: argparse.Namespace) -> tuple[Framework, ...] | None:
    """The frameworks ``--framework`` names, or ``None`` for the built-ins."""
    specs: list[str] | None = getattr(args, "framework", None)
    if not specs:
        return None
    from rolemodel._loader import builtin_frameworks, load_framework

    builtins = {f.id: f for f in builtin_frameworks()}
    chosen: list[Framework] = []
    for spec in specs:
        path = Path(spec)
        if spec == "builtins":
            chosen.extend(builtins.values())
        elif path.is_dir():
            files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not files:
                raise UsageError(f"--framework {spec}: the folder has no .yaml files")
            chosen.extend(load_framework(p) for p in files)
        elif path.is_file():
            chosen.append(load_framework(path))
        elif spec in builtins:
            chosen.append(builtins[spec])
        else:
            hint = did_you_mean(spec, [*builtins, "builtins"])
            raise UsageError(
                f"--framework {spec}: expected a framework file, a folder, a built-in id "
                f"({', '.join(builtins)}) or 'builtins'" + (f" ({hint})" if hint else "")
            )
    return tuple(chosen)


def chosen_weights(args: argparse.Namespace) -> dict[str, float] | None:
    """The ``--weight ID=W`` values by framework id, or ``None``."""
    given: list[str] | None = getattr(args, "weight", None)
    if not given:
        return None
    weights: dict[str, float] = {}
    for item in given:
        fid, sep, number = item.partition("=")
        try:
            if not sep or not fid:
                raise ValueError
            weights[fid.strip()] = float(number)
        except ValueError:
            raise UsageError(f"--weight {item}: expected ID=W, e.g. seven-differences=2") from None
    return weights


def out(text: str, stream: TextIO | None = None) -> None:
    """``text`` on ``stream`` (default: stdout), ending in a newline."""
    stream = sys.stdout if stream is None else stream
    stream.write(text if text.endswith("\n") else text + "\n")


# -- recommend ----------------------------------------------------------------------------------


def register_recommend(subparsers: Subparsers) -> None:
    """``rolemodel recommend``."""
    p = subparsers.add_parser(
        "recommend",
        **parser_kwargs(
            "recommend a role (management, leadership or a growth leader) and its staffing "
            "(one person, a split, or one converged Growth Leader) for one company",
            "rolemodel recommend --company-size 300 --team-size 25 --market-change high "
            "--regulation low\n"
            "rolemodel recommend --company-size 40 --team-size 6 --market-change 0.7 "
            "--regulation low --stage startup --format json\n"
            "rolemodel recommend --profile acme.yaml --market-change high\n\n"
            "The four required factors come from flags or from --profile (a YAML or JSON file;\n"
            "its 'name' is the client's name, shown with the answer).",
        ),
    )
    add_profile_option(p)
    add_factor_options(p, required=False)
    add_framework_options(p)
    p.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)"
    )
    p.add_argument(
        "--reasons",
        type=int,
        default=3,
        metavar="N",
        help="how many cited reasons to show for each answer (default: 3)",
    )
    p.set_defaults(handler=_recommend)


def recommend_from(args: argparse.Namespace) -> Recommendation:
    """The recommendation for the company the ``--profile`` file and factor flags describe,
    with the chosen frameworks."""
    from rolemodel._api import recommend

    _, factors = profile_from(args)
    return recommend(factors, frameworks=chosen_frameworks(args), weights=chosen_weights(args))


def _recommend(args: argparse.Namespace) -> int:
    from rolemodel._api import recommend

    name, factors = profile_from(args)
    rec = recommend(factors, frameworks=chosen_frameworks(args), weights=chosen_weights(args))
    if args.format == "json":
        import json

        data = rec.to_dict()
        if name is not None:
            data = {"client": name, **data}
        out(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    from rolemodel import _display

    if args.format == "markdown":
        text = _display.recommendation_markdown(rec, reasons=max(0, args.reasons))
        out(f"# {name}\n\n{text}" if name is not None else text)
    else:
        text = _display.recommendation_text(rec, reasons=max(0, args.reasons))
        out(f"Client: {name}\n{text}" if name is not None else text)
    return EXIT_OK


# -- main ---------------------------------------------------------------------------------------


def _registrar(dotted: str) -> Callable[[Subparsers], None]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not an option), if it is one."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in REGISTRARS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``rolemodel`` parser, with every command of :data:`REGISTRARS`, or only the one
    ``argv`` names: a command's run imports its own module alone, so ``rolemodel recommend``
    starts without the modules of ``lint``, ``report`` or ``audit``."""
    parser = argparse.ArgumentParser(
        prog="rolemodel",
        description="Recommend sales management, leadership or a converged Growth Leader, "
        "explained and cited from five articles.",
        epilog="example:\n  rolemodel recommend --company-size 300 --team-size 25 "
        "--market-change high --regulation low\n\n"
        "'rolemodel COMMAND --help' shows a command's options and an example.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from rolemodel import __version__

    parser.add_argument("--version", action="version", version=f"rolemodel {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="on an internal error, show the traceback (for a bug report)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = _command_of(argv or ())
    chosen = [REGISTRARS[command]] if command is not None else REGISTRARS.values()
    for dotted in dict.fromkeys(chosen):
        _registrar(dotted)(subparsers)
    _add_debug(subparsers)
    return parser


def _add_debug(subparsers: Subparsers) -> None:
    """``--debug`` on every command too (``rolemodel batch ... --debug``), nested ones included."""
    for parser in {id(p): p for p in subparsers.choices.values()}.values():
        if not any("--debug" in a.option_strings for a in parser._actions):
            parser.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_debug(action)


def _error(command: str, message: str) -> None:
    prog = f"rolemodel {command}" if command else "rolemodel"
    out(f"{prog}: error: " + message.replace("\n", "\n  "), sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rolemodel`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    No exception escapes: a usage or input-file error is a message and 2, anything else an
    internal error, a message and 3 (with the traceback under ``--debug``).
    """
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    command = ""
    try:
        parser = build_parser(sys.argv[1:] if argv is None else argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or argparse's own usage error
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        command = " ".join(filter(None, (args.command, getattr(args, "action", None))))
        handler: Handler = args.handler
        return handler(args)
    except (UsageError, RoleModelError) as exc:
        _error(command, str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # a file that could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        _error(command, f"{where}{exc.strerror or exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:
        _error(
            command,
            f"internal error: {type(exc).__name__}: {exc}\n"
            "this is a bug in rolemodel: please report it to the project's issue tracker with the "
            "command and its input" + ("" if debug else "; run it again with --debug for the traceback"),
        )
        if debug:
            import traceback

            traceback.print_exc(file=sys.stderr)
        return EXIT_INTERNAL


def _quiet_stdout() -> None:  # pragma: no cover - only when stdout is a closed pipe
    """Point stdout at the null device so that Python's own flush at exit stays quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
