"""Media: images, voice clips and documents (models, forms, limits, where their files go).

Imported at the end of base.py, so every environment gets these settings. The models and forms
named here live in privacy/ (privacy/images/, privacy/audio/, privacy/documents/); the two
storages are set in base.py (development) and storage.py (production).
"""

# --- Images -------------------------------------------------------------------------------------
WAGTAILIMAGES_IMAGE_MODEL = "privacy.PrivateImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "privacy.images.forms.PrivateImageForm"
# No SVG (it can carry script), no HEIC/AVIF until their metadata stripping is tested.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# Decompression bombs: refuse images above 40 megapixels before decoding them.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Voice clips and the renditions live public pages show are public files; originals, documents,
# temporary uploads and every other rendition (the admin's thumbnails, drafts' previews) stay in
# the private default storage (privacy/storage.py, privacy/images/renditions.py, storage.py).
WAGTAILIMAGES_RENDITION_STORAGE = "privacy.images.renditions.RenditionStorage"
# The image filters public templates and listings use. Only renditions of these can be public;
# a template that uses another filter shows readers a broken image
# (tests/privacy/images/test_renditions.py checks every template), never a private file.
PUBLIC_IMAGE_FILTERS = frozenset(
    {
        "width-800|format-webp",  # story and event photos (blocks/image.html, photo.html)
        "fill-240x180",  # story teasers (stories/listing.py THUMBNAIL_FILTER)
        "fill-1200x630",  # share image (includes/meta.html)
    }
)

# --- Voice clips (sound recordings) -------------------------------------------------------------
# Audio only, tags stripped and names randomised (privacy/audio/).
WAGTAILMEDIA = {
    "MEDIA_MODEL": "privacy.PrivateMedia",
    "MEDIA_FORM_BASE": "privacy.audio.forms.PrivateMediaForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "oga", "opus", "wav"],
    "VIDEO_EXTENSIONS": [],
}

# --- Documents (downloads) ----------------------------------------------------------------------
# PDF only; every upload loses its metadata, scripts and attachments and gets a random name
# (privacy/documents/).
WAGTAILDOCS_DOCUMENT_MODEL = "privacy.PrivateDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "privacy.documents.forms.PrivateDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# Refused with a message before the file is read.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Decompression bombs: what a PDF's streams may unpack to, and the largest picture inside.
PRIVACY_PDF_MAX_UNPACKED_SIZE = 300 * 1024 * 1024
PRIVACY_PDF_MAX_IMAGE_PIXELS = 150_000_000

# Documents are private files: always served by Wagtail's view, which applies the collection's
# privacy settings and adds "X-Content-Type-Options: nosniff" and "Content-Security-Policy:
# default-src 'none'". Never a redirect to the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Downloaded as attachments under their random name, never opened as a page of this site.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_CONTENT_TYPES = {"pdf": "application/pdf"}
# Private collections: signed-in users or chosen groups only, never a shared password (one
# passed around by chat cannot be taken back from one person).
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
