"""Voice clips (sound recordings): the project's wagtailmedia model, its sanitiser and form.

models.py (``PrivateMedia``, also named ``VoiceClip``), fields.py (model fields: every recording
is sanitised before it is stored), forms.py (the admin form and its file field), sanitise.py
(what is kept of an upload) with mp4_entry.py (the rebuilt M4A sample description),
publication.py (the public copy that exists only while a live public page plays the clip) and
views.py (the admin's player for private clips).
"""
