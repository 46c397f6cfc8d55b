"""Documents (PDF downloads): the project's Wagtail document model, its sanitiser and form.

models.py (``PrivateDocument``), fields.py (model fields: every PDF is sanitised before it is
stored), forms.py (the admin form and its file field) and sanitise.py (what is kept of an
upload), which rebuilds each PDF from what its pages show with the pdf_*.py modules:
pdf_rebuild.py (pages), pdf_content.py (content streams), pdf_images.py (pictures),
pdf_fonts.py, pdf_colour.py and pdf_filters.py (stream decoding, decompression-bomb budget).
"""
