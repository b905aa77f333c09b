"""``brecha assess``: answer a self-assessment in the terminal; every answer is saved at once.

The loop reads lines and hands them to :class:`brecha.questionnaire.Session`, which decides
what they mean. Every prompt knows ``b`` (back), ``q`` (save and quit) and ``?`` (help);
a leading space makes them plain text. Each sub-answer (value, justification, evidence,
notes) is written as soon as it is given, only when it changes the file, and never over a
file that changed on disk meanwhile.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from typing import TYPE_CHECKING, Annotated, Any

import typer

from brecha.cli._common import EXIT, LangOption, RulesOption, handled, helptext, set_lang, stderr
from brecha.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from brecha import model
    from brecha.locking import Held, Holder, Lock
    from brecha.templating import Draft


class _Quit(Exception):
    pass


class _Back(Exception):
    pass


class _Conflict(Exception):
    pass


class _Aborted(Exception):
    """The file is locked by another session and the assessor chose not to open it."""


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


class _File:
    """The assessment file: written only when its text changes, never over someone else's edit."""

    def __init__(self, path: str, console: Console, lang: str, rendered: tuple[str, ...] = ()) -> None:
        self.path = path
        self.console = console
        self.lang = lang
        original = _read(path)
        self.seen = _digest(original)
        self.text = original.decode("utf-8", "replace") if original is not None else None
        # a file brecha wrote reads exactly as brecha renders it (in one of its languages)
        self.hand_written = self.text is not None and self.text not in rendered
        self.writes = 0

    def save(self, text: str) -> None:
        """Write ``text`` if it differs from the file as last seen.

        Raises:
            _Conflict: the file changed on disk since it was read or written; ``text`` went to a copy.
        """
        from brecha.output import write_atomic

        if text == self.text:
            return
        if _digest(_read(self.path)) != self.seen:
            copy = f"{self.path}.brecha-{_stamp()}"
            write_atomic(copy, text)
            stderr("brecha: " + tr("assess.changed_on_disk", self.lang, path=self.path, copy=copy))
            raise _Conflict
        if self.hand_written:
            copy = f"{self.path}.orig"
            if os.path.exists(copy):
                copy = f"{self.path}.orig-{_stamp()}"
            shutil.copy2(self.path, copy)
            stderr("brecha: " + tr("assess.hand_written", self.lang, path=self.path, copy=copy))
            self.hand_written = False
        write_atomic(self.path, text, force=True)
        self.writes += 1
        self.text = text
        self.seen = _digest(text.encode("utf-8"))


class _Signals:
    """Ctrl-C (SIGINT), a closed terminal (SIGHUP) and a polite kill (SIGTERM) end the session,
    but only at a prompt, where nothing is half done. Anywhere else the signal is noted and the
    session ends at its next prompt (a moment later), or simply ends if it was ending.

    Python's own Ctrl-C, a KeyboardInterrupt raised wherever the program happens to be, broke
    the promise that an interrupted session leaves its file whole and its lock released: raised
    after the lock file got its name but before the session held the lock, or in the ``finally``
    that releases it, it left the lock behind; and raised in code Python compiles from text (the
    methods of a dataclass, made while a module loads), CPython (3.11 at least) remembers it as
    unhandled even once it is caught, so ``python -m brecha`` killed itself with SIGINT at exit
    instead of ending with 0. The handler raises only at a prompt, where none of that can happen.
    """

    NAMES = ("SIGINT", "SIGHUP", "SIGTERM")

    def __init__(self) -> None:
        self.at_prompt = False  # set only around input(): a signal there ends the session at once
        self.noted = False  # a signal came elsewhere: the next prompt ends the session
        self._before: dict[int, Any] = {}

    def install(self) -> None:
        """Take over the three signals (only possible in the main thread; elsewhere nothing changes)."""
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        for name in self.NAMES:
            if hasattr(signal, name):
                number = getattr(signal, name)
                self._before[number] = signal.signal(number, self._signalled)

    def restore(self) -> None:
        """Put the previous handlers back."""
        import signal

        while self._before:
            number, handler = self._before.popitem()
            signal.signal(number, handler)

    def _signalled(self, signum: int, frame: object) -> None:
        if self.at_prompt:
            raise KeyboardInterrupt
        self.noted = True


def _asker(console: Console, lang: str, signals: _Signals):  # type: ignore[no-untyped-def]
    """A prompt reader: ``b``, ``q`` and ``?`` are commands at every prompt, the header's (type,
    level, name, jurisdiction, assessors, round) included; a leading space makes them text
    (`` b`` is the letter b). Only while it waits is the session interruptible (:class:`_Signals`)."""
    from rich.text import Text

    def ask(prompt: str) -> str:
        while True:
            try:
                signals.at_prompt = True
                if signals.noted:  # a signal that came while the session was busy ends it here
                    raise KeyboardInterrupt
                raw = input(prompt)
            except EOFError:  # input closed (piped answers ran out): stop, everything is saved
                raise _Quit from None
            finally:
                signals.at_prompt = False
            word = raw.strip().lower()
            if raw[:1].isspace() or word not in ("b", "q", "?"):
                return raw.strip()
            if word == "q":
                raise _Quit
            if word == "b":
                raise _Back
            console.print(Text(tr("assess.help", lang), style="dim"))

    return ask


_HEADER = ("type", "level", "name", "jurisdiction", "assessors", "round")
_PROMPTS = {"name": "assess.name", "jurisdiction": "assess.jurisdiction", "assessors": "assess.assessors",
            "round": "assess.round"}


def _header(lib: model.Library, ask: Callable[[str], str], console: Console, language: str, institution: str | None,
            level: str | None, chosen: tuple[str, ...]) -> tuple[Draft, dict[str, str]]:
    """A new file's header, prompt by prompt: ``b`` goes back to the prompt before, ``q`` quits
    (nothing is written until the header is complete). Returns the draft and what was typed.

    A type or level given on the command line is not asked (and ``b`` does not go back to it).
    """
    from rich.text import Text

    from brecha import model
    from brecha.renderers import terminal
    from brecha.templating import new_draft

    console.print(Text(tr("assess.header_keys", language), style="dim"))
    types = sorted(lib.institution_types.values(), key=lambda t: t.id)
    typed: dict[str, str] = {}
    kind = institution if institution in lib.institution_types else None
    meant: str | None = None
    draft: Draft | None = None
    asked: list[int] = []  # the steps asked so far, for b
    step = 0
    while step < len(_HEADER):
        name = _HEADER[step]
        if name == "type" and institution in lib.institution_types:
            step += 1
            continue
        if name == "level" and kind is not None:
            given = model.level_id(lib, level) if level else None
            if given is not None and given in lib.institution_types[kind].levels:
                meant, step = given, step + 1
                draft = new_draft(lib, kind, meant, date=datetime.date.today().isoformat(), rulesets=chosen)
                continue
        try:
            if name == "type":
                console.print(terminal.choices([(it.name.get(language), it.id) for it in types]))
                pick = ask(tr("assess.choose_type", language))
                kind = types[int(pick) - 1].id if pick.isdigit() and 0 < int(pick) <= len(types) else pick
                if kind not in lib.institution_types:
                    continue
            elif name == "level" and kind is not None:
                itype = lib.institution_types[kind]
                console.print(terminal.choices([(lib.levels[gov].name.get(language) if gov in lib.levels else gov, gov)
                                                for gov in itype.levels]))
                pick = ask(tr("assess.choose_level", language))
                meant = itype.levels[int(pick) - 1] if pick.isdigit() and 0 < int(pick) <= len(itype.levels) \
                    else model.level_id(lib, pick)
                if meant is None or meant not in itype.levels:
                    continue
                draft = new_draft(lib, kind, meant, date=datetime.date.today().isoformat(), rulesets=chosen)
            else:
                typed[name] = ask(tr(_PROMPTS[name], language))
        except _Back:
            if asked:
                step = asked.pop()
            continue
        asked.append(step)
        step += 1
    if draft is None:  # pragma: no cover - the level step sets it before the loop can end
        raise RuntimeError("assess: header ended without a level")
    draft.name = typed["name"] or draft.name
    draft.jurisdiction = typed["jurisdiction"].upper() or None
    return draft, typed


def _assessors(typed: str) -> list[tuple[str, str | None]]:
    people = []
    for part in typed.split(";"):
        name, _, role = part.partition(",")
        if name.strip():
            people.append((name.strip(), role.strip() or None))
    return people


@handled
def command(
    path: Annotated[str, typer.Argument(metavar=helptext("cli.metavar.file"), help=helptext("cli.assess.path"))],
    institution: Annotated[str | None, typer.Option("--institution", "-i", metavar=helptext("cli.metavar.type"),
                                                    help=helptext("cli.assess.institution"))] = None,
    level: Annotated[str | None, typer.Option("--level", "-l", metavar=helptext("cli.metavar.level"), help=helptext("cli.assess.level"))] = None,
    rulesets: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                                                       help=helptext("cli.assess.ruleset"))] = None,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Fill in a self-assessment question by question; resume it any time."""
    from rich.console import Console
    from rich.text import Text

    from brecha import api
    from brecha.questionnaire import Session
    from brecha.renderers.console import clean
    from brecha.templating import render_draft

    language = set_lang(lang)
    console = Console(highlight=False)
    signals = _Signals()
    ask = _asker(console, language, signals)
    lib = api.load_content(rules)
    chosen = tuple(rulesets or ())
    session: Session | None = None
    file: _File | None = None

    saved_state: list[str] = []  # the draft as last written (or read): nothing is rewritten until it changes
    lock: Lock | None = None
    read_only = False

    def save() -> None:
        if session is None or file is None or read_only:
            return
        state = repr(vars(session.draft))
        if saved_state and saved_state[-1] == state:
            return
        file.save(session.text(language))
        saved_state.append(state)

    signals.install()  # before the lock is taken: from here on no signal interrupts work half done
    try:
        lock, read_only = _lock(path, ask, language)
        if os.path.exists(path):
            draft = api.read_draft(path, lib)
            file = _File(path, console, language, tuple(render_draft(lib, draft, lg) for lg in ("es", "en")))
            header_missing = False
        else:
            file = _File(path, console, language)
            draft, header = _header(lib, ask, console, language, institution, level, chosen)
            header_missing = True
        session = Session.start(lib, draft, chosen)
        if file.text is not None:
            saved_state.append(repr(vars(draft)))
        if header_missing:
            session.set_header(assessors=_assessors(header["assessors"]), round=header["round"])
        save()
        console.print(Text(tr("assess.intro", language, name=clean(draft.name), path=clean(path)), style="bold"))
        console.print(Text(tr("assess.read_only_keys" if read_only else "assess.keys", language), style="dim"))
        _loop(session, ask, save, console, language, read_only=read_only)
    except _Aborted:
        stderr(tr("assess.lock_aborted", language, path=path))
        raise typer.Exit(EXIT["findings"]) from None
    except _Conflict:
        raise typer.Exit(EXIT["findings"]) from None
    except (_Quit, _Back, KeyboardInterrupt):
        pass
    finally:  # normal end, q, Ctrl-C, a closed terminal, an error: the lock goes
        if lock is not None:
            lock.release()
        signals.restore()
    if read_only:
        stderr(tr("assess.read_only_end", language, path=path))
        return
    if session is None and not os.path.exists(path):  # quit in the header: nothing was written
        stderr(tr("assess.not_created", language, path=path))
    if session is not None:
        done, total = session.progress
        if file is not None and not file.writes:
            stderr(tr("assess.nothing_changed", language, path=path))
        stderr(tr("assess.finished", language, path=path) if done == total
               else tr("assess.saved", language, done=done, total=total, path=path))


_LOCK_CHOICES = {"tra": "assess.lock_choice_tra", "ta": "assess.lock_choice_ta", "ra": "assess.lock_choice_ra"}


def _lock(path: str, ask: Callable[[str], str], language: str) -> tuple[Lock | None, bool]:
    """Lock ``path`` for this session, or say who holds it and let the assessor choose:
    read only (the file exists), take over (the lock is stale) or abort.

    Returns the lock (None when read only) and whether the session is read only.

    Raises:
        _Aborted: the assessor chose not to open the file (or could not).
    """
    from brecha.locking import Held, acquire, take_over

    try:
        return acquire(path), False
    except Held as first:
        held = first
    while True:
        exists = os.path.exists(path)
        stderr("brecha: " + _held_message(held, path, language))
        if not held.stale:
            stderr(tr("assess.lock_hint", language, lock=held.lock))
        choices = ("t" if held.stale else "") + ("r" if exists else "") + "a"
        if choices == "a":  # someone is creating it: nothing to read yet
            raise _Aborted
        try:
            pick = ask(tr(_LOCK_CHOICES[choices], language)).lower()
        except _Back:
            continue
        except _Quit:
            raise _Aborted from None
        if pick == "t" and "t" in choices:
            try:
                lock = take_over(path, held)
            except Held as again:  # taken by someone else meanwhile
                held = again
                continue
            stderr("brecha: " + tr("assess.lock_taken", language, lock=held.lock, **_who(held.holder, language)))
            return lock, False
        if pick == "r" and "r" in choices:
            return None, True
        if pick in ("a", ""):
            raise _Aborted


def _who(holder: Holder | None, language: str) -> dict[str, str]:
    if holder is None:
        return {"user": "?", "host": "?", "pid": "?", "since": "?"}
    since = holder.since()
    return {"user": holder.user, "host": holder.host, "pid": str(holder.pid),
            "since": since.strftime("%Y-%m-%d %H:%M") if since else holder.started}


def _held_message(held: Held, path: str, language: str) -> str:
    if held.holder is None:
        return tr("assess.lock_unreadable", language, path=path, lock=held.lock)
    key = "assess.lock_stale" if held.stale else "assess.locked"
    return tr(key, language, path=path, **_who(held.holder, language))


def _loop(session, ask, save, console, language, *, read_only=False) -> None:  # type: ignore[no-untyped-def]
    """Question after question until the end, ``q``, or end of input (read only: Enter moves on)."""
    from rich.text import Text

    from brecha import model
    from brecha.errors import UsageError
    from brecha.questionnaire import evidence_edit
    from brecha.renderers import terminal

    if read_only:
        session.index = 0
        while session.current is not None:
            console.print(terminal.question(session.question(), language))
            try:
                if ask(tr("assess.read_only_prompt", language)) != "":
                    console.print(Text(tr("assess.read_only_refused", language), style="red"))
                    continue
            except _Back:
                session.back()
                continue
            session.next()
        return
    while True:
        rule = session.current
        done, total = session.progress
        if rule is None:
            if done == total:
                return
            try:
                ask(tr("assess.end", language, done=done, total=total))
            except _Back:
                session.back()
                continue
            return
        question = session.question()
        console.print(terminal.question(question, language))
        try:
            choice = ask(tr("assess.answer", language))
        except _Back:
            session.back()
            continue
        if choice == "" and question.equivalent:
            taken = session.confirm_equivalent()
            save()
            console.print(Text(tr("assess.equivalent_taken", language, rule=taken), style="green"))
            continue
        if choice == "":
            session.skip()
            continue
        try:
            if choice.lower() == "n":
                if not question.not_applicable:  # an absolute duty: kept or breached, never inapplicable
                    console.print(Text(tr("assess.na_absolute", language, rule=rule.id,
                                          top=session.scale(rule).values[-1]), style="red"))
                    continue
                while True:
                    try:
                        session.answer(model.NOT_APPLICABLE, justification=ask(tr("assess.justification", language)))
                        break
                    except UsageError:
                        console.print(Text(tr("assess.justification_again", language), style="red"))
                if session.is_critical(rule):  # unconfirmed, it holds the caps and the rating is provisional
                    save()
                    while True:
                        try:
                            if session.set_confirmed_by(rule.id, ask(tr("assess.confirmed_by", language))):
                                save()
                            break
                        except UsageError as refused:
                            said = refused.text(language) if refused.message.key == "error.confirmed_self" \
                                else tr("assess.confirmed_again", language)
                            console.print(Text(said, style="red"))
            else:
                value = session.read_value(choice)
                if value is None:
                    console.print(Text(tr("assess.invalid", language), style="red"))
                    continue
                session.answer(value)
            save()
            how, items = evidence_edit(ask(tr("assess.evidence", language)))
            if session.edit_evidence(rule.id, how, items):
                save()
            if session.set_notes(rule.id, ask(tr("assess.notes", language))):
                save()
        except _Back:  # back at a sub-prompt: this question again (what was given is saved)
            continue
        session.next()
