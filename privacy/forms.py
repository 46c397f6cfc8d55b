from wagtail.images.forms import BaseImageForm


class PrivateImageForm(BaseImageForm):
    """Admin image form; file validation lives in privacy.sanitise."""
