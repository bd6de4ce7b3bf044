"""The bundled UK catalogue: it loads, keeps its id conventions and its nation facts."""

from __future__ import annotations

import pytest

from journeys import Catalogue, Nation, Tier, uk_catalogue

GSS_NATION = {
    "E": Nation.ENGLAND,
    "W": Nation.WALES,
    "S": Nation.SCOTLAND,
    "N": Nation.NORTHERN_IRELAND,
}
GB = {Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND}
UK = set(Nation)


def test_bundled_catalogue_loads_with_the_ids_tests_rely_on() -> None:
    catalogue = uk_catalogue()
    assert len(catalogue) >= 40
    for body_id in ("hmrc", "dwp", "dvla"):
        assert body_id in catalogue


@pytest.mark.parametrize(
    ("body_id", "nations"),
    [
        ("hmrc", UK),
        ("dwp", GB),
        ("dvla", UK),  # vehicle records are UK-wide; NI licences are the DVA's
        ("hmpo", UK),
        ("veterans-uk", UK),
        ("hmcts", {Nation.ENGLAND, Nation.WALES}),
        ("gro", {Nation.ENGLAND, Nation.WALES}),
        ("sss", {Nation.SCOTLAND}),
        ("nrs", {Nation.SCOTLAND}),
        ("scts", {Nation.SCOTLAND}),
        ("gro-ni", {Nation.NORTHERN_IRELAND}),
        ("dfc", {Nation.NORTHERN_IRELAND}),
        ("dva", {Nation.NORTHERN_IRELAND}),
        ("lps", {Nation.NORTHERN_IRELAND}),
    ],
)
def test_central_and_devolved_bodies_serve_the_right_nations(
    body_id: str, nations: set[Nation]
) -> None:
    assert uk_catalogue()[body_id].nations == nations


def test_coded_ids_carry_their_code_and_nation() -> None:
    for body in uk_catalogue().bodies():
        prefix, _, code = body.id.partition(":")
        if prefix in {"council", "registrar", "adult-social-care", "childrens-services", "hscp"}:
            assert body.gss == code, body.id
            assert body.tier is Tier.LOCAL
            assert body.nations == {GSS_NATION[code[0]]}, body.id
        elif prefix == "healthboard":
            assert body.gss == code, body.id
            assert code[:3] in {"W11", "S08"}, body.id
        elif prefix == "nhs":
            assert body.ods == code, body.id
            assert body.nations == {Nation.ENGLAND}


def test_gss_prefixes_are_the_documented_entity_codes() -> None:
    councils = [b for b in uk_catalogue().bodies() if b.id.startswith("council:")]
    prefixes = {b.gss[:3] for b in councils if b.gss}
    assert {"E06", "E07", "E08", "E09", "E10", "W06", "S12", "N09"} <= prefixes


def test_every_nation_has_registrars_councils_and_health_bodies() -> None:
    catalogue = uk_catalogue()
    for nation in Nation:
        local = [b for b in catalogue.bodies() if b.tier is Tier.LOCAL and b.serves(nation)]
        kinds = {b.id.split(":")[0] for b in local}
        assert {"council", "registrar"} <= kinds, nation
        assert kinds & {"nhs", "healthboard", "hsc-trust"}, nation


def test_catalogue_round_trips_through_toml() -> None:
    catalogue = uk_catalogue()
    again = Catalogue.from_toml_text(catalogue.to_toml())
    assert again.bodies() == catalogue.bodies()
