"""``brecha assess``: answer a self-assessment in the terminal; every answer is saved at once."""

from __future__ import annotations

import datetime
import os
from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, handled, set_lang, stderr

_UI = {
    "intro": ("Autoevaluación: {name}. Cada respuesta se guarda de inmediato en {path}.",
              "Self-assessment: {name}. Every answer is saved at once to {path}."),
    "keys": ("Escriba el número de una respuesta; n = no aplica; Enter = saltar; b = atrás; q = salir.",
             "Type an answer's number; n = not applicable; Enter = skip; b = back; q = quit."),
    "choose_type": ("Tipo de institución (número): ", "Institution type (number): "),
    "choose_level": ("Nivel (número): ", "Level (number): "),
    "name": ("Nombre oficial de la institución: ", "Institution's official name: "),
    "jurisdiction": ("Entidad (código ISO 3166-2, p. ej. MX-ROO; Enter para omitir): ",
                     "Jurisdiction (ISO 3166-2 code, e.g. MX-ROO; Enter to skip): "),
    "answer": ("Respuesta: ", "Answer: "),
    "justification": ("¿Por qué no aplica? ", "Why does it not apply? "),
    "evidence": ("Evidencia, separada por ';' (Enter = conservar, '-' = borrar): ",
                 "Evidence, separated by ';' (Enter = keep, '-' = clear): "),
    "notes": ("Notas (Enter = conservar, '-' = borrar): ", "Notes (Enter = keep, '-' = clear): "),
    "current": ("respuesta actual", "current answer"),
    "saved": ("Guardado: {done} de {total} respondidas. Continúe con: brecha assess {path}",
              "Saved: {done} of {total} answered. Continue with: brecha assess {path}"),
    "finished": ("Todas las preguntas tienen respuesta. Vea el reporte con: brecha evaluate {path}",
                 "Every question is answered. See the report with: brecha evaluate {path}"),
    "end": ("Fin del cuestionario ({done} de {total} respondidas). b = atrás, q = salir: ",
            "End of the questionnaire ({done} of {total} answered). b = back, q = quit: "),
    "invalid": ("Respuesta no válida.", "Not a valid answer."),
    "critical": ("crítica", "critical"),
    "evidence_hint": ("Evidencia esperada", "Expected evidence"),
}


def _t(key: str, lang: str, **values: object) -> str:
    es, en = _UI[key]
    return (es if lang == "es" else en).format(**values)


class _Quit(Exception):
    pass


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:  # input closed (piped answers ran out): stop, everything is saved
        raise _Quit from None


@handled
def command(
    path: Annotated[str, typer.Argument(help="The self-assessment file: created if new, continued if it exists.")],
    institution: Annotated[str | None, typer.Option("--institution", "-i", metavar="TYPE",
                                                    help="Institution type (for a new file).")] = None,
    level: Annotated[str | None, typer.Option("--level", "-l", metavar="LEVEL", help="Level (for a new file).")] = None,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Fill in a self-assessment question by question; resume it any time."""
    from rich.console import Console
    from rich.text import Text

    from brecha import api, loading
    from brecha.output import write_atomic
    from brecha.questionnaire import Session
    from brecha.renderers.console import clean
    from brecha.templating import draft_from, new_draft

    language = set_lang(lang)
    console = Console(highlight=False)
    lib = api.load_content(rules)

    session: Session | None = None

    def save() -> None:
        if session is not None:
            write_atomic(path, session.text(language), force=True)

    try:
        if os.path.exists(path):
            draft = draft_from(loading.load_assessment(path, lib))
        else:
            types = sorted(lib.institution_types.values(), key=lambda t: t.id)
            if institution is None:
                for n, it in enumerate(types, 1):
                    console.print(Text(f"{n:>3}. {it.name.get(language)} ({it.id})"))
                pick = _ask(_t("choose_type", language))
                institution = types[int(pick) - 1].id if pick.isdigit() and 0 < int(pick) <= len(types) else pick
            itype = lib.institution_types.get(institution)
            if level is None and itype is not None:
                for n, gov in enumerate(itype.levels, 1):
                    console.print(Text(f"{n:>3}. {lib.levels[gov].name.get(language) if gov in lib.levels else gov} ({gov})"))
                pick = _ask(_t("choose_level", language))
                level = itype.levels[int(pick) - 1] if pick.isdigit() and 0 < int(pick) <= len(itype.levels) else pick
            draft = new_draft(lib, institution, level or "", date=datetime.date.today().isoformat())
            draft.name = _ask(_t("name", language)) or draft.name
            draft.jurisdiction = _ask(_t("jurisdiction", language)).upper() or None
        session = Session.start(lib, draft)
        save()
        console.print(Text(_t("intro", language, name=clean(draft.name), path=path), style="bold"))
        console.print(Text(_t("keys", language), style="dim"))
        while True:
            rule = session.current
            done, total = session.progress
            if rule is None:
                if done == total:
                    break
                choice = _ask(_t("end", language, done=done, total=total)).lower()
                if choice == "b":
                    session.back()
                    continue
                break
            rs = lib.rulesets[rule.ruleset_id]
            scale = session.scale(rule)
            phase = next((p.title.get(language) for p in rs.phases if p.id == rule.phase), rule.phase)
            crit = rs.criticalities[rule.criticality]
            console.rule(Text(f"[{session.index + 1}/{total}] {phase}", style="bold"))
            console.print(Text(f"{rule.id} · {rule.title.get(language)}"
                               + (f" ({_t('critical', language)})" if crit.critical else ""), style="bold"))
            console.print(Text(rule.question.get(language)))
            for n, lv in enumerate(scale.levels, 1):
                guide = rule.guidance.get(lv.value)
                line = f"  {n}. {lv.label.get(language)} ({lv.value})"
                line += f" — {guide.get(language)}" if guide else (
                    f" — {lv.description.get(language)}" if lv.description else "")
                console.print(Text(line))
            console.print(Text("  n. not_applicable"))
            if rule.evidence_examples:
                console.print(Text(f"{_t('evidence_hint', language)}: {rule.evidence_examples.get(language)}",
                                   style="dim"))
            entry = session.draft.answers.get(rule.id) or {}
            if entry.get("value"):
                console.print(Text(f"({_t('current', language)}: {entry['value']})", style="cyan"))
            choice = _ask(_t("answer", language)).lower()
            if choice == "q":
                break
            if choice == "b":
                session.back()
                continue
            if choice == "":
                session.skip()
                continue
            if choice == "n":
                session.answer("not_applicable", justification=_ask(_t("justification", language)))
            elif choice.isdigit() and 0 < int(choice) <= len(scale.levels):
                session.answer(scale.levels[int(choice) - 1].value)
            elif scale.level(choice) is not None:
                session.answer(choice)
            else:
                console.print(Text(_t("invalid", language), style="red"))
                continue
            save()
            evidence = _ask(_t("evidence", language))
            notes = _ask(_t("notes", language))
            session.annotate(rule.id, evidence=None if evidence == "" else ([] if evidence == "-" else evidence.split(";")),
                             notes=None if notes == "" else ("" if notes == "-" else notes))
            save()
    except (_Quit, KeyboardInterrupt):
        pass
    if session is not None:
        done, total = session.progress
        stderr(_t("finished" if done == total else "saved", language, done=done, total=total, path=path))
