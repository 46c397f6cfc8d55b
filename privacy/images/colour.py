"""Colour: every stored image is sRGB pixels with no embedded colour profile.

Why: an ICC profile is not only colour data. Its text tags (``desc``, ``cprt``, ``dmnd``,
``dmdd``, stored as UTF-16 so ``strings`` does not show them) can carry any words, such as a
person's name, and a profile can be built to fingerprint a device. Keeping "only the profile"
would copy those words into every stored original and every rendition Wagtail makes from it.
So the sanitiser converts the pixels from the embedded profile to sRGB (what browsers assume
for an image without a profile) and writes no profile at all.

Guarantees of :class:`SrgbConverter`:

- RGB, RGBA, L, LA and P (palette) images keep their mode; CMYK images become RGB, through
  their profile when it can be applied, else through Pillow's plain conversion.
- A profile that cannot be parsed, or does not fit the picture (a grey profile on a colour
  picture, a link profile...), is dropped and the pixels are taken as sRGB: refusing an
  ordinary photo for a damaged profile would help nobody.
- Nothing about the profile is logged (its text is exactly what must not spread).
"""

from __future__ import annotations

import io
import logging

from PIL import Image, ImageCms

logger = logging.getLogger(__name__)

# Perceptual, as Willow's own sRGB conversion: for the simple (matrix) profiles of phones and
# cameras all intents give the same result.
INTENT = ImageCms.Intent.PERCEPTUAL


def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class SrgbConverter:
    """Converts the frames of one image from its embedded profile (bytes or None) to sRGB."""

    def __init__(self, icc_profile: bytes | None) -> None:
        self._profile: ImageCms.ImageCmsProfile | None = None
        self._transforms: dict[tuple[str, str], ImageCms.ImageCmsTransform | None] = {}
        if icc_profile:
            try:
                self._profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            except Exception:
                logger.info("An uploaded image's colour profile could not be read; taken as sRGB")

    def _transform(self, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform | None:
        key = (in_mode, out_mode)
        if key not in self._transforms:
            transform = None
            if self._profile is not None:
                try:
                    transform = ImageCms.buildTransform(
                        self._profile, _srgb(), in_mode, out_mode, renderingIntent=INTENT
                    )
                except Exception:
                    logger.info("An uploaded image's colour profile does not fit it; taken as sRGB")
            self._transforms[key] = transform
        return self._transforms[key]

    def _apply(self, image: Image.Image, in_mode: str, out_mode: str) -> Image.Image | None:
        transform = self._transform(in_mode, out_mode)
        if transform is None:
            return None
        try:
            return ImageCms.applyTransform(image, transform)
        except Exception:
            logger.info("An uploaded image's colour profile could not be applied; taken as sRGB")
            return None

    def convert(self, image: Image.Image) -> Image.Image:
        """``image`` as sRGB pixels (a new image, or ``image`` itself when nothing changes)."""
        if (
            self._profile is not None
            and image.mode in ("RGB", "L")
            and "transparency" in image.info
        ):
            # A transparent colour key would no longer match once the colours change.
            image = image.convert("RGBA" if image.mode == "RGB" else "LA")
        mode = image.mode
        if mode == "CMYK":
            converted = self._apply(image, "CMYK", "RGB")
            return converted if converted is not None else image.convert("RGB")
        if self._profile is None:
            return image
        if mode in ("RGB", "RGBA"):
            converted = self._apply(image, mode, mode)
            return converted if converted is not None else image
        if mode in ("L", "LA"):
            return self._grey(image)
        if mode == "P":
            return self._palette(image)
        # 1-bit, 16-bit grey and other rare modes: keep the pixels, drop the profile.
        return image

    def _grey(self, image: Image.Image) -> Image.Image:
        # A grey profile's tone curve differs from sRGB's: convert through RGB and back to grey.
        grey = image.getchannel("L") if image.mode == "LA" else image
        converted = self._apply(grey, "L", "RGB")
        if converted is None:
            return image
        result = converted.convert("L")
        if image.mode == "LA":
            result = Image.merge("LA", (result, image.getchannel("A")))
        return result

    def _palette(self, image: Image.Image) -> Image.Image:
        # Convert the palette's colours, not the pixels: the image stays a small palette image
        # and its transparent index (if any) keeps its meaning.
        if image.palette is not None and image.palette.mode != "RGB":
            # A palette with its own alpha (rare): convert the pixels instead.
            return self.convert(image.convert("RGBA"))
        palette = image.getpalette("RGB")
        if not palette:
            return image
        colours = Image.frombytes("RGB", (len(palette) // 3, 1), bytes(palette))
        converted = self._apply(colours, "RGB", "RGB")
        if converted is None:
            return image
        result = image.copy()
        result.putpalette(converted.tobytes(), "RGB")
        return result
