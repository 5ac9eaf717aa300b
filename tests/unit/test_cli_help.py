"""`emergenza --help` and argparse's errors all in Italian, for every (sub)command."""

from __future__ import annotations

import argparse

import pytest


def _all_parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _all_parsers(sub)


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "show program's",
                    "the following arguments", "required:", "unrecognized", "invalid choice", "expected one")


def test_help_of_every_command_is_all_italian(capsys):
    from emergenza.cli import build_parser, main

    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > 10
    for parser in parsers:
        text = parser.format_help()
        assert text.startswith("uso: ") and not [w for w in ARGPARSE_ENGLISH if w in text], text
    with pytest.raises(SystemExit) as done:
        main(["enroll", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: emergenza enroll") and "opzioni:" in out and "mostra questo aiuto ed esce" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["enroll"], "emergenza: errore: mancano gli argomenti obbligatori: --server, --code\n"),
    (["--lang", "xx"], "emergenza: errore: argomento --lang: scelta non valida: 'xx' (ammessi: 'it', 'en')\n"),
    (["--demo", "--nessuna"], "emergenza: errore: argomenti non riconosciuti: --nessuna\n"),
])
def test_argparse_errors_in_italian_on_one_line(capsys, argv, expected):
    from emergenza.cli import main

    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2 and capsys.readouterr().err == expected


def test_argparse_is_left_as_it_was():
    from emergenza.cli import build_parser

    build_parser().parse_args(["--demo"])
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: ")
