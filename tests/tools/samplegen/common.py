"""common.py — what every part of the sample generator shares: the seed, the
period of the fiches and the window the exports cover, and small helpers
(normalisation as fsepack compares values, Luhn-valid SIRETs, dates)."""
import datetime as dt
import random  # noqa: F401  (re-exported)
import unicodedata

SEED = 20240917

P0, P1 = dt.date(2024, 1, 1), dt.date(2024, 12, 31)   # the period of every fiche
W0, W1 = dt.date(2023, 10, 1), dt.date(2025, 2, 28)   # what the exports cover
EXPORT_DAY = dt.date(2025, 3, 3)                      # day of the extraction


def norm(s):
    """Case, accents, spaces and punctuation ignored (FICHES.md: companies' names, values)."""
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return "".join(c for c in s.lower() if c.isalnum())


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def siret(rng, leading_zero=False):
    body = ("0" if leading_zero else str(rng.randint(1, 9))) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    for k in range(10):
        if luhn_ok(body + str(k)):
            return body + str(k)
    raise AssertionError("no Luhn key")


def rdate(rng, a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_start(d):
    return dt.date(d.year, d.month, 1)


def in_p(d):
    return d is not None and P0 <= d <= P1


def overlaps(a, b):
    return (a is None or a <= P1) and (b is None or b >= P0)


def truthy(v):
    return norm(v) in ("oui", "o", "x", "1", "vrai", "yes")


def pick_weighted(rng, items):
    """items: [(value, weight)]"""
    tot = sum(w for _, w in items)
    x = rng.uniform(0, tot)
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


def fmtv(v):
    if v is None:
        return ""
    if isinstance(v, float) and not v.is_integer():
        return ("%.2f" % v).rstrip("0").rstrip(".")
    return str(int(v))
