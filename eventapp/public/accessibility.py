"""The accessibility statement ("Deklaracja dostępności") that Polish public bodies publish
under the act of 4 April 2019 on the digital accessibility of websites and mobile applications
of public bodies (Dz.U. 2019 poz. 848), in the layout of the minister's template.

What is true of the product (its status, what is not accessible and why, how the statement was
prepared) is written here and in templates/public/accessibility.html; who runs the site and
whom to contact comes from the ACCESSIBILITY_* settings of the operator (config.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

# When this statement was written and last reviewed: change both with every review.
PREPARED_ON = date(2026, 12, 4)
REVIEWED_ON = date(2026, 12, 4)
# The Ombudsman's page named in the statement's enforcement procedure.
OMBUDSMAN_URL = "https://bip.brpo.gov.pl/"


@dataclass(frozen=True)
class Statement:
    entity: str
    site: str
    published_on: date
    updated_on: date
    prepared_on: date
    reviewed_on: date
    contact_name: str
    contact_email: str
    contact_phone: str
    address: str
    ombudsman_url: str


def _date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def statement() -> Statement:
    """The statement filled in with the operator's settings."""
    config = current_app.config
    return Statement(
        entity=config["ACCESSIBILITY_ENTITY"],
        site=config["PUBLIC_BASE_URL"],
        published_on=_date(config["ACCESSIBILITY_PUBLISHED_ON"]),
        updated_on=_date(config["ACCESSIBILITY_UPDATED_ON"]),
        prepared_on=PREPARED_ON,
        reviewed_on=REVIEWED_ON,
        contact_name=config["ACCESSIBILITY_CONTACT_NAME"],
        contact_email=config["ACCESSIBILITY_CONTACT_EMAIL"],
        contact_phone=config["ACCESSIBILITY_CONTACT_PHONE"],
        address=config["ACCESSIBILITY_ADDRESS"],
        ombudsman_url=OMBUDSMAN_URL,
    )
