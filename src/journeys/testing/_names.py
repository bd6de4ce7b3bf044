"""Small pools of realistic names that generated data is drawn from.

Generated journeys should read like real ones when a test fails, so bodies,
services, activities, facts and life events come from these short lists rather
than from arbitrary text. Each pool is ordered simplest-first because Hypothesis
shrinks a choice towards the start of its list.
"""

from __future__ import annotations

import attrs

from journeys.bodies import Nation, Tier

GREAT_BRITAIN = frozenset({Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND})
UNITED_KINGDOM = frozenset(Nation)


@attrs.frozen
class BodyTemplate:
    """A kind of public body that generated catalogues copy, with an id stem."""

    stem: str
    name: str
    tier: Tier
    nations: frozenset[Nation]


BODY_TEMPLATES: tuple[BodyTemplate, ...] = (
    BodyTemplate("dwp", "Department for Work and Pensions", Tier.CENTRAL, GREAT_BRITAIN),
    BodyTemplate("hmrc", "HM Revenue & Customs", Tier.CENTRAL, UNITED_KINGDOM),
    BodyTemplate("dvla", "Driver and Vehicle Licensing Agency", Tier.CENTRAL, GREAT_BRITAIN),
    BodyTemplate("hmpo", "HM Passport Office", Tier.CENTRAL, UNITED_KINGDOM),
    BodyTemplate("council", "City Council", Tier.LOCAL, frozenset({Nation.ENGLAND})),
    BodyTemplate(
        "registrar", "Register Office", Tier.LOCAL, frozenset({Nation.ENGLAND, Nation.WALES})
    ),
    BodyTemplate("nhs-trust", "NHS Trust", Tier.LOCAL, frozenset({Nation.ENGLAND})),
    BodyTemplate("health-board", "Health Board", Tier.LOCAL, frozenset({Nation.SCOTLAND})),
    BodyTemplate("hsc-trust", "HSC Trust", Tier.LOCAL, frozenset({Nation.NORTHERN_IRELAND})),
    BodyTemplate(
        "social-security-scotland",
        "Social Security Scotland",
        Tier.DEVOLVED,
        frozenset({Nation.SCOTLAND}),
    ),
    BodyTemplate(
        "nrs", "National Records of Scotland", Tier.DEVOLVED, frozenset({Nation.SCOTLAND})
    ),
    BodyTemplate(
        "dfc", "Department for Communities", Tier.DEVOLVED, frozenset({Nation.NORTHERN_IRELAND})
    ),
    BodyTemplate("welsh-government", "Welsh Government", Tier.DEVOLVED, frozenset({Nation.WALES})),
)

SERVICES: tuple[str, ...] = (
    "registration",
    "bereavement-support",
    "council-tax",
    "state-pension",
    "housing-benefit",
    "tax-account",
    "driving-licence",
    "passport",
    "discharge-care",
)

ACTIVITIES: tuple[str, ...] = ("phone-call", "letter", "online-form", "appointment", "visit")

FACTS: tuple[str, ...] = (
    "date_of_death",
    "ni_number",
    "address",
    "date_of_birth",
    "bank_details",
    "next_of_kin",
    "income",
)

TRIGGERS: tuple[str, ...] = ("death", "birth", "hospital-discharge", "moving-house", "pension-age")

OUTCOMES: tuple[str, ...] = ("completed", "settled", "withdrawn")

REJECTION_REASONS: tuple[str, ...] = ("wrong-office", "not-eligible", "missing-information")

THEMES: tuple[str, ...] = ("waiting", "asked_again", "lost_referral", "staff_attitude", "clarity")
"""Theme ids that feedback and complaints name (never the citizen's own words)."""
