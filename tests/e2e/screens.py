"""The screens the browser tests read the site on, and where their screenshots go.

A phone is a 390 x 844 touch screen (Chromium's mobile emulation, as a patient in a
waiting room meets the site); a desktop a 1280 x 800 window. Screenshots are for people
to look at: they are kept only when XRAYS_SCREENSHOTS names a folder
(`XRAYS_SCREENSHOTS=/tmp/shots make test`), so that a test run leaves nothing behind."""

import os
from pathlib import Path

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def keep_screenshot(shown, name, **options):
    """Save a screenshot of `shown` (a page or a locator) as <name>.png in the folder
    XRAYS_SCREENSHOTS names; nothing when it names none."""
    folder = os.environ.get("XRAYS_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    shown.screenshot(path=str(Path(folder) / f"{name}.png"), **options)
