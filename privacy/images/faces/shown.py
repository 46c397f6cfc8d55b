"""Which faces may stay shown: asked of the consent app, which privacy does not import.

``consent`` registers its answer when it starts (consent/apps.py): the regions of an image
linked to a consent in force that covers photos. Until something registers, no face may stay
shown, the safe answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_shown_faces: Callable[[Any], Iterable[Any]] | None = None


def register_shown_faces(answer: Callable[[Any], Iterable[Any]]) -> None:
    """``answer(image)`` returns the image's FaceRegion rows whose faces may stay shown."""
    global _shown_faces
    _shown_faces = answer


def faces_that_may_stay_shown(image: Any) -> list[Any]:
    if _shown_faces is None or image.pk is None:
        return []
    return list(_shown_faces(image))
