"""The QR code carries the badge code and nothing else; a standard decoder (zbar) reads it."""

import pytest

from eventapp.badges.qr import qr_png, qr_svg
from eventapp.tokens import new_token
from tests.badges.helpers import save, zbar


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/"):
        yield app


def test_png_decodes_to_the_badge_code_only(tmp_path):
    code = new_token()
    png = save(tmp_path, "code.png", qr_png(code))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert zbar(png) == [code]


def test_png_box_size_sets_the_pixels_per_module(tmp_path):
    code = new_token()
    small, large = qr_png(code, box_size=4), qr_png(code, box_size=12)
    assert len(small) < len(large)
    assert zbar(save(tmp_path, "small.png", small)) == [code]
    assert zbar(save(tmp_path, "large.png", large)) == [code]


def test_svg_is_accessible_inline_markup_without_personal_data(request_ctx):
    code = new_token()
    svg = qr_svg(code)
    assert svg.startswith("<svg ") and svg.endswith("</svg>") and "<?xml" not in svg
    assert 'role="img"' in svg
    # Polish is the default language; the label says what the code is, not whose it is.
    assert 'aria-label="Kod QR identyfikatora do okazania przy rejestracji na miejscu"' in svg
    assert code not in svg
    assert "viewBox=" in svg and "<path" in svg


def test_svg_label_follows_the_language(app):
    with app.test_request_context("/?lang=en"):
        assert 'aria-label="QR code of the badge, shown at the check-in desk"' in qr_svg(new_token())


def test_svg_draws_the_same_modules_as_the_png(request_ctx, tmp_path):
    """The SVG path, rasterised by hand, decodes to the code too (no renderer needed)."""
    import re

    from PIL import Image

    code = new_token()
    svg = qr_svg(code)
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    scale = 6
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        x, y, n = int(x), int(y), int(n)
        image.paste(0, (x * scale, y * scale, (x + n) * scale, (y + 1) * scale))
    path = tmp_path / "svg.png"
    image.save(path)
    assert zbar(path) == [code]
