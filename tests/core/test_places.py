"""COG codes named from the shipped INSEE files: communes (arrondissements included), countries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from monparis_app.core import places


def test_paris_arrondissements_are_communes_in_cog_terms() -> None:
    assert places.commune_name("75107") == "Paris 7e Arrondissement"
    assert places.commune_name("75056") == "Paris"
    assert places.commune_name("13201") == "Marseille 1er Arrondissement"
    assert places.commune_name("69381", date(1990, 5, 17)) == "Lyon 1er Arrondissement"


def test_corsica_overseas_and_unknown_codes() -> None:
    assert places.commune_name("2a004") == "Ajaccio"  # FranceConnect sends 2A in capitals
    assert places.commune_name("97101") == "Les Abymes"
    assert places.commune_name("99999") is None
    assert places.commune_name("") is None
    assert places.commune_name("Lyon") is None


def test_the_simulator_identities_are_all_named() -> None:
    """Every code the local FranceConnect simulator certifies reads as a name."""
    from fcsim.identities import IDENTITIES

    for identity in IDENTITIES:
        if identity.birthplace:
            assert places.commune_name(identity.birthplace), identity.birthplace
        assert places.country_name(identity.birthcountry), identity.birthcountry


def test_countries() -> None:
    assert places.country_name("99100") == "France"
    assert places.country_name("99352") == "Algérie"
    assert places.country_name("99115") == "Tchécoslovaquie"  # a former state, for a birth
    assert places.country_name("99999") is None


def test_a_commune_keeps_its_name_of_then(tmp_path: Path) -> None:
    """A birth date reads the millésime valid then; a code only in another year is still found."""
    header = "TYPECOM,COM,LIBELLE,COMPARENT\n"
    (tmp_path / "cog_communes_2019.csv").write_text(
        header + "COM,01001,Ancien Nom,\nCOM,01002,Disparue,\n", encoding="utf-8"
    )
    (tmp_path / "cog_communes_2026.csv").write_text(
        header + "COM,01001,Nouveau Nom,\nCOMD,01003,Déléguée,01001\n", encoding="utf-8"
    )
    name = places.commune_name
    assert name("01001", date(2020, 3, 1), directory=tmp_path) == "Ancien Nom"
    assert name("01001", date(1950, 1, 1), directory=tmp_path) == "Ancien Nom"  # oldest known
    assert name("01001", directory=tmp_path) == "Nouveau Nom"
    assert name("01002", date(2026, 6, 1), directory=tmp_path) == "Disparue"
    assert name("01003", date(2000, 1, 1), directory=tmp_path) == "Déléguée"


def test_a_commune_nouvelle_is_named_before_its_delegated_namesake(tmp_path: Path) -> None:
    (tmp_path / "cog_communes_2026.csv").write_text(
        "TYPECOM,COM,LIBELLE,COMPARENT\nCOMD,01015,Arbignieu,01015\nCOM,01015,Arboys en Bugey,\n",
        encoding="utf-8",
    )
    assert places.commune_name("01015", directory=tmp_path) == "Arboys en Bugey"


def test_labels_keep_what_was_typed() -> None:
    assert places.birth_place_label("75115", date(1980, 1, 1)) == "Paris 15e Arrondissement"
    assert places.birth_place_label("Lyon", None) == "Lyon"
    assert places.birth_place_label(None, None) is None
    assert places.birth_country_label("99100") == "France"
    assert places.birth_country_label("Belgique") == "Belgique"
