"""PNG signatures for the tests, drawn with Pillow."""

import base64
import io

from PIL import Image, ImageDraw


def png_bytes(*, ink: bool = True, size=(300, 100), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    if ink:
        ImageDraw.Draw(image).line(
            [(10, 80), (80, 20), (150, 70), (280, 30)], fill="black", width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_data_url(**kwargs) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(**kwargs)).decode("ascii")


def jpeg_data_url() -> str:
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (280, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
