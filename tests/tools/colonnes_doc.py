#!/usr/bin/env python3
"""colonnes_doc.py — the README's table of the datasets, their fields and the
column names each field is recognised by, made from the sources so that it
cannot drift from them.

    python3 tests/tools/colonnes_doc.py             print the Markdown
    python3 tests/tools/colonnes_doc.py --write     replace it in README.md
    python3 tests/tools/colonnes_doc.py --check     exit 1 when README.md differs

Reads generator/datasets/schema.c (fields in order, their type, required or
not, the date that places a row in the period, the duplicate key) and
templates/colonnes.ini (the default column names, first one = DESIGN.md §3).
The README holds the Markdown between the lines "<!-- colonnes:debut -->" and
"<!-- colonnes:fin -->". Run from the repository root; standard library only.
"""
import os
import re
import sys

TYPES = {"T": "texte", "I": "identifiant", "N": "nombre", "D": "date", "M": "mois", "B": "oui/non"}
BEGIN, END = "<!-- colonnes:debut -->", "<!-- colonnes:fin -->"


def schema(path="generator/datasets/schema.c"):
    src = open(path, encoding="utf-8").read()
    fields = {}
    for name, body in re.findall(r"static const fse_field_def (\w+)\[\] = \{(.*?)\};", src, re.S):
        fields[name] = [(f, TYPES[t], r == "1") for f, t, r in re.findall(r'F\("(\w+)", ([TINDMB]), ([01])\)', body)]
    datasets = []
    for m in re.finditer(r'\{ DS\((\w+), "([^"]+)"\), FSE_PERIOD_(\w+), (NULL|"\w+"), (NULL|"\w+"),\s*'
                         r'(NULL|"\w+"), (NULL|"\w+"), (NULL|"\w+"), \{ ([^}]*) \}', src):
        name, label, kind, a, b, via, via_ds = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), \
            m.group(6), m.group(7)
        unq = lambda s: s.strip('"')  # noqa: E731
        if kind == "OVERLAP":
            period = "[`%s`, `%s`] chevauche la période (sans fin : en cours)" % (unq(a), unq(b))
        elif kind == "MONTH":
            period = "`%s` dans la période" % unq(a)
        elif kind == "DATE":
            period = "`%s` dans la période" % unq(a)
        elif kind == "VIA":
            period = "la date de son action (`%s` → `%s`)" % (unq(via), unq(via_ds))
        else:
            period = "aucune date : toutes les lignes"
        keys = [unq(k.strip()) for k in m.group(9).split(",") if k.strip() not in ("", "NULL")]
        datasets.append((name, label, period, keys))
    return fields, datasets


def aliases(path="templates/colonnes.ini"):
    out, section = {}, None
    for line in open(path, encoding="utf-8"):
        s = line.strip()
        if not s or s.startswith((";", "#")):
            continue
        if s.startswith("["):
            section = s.strip("[]")
        elif "=" in s:
            k, v = s.split("=", 1)
            out[(section, k.strip())] = [h.strip() for h in v.split("|") if h.strip()]
    return out


def markdown():
    fields, datasets = schema()
    al = aliases()
    lines = []
    for name, label, period, keys in datasets:
        lines.append("#### `%s` — %s" % (name, label))
        lines.append("")
        lines.append("Ligne comptée dans la période : %s." % period +
                     (" Doublons (comptés une fois) : même %s." % ", ".join("`%s`" % k for k in keys) if keys else ""))
        lines.append("")
        lines.append("| champ | type | obligatoire | noms de colonne reconnus |")
        lines.append("|---|---|---|---|")
        for f, t, req in fields[name]:
            names = " · ".join(al.get((name, f), [])) or "—"
            lines.append("| `%s` | %s | %s | %s |" % (f, t, "oui" if req else "", names))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv):
    md = markdown()
    if not argv:
        sys.stdout.write(md)
        return 0
    text = open("README.md", encoding="utf-8").read()
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        print("colonnes_doc: README.md lacks the lines %s and %s" % (BEGIN, END), file=sys.stderr)
        return 1
    new = text[:i] + BEGIN + "\n" + md + END + text[j + len(END):]
    if argv[0] == "--write":
        open("README.md", "w", encoding="utf-8").write(new)
        return 0
    if new != text:
        print("colonnes_doc: README.md's table of the datasets differs from schema.c and colonnes.ini "
              "(run python3 tests/tools/colonnes_doc.py --write)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
