"""The privacy app's models, for Django: each media kind defines its own in its sub-package.

The app label stays ``privacy`` (``privacy.PrivateImage``, ``privacy.PrivateMedia``,
``privacy.PrivateDocument`` in settings and migrations), so Django finds them all here.
"""

from .audio.models import PrivateMedia, VoiceClip
from .documents.models import PrivateDocument
from .images.faces.models import FaceRegion
from .images.models import PrivateImage, PrivateRendition

__all__ = [
    "FaceRegion",
    "PrivateDocument",
    "PrivateImage",
    "PrivateMedia",
    "PrivateRendition",
    "VoiceClip",
]
