"""Draws the site's icons and link-preview image from their SVG sources in static/img/.

Run once by a developer when a source changes (`python manage.py make_site_images`);
the PNG and ICO files it writes are committed, so neither a deployment nor the tests
need it. The SVGs are the only sources: the browser the tests already use (Debian's
Chromium, through Playwright) draws them, so the project needs no imaging library."""

import base64
import struct
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHROMIUM = "/usr/bin/chromium"
# Sizes a browser asks /favicon.ico for: tab (16), taskbar and high-density tab (32, 48).
ICO_SIZES = (16, 32, 48)
PLUM = "#6b1f5f"
# (source, file written, width, height, background): apple-touch-icon is the size iOS
# asks for, square and opaque (iOS rounds the corners itself and would show transparent
# ones black); 192 px is the size Android asks for; link previews want 1200x630 (1.91:1).
PNGS = (
    ("icon.svg", "apple-touch-icon.png", 180, 180, PLUM),
    ("icon.svg", "icon-192.png", 192, 192, None),
    ("share.svg", "share.png", 1200, 630, None),
)


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding PNG images (read by every browser since 2007), one a size."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, data in sorted(pngs.items()):
        # Width and height are one byte each; 0 means 256.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


class Command(BaseCommand):
    help = "Redraw static/img/*.png and favicon.ico from the SVG sources (needs Playwright and Chromium)."

    def handle(self, *args, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError("Install the dev dependencies (Playwright) first.") from error
        folder = Path(settings.BASE_DIR) / "static" / "img"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()

            def draw(source: str, width: int, height: int, background: str | None = None) -> bytes:
                svg = base64.b64encode((folder / source).read_bytes()).decode()
                page.set_viewport_size({"width": width, "height": height})
                page.set_content(
                    f'<body style="margin:0;background:{background or "transparent"}">'
                    f'<img alt="" style="display:block" width="{width}" height="{height}" '
                    f'src="data:image/svg+xml;base64,{svg}"></body>'
                )
                return page.screenshot(omit_background=background is None)

            for source, name, width, height, background in PNGS:
                (folder / name).write_bytes(draw(source, width, height, background))
                self.stdout.write(f"Wrote static/img/{name}")
            (folder / "favicon.ico").write_bytes(ico({s: draw("icon.svg", s, s) for s in ICO_SIZES}))
            self.stdout.write("Wrote static/img/favicon.ico")
            browser.close()
