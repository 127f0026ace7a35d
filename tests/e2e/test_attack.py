#!/usr/bin/python3
"""End-to-end: hostile packs, archives and usages found by attacking the
features of issue 5 (verify, run --archive) and their fixes. Run from the
repository root with /usr/bin/python3.

  verify-many       a ZIP of 200 000 entries listed by its SHA256SUMS is
                    checked in linear time (the checks were quadratic: an
                    archive of that size took hours); exit 65, names kept;
  verify-outside    entries outside the pack's top folder ("../evil",
                    "/etc/evil", "autre/x") are named unexpected (65), not
                    "pas un pack";
  verify-dup        two entries of one name: 66, said in French;
  verify-ctrl       a file name with a newline and an escape sequence is
                    printed escaped, on one line;
  verify-fifo       a FIFO given as PACK: 66 at once; a FIFO inside the pack:
                    named, no hang;
  verify-unreadable two files of the pack unreadable (run as nobody through
                    setpriv, when root): 66, both named (checked only as root);
  verify-json       a manifest that is no JSON: French message with its line
                    and column; an output without "taille": incomplete.
  stale-zip         a run without --archive after one with it: the old
                    <label>.zip (the previous pack's) no longer sits beside
                    the new pack, it is .<label>.precedent.zip, intact and of
                    the same fingerprint as .<label>.precedent/;
  zip-aside         a run killed after setting the old <label>.zip aside (as
                    .<label>.zip-<fingerprint>) and before its swap: the
                    next run gives it back to its pack, so the archive kept
                    with .<label>.precedent/ is that pack's, nothing left;
  zip-folder        a folder where <label>.zip goes: 73 before anything of
                    that fiche is published.
  full              files limited in size (RLIMIT_FSIZE, as a full disk):
                    a PDF, the merged dossier, the ZIP cannot be written: 73, the message
                    names that file once with the system's French words, the
                    published pack is untouched.
  lock-link         <out>/.fsepack.lock planted as a symbolic link: 73, the
                    link's target is not created;
  periods           hostile --period / FSEPACK_TODAY: 64, nothing written, the
                    message lists every form (year-of-previous-month too);
                    an empty FSEPACK_TODAY is unset (the clock's month before);
                    29/02 and 1 January give the month and year before;
  long-section      two indicator sections whose names share their first 49
                    bytes (inih cuts longer names): an error naming the line,
                    not a silent merge into one section;
  measure-fr        a measure whose quoted value holds "type in (…)" and
                    whose lists hold parentheses and commas: the bilan PDF
                    shows each list as written;
  stdout            `run --summary` into /dev/full, with stdout closed, or
                    into a pipe whose reader is gone: exit 74 and one French
                    message (no death by SIGPIPE), the packs whole; stdout
                    and stderr closed: no message lands in a file fsepack
                    opened (the lock stays empty), the packs whole.
"""
import datetime
import hashlib
import os
import resource
import signal
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import BIN, CASES, report, exit_status  # noqa: E402


def verify(path, timeout=60):
    try:
        r = subprocess.run([BIN, "verify", path], capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        return None, "timeout (hang)"


def build_pack(tmp):
    work = os.path.join(tmp, "w")
    shutil.copytree(os.path.join(CASES, "agen-csv"), work)
    r = subprocess.run([BIN, "run", "job.ini", "--out", "out", "--archive"], cwd=work,
                       capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    if r.returncode:
        report(False, "attack fixture pack", r.stderr[-300:])
        sys.exit(exit_status())
    return os.path.join(work, "out", "agen-3", "2024"), os.path.join(work, "out", "agen-3", "2024.zip")


def rezip(src, dst, extra=(), drop=()):
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
        for i in z.infolist():
            if i.filename not in drop:
                o.writestr(i.filename, z.read(i))
        for name, data in extra:
            o.writestr(name, data)


def fingerprint(out):
    lines = [l for l in out.splitlines() if l.startswith("empreinte du pack")]
    return lines[-1].split(" : ")[-1] if lines else None


def check_archives(tmp):
    work = os.path.join(tmp, "w")
    def run(*extra):
        return subprocess.run([BIN, "run", "job.ini", "--out", "o2"] + list(extra), cwd=work, capture_output=True, text=True)
    run("--archive")
    with open(os.path.join(work, "job.ini")) as f:
        ini = f.read()
    with open(os.path.join(work, "job.ini"), "w") as f:
        f.write(ini.replace("nom = PLIE de l'Agenais", "nom = PLIE Autre"))
    r = run()
    d = os.path.join(work, "o2", "agen-3")
    rc1, out1 = verify(os.path.join(d, ".2024.precedent.zip"))
    rc2, out2 = verify(os.path.join(d, ".2024.precedent"))
    report(r.returncode == 0 and not os.path.exists(os.path.join(d, "2024.zip")) and rc1 == 0 and rc2 == 0
           and fingerprint(out1) and fingerprint(out1) == fingerprint(out2),
           "attack stale-zip: the previous archive set aside with its pack", "exit %d %s %s" % (r.returncode, out1[-200:], out2[-200:]))
    r = run()
    report(r.returncode == 0 and not os.path.exists(os.path.join(d, ".2024.precedent.zip")),
           "attack stale-zip: an older archive does not outlive its pack", "exit %d" % r.returncode)
    # killed right after setting the archive aside, before the swap
    run("--archive")
    fp = hashlib.sha256(open(os.path.join(d, "2024", "SHA256SUMS"), "rb").read()).hexdigest()
    os.rename(os.path.join(d, "2024.zip"), os.path.join(d, ".2024.zip-" + fp[:16]))
    with open(os.path.join(work, "job.ini"), "w") as f:
        f.write(ini)
    r = run()
    rc1, out1 = verify(os.path.join(d, ".2024.precedent.zip"))
    rc2, out2 = verify(os.path.join(d, ".2024.precedent"))
    report(r.returncode == 0 and rc1 == 0 and fingerprint(out1) == fingerprint(out2) == fp
           and not [n for n in os.listdir(d) if ".zip-" in n] and not os.path.exists(os.path.join(d, "2024.zip")),
           "attack zip-aside: an archive set aside by a killed run goes back to its pack",
           "exit %d %s %s %s" % (r.returncode, os.listdir(d), out1[-150:], out2[-150:]))
    shutil.rmtree(os.path.join(work, "o2"))
    os.makedirs(os.path.join(d, "2024.zip"))
    r = run("--archive")
    report(r.returncode == 73 and "2024.zip existe et n'est pas un fichier (un dossier)" in r.stderr
           and not os.path.exists(os.path.join(d, "2024")), "attack zip-folder: 73, that pack not published",
           "exit %d %s" % (r.returncode, r.stderr[-300:]))


def check_full(tmp):
    work = os.path.join(tmp, "w")
    # the same bytes at every run (the XLSX dates, hence the digests the
    # bordereau prints and the widths it lays out), so the sizes hold
    env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
    subprocess.run([BIN, "run", "job.ini", "--out", "of"], cwd=work, capture_output=True, env=env)
    sums = os.path.join(work, "of", "agen-4", "2024", "SHA256SUMS")
    before = open(sums, "rb").read()
    pack = os.path.dirname(sums)
    size = {n: os.path.getsize(os.path.join(pack, n)) for n in os.listdir(pack)}
    pieces = max(v for n, v in size.items() if n != "dossier-complet.pdf")
    # libxlsxwriter writes each XLSX part uncompressed to a temporary file
    # first: the limit that only the dossier exceeds must let those through
    for n in size:
        if n.endswith(".xlsx"):
            with zipfile.ZipFile(os.path.join(pack, n)) as z:
                pieces = max([pieces] + [i.file_size for i in z.infolist()])
    limits = [(size["01-bilan.pdf"] // 2, "01-bilan.pdf"), (pieces + 1, "dossier-complet.pdf"),
              (max(size.values()) + 1, ".zip")]
    report(pieces + 1 < size["dossier-complet.pdf"], "attack full: the dossier is the largest file (the limits hold)", size)
    for limit, what in limits:
        def small():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        r = subprocess.run([BIN, "run", "job.ini", "--out", "of", "--archive"], cwd=work, capture_output=True,
                           text=True, preexec_fn=small, env=env)
        errs = [l for l in r.stderr.splitlines() if ": error:" in l]
        report(r.returncode == 73 and len(errs) == 1 and errs[0].startswith("fsepack: error: écriture impossible de ")
               and errs[0].split(" : ")[0].endswith(what) and "fichier trop gros" in errs[0]
               and open(sums, "rb").read() == before and not os.path.exists(os.path.join(work, "of", "agen-4", "2024.zip")),
               "attack full %s: 73, named once in French, published pack untouched" % what,
               "exit %d %s" % (r.returncode, errs))


def check_stdout(tmp):
    work = os.path.join(tmp, "w")
    cmd = [BIN, "run", "job.ini", "--out", "ost", "--summary"]
    def whole():
        return all(verify(os.path.join(work, "ost", f, "2024"))[0] == 0 for f in ("agen-3", "agen-4"))
    with open("/dev/full", "w") as full:
        r = subprocess.run(cmd, cwd=work, stdout=full, stderr=subprocess.PIPE, text=True)
    report(r.returncode == 74 and "écriture impossible sur la sortie standard : plus de place sur le disque" in r.stderr
           and whole(), "attack stdout /dev/full -> 74, named, packs whole", "exit %d %s" % (r.returncode, r.stderr[-200:]))
    r = subprocess.run(["sh", "-c", '"$@" >&-', "sh"] + cmd, cwd=work, stderr=subprocess.PIPE, text=True)
    report(r.returncode == 74 and "sortie standard : elle est fermée" in r.stderr and whole(),
           "attack stdout closed -> 74, said", "exit %d %s" % (r.returncode, r.stderr[-200:]))
    rd, wr = os.pipe()
    os.close(rd)
    r = subprocess.run(cmd, cwd=work, stdout=wr, stderr=subprocess.PIPE, text=True)
    os.close(wr)
    report(r.returncode == 74 and "sortie standard : tube fermé par le lecteur" in r.stderr and whole(),
           "attack stdout pipe without reader -> 74 (no SIGPIPE death)", "exit %d %s" % (r.returncode, r.stderr[-200:]))
    lock = os.path.join(work, "ost", ".fsepack.lock")
    r = subprocess.run(["sh", "-c", '"$@" >&- 2>&-', "sh"] + cmd[:-1] + ["--verbose"], cwd=work)
    report(r.returncode == 74 and os.path.getsize(lock) == 0 and whole(),
           "attack stdout and stderr closed: no message in the lock file, packs whole",
           "exit %d, lock %d bytes" % (r.returncode, os.path.getsize(lock)))


def check_lock_link(tmp):
    work = os.path.join(tmp, "w")
    os.makedirs(os.path.join(work, "olk"))
    victim = os.path.join(tmp, "victim-lock")
    os.symlink(victim, os.path.join(work, "olk", ".fsepack.lock"))
    r = subprocess.run([BIN, "run", "job.ini", "--out", "olk"], cwd=work, capture_output=True, text=True)
    report(r.returncode == 73 and "fsepack.lock : c'est un lien symbolique" in r.stderr and not os.path.lexists(victim),
           "attack lock-link: refused, its target not created", "exit %d %s" % (r.returncode, r.stderr[-200:]))


def check_periods(tmp):
    work = os.path.join(tmp, "w")
    def run(period, today=None):
        env = dict(os.environ)
        env.pop("FSEPACK_TODAY", None)
        if today is not None:
            env["FSEPACK_TODAY"] = today
        shutil.rmtree(os.path.join(work, "opd"), ignore_errors=True)
        r = subprocess.run([BIN, "run", "job.ini", "--out", "opd", "--period", period], cwd=work,
                           capture_output=True, text=True, env=env)
        packs = sorted(os.listdir(os.path.join(work, "opd", "agen-4"))) if os.path.isdir(os.path.join(work, "opd", "agen-4")) else []
        return r, packs
    for period in ("2024-13", "2024-02-30..2024-03-01", "2024-03-01..2024-02-01", "2024-1", "99999999999999999999", ""):
        r, packs = run(period)
        report(r.returncode == 64 and not packs and "ou year-of-previous-month" in r.stderr,
               "attack periods --period %r -> 64, nothing written" % period, "exit %d %s" % (r.returncode, r.stderr[-200:]))
    for today in ("garbage", "0000-00-00", "2024-13-01", "99999-01-01", " "):
        r, packs = run("previous-month", today)
        report(r.returncode == 64 and not packs and "FSEPACK_TODAY" in r.stderr,
               "attack periods FSEPACK_TODAY=%r -> 64, nothing written" % today, "exit %d %s" % (r.returncode, r.stderr[-200:]))
    # empty is unset (README, fsepack(1)): previous-month of the clock
    def clock_month():
        first = datetime.date.today().replace(day=1)
        return (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    m0 = clock_month()
    r, packs = run("previous-month", "")
    report(r.returncode == 0 and packs in ([m0], [clock_month()]), "attack periods FSEPACK_TODAY='' is the clock",
           "exit %d %s want %s %s" % (r.returncode, packs, m0, r.stderr[-200:]))
    for today, period, want in (("2024-02-29", "previous-month", "2024-01"), ("2025-01-01", "previous-month", "2024-12"),
                                ("2025-01-01", "year-of-previous-month", "2024")):
        r, packs = run(period, today)
        report(r.returncode == 0 and packs == [want], "attack periods %s on %s -> %s" % (period, today, want),
               "exit %d %s %s" % (r.returncode, packs, r.stderr[-200:]))


def check_templates(tmp):
    work = os.path.join(tmp, "w")
    tpl = os.path.join(tmp, "tpl")
    shutil.copytree(os.path.join(os.getcwd(), "templates"), tpl)
    fiche = os.path.join(tpl, "fiches", "agen-3.ini")
    text = open(fiche, encoding="utf-8").read()
    long_id = "actions_mediation_" + "x" * 40
    bad = text.replace("[indicateur.actions_mediation]", "[indicateur.%s_un]" % long_id)
    bad = bad.replace("[indicateur.entreprises_partenaires]", "[indicateur.%s_deux]" % long_id)
    open(fiche, "w", encoding="utf-8").write(bad)
    line = bad.splitlines().index("[indicateur.%s_deux]" % long_id) + 1
    env = dict(os.environ, FSEPACK_TEMPLATES=tpl)
    r = subprocess.run([BIN, "run", "job.ini", "--out", "ot"], cwd=work, capture_output=True, text=True, env=env)
    report(r.returncode == 65 and "agen-3.ini:%d:2: error: nom de section de plus de 49 octets" % line in r.stderr,
           "attack long-section: a cut section name is an error at its line", "exit %d %s" % (r.returncode, r.stderr[:300]))
    odd = text.replace("mesure = count actions where type = Médiation",
                       'mesure = count actions where intitule != "x type in (Leurre)" and '
                       'type in ("Médiation (collective)", "A, B", Médiation)')
    open(fiche, "w", encoding="utf-8").write(odd)
    r = subprocess.run([BIN, "run", "job.ini", "--out", "ot"], cwd=work, capture_output=True, text=True, env=env)
    pdf = subprocess.run(["pdftotext", os.path.join(work, "ot", "agen-3", "2024", "01-bilan.pdf"), "-"],
                         capture_output=True, text=True).stdout
    flat = " ".join(pdf.split())
    report(r.returncode == 0 and '« type » parmi ("Médiation (collective)", "A, B", Médiation)' in flat
           and "parmi (Leurre)" not in flat, "attack measure-fr: lists shown as written in the bilan PDF",
           "exit %d %s" % (r.returncode, flat[flat.find("Leurre") - 200:flat.find("Leurre") + 200]))


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-attack-")
    try:
        pack, zpath = build_pack(tmp)
        rc, out = verify(zpath)
        report(rc == 0, "attack verify of the untouched ZIP -> 0", out[-300:])

        many = os.path.join(tmp, "many.zip")
        n = 200000
        empty = hashlib.sha256(b"").hexdigest().encode()
        with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as o:
            o.writestr("p/SHA256SUMS", b"".join(b"%s  f%06d\n" % (empty, i) for i in range(n)))
            o.writestr("p/manifest.json", b"{}")
            for i in range(n):
                o.writestr("p/f%06d" % i, b"")
            o.writestr("p/f%06d" % n, b"x")
        rc, out = verify(many)
        report(rc == 65 and "fichier f%06d : inattendu" % n in out and "f000000 :" not in out,
               "attack verify-many: 200 000 entries checked (linear), the extra one named", "exit %s: %s" % (rc, out[-300:]))

        top = zipfile.ZipFile(zpath).infolist()[0].filename.split("/")[0]
        for evil in ("../evil", "/etc/evil", "autre/x"):
            bad = os.path.join(tmp, "outside.zip")
            rezip(zpath, bad, extra=[(evil, b"x")])
            rc, out = verify(bad)
            report(rc == 65 and "fichier %s : inattendu (hors du dossier du pack" % evil in out
                   and "pas un pack" not in out, "attack verify-outside %s -> 65, named" % evil, "exit %s: %s" % (rc, out[-300:]))
        bad = os.path.join(tmp, "inside.zip")
        rezip(zpath, bad, extra=[(top + "/../evil", b"x")])
        rc, out = verify(bad)
        report(rc == 65 and "fichier ../evil : inattendu" in out, "attack verify-outside <top>/../evil -> 65, named",
               "exit %s: %s" % (rc, out[-300:]))

        dup = os.path.join(tmp, "dup.zip")
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rezip(zpath, dup, extra=[(top + "/01-bilan.pdf", b"EVIL")])
        rc, out = verify(dup)
        report(rc == 66 and "deux entrées portent le même nom" in out, "attack verify-dup -> 66 in French",
               "exit %s: %s" % (rc, out[-300:]))
        open(os.path.join(tmp, "nothing.zip"), "wb").close()
        rc, out = verify(os.path.join(tmp, "nothing.zip"))
        report(rc == 66 and "pas une archive ZIP" in out, "attack verify of an empty file -> 66 in French", out[-300:])

        d = os.path.join(tmp, "ctrl")
        shutil.copytree(pack, d)
        open(os.path.join(d, "x\x1b[2J\ny"), "w").close()
        rc, out = verify(d)
        report(rc == 65 and "fichier x\\x1b[2J\\x0ay : inattendu" in out and "\x1b" not in out,
               "attack verify-ctrl: control characters of a name escaped", "exit %s: %r" % (rc, out[-300:]))

        fifo = os.path.join(tmp, "fifo.zip")
        os.mkfifo(fifo)
        rc, out = verify(fifo, timeout=20)
        report(rc == 66 and "ni un dossier ni un fichier ordinaire" in out, "attack verify-fifo as PACK -> 66, no hang",
               "exit %s: %s" % (rc, out[-300:]))
        d = os.path.join(tmp, "fifoin")
        shutil.copytree(pack, d)
        os.unlink(os.path.join(d, "01-bilan.pdf"))
        os.mkfifo(os.path.join(d, "01-bilan.pdf"))
        rc, out = verify(d, timeout=20)
        report(rc == 65 and "fichier 01-bilan.pdf : absent" in out, "attack verify-fifo inside the pack -> 65, named",
               "exit %s: %s" % (rc, out[-300:]))

        if os.geteuid() == 0 and shutil.which("setpriv"):
            d = os.path.join(tmp, "unreadable")
            shutil.copytree(pack, d)
            os.chmod(tmp, 0o755)
            os.chmod(d, 0o755)
            for n in os.listdir(d):
                os.chmod(os.path.join(d, n), 0 if n in ("01-bilan.pdf", "controles.csv") else 0o644)
            r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", BIN, "verify", d],
                               capture_output=True, text=True, timeout=60)
            report(r.returncode == 66 and "01-bilan.pdf : impossible de lire le fichier : permission refusée" in r.stdout
                   and "controles.csv : impossible de lire" in r.stdout, "attack verify-unreadable: 66, each file named",
                   "exit %d %s" % (r.returncode, r.stdout[-300:]))
        d = os.path.join(tmp, "json")
        shutil.copytree(pack, d)
        os.unlink(os.path.join(d, "SHA256SUMS"))
        with open(os.path.join(d, "manifest.json"), "w") as f:
            f.write('{\n  "sorties": [\n')
        rc, out = verify(d)
        report(rc == 65 and "fichier manifest.json : illisible (JSON invalide, ligne 3" in out,
               "attack verify-json: invalid manifest named in French with its line", "exit %s: %s" % (rc, out[-300:]))
        with open(os.path.join(d, "manifest.json"), "w") as f:
            f.write('{"sorties": [{"chemin": "01-bilan.pdf", "sha256": "%s"}]}' % hashlib.sha256(
                open(os.path.join(pack, "01-bilan.pdf"), "rb").read()).hexdigest())
        rc, out = verify(d)
        report(rc == 65 and "sortie 1 incomplète" in out, "attack verify-json: output without taille is incomplete",
               "exit %s: %s" % (rc, out[-300:]))

        check_archives(tmp)
        check_full(tmp)
        check_stdout(tmp)
        check_lock_link(tmp)
        check_periods(tmp)
        check_templates(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
