"""Images (photos): the project's Wagtail image model, its sanitiser, form and renditions.

models.py (``PrivateImage``, ``PrivateRendition``), fields.py (model fields: every original is
sanitised before it is stored), forms.py (the admin form and its file field), sanitise.py
(what is kept of an upload) with colour.py (colour profiles to sRGB), renditions.py (which
renditions are public files), views.py (the admin's view of private renditions) and stored.py
(re-running today's sanitiser over stored originals).
"""
