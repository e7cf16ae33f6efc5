"""Names for the Code Officiel Géographique (COG) codes a FranceConnect identity gives.

FranceConnect certifies the place of birth as INSEE codes: ``birthplace`` is the commune's COG
code (an arrondissement municipal for Paris, Lyon and Marseille: ``75107`` is "Paris 7e
Arrondissement"), ``birthcountry`` the country's (``99100`` is France). People read names, so
the account page and GraphQL say them, from INSEE's files shipped in ``monparis_app/data`` (see
its README: sources and dates). Nothing is fetched at run time; an unknown code gets None and
is shown as it is, never guessed.

Commune files are one per millésime, ``cog_communes_<year>.csv`` (valid from 1 January of that
year): a birth date picks the newest millésime already valid then, so a commune renamed later is
named as it was, as far back as the shipped millésimes go.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMUNE_FILE = re.compile(r"^cog_communes_(\d{4})\.csv$")
COUNTRY_FILE = re.compile(r"^cog_pays_(\d{4})\.csv$")
# A code held by a commune and by one of its communes déléguées (a commune nouvelle keeps the
# code of its chef-lieu): the commune's name is the one to say.
COMMUNE_TYPE = "COM"


@dataclass(frozen=True)
class Millesime:
    """One year's COG file: the names it gives, valid from ``valid_from``."""

    valid_from: date
    names: Mapping[str, str]


def _read_communes(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            code, name = row["COM"].strip().upper(), row["LIBELLE"].strip()
            if code and name and (code not in names or row["TYPECOM"] == COMMUNE_TYPE):
                names[code] = name
    return names


def _read_countries(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file)
        return {row["COG"].strip(): row["LIBCOG"].strip() for row in rows if row["LIBCOG"]}


def _millesimes(directory: Path, pattern: re.Pattern[str], kind: str) -> tuple[Millesime, ...]:
    """Every file of one kind in ``directory``, oldest first."""
    found = []
    for path in directory.iterdir():
        if match := pattern.match(path.name):
            reader = _read_communes if kind == "communes" else _read_countries
            found.append(Millesime(date(int(match.group(1)), 1, 1), reader(path)))
    return tuple(sorted(found, key=lambda m: m.valid_from))


@cache
def commune_millesimes(directory: Path = DATA_DIR) -> tuple[Millesime, ...]:
    """Read once per process (about 37,000 codes, a few MB in memory)."""
    return _millesimes(directory, COMMUNE_FILE, "communes")


@cache
def country_millesimes(directory: Path = DATA_DIR) -> tuple[Millesime, ...]:
    return _millesimes(directory, COUNTRY_FILE, "countries")


def _newest_first_from(millesimes: tuple[Millesime, ...], on_date: date | None) -> list[Millesime]:
    """The millésime valid on ``on_date`` first (the oldest one for an older date, the newest
    for no date), then the others newest first: a code missing from it (created since, or gone
    before) is still named by another year's file."""
    valid = [m for m in millesimes if on_date is None or m.valid_from <= on_date]
    first = valid[-1] if valid else millesimes[0]
    return [first, *(m for m in reversed(millesimes) if m is not first)]


def commune_name(
    code: str, on_date: date | None = None, *, directory: Path = DATA_DIR
) -> str | None:
    """The name of the commune (or arrondissement municipal) with this COG code, as the
    millésime valid on ``on_date`` (a birth date) gives it; None for a code in no file."""
    millesimes = commune_millesimes(directory)
    key = code.strip().upper()
    if not millesimes or not key:
        return None
    for millesime in _newest_first_from(millesimes, on_date):
        if name := millesime.names.get(key):
            return name
    return None


def country_name(code: str, *, directory: Path = DATA_DIR) -> str | None:
    """The name of the country or territory with this COG code (``99100``: France); None for a
    code in no file."""
    key = code.strip()
    for millesime in reversed(country_millesimes(directory)):
        if name := millesime.names.get(key):
            return name
    return None


def birth_place_label(value: str | None, birth_date: date | None) -> str | None:
    """What a person reads for a stored birthplace: the commune's name for a COG code (what
    FranceConnect certifies), else the text as typed (a place entered by hand)."""
    if not value:
        return value
    return commune_name(value, birth_date) or value


def birth_country_label(value: str | None) -> str | None:
    """The country's name for a COG code, else the text as typed."""
    if not value:
        return value
    return country_name(value) or value
