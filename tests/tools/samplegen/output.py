"""output.py — writing a sample: CSV (any encoding, delimiter, title and Total
lines) and XLSX exports with fixed timestamps (byte-identical), job.ini and
expected.csv. SAMPLES is the folder written (gen_samples.py --into changes it)."""
import csv
import io
import os
import re
import shutil
import zipfile
from .common import *  # noqa: F401,F403
from .common import dt
from .vocab import HEADERS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SAMPLES = os.path.join(ROOT, "samples")


# ----------------------------------------------------------------- writers

FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
GROUPED = {"heures_prevues"}


class Fmt:
    def __init__(self, kind, encoding="utf-8", delimiter=";", quote_all=False, month="date", group="\u00a0",
                 eol="\r\n"):
        self.kind, self.encoding, self.delimiter, self.quote_all = kind, encoding, delimiter, quote_all
        self.month, self.group, self.eol = month, group, eol


def fr_number(v, group=""):
    if isinstance(v, float) and not v.is_integer():
        return ("%.2f" % v).replace(".", ",")
    s = str(int(v))
    if group and len(s) > 3:
        s = s[:-3] + group + s[-3:]
    return s


def cell_text(field, v, fmt):
    if v is None or v == "":
        return ""
    if isinstance(v, dt.date):
        if field == "mois":
            return {"date": v.strftime("%d/%m/%Y"), "mm/yyyy": v.strftime("%m/%Y"), "iso": v.strftime("%Y-%m"),
                    "fr": "%s %d" % (FR_MONTHS[v.month - 1], v.year)}[fmt.month]
        return v.strftime("%d/%m/%Y")
    if isinstance(v, bool):
        return "Oui" if v else "Non"
    if isinstance(v, (int, float)):
        return fr_number(v, fmt.group if field in GROUPED else "")
    return str(v)


def cell_xlsx(field, v):
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def write_csv(path, dataset, rows, fmt, header_override=None, title=None, total=None):
    cols = HEADERS[dataset]
    heads = [header_override.get(f, h) if header_override else h for f, h in cols]
    buf = io.StringIO()
    if fmt.quote_all or fmt.delimiter == ",":
        w = csv.writer(buf, delimiter=fmt.delimiter, quoting=csv.QUOTE_ALL if fmt.quote_all else csv.QUOTE_MINIMAL,
                       lineterminator=fmt.eol)
    else:
        w = csv.writer(buf, delimiter=fmt.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator=fmt.eol)
    for line in title or []:
        w.writerow(line)
    w.writerow(heads)
    for r in rows:
        w.writerow([cell_text(f, r.get(f), fmt) for f, _ in cols])
    if total:
        w.writerow(total)
    data = buf.getvalue()
    if fmt.encoding == "utf-8-sig":
        raw = b"\xef\xbb\xbf" + data.encode("utf-8")
    else:
        raw = data.encode(fmt.encoding)
    with open(path, "wb") as fh:
        fh.write(raw)


FIXED_TIME = dt.datetime(2025, 3, 3, 8, 30, 0)


def write_xlsx(path, sheets):
    """sheets: [(title, [rows of values], date_format_columns?)] — values already typed."""
    import openpyxl  # Debian python3-openpyxl (/usr/bin/python3)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(list(r))
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "DD/MM/YYYY"
    wb.properties.creator = "ABC Clause / Viesion (export fictif)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    bio = io.BytesIO()
    wb.save(bio)
    # re-pack with fixed timestamps and a fixed core.xml date: byte-identical output
    src = zipfile.ZipFile(io.BytesIO(bio.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2025-03-03T08:30:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 3, 8, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)


def xlsx_table(dataset, rows, title_lines=None):
    cols = HEADERS[dataset]
    out = [list(t) for t in (title_lines or [])]
    out.append([h for _, h in cols])
    for r in rows:
        out.append([cell_xlsx(f, r.get(f)) for f, _ in cols])
    return out


def write_dataset(world, dataset, rows, fmt, name=None, **kw):
    exports = os.path.join(SAMPLES, world.key, "exports")
    if fmt.kind == "xlsx":
        fname = (name or dataset) + ".xlsx"
        sheets = kw.get("before", []) + [(kw.get("sheet", "Export"), xlsx_table(dataset, rows, kw.get("title")))]
        write_xlsx(os.path.join(exports, fname), sheets)
    else:
        fname = (name or dataset) + ".csv"
        write_csv(os.path.join(exports, fname), dataset, rows, fmt, kw.get("header_override"), kw.get("title"),
                  kw.get("total"))
    return "exports/" + fname


def write_expected(world, rows):
    path = os.path.join(SAMPLES, world.key, "expected.csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("fiche;indicateur;valeur;cible\n")
        for fiche, ind, val, cible in rows:
            fh.write("%s;%s;%s;%s\n" % (fiche, ind, fmtv(val), fmtv(cible)))


MDFSE = {"agen-3": "202400303", "agen-4": "202400304", "bordeaux-3": "202400113", "bordeaux-4": "202400114",
         "graves-3": "202400763",
         "technowest-3": "202400731", "technowest-4": "202400732", "perigueux-3": "202401103",
         "perigueux-2": "202401102", "hauts-de-garonne-3": "202400417", "libournais-3": "202400953",
         "libournais-2024-04": "202400954", "portes-du-sud-3": "202400588", "sources-3": "202400642",
         "bergerac-3": "202400219"}


def write_job(world, sources, fiches, confidentialite, comment):
    cfg = world.cfg
    lines = ["; Fichier de tâche de l'exemple %s — ce que lance cron :" % world.key,
             ";   build/fsepack run samples/%s/job.ini" % world.key]
    lines += ["; " + c for c in comment]
    lines += ["; Écrit par tests/tools/gen_samples.py (données fictives, déterministes) ; expected.csv à côté",
              "; donne les chiffres que ce script calcule lui-même avec les règles de comptage des fiches.",
              "; Les chemins sont relatifs à ce fichier.", "",
              "[plie]", "nom = %s" % cfg["nom"], "porteur = %s" % cfg["porteur"], "",
              "[periode]", "defaut = 2024", ""]
    for ds, path, extra in sources:
        lines.append("[source.%s]" % ds)
        lines.append("fichier = %s" % path)
        for k, v in extra:
            lines.append("%s = %s" % (k, v))
        lines.append("")
    for fid, etps in fiches:
        lines.append("[fiche.%s]" % fid)
        lines.append("dossier_mdfse = %s" % MDFSE[fid])
        for volet, etp in etps:
            lines.append("etp.%s = %s" % (volet, etp))
        lines.append("")
    lines += ["[sortie]", "dossier = ../../out", "confidentialite = %s" % confidentialite]
    if confidentialite == "pseudonyme":  # a sample secret: a real PLIE keeps its own out of the repository
        lines += ["; un secret d'exemple : un PLIE garde le sien hors du dépôt",
                  "sel_pseudonyme = exemple-a-remplacer-%s" % world.key]
    lines += [""]
    with open(os.path.join(SAMPLES, world.key, "job.ini"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


def reset(key):
    d = os.path.join(SAMPLES, key)
    if os.path.isdir(os.path.join(d, "exports")):
        shutil.rmtree(os.path.join(d, "exports"))
    os.makedirs(os.path.join(d, "exports"), exist_ok=True)


def heures_total_line(rows):
    """The export's own "Total" line: sum of every row of the file."""
    n = len(HEADERS["heures"])
    line = [""] * n
    line[0] = "Total"
    fields = [f for f, _ in HEADERS["heures"]]
    line[fields.index("heures")] = fr_number(round(sum(r["heures"] for r in rows), 2))
    line[fields.index("heures_formation")] = fr_number(float(sum(r["heures_formation"] for r in rows)))
    return line
