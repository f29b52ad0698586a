"""Phone numbers in E.164 ("+12175550142"), read with Google's libphonenumber rules."""

from __future__ import annotations

import phonenumbers

from pipelines.normalize.places import country_code

DEFAULT_REGION = "US"


def phone_e164(raw: str | None, country: str | None = None) -> str | None:
    """The number in E.164, or None when it is not a valid number.

    A number written without a country prefix is read as a number of `country` (the
    address's country: an ISO code or a name), or of the US when that is unknown.
    """
    if not raw or not raw.strip():
        return None
    region = country_code(country) or DEFAULT_REGION
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = DEFAULT_REGION
    try:
        number = phonenumbers.parse(raw.strip().removeprefix("tel:"), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
