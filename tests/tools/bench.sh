#!/bin/sh
# make bench — speed and memory of `fsepack run` on generated large exports
# (a PLIE of a big metropolis: 200 000 hour rows, 2 000 marchés, 50 000
# contacts). Prints wall time and peak memory; asserts nothing.
set -e
dir=$(mktemp -d /tmp/fsepack-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import random, sys, os
d = sys.argv[1]; os.makedirs(d + "/exports")
r = random.Random(42)
with open(d + "/exports/marches.csv", "w", encoding="utf-8") as f:
    f.write("N° opération;Opération;Donneur d'ordre;N° marché;Entreprise attributaire;SIRET;Date de début;Date de fin;Heures prévues\n")
    for i in range(2000):
        f.write(f"OP-{i//4:04d};Opération {i//4};Donneur {i%40};M-{i:05d};Entreprise {i%300};;{r.randint(1,28):02d}/0{r.randint(1,9)}/2023;{r.randint(1,28):02d}/0{r.randint(1,9)}/2025;{r.randint(100,5000)}\n")
crit = ["DELD", "BRSA", "RQTH", "Jeune -26 ans", ""]
with open(d + "/exports/heures.csv", "w", encoding="utf-8") as f:
    f.write("N° opération;N° marché;Entreprise attributaire;Modalité;Réf. participant;Nom;Prénom;Sexe;Critère d'éligibilité;Mois;Heures réalisées\n")
    for i in range(200000):
        m = r.randint(0, 1999)
        f.write(f"OP-{m//4:04d};M-{m:05d};Entreprise {m%300};Mise à disposition;P{r.randint(1,20000):06d};Nom;Prénom;{r.choice('FH')};{r.choice(crit)};01/{r.randint(1,12):02d}/2024;{r.randint(1,15000)/100:.2f}".replace(".", ",") + "\n")
with open(d + "/exports/contacts.csv", "w", encoding="utf-8") as f:
    f.write("Date;Entreprise;SIRET;Effectif;Type de contact\n")
    for i in range(50000):
        f.write(f"{r.randint(1,28):02d}/{r.randint(1,12):02d}/2024;Entreprise {r.randint(1,5000)};;{r.randint(1,300)};{r.choice(['Physique','Visio','Mail'])}\n")
with open(d + "/job.ini", "w", encoding="utf-8") as f:
    f.write("[plie]\nnom = PLIE de test\n[periode]\ndefaut = 2024\n")
    for s in ("marches", "heures", "contacts"):
        f.write(f"[source.{s}]\nfichier = exports/{s}.csv\n")
    f.write("[fiche.agen-4]\n[sortie]\ndossier = out\n")
PY
ls -la "$dir/exports"
echo "fsepack run (agen-4 on 200 000 hour rows, 2 000 marchés):"
/usr/bin/time -f "  wall %e s, user %U s, peak RSS %M KB" build/fsepack run "$dir/job.ini" --out "$dir/out" 2>&1 >/dev/null | grep -E "wall|error" || true
ls -la "$dir/out/agen-4/2024" | sed 's/^/  /'
