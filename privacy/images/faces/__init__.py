"""Faces in photos: found on every upload and hidden for good unless a consent allows one.

detector.py (CenterFace through onnxruntime, in tiles), hiding.py (solid fills, every frame),
models.py (``FaceRegion``: each area found or drawn), checking.py (what the image model runs on
every stored original), stored.py (hiding more areas of a stored photo later), shown.py (which
faces a consent allows, asked of the consent app).
"""
