"""Places an office is in: a city (…市, …州, …盟), a district (…区, …县, …旗), an office
(…街道, …镇, …乡) — compared with the settings' 市, 区 and 街道 (`compute.places`)."""

from __future__ import annotations

# Place suffix → the setting it is compared with (and that setting's name in the settings file).
KINDS = (
    (("街道", "镇", "乡"), "office", "街道"),
    (("市", "州", "盟"), "city", "市"),
    (("区", "县", "旗"), "district", "区"),
)


def place_kind(place: str) -> tuple[str, str] | None:
    """(Settings attribute, setting name) a place is compared with; None for no known kind."""
    for suffixes, attribute, setting in KINDS:
        if place.endswith(suffixes) and len(place) > max(map(len, suffixes)):
            return attribute, setting
    return None
