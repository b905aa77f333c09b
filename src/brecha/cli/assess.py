"""``brecha assess``: answer a self-assessment in the terminal; every answer is saved at once."""

from __future__ import annotations

import datetime
import os
from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, handled, helptext, set_lang, stderr
from brecha.i18n import tr


class _Quit(Exception):
    pass


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:  # input closed (piped answers ran out): stop, everything is saved
        raise _Quit from None


@handled
def command(
    path: Annotated[str, typer.Argument(help=helptext("cli.assess.path"))],
    institution: Annotated[str | None, typer.Option("--institution", "-i", metavar="TYPE",
                                                    help=helptext("cli.assess.institution"))] = None,
    level: Annotated[str | None, typer.Option("--level", "-l", metavar="LEVEL", help=helptext("cli.assess.level"))] = None,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Fill in a self-assessment question by question; resume it any time."""
    from rich.console import Console
    from rich.text import Text

    from brecha import api
    from brecha.output import write_atomic
    from brecha.questionnaire import Session
    from brecha.renderers import terminal
    from brecha.renderers.console import clean
    from brecha.templating import new_draft

    language = set_lang(lang)
    console = Console(highlight=False)
    lib = api.load_content(rules)

    session: Session | None = None

    def save() -> None:
        if session is not None:
            write_atomic(path, session.text(language), force=True)

    try:
        if os.path.exists(path):
            draft = api.read_draft(path, lib)
        else:
            types = sorted(lib.institution_types.values(), key=lambda t: t.id)
            if institution is None:
                console.print(terminal.choices([(it.name.get(language), it.id) for it in types]))
                pick = _ask(tr("assess.choose_type", language))
                institution = types[int(pick) - 1].id if pick.isdigit() and 0 < int(pick) <= len(types) else pick
            itype = lib.institution_types.get(institution)
            if level is None and itype is not None:
                console.print(terminal.choices([(lib.levels[gov].name.get(language) if gov in lib.levels else gov, gov)
                                                for gov in itype.levels]))
                pick = _ask(tr("assess.choose_level", language))
                level = itype.levels[int(pick) - 1] if pick.isdigit() and 0 < int(pick) <= len(itype.levels) else pick
            draft = new_draft(lib, institution, level or "", date=datetime.date.today().isoformat())
            draft.name = _ask(tr("assess.name", language)) or draft.name
            draft.jurisdiction = _ask(tr("assess.jurisdiction", language)).upper() or None
        session = Session.start(lib, draft)
        save()
        console.print(Text(tr("assess.intro", language, name=clean(draft.name), path=path), style="bold"))
        console.print(Text(tr("assess.keys", language), style="dim"))
        while True:
            rule = session.current
            done, total = session.progress
            if rule is None:
                if done == total:
                    break
                choice = _ask(tr("assess.end", language, done=done, total=total)).lower()
                if choice == "b":
                    session.back()
                    continue
                break
            question = session.question()
            if question is not None:
                console.print(terminal.question(question, language))
            scale = session.scale(rule)
            choice = _ask(tr("assess.answer", language)).lower()
            if choice == "q":
                break
            if choice == "b":
                session.back()
                continue
            if choice == "":
                session.skip()
                continue
            if choice == "n":
                session.answer("not_applicable", justification=_ask(tr("assess.justification", language)))
            elif choice.isdigit() and 0 < int(choice) <= len(scale.levels):
                session.answer(scale.levels[int(choice) - 1].value)
            elif scale.level(choice) is not None:
                session.answer(choice)
            else:
                console.print(Text(tr("assess.invalid", language), style="red"))
                continue
            save()
            evidence = _ask(tr("assess.evidence", language))
            notes = _ask(tr("assess.notes", language))
            session.annotate(rule.id, evidence=None if evidence == "" else ([] if evidence == "-" else evidence.split(";")),
                             notes=None if notes == "" else ("" if notes == "-" else notes))
            save()
    except (_Quit, KeyboardInterrupt):
        pass
    if session is not None:
        done, total = session.progress
        stderr(tr("assess.finished", language, path=path) if done == total
               else tr("assess.saved", language, done=done, total=total, path=path))
