#!/usr/bin/python3
"""End-to-end: exports and job files as careless tools and hands make them
(session of 2026-11-29, attacking fsepack with re-saved and hand-edited
inputs). Each gives either the figures of the clean input or a located
French error with a sysexits status and no pack; never a changed figure
with exit 0. Run from the repository root with /usr/bin/python3.

  xlsx-two-v        a cell holding two <v> (or an <is> two <t>): their texts
                    were glued ("35" and "3" read as 353 hours, exit 0); now
                    65 at that cell, no pack;
  xlsx-formula      a formula cell without its computed value (a workbook
                    written by a script and never opened in Excel): read as
                    an empty cell, its hours dropped with a warning "champ
                    obligatoire heures est vide", exit 0; now a rejected
                    value naming the formula, 65 when a figure depends on it;
                    with its value, the figures of the clean file;
  csv-ctrl-z        a CSV ending with Ctrl-Z (0x1A, the DOS end-of-file mark
                    old exporters add, also in UTF-16): "la ligne a 1 champs"
                    (65); now the mark ends the file, same figures;
  job-cr            a job.ini with CR-only line ends (classic Mac editors):
                    "ligne de plus de 198 octets" at 1:1; now read, same
                    figures, and an error in it names its real line;
  out-empty         --out "" (an unset variable in cron): 73 "création
                    impossible de  : …"; now 64, the option named;
  emargement-nojob  `emargement` on a missing job said "(0 erreur)" after
                    its error; now no false count;
  xlsx-dup-entry    an XLSX whose zip holds two entries of one name (two
                    sheet1.xml, the second with other hours): fsepack read
                    the first, Python's zipfile (openpyxl) the last, exit 0;
                    now 65, the name said;
  other-format      an export saved as .xls or with a password (an OLE2
                    compound file), or as OpenDocument .ods by LibreOffice:
                    "octet 0xD0 invalide dans un fichier UTF-8 (encodages
                    mélangés ?)" or "xl/workbook.xml : partie absente"; now
                    65 naming the format and how to save the export;
  hidden-sheet      a workbook whose first sheet, hidden, holds last year's
                    or doubled rows under the same header, the visible one
                    the export: the hidden one was read (hours doubled,
                    exit 0); now visible sheets come first, and a hidden
                    one read for want of a visible one is said;
  job-utf16         a job.ini saved as "Unicode" by Notepad (UTF-16 with
                    BOM): one error per line (64 "octet NUL" errors); now
                    one error at 1:1 saying to save it in UTF-8;
  job-cp1252        a job.ini saved "ANSI" (Windows-1252) with accents in
                    comments and values: one error per accented line (6);
                    now one error at the first bad byte naming
                    Windows-1252 and saying to save it in UTF-8;
  dot-thousands     "1.035" in an hours column that writes "56,82" (a dot
                    grouping thousands, as French exports write 1.035,00):
                    read as 1,035 hours, 1 033,965 hours lost with exit 0;
                    now rejected with both readings at its line:col, 65 as
                    the figure depends on it; "1,035" there, and "1.035" in
                    a column of three dotted decimals, keep their reading;
                    the export's "Total" line is compared with the settled
                    rows: "ses lignes font" counted the rejected 1,035;
                    now it counts 0, as every rejected value does.
  named-empty-sheet an XLSX whose only sheet "Export", named by feuille =,
                    is empty: "aucune feuille nommée « Export » (feuilles :
                    « Export »)", a contradiction; now the source-vide
                    message at fichier.xlsx[Export], 65, as without
                    feuille = (a name that is truly absent keeps its error).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import BIN, CASES, report, exit_status  # noqa: E402

AGEN = {"marches_clauses": "63", "heures_insertion": "55379.13", "entreprises_partenaires": "115",
        "actions_mediation": "4"}
GRAVES_HEURES = "57795.61"


def run(work, *args, env=None):
    return subprocess.run([BIN] + list(args), cwd=work, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


def figures(work, fiches=("agen-4", "agen-3")):
    out = {}
    for f in fiches:
        p = os.path.join(work, "out", f, "2024", "indicateurs.csv")
        if not os.path.exists(p):
            continue
        for line in open(p, encoding="utf-8").read().splitlines()[1:]:
            col = line.split(";")
            out[col[2]] = col[6]
    return out


def errors(r):
    return [l for l in r.stderr.splitlines() if ": error:" in l]


def fresh(tmp, case, name):
    work = os.path.join(tmp, name)
    shutil.copytree(os.path.join(CASES, case), work)
    return work


def set_cell(path, ref, xml):
    """Replace cell ref of the first sheet of the XLSX at path by xml."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as o:
        for name, data in parts:
            if name == "xl/worksheets/sheet1.xml":
                s = data.decode()
                s, n = re.subn(r'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref, xml, s, count=1)
                assert n == 1, ref
                data = s.encode()
            o.writestr(name, data)


def check_xlsx(tmp):
    # row 5 of the graves fixture: January 2024, criterion DELD, 35 hours in R5
    for what, cell in (("two <v>", '<c r="R5" t="n"><v>35</v><v>3</v></c>'),
                       ("two <t> in <is>", '<c r="R5" t="inlineStr"><is><t>35</t><t>5</t></is></c>')):
        work = fresh(tmp, "graves-xlsx", "x2v")
        set_cell(os.path.join(work, "exports", "heures.xlsx"), "R5", cell)
        r = run(work, "run", "job.ini", "--out", "out")
        e = errors(r)
        report(r.returncode == 65 and e and e[0].startswith("exports/heures.xlsx[Export]: error: valeur invalide dans le classeur : "
                                                             "xl/worksheets/sheet1.xml:")
               and "cellule R5" in e[0] and not os.path.exists(os.path.join(work, "out", "graves-3")),
               "careless xlsx-two-v %s: 65 at R5, no pack" % what, "exit %d %s" % (r.returncode, e[:2]))
        shutil.rmtree(work)
    # a shared string with two <t> of its own (its criterion "DE" + "LD")
    work = fresh(tmp, "graves-xlsx", "xsst")
    p = os.path.join(work, "exports", "heures.xlsx")
    set_cell(p, "M5", '<c r="M5" t="s"><v>0</v></c>')
    with zipfile.ZipFile(p) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as o:
        for name, data in parts:
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            o.writestr(name, data)
        o.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                   'uniqueCount="1"><si><t>DE</t><t>LD</t></si></sst>')
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e and e[0].startswith("exports/heures.xlsx: error: valeur invalide dans le classeur : xl/sharedStrings.xml:")
           and e[0].endswith("chaîne partagée 0 : plusieurs textes <t>"),
           "careless xlsx-two-v shared string with two <t>: 65", "exit %d %s" % (r.returncode, e[:2]))
    shutil.rmtree(work)
    # a formula without its computed value
    work = fresh(tmp, "graves-xlsx", "xf")
    set_cell(os.path.join(work, "exports", "heures.xlsx"), "R5", '<c r="R5"><f>R4*2</f></c>')
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e and e[0].startswith("exports/heures.xlsx[Export]:5:18: error: le champ heures contient "
                                                         "« =R4*2 (formule sans valeur calculée) », valeur invalide")
           and not os.path.exists(os.path.join(work, "out", "graves-3")),
           "careless xlsx-formula without value: 65 at the cell, the formula named", "exit %d %s" % (r.returncode, e[:2]))
    shutil.rmtree(work)
    work = fresh(tmp, "graves-xlsx", "xfs")
    set_cell(os.path.join(work, "exports", "heures.xlsx"), "R5", '<c r="R5"><f t="shared" si="0"/></c>')
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e and e[0].startswith("exports/heures.xlsx[Export]:5:18: error: le champ heures contient "
                                                         "« formule sans valeur calculée », valeur invalide"),
           "careless xlsx-formula shared without value: 65 at the cell", "exit %d %s" % (r.returncode, e[:2]))
    shutil.rmtree(work)
    work = fresh(tmp, "graves-xlsx", "xfv")
    set_cell(os.path.join(work, "exports", "heures.xlsx"), "R5", '<c r="R5"><f>R4*2</f><v>35</v></c>')
    r = run(work, "run", "job.ini", "--out", "out")
    got = figures(work, ("graves-3",)).get("heures_insertion")
    report(r.returncode == 0 and got == GRAVES_HEURES, "careless xlsx-formula with its value: the clean figure",
           "exit %d heures %s %s" % (r.returncode, got, errors(r)[:2]))
    shutil.rmtree(work)


def check_dup_entry(tmp):
    import warnings
    work = fresh(tmp, "graves-xlsx", "xdup")
    p = os.path.join(work, "exports", "heures.xlsx")
    with zipfile.ZipFile(p) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as o:
            for name, data in parts:
                o.writestr(name, data)
            for name, data in parts:
                if name == "xl/worksheets/sheet1.xml":
                    o.writestr(name, data.replace(b"<v>35</v>", b"<v>36</v>"))
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e and e[0] == "exports/heures.xlsx: error: pas une archive zip, ou une archive endommagée : "
           "deux entrées portent le même nom : xl/worksheets/sheet1.xml" and not os.path.exists(os.path.join(work, "out", "graves-3")),
           "careless xlsx-dup-entry: 65, the name said, no pack", "exit %d %s" % (r.returncode, e[:2]))
    shutil.rmtree(work)


def check_other_format(tmp):
    ods = os.path.join(tmp, "ods")
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as o:
        o.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        o.writestr("content.xml", "<office:document-content/>")
    cases = (("xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20,
              "classeur Excel 97-2003 (.xls) ou protégé par un mot de passe"),
             ("ods", open(ods, "rb").read(), "classeur OpenDocument (.ods)"))
    for what, data, says in cases:
        for name in ("heures.csv", "heures.xlsx"):
            work = fresh(tmp, "agen-csv", "of")
            open(os.path.join(work, "exports", name), "wb").write(data)
            with open(os.path.join(work, "job.ini"), encoding="utf-8") as f:
                job = f.read()
            with open(os.path.join(work, "job.ini"), "w", encoding="utf-8") as f:
                f.write(job.replace("exports/heures.csv", "exports/" + name))
            r = run(work, "run", "job.ini", "--out", "out")
            e = errors(r)
            report(r.returncode == 65 and e and e[0].startswith("exports/%s: error: %s" % (name, says))
                   and "enregistrez-le" in e[0] and not os.path.exists(os.path.join(work, "out", "agen-4")),
                   "careless other-format %s as %s: 65, the format said" % (what, name), "exit %d %s" % (r.returncode, e[:2]))
            shutil.rmtree(work)


def hide_first_sheet(path, state="hidden", keep_visible=True):
    """Put a copy of the sheet of the XLSX at path before it, its hours
    doubled and its state given; without keep_visible, the original sheet is
    no longer an export (its header row blanked)."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    d = dict(parts)
    sheet = d["xl/worksheets/sheet1.xml"].decode()
    doubled = re.sub(r'(<c r="R\d+"[^>]*><v>)([0-9.]+)(</v>)', lambda m: m.group(1) + repr(2 * float(m.group(2))) + m.group(3),
                     sheet.replace('<row r="1">', '<row r="1">', 1))
    if not keep_visible:
        sheet = re.sub(r'<row r="1">.*?</row>', "", sheet, count=1)
    wb = d["xl/workbook.xml"].decode()
    wb = re.sub(r'<sheet ', '<sheet name="Ancien" sheetId="9" state="%s" r:id="rIdOld" xmlns:r='
                '"http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><sheet ' % state, wb, count=1)
    rels = d["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdOld" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/old.xml"/></Relationships>')
    ct = d["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/worksheets/old.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as o:
        for name, data in parts:
            data = {"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                    "[Content_Types].xml": ct.encode(), "xl/worksheets/sheet1.xml": sheet.encode()}.get(name, data)
            o.writestr(name, data)
        o.writestr("xl/worksheets/old.xml", doubled.encode())


def check_hidden_sheet(tmp):
    for state in ("hidden", "veryHidden"):
        work = fresh(tmp, "graves-xlsx", "hs")
        hide_first_sheet(os.path.join(work, "exports", "heures.xlsx"), state)
        r = run(work, "run", "job.ini", "--out", "out")
        got = figures(work, ("graves-3",)).get("heures_insertion")
        report(r.returncode == 0 and got == GRAVES_HEURES and "heures.xlsx[Ancien]" not in r.stderr,
               "careless hidden-sheet %s: the visible sheet is read" % state,
               "exit %d heures %s %s" % (r.returncode, got, errors(r)[:2]))
        shutil.rmtree(work)
    work = fresh(tmp, "graves-xlsx", "hs")
    hide_first_sheet(os.path.join(work, "exports", "heures.xlsx"), "hidden", keep_visible=False)
    r = run(work, "run", "job.ini", "--out", "out")
    got = figures(work, ("graves-3",)).get("heures_insertion")
    report(r.returncode == 0 and got == "115591.22"
           and "exports/heures.xlsx[Ancien]: warning: la feuille « Ancien » est masquée dans le classeur" in r.stderr,
           "careless hidden-sheet alone: read, and said", "exit %d heures %s %s" % (r.returncode, got, r.stderr[-300:]))
    shutil.rmtree(work)


def check_ctrl_z(tmp):
    for enc in ("utf-8", "utf-16"):
        work = fresh(tmp, "agen-csv", "cz")
        for name in ("heures.csv", "contacts.csv"):
            p = os.path.join(work, "exports", name)
            data = open(p, "rb").read()
            if enc == "utf-16":
                data = b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le") + "\x1a".encode("utf-16-le")
            else:
                data += b"\x1a"
            open(p, "wb").write(data)
        r = run(work, "run", "job.ini", "--out", "out")
        got = figures(work)
        report(r.returncode == 0 and got == AGEN and not errors(r),
               "careless csv-ctrl-z %s: the DOS end-of-file mark ends the file, same figures" % enc,
               "exit %d %s %s" % (r.returncode, got, errors(r)[:2]))
        shutil.rmtree(work)
    # a Ctrl-Z inside a file is no end mark: the row after it is still read
    work = fresh(tmp, "agen-csv", "czm")
    p = os.path.join(work, "exports", "heures.csv")
    lines = open(p, "rb").read().split(b"\r\n")
    lines.insert(5, b"\x1a")
    open(p, "wb").write(b"\r\n".join(lines))
    r = run(work, "run", "job.ini", "--out", "out")
    report(r.returncode == 65 and any(l.startswith("exports/heures.csv:6: error: la ligne a 1 champs") for l in errors(r)),
           "careless csv-ctrl-z inside the file is still an error at its line", "exit %d %s" % (r.returncode, errors(r)[:2]))
    shutil.rmtree(work)


def check_job_cr(tmp):
    work = fresh(tmp, "agen-csv", "jcr")
    p = os.path.join(work, "job.ini")
    text = open(p, "rb").read()
    open(p, "wb").write(text.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    r = run(work, "run", "job.ini", "--out", "out")
    got = figures(work)
    report(r.returncode == 0 and got == AGEN, "careless job-cr: CR-only line ends read, same figures",
           "exit %d %s %s" % (r.returncode, got, errors(r)[:2]))
    lines = text.replace(b"\r\n", b"\n").split(b"\n")
    n = lines.index(b"confidentialite = complet") + 1
    open(p, "wb").write(b"\r".join(lines).replace(b"confidentialite = complet", b"confidentialite = tout"))
    r = run(work, "run", "job.ini", "--out", "out2")
    e = errors(r)
    report(r.returncode == 65 and e and e[0].startswith("job.ini:%d:19: error: confidentialite doit valoir" % n),
           "careless job-cr: an error names its line", "exit %d %s" % (r.returncode, e[:2]))
    # a lone CR inside a CRLF file stays what it was: a line end too
    open(p, "wb").write(text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n", 5).replace(b"\n", b"\r"))
    r = run(work, "run", "job.ini", "--out", "out3")
    report(r.returncode == 0, "careless job-cr: mixed CRLF and CR line ends read", "exit %d %s" % (r.returncode, errors(r)[:2]))
    shutil.rmtree(work)


def check_job_utf16(tmp):
    work = fresh(tmp, "agen-csv", "j16")
    p = os.path.join(work, "job.ini")
    text = open(p, encoding="utf-8").read().replace("\n", "\r\n")
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        open(p, "wb").write(bom + text.encode(enc))
        r = run(work, "run", "job.ini", "--out", "out")
        e = errors(r)
        report(r.returncode == 65 and e == ["job.ini:1:1: error: fichier en UTF-16 (« Unicode ») : enregistrez-le en UTF-8"],
               "careless job-utf16 %s: one error at 1:1" % enc, "exit %d %s" % (r.returncode, e[:3]))
    shutil.rmtree(work)


def check_job_cp1252(tmp):
    work = fresh(tmp, "agen-csv", "j1252")
    p = os.path.join(work, "job.ini")
    text = open(p, encoding="utf-8").read()
    text = ("; tâche du PLIE : période 2024, vérifiée\n; à relancer après l'export\n"
            + text.replace("nom = PLIE de l'Agenais", "nom = PLIE de l’Agenais — Lot-et-Garonne\nporteur = Agglomération d'Agen")
                  .replace("[sortie]", "; sortie : dossier partagé\n[sortie]"))
    assert text.count("é") >= 4
    open(p, "w", encoding="utf-8").write(text)
    r = run(work, "run", "job.ini", "--out", "out0")   # the same text in UTF-8 is fine
    report(r.returncode == 0, "careless job-cp1252: the UTF-8 original runs", "exit %d %s" % (r.returncode, errors(r)[:2]))
    open(p, "wb").write(text.encode("cp1252"))
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e == ["job.ini:1:4: error: fichier pas en UTF-8 (sans doute en Windows-1252, « ANSI ») : enregistrez-le en UTF-8"]
           and "(1 erreur)" in r.stderr and not os.path.exists(os.path.join(work, "out")),
           "careless job-cp1252: one error at the first bad byte, naming Windows-1252", "exit %d %s" % (r.returncode, e[:3]))
    shutil.rmtree(work)


def check_out_empty(tmp):
    work = fresh(tmp, "agen-csv", "oe")
    for args in (["--out", ""], ["--out="]):
        for cmd in ("run", "emargement"):
            r = run(work, cmd, "job.ini", *args)
            report(r.returncode == 64 and "fsepack: error: --out demande une valeur" in r.stderr,
                   "careless out-empty %s %s: 64, the option named" % (cmd, " ".join(repr(a) for a in args)),
                   "exit %d %s" % (r.returncode, r.stderr[-300:]))
    shutil.rmtree(work)


def check_emargement_nojob(tmp):
    r = run(tmp, "emargement", "absent.ini")
    report(r.returncode == 66 and "absent.ini: error:" in r.stderr and "(0 erreur)" not in r.stderr
           and "aucune feuille d'émargement écrite" in r.stderr,
           "careless emargement-nojob: 66, no false error count", "exit %d %s" % (r.returncode, r.stderr[-300:]))


def set_hours(work, edits):
    """Set column R (Heures réalisées) of exports/heures.csv: edits maps a
    1-based line to its new text, or is a function of the old text."""
    p = os.path.join(work, "exports", "heures.csv")
    lines = open(p, "rb").read().decode("utf-8").split("\r\n")
    for i in range(1, len(lines)):
        if not lines[i]:
            continue
        col = lines[i].split(";")
        col[17] = edits(col[17]) if callable(edits) else edits.get(i + 1, col[17])
        lines[i] = ";".join(col)
    open(p, "wb").write("\r\n".join(lines).encode("utf-8"))


def check_dot_thousands(tmp):
    # line 29 of the agen fixture: 140 hours in September 2024 (column R, 18)
    work = fresh(tmp, "agen-csv", "dt")
    set_hours(work, {29: "1.035"})
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    warn = "exports/heures.csv:29:18: warning: colonne R « Heures réalisées » (heures) : « 1.035 » : la colonne écrit " \
           "ses décimales avec une virgule ; 1.035 se lit 1,035 ou 1 035 : corrigez l'export"
    report(r.returncode == 65 and warn in r.stderr.splitlines()
           and any(l.startswith("exports/heures.csv:29:18: error: le champ heures contient « 1.035 », valeur invalide") for l in e)
           and not os.path.exists(os.path.join(work, "out", "agen-4")),
           "careless dot-thousands 1.035 in a comma column: 65 at 29:18, both readings",
           "exit %d %s %s" % (r.returncode, e[:2], [l for l in r.stderr.splitlines() if "1.035" in l][:2]))
    shutil.rmtree(work)
    # with the export's total line (75 323,59: the sum of the clean column, all
    # years), the rejected 1.035 counts 0 in "ses lignes font" (75 323,59 - 140),
    # not 1,035 (75 184,62, as the kept "1,035" does)
    for cell, rows in (("1.035", "75183,59"), ("1,035", "75184,62")):
        work = fresh(tmp, "agen-csv", "dtt")
        p = os.path.join(work, "exports", "heures.csv")
        lines = open(p, "rb").read().decode("utf-8").split("\r\n")
        total = sum(Decimal(l.split(";")[17].replace(",", ".") or "0") for l in lines[1:] if l)
        ncol = len(lines[0].split(";"))
        lines.insert(len(lines) - 1 if not lines[-1] else len(lines),
                     ";".join(["Total"] + [""] * 16 + [str(total).replace(".", ",")] + [""] * (ncol - 18)))
        open(p, "wb").write("\r\n".join(lines).encode("utf-8"))
        set_hours(work, {29: cell})
        r = run(work, "run", "job.ini", "--out", "out")
        assert total == Decimal("75323.59"), total
        want = "exports/heures.csv:822:18: warning: le total de « heures » dans l'export vaut 75323,59 mais ses lignes " \
               "font " + rows
        got = [l for l in r.stderr.splitlines() if "total-export" in l or "le total de" in l]
        report(r.returncode == (65 if cell == "1.035" else 0) and got == [want],
               "careless dot-thousands %s and a total line: its rows make %s" % (cell, rows),
               "exit %d %s" % (r.returncode, got))
        shutil.rmtree(work)
    # "1,035" there agrees with the column: 1,035 hours, as before (140 - 1.035 fewer)
    work = fresh(tmp, "agen-csv", "dc")
    set_hours(work, {29: "1,035"})
    r = run(work, "run", "job.ini", "--out", "out")
    got = figures(work)
    report(r.returncode == 0 and got.get("heures_insertion") == "55240.16" and "1,035" not in r.stderr,
           "careless dot-thousands 1,035 in a comma column: read as 1,035", "exit %d %s %s" % (r.returncode, got, errors(r)[:2]))
    shutil.rmtree(work)
    # every value with three decimals after a dot: the column says nothing, 1.035 stays 1,035
    work = fresh(tmp, "agen-csv", "dd")
    set_hours(work, lambda t: "%.3f" % float(t.replace(",", ".")) if t else t)
    set_hours(work, {29: "1.035"})
    r = run(work, "run", "job.ini", "--out", "out")
    got = figures(work)
    report(r.returncode == 0 and got.get("heures_insertion") == "55240.16" and "valeur-rejetee" not in r.stderr
           and "se lit" not in r.stderr,
           "careless dot-thousands 1.035 among three-decimal dots: read as 1,035",
           "exit %d %s %s" % (r.returncode, got, errors(r)[:2]))
    shutil.rmtree(work)
    # XLSX: text cells go through the same typing; numeric cells (<v>) say nothing
    for extra, code in (("", 0), ('<c r="R6" t="inlineStr"><is><t>35,5</t></is></c>', 65)):
        work = fresh(tmp, "graves-xlsx", "dx")
        p = os.path.join(work, "exports", "heures.xlsx")
        set_cell(p, "R5", '<c r="R5" t="inlineStr"><is><t>1.035</t></is></c>')
        if extra:
            set_cell(p, "R6", extra)
        r = run(work, "run", "job.ini", "--out", "out")
        e = errors(r)
        ok = (r.returncode == 65 and any(l.startswith("exports/heures.xlsx[Export]:5:18: error: le champ heures contient « 1.035 »")
                                         for l in e)) if code else (r.returncode == 0 and "se lit" not in r.stderr)
        report(ok, "careless dot-thousands xlsx text 1.035 %s: exit %d" % ("beside a text 35,5" if extra else "among numbers", code),
               "exit %d %s" % (r.returncode, e[:2]))
        shutil.rmtree(work)
    # a numeric cell between two ambiguous texts is neither counted nor
    # rejected at settling: its <v> text "1.125" looks ambiguous, but it is a number
    work = fresh(tmp, "graves-xlsx", "dxn")
    p = os.path.join(work, "exports", "heures.xlsx")
    set_cell(p, "R5", '<c r="R5" t="inlineStr"><is><t>1.050</t></is></c>')
    set_cell(p, "R6", '<c r="R6" t="n"><v>1.125</v></c>')
    set_cell(p, "R7", '<c r="R7" t="inlineStr"><is><t>2.500</t></is></c>')
    set_cell(p, "R8", '<c r="R8" t="inlineStr"><is><t>35,5</t></is></c>')
    r = run(work, "run", "job.ini", "--out", "out")
    rejected = sorted(set(re.findall(r"heures\.xlsx\[Export\]:(\d+):18: warning: colonne R .* « ([0-9.,]+) » : la colonne", r.stderr)))
    report(r.returncode == 65 and rejected == [("5", "1.050"), ("7", "2.500")],
           "careless dot-thousands xlsx: texts 1.050 and 2.500 rejected, the number 1.125 between them kept",
           "exit %d, rejected %s %s" % (r.returncode, rejected, errors(r)[:3]))
    shutil.rmtree(work)


def empty_workbook(path, sheet):
    """Write at path an XLSX whose only sheet, named sheet, has no cell."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>' % sheet)
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet1.xml"/></Relationships>')
    ws = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<dimension ref="A1"/><sheetData></sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                           ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", ws)):
            z.writestr(name, data)


def check_named_empty_sheet(tmp):
    # the graves job names offres' sheet: feuille = Export
    vide = "offres : aucune ligne remplie (fichier vide ou lignes blanches seulement) : l'export est coupé ou raté, " \
           "exportez-le à nouveau"
    for feuille, code, line in (("Export", 65, "exports/offres.xlsx[Export]: error: " + vide),
                                (None, 65, "exports/offres.xlsx: error: " + vide),
                                ("Autre", 65, "exports/offres.xlsx: error: aucune feuille nommée « Autre » (feuilles : « Export »)")):
        work = fresh(tmp, "graves-xlsx", "ne")
        empty_workbook(os.path.join(work, "exports", "offres.xlsx"), "Export")
        job = os.path.join(work, "job.ini")
        text = open(job, encoding="utf-8").read()
        assert "feuille = Export\n" in text
        open(job, "w", encoding="utf-8").write(text.replace("feuille = Export\n", "feuille = %s\n" % feuille if feuille else ""))
        r = run(work, "run", "job.ini", "--out", "out")
        e = errors(r)
        report(r.returncode == code and e == [line] and not os.path.exists(os.path.join(work, "out", "graves-3")),
               "careless named-empty-sheet feuille = %s: %d, %s" % (feuille, code, line.split(": error: ")[0]),
               "exit %d %s" % (r.returncode, e[:2]))
        shutil.rmtree(work)


def check_blank_header_line(tmp):
    # ligne_entete naming a blank line of a full export: the header is not
    # there (65, at that line), not "aucune ligne remplie … exportez-le à nouveau"
    work = fresh(tmp, "agen-csv", "le")
    p = os.path.join(work, "exports", "heures.csv")
    with open(p, "rb") as f:
        data = f.read()
    with open(p, "wb") as f:
        f.write(b"Export ABC Clause\r\n\r\n" + data)
    job = os.path.join(work, "job.ini")
    with open(job, encoding="utf-8") as f:
        text = f.read().replace("fichier = exports/heures.csv\n",
                                "fichier = exports/heures.csv\nligne_entete = 2\n", 1)
    with open(job, "w", encoding="utf-8") as f:
        f.write(text)
    r = run(work, "run", "job.ini", "--out", "out")
    e = errors(r)
    report(r.returncode == 65 and e[:1] == ["exports/heures.csv:2: error: heures : la ligne 2 (ligne_entete) est vide ou "
                                            "absente : l'en-tête n'y est pas, corrigez ligne_entete"]
           and not os.path.exists(os.path.join(work, "out")),
           "careless ligne_entete on a blank line: said so, not source-vide", "exit %d %s" % (r.returncode, e[:2]))
    shutil.rmtree(work)


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-careless-")
    try:
        check_xlsx(tmp)
        check_dup_entry(tmp)
        check_other_format(tmp)
        check_hidden_sheet(tmp)
        check_ctrl_z(tmp)
        check_job_cr(tmp)
        check_job_utf16(tmp)
        check_job_cp1252(tmp)
        check_out_empty(tmp)
        check_emargement_nojob(tmp)
        check_dot_thousands(tmp)
        check_named_empty_sheet(tmp)
        check_blank_header_line(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
