"""Safety rule 1 for sound recordings: stored files keep no tags and no trace of the upload's name.

Every upload path (admin add, edit/replace, chooser upload, programmatic create/save and
direct field-file saves) gets files carrying real tags: ID3v1/v2 (text in Latin-1, UTF-8 and
UTF-16, comment, TXXX, PRIV, GEOB, cover art), APEv2, Lyrics3, Vorbis comments with an
embedded picture and a vendor string, MP4 iTunes tags and what phones write elsewhere
(©xyz, loci, Apple location keys, XMP), WAV LIST/INFO, bext, iXML and id3 chunks. The stored
file is read back from disk and checked three ways: its raw bytes, mutagen, and exiftool. Bad
files must give a clear error and leave nothing behind (safety rule 6).
"""

from __future__ import annotations

import html
import io
import re
import struct
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, Page

from privacy.audio.blocks import AudioClipBlock
from privacy.audio.fields import audio_upload_to
from privacy.audio.models import ONLY_AUDIO, PrivateMedia, neutral_audio_title
from privacy.audio.sanitise import M4A, MP3, OGG_OPUS, OGG_VORBIS, WAV, sanitise_audio
from privacy.public_pages import serving_public_page
from privacy.uploads import title_comes_from_file_name
from tests.support import audio_samples as samples
from tests.support import people
from tests.support.helpers import parse

# What this module tests happens in Python, not in the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.file_processing

FORMATS = samples.FORMATS
UPLOAD_STEM = "priya_bhuj_gps"
RANDOM_STORED = re.compile(r"^private_media/[0-9a-f]{32}\.(mp3|m4a|ogg|opus|wav)$")
PUBLIC_COPY = re.compile(r"^/media/media/[0-9a-f]{32}\.(mp3|m4a|ogg|opus|wav)$")
NEUTRAL_TITLE = re.compile(r"^Recording \d{4}-\d{2}-\d{2} [0-9a-f]{4}$")
AUDIO_FORMATS = {"MP3": MP3, "M4A": M4A, "OGG_VORBIS": OGG_VORBIS, "OGG_OPUS": OGG_OPUS, "WAV": WAV}
ARTIST_BYTES = samples.ARTIST.encode()
DURATIONS = {"MP3": 1.07, "M4A": 1.06, "OGG_VORBIS": 1.0, "OGG_OPUS": 1.0, "WAV": 0.25}

# What each planted sample must carry, so that "nothing found" in a stored file means something.
PLANTED = {
    "MP3": {"artist", "phone", "gps", "date", "device", "encoder", "cover", "png-picture"},
    "M4A": {"artist", "phone", "gps", "date", "device", "cover", "png-picture", "xmp"},
    "OGG_VORBIS": {"artist", "phone", "gps", "date", "device", "encoder", "ogg-picture"},
    "OGG_OPUS": {"artist", "phone", "gps", "date", "device", "encoder", "ogg-picture"},
    "WAV": {"artist", "phone", "gps", "date", "device", "encoder", "cover", "png-picture"},
}
# exiftool groups that hold tags (ID3, APE, Lyrics3, iTunes items, QuickTime user data and
# keys, XMP, FLAC pictures, iXML...). A stored file may show only structural groups.
ALLOWED_EXIFTOOL_GROUPS = {
    "MP3": {"File", "MPEG", "Composite"},
    "M4A": {"File", "QuickTime", "Track1", "Composite"},
    "OGG_VORBIS": {"File", "Vorbis", "Composite"},
    "OGG_OPUS": {"File", "Opus", "Vorbis", "Composite"},
    "WAV": {"File", "RIFF", "Composite"},
}
STRUCTURAL_TAGS = {
    "Vorbis": {"VorbisVersion", "AudioChannels", "SampleRate", "NominalBitrate", "Vendor"},
    "RIFF": {"Encoding", "NumChannels", "SampleRate", "AvgBytesPerSec", "BitsPerSample"},
}

# (upload name, content, error code, words the admin error must contain)
NOT_AUDIO = "not an mp3, m4a, ogg (vorbis or opus) or wav sound recording"
DAMAGED = "damaged or incomplete"
BAD_FILES = [
    pytest.param("notes.mp3", b"Call me on 98250 12345.\n" * 40, "not_audio", NOT_AUDIO, id="text"),
    pytest.param("photo.mp3", samples.jpeg_bytes(), "not_audio", NOT_AUDIO, id="jpeg-named-mp3"),
    pytest.param("cover.mp3", samples.cover_png(), "not_audio", NOT_AUDIO, id="png-named-mp3"),
    pytest.param(
        "cut.mp3", samples.truncated(samples.planted("MP3")), "corrupt", DAMAGED, id="cut-mp3"
    ),
    pytest.param(
        "cut.m4a", samples.truncated(samples.fixture("tone.m4a")), "corrupt", DAMAGED, id="cut-m4a"
    ),
    pytest.param(
        "cut.m4a",
        samples.truncated(samples.fixture("tone-moov-last.m4a"), 0.9),
        "corrupt",
        DAMAGED,
        id="cut-m4a-moov-last",
    ),
    pytest.param(
        "cut.ogg", samples.truncated(samples.fixture("tone.ogg")), "corrupt", DAMAGED, id="cut-ogg"
    ),
    pytest.param(
        "cut.opus",
        samples.truncated(samples.fixture("tone.opus")),
        "corrupt",
        DAMAGED,
        id="cut-opus",
    ),
    pytest.param(
        "cut.wav", samples.truncated(samples.tone_wav()), "corrupt", DAMAGED, id="cut-wav"
    ),
    pytest.param(
        "voice.mp3",
        samples.fixture("tone.m4a"),
        "extension_mismatch",
        "but its content is in m4a (aac) format",
        id="m4a-named-mp3",
    ),
    pytest.param(
        "voice.wav",
        samples.fixture("tone.ogg"),
        "extension_mismatch",
        "but its content is in ogg format",
        id="ogg-named-wav",
    ),
    pytest.param(
        "clip.m4a", samples.fixture("video.mp4"), "video", "this file contains video", id="video"
    ),
    pytest.param(
        "voice.m4a",
        samples.fixture("tone-alac.m4a"),
        "unsupported_format",
        "in alac format are not accepted",
        id="alac",
    ),
    pytest.param(
        "voice.ogg",
        samples.fixture("tone.flac"),
        "unsupported_format",
        "in flac format are not accepted",
        id="flac-named-ogg",
    ),
    pytest.param(
        "voice.wav",
        samples.adpcm_wav(),
        "unsupported_format",
        "in wav (compressed) format are not accepted",
        id="adpcm-wav",
    ),
    pytest.param(
        "both.m4a",
        samples.fixture("two-tracks.m4a"),
        "several_streams",
        "more than one recording",
        id="two-tracks",
    ),
    pytest.param(
        "both.opus",
        samples.chained_ogg(),
        "several_streams",
        "more than one recording",
        id="chained-ogg",
    ),
    pytest.param(
        "voice.flac",
        samples.fixture("tone.flac"),
        "unsupported_extension",
        "files ending in “.flac” are not accepted",
        id="flac",
    ),
    pytest.param(
        "voice.mp4",
        samples.fixture("tone.m4a"),
        "unsupported_extension",
        "files ending in “.mp4” are not accepted",
        id="mp4-extension",
    ),
]


# --- helpers --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Each test gets an empty MEDIA_ROOT, so 'nothing stored' can be checked on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def media_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def ext(audio_format: str) -> str:
    return samples.EXTENSIONS[audio_format]


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


def text_of(response) -> str:
    """Response text as a user reads it (entities decoded); JSON fragments included."""
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        content = " ".join(str(v) for v in data.values())
    return html.unescape(content)


def assert_clean_bytes(data: bytes, audio_format: str) -> None:
    """No planted value in the raw bytes; mutagen and exiftool read no tag."""
    assert samples.find_planted(data) == set()
    audio = samples.read_with_mutagen(data, audio_format)
    if audio_format in ("OGG_VORBIS", "OGG_OPUS"):
        assert list(audio.tags) == [] and audio.tags.vendor == ""
    else:
        assert audio.tags is None
    assert audio.info.length > 0
    tags = samples.exiftool_tags(data, ext(audio_format))
    groups = {key.split(":")[0] for key in tags}
    assert groups <= ALLOWED_EXIFTOOL_GROUPS[audio_format], tags
    for key, value in tags.items():
        group, name = key.split(":", 1)
        if group in STRUCTURAL_TAGS:
            assert name in STRUCTURAL_TAGS[group], key
        assert samples.find_planted(str(value).encode()) == set(), (key, value)
        if name.endswith(("Date", "CreateDate", "ModifyDate")):
            assert str(value).startswith("0000:00:00"), (key, value)


def assert_stored_clean(media: PrivateMedia, audio_format: str) -> bytes:
    """The stored recording has no tags, a random name, the sound and the right duration."""
    media.refresh_from_db()
    data = Path(media.file.path).read_bytes()
    assert_clean_bytes(data, audio_format)
    assert RANDOM_STORED.match(media.file.name), media.file.name
    assert media.file.name.endswith("." + ext(audio_format))
    assert media.type == "audio"
    assert media.duration == pytest.approx(DURATIONS[audio_format], abs=0.02)
    assert_no_upload_name(media)
    return data


def assert_no_upload_name(media: PrivateMedia) -> None:
    """Nothing of 'priya_bhuj_gps.mp3' in the stored path, the title or any text column."""
    values = " ".join(
        str(getattr(media, field.attname))
        for field in PrivateMedia._meta.concrete_fields
        if field.attname != "id"
    ).lower()
    for word in samples.UPLOAD_NAME_WORDS:
        assert word not in values, f"{word!r} survived in {values!r}"


def expected_sound(audio_format: str) -> object:
    """The sound of the planted sample (for MP3: of the untagged file, since the tags that
    follow the last frame would otherwise be read as part of it)."""
    if audio_format == "MP3":
        return samples.sound_of(samples.fixture("tone.mp3"), "MP3")
    return samples.sound_of(samples.planted(audio_format), audio_format)


# --- the detectors and the sanitiser --------------------------------------------------------------


@pytest.mark.parametrize("audio_format", FORMATS)
def test_samples_really_carry_the_planted_tags(audio_format):
    # Without this, "nothing found" in stored files would prove nothing.
    data = samples.planted(audio_format)
    assert PLANTED[audio_format] <= samples.find_planted(data)
    groups = {key.split(":")[0] for key in samples.exiftool_tags(data, ext(audio_format))}
    assert groups - ALLOWED_EXIFTOOL_GROUPS[audio_format], groups


@pytest.mark.parametrize("audio_format", FORMATS)
def test_sanitise_removes_every_tag(audio_format):
    clean = sanitise_audio(
        io.BytesIO(samples.planted(audio_format)), f"{UPLOAD_STEM}.{ext(audio_format)}"
    )

    assert_clean_bytes(clean.data, audio_format)
    assert re.fullmatch(r"[0-9a-f]{32}\." + ext(audio_format), clean.name)
    assert clean.audio_format is AUDIO_FORMATS[audio_format]
    assert clean.duration == pytest.approx(DURATIONS[audio_format], abs=0.02)


@pytest.mark.parametrize("audio_format", FORMATS)
def test_sanitise_keeps_the_sound_exactly(audio_format):
    # Frames, samples, packets or PCM are copied byte for byte, never re-encoded.
    clean = sanitise_audio(io.BytesIO(samples.planted(audio_format)), f"a.{ext(audio_format)}")
    assert samples.sound_of(clean.data, audio_format) == expected_sound(audio_format)


@pytest.mark.parametrize("audio_format", FORMATS)
def test_sanitising_twice_changes_nothing(audio_format):
    once = sanitise_audio(io.BytesIO(samples.planted(audio_format)), f"a.{ext(audio_format)}")
    twice = sanitise_audio(io.BytesIO(once.data), f"b.{ext(audio_format)}")
    assert twice.data == once.data


def test_mp3_keeps_only_frames():
    # A tagged file becomes the encoder's untagged output: frame for frame, byte for byte
    # (the LAME header of a known encoder is kept for gapless playback).
    clean = sanitise_audio(io.BytesIO(samples.planted("MP3")), "a.mp3")
    assert clean.data == samples.fixture("tone.mp3")
    hand_made = samples.silent_mp3()
    clean = sanitise_audio(io.BytesIO(samples.planted_mp3(hand_made)), "a.mp3")
    assert clean.data == hand_made


def test_mp3_tag_in_the_middle_and_unknown_encoder_header_are_dropped():
    data = samples.silent_mp3(10)
    info, frames = bytearray(data[:208]), data[208:]
    xing_end = 4 + 17 + 120  # side information, then the Xing header with all its fields
    # A LAME extension that does not start with a known encoder's name.
    info[xing_end : xing_end + 9] = b"Priya-Rec"
    data = bytes(info) + frames[: 208 * 5] + samples.id3_tag() + frames[208 * 5 :]
    assert {"priya", "artist", "png-picture"} <= samples.find_planted(data)

    clean = sanitise_audio(io.BytesIO(data), "a.mp3")

    assert samples.find_planted(clean.data) == set()
    assert clean.data[:xing_end] == bytes(info[:xing_end])
    assert clean.data[xing_end:208] == bytes(208 - xing_end)
    assert clean.data[208:] == frames


def test_mp4_keeps_only_the_boxes_a_player_needs():
    clean = sanitise_audio(io.BytesIO(samples.phone_m4a()), "a.m4a")

    tree = samples.mp4_tree(clean.data)
    assert tree[:3] == ["ftyp", "mdat", "moov"]
    for path in tree:
        assert not any(part in ("udta", "meta", "uuid", "free") for part in path.split("/")), path
    assert_clean_bytes(clean.data, "M4A")
    # Dates zeroed, handler name blanked.
    start, header, _ = samples.find_box(clean.data, "moov/mvhd")
    assert clean.data[start + header + 4 : start + header + 12] == bytes(8)
    start, header, end = samples.find_box(clean.data, "moov/trak/mdia/hdlr")
    assert clean.data[start + header + 8 : start + header + 12] == b"soun"
    assert not any(clean.data[start + header + 24 : end])


def test_mp4_with_the_sound_after_moov_gets_corrected_chunk_offsets():
    # mutagen's tags grow moov in front of the sound; removing them moves the sound back.
    planted = samples.planted_m4a("tone.m4a")
    assert samples.mp4_tree(planted)[:2] == ["ftyp", "moov"]

    clean = sanitise_audio(io.BytesIO(planted), "a.m4a")

    assert len(clean.data) < len(planted)
    assert samples.mp4_samples(clean.data) == samples.mp4_samples(samples.fixture("tone.m4a"))
    assert_clean_bytes(clean.data, "M4A")


def test_fragmented_mp4_keeps_its_offsets_with_empty_free_boxes():
    planted = samples.planted_fragmented_m4a()
    assert {"artist", "gps", "xmp"} <= samples.find_planted(planted)

    clean = sanitise_audio(io.BytesIO(planted), "a.m4a")

    assert len(clean.data) == len(planted)  # fragment offsets are absolute: nothing moves
    assert samples.find_planted(clean.data) == set()
    tree = samples.mp4_tree(clean.data)
    assert "moov/udta" not in tree and "uuid" not in tree
    assert tree.count("moof") == 4
    assert clean.duration == pytest.approx(1.064, abs=0.01)
    assert samples.read_with_mutagen(clean.data, "M4A").tags is None


def test_mp4_closing_zero_bytes_in_user_data_are_accepted():
    # QuickTime ends udta with four zero bytes, which some parsers refuse.
    udta = samples.box(b"udta", samples.mp4_text(b"\xa9xyz", samples.GPS) + bytes(4))
    data = samples.insert_into_box(samples.fixture("tone-moov-last.m4a"), "moov", udta)
    clean = sanitise_audio(io.BytesIO(data), "a.m4a")
    assert samples.find_planted(clean.data) == set()


@pytest.mark.parametrize("quicktime", [False, True], ids=["iso", "quicktime-wave"])
def test_m4a_sample_entry_keeps_only_what_a_decoder_reads(quicktime):
    original = samples.fixture("tone-moov-last.m4a")
    planted = samples.planted_sample_entry(original, quicktime=quicktime)
    assert {"artist", "phone", "gps", "device", "priya"} <= samples.find_planted(planted)

    clean = sanitise_audio(io.BytesIO(planted), "a.m4a")

    assert samples.find_planted(clean.data) == set()
    fields, children = samples.sample_entry(clean.data)
    original_fields, original_children = samples.sample_entry(original)
    # ISO version 0 fields, reserved bytes and vendor zero; the decoder config as the encoder
    # wrote it, and the bit rates.
    assert fields == original_fields
    assert fields[:6] == bytes(6) and fields[8:16] == bytes(8)
    assert [kind for kind, _ in children] == [b"esds", b"btrt"]
    assert children[0] == original_children[0]
    # It still decodes as AAC-LC at 16 kHz, with the same sound, for mutagen and exiftool.
    audio = samples.read_with_mutagen(clean.data, "M4A")
    assert (audio.info.codec, audio.info.sample_rate) == ("mp4a.40.2", 16000)
    assert samples.mp4_samples(clean.data) == samples.mp4_samples(original)
    assert clean.duration == pytest.approx(DURATIONS["M4A"], abs=0.02)
    assert_clean_bytes(clean.data, "M4A")


def test_m4a_fragmented_sample_entry_is_rebuilt_and_keeps_the_file_size():
    planted = samples.planted_sample_entry(samples.fixture("tone-fragmented.m4a"))

    clean = sanitise_audio(io.BytesIO(planted), "a.m4a")

    assert len(clean.data) == len(planted)  # fragment offsets are absolute: nothing moves
    assert samples.find_planted(clean.data) == set()
    tree = samples.mp4_tree(clean.data)
    stsd = tree.index(samples.STSD)
    assert tree[stsd + 1] == "moov/trak/mdia/minf/stbl/free"
    _, children = samples.sample_entry(clean.data)
    assert [kind for kind, _ in children] == [b"esds", b"btrt"]
    assert samples.read_with_mutagen(clean.data, "M4A").info.codec == "mp4a.40.2"


def test_m4a_with_a_free_text_channel_layout_is_refused():
    # channelConfiguration 0: a program config element follows, which has a comment field.
    data = samples.fixture("tone-moov-last.m4a")
    at = data.index(b"\x05\x80\x80\x80\x05") + 5
    custom = bytearray(data)
    custom[at + 1] &= 0x87  # AOT 2, 16 kHz, channel configuration 0

    with pytest.raises(ValidationError) as refused:
        sanitise_audio(io.BytesIO(bytes(custom)), "a.m4a")

    assert refused.value.code == "unsupported_format"
    assert "not accepted" in str(refused.value.messages[0])


def test_ogg_comment_header_is_empty():
    for name, audio_format in (("tone.ogg", "OGG_VORBIS"), ("tone.opus", "OGG_OPUS")):
        clean = sanitise_audio(io.BytesIO(samples.planted_ogg(name)), name)
        for encoder in (b"Lavf", b"libvorbis", b"libopus", b"Lavc"):
            assert encoder not in clean.data
        assert_clean_bytes(clean.data, audio_format)


def test_opus_named_ogg_is_stored_as_opus():
    clean = sanitise_audio(io.BytesIO(samples.fixture("tone.opus")), "voice.ogg")
    assert clean.name.endswith(".opus")
    assert clean.audio_format.mime_type == "audio/ogg; codecs=opus"


def test_wav_keeps_only_format_and_sound():
    clean = sanitise_audio(io.BytesIO(samples.planted_wav()), "a.wav")
    chunks = []
    pos = 12
    while pos < len(clean.data):
        kind, size = struct.unpack_from("<4sI", clean.data, pos)
        chunks.append(kind)
        pos += 8 + size + (size & 1)
    assert chunks == [b"fmt ", b"data"]
    assert samples.wav_pcm(clean.data) == samples.wav_pcm(samples.tone_wav())


def test_wav_format_chunk_keeps_only_the_sound_description():
    wav = samples.tone_wav()
    fmt_start = wav.index(b"fmt ")
    fmt = wav[fmt_start + 8 : fmt_start + 24]
    data = wav[wav.index(b"data") :]
    body = samples.riff_chunk(b"fmt ", fmt + struct.pack("<H", 10) + ARTIST_BYTES) + data
    planted = b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body
    assert "artist" in samples.find_planted(planted)

    clean = sanitise_audio(io.BytesIO(planted), "a.wav")

    assert samples.find_planted(clean.data) == set()
    assert clean.data == wav


def test_ogg_tags_before_and_after_the_stream_are_dropped():
    opus = samples.fixture("tone.opus")
    planted = samples.id3_tag() + opus + samples.id3v1("Priya", samples.ARTIST, samples.PHONE)
    clean = sanitise_audio(io.BytesIO(planted), "a.opus")
    assert samples.find_planted(clean.data) == set()
    assert clean.data == sanitise_audio(io.BytesIO(opus), "a.opus").data


def test_mp3_cut_at_a_frame_boundary_is_refused():
    # The Xing header counts the frames: a file cut between two frames is noticed too.
    data = samples.silent_mp3(20)
    with pytest.raises(ValidationError) as excinfo:
        sanitise_audio(io.BytesIO(data[: 208 * 15]), "a.mp3")
    assert excinfo.value.code == "corrupt"


@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES)
def test_sanitise_refuses_bad_files_with_a_clear_message(name, data, code, words):
    with pytest.raises(ValidationError) as excinfo:
        sanitise_audio(io.BytesIO(data), name)
    assert excinfo.value.code == code
    message = excinfo.value.messages[0]
    assert "%(" not in message and len(message) > 30
    assert words in message.lower()


def test_sanitise_refuses_empty_and_oversized_files(settings):
    with pytest.raises(ValidationError) as excinfo:
        sanitise_audio(io.BytesIO(b""), "empty.mp3")
    assert excinfo.value.code == "not_audio"

    settings.PRIVACY_AUDIO_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError) as excinfo:
        sanitise_audio(io.BytesIO(samples.planted("MP3")), "big.mp3")
    assert excinfo.value.code == "too_large"
    assert "The largest file accepted is 1000" in excinfo.value.messages[0]


def test_the_default_limit_is_20_mb():
    with pytest.raises(ValidationError) as excinfo:
        sanitise_audio(io.BytesIO(bytes(20 * 1024 * 1024 + 1)), "long.wav")
    assert excinfo.value.code == "too_large"
    assert "20.0\xa0MB" in excinfo.value.messages[0]


def test_upper_case_extensions_are_accepted_and_normalised():
    clean = sanitise_audio(io.BytesIO(samples.planted("M4A")), "PRIYA_BHUJ.M4A")
    assert clean.name.endswith(".m4a")


def test_neutral_titles_and_file_name_detection():
    assert NEUTRAL_TITLE.match(str(neutral_audio_title()))
    assert title_comes_from_file_name("priya_bhuj_gps", "priya_bhuj_gps.mp3")
    assert title_comes_from_file_name("Priya Bhuj GPS.MP3", "priya_bhuj_gps.mp3")
    assert not title_comes_from_file_name("Meeting in Bhuj", "priya_bhuj_gps.mp3")


def test_upload_path_is_random_and_uses_the_stored_extension():
    first = audio_upload_to(None, "priya_bhuj_gps.opus")
    second = audio_upload_to(None, "priya_bhuj_gps.opus")
    assert RANDOM_STORED.match(first) and first.endswith(".opus")
    assert first != second
    with pytest.raises(ValueError):
        audio_upload_to(None, "priya.flac")


# --- programmatic saves (management commands, scripts, the shell) ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("audio_format", FORMATS)
def test_programmatic_create_stores_a_clean_file(audio_format, media_root):
    media = PrivateMedia.objects.create(
        title="Meeting at the hall",
        file=File(io.BytesIO(samples.planted(audio_format)), f"{UPLOAD_STEM}.{ext(audio_format)}"),
    )
    data = assert_stored_clean(media, audio_format)
    assert samples.sound_of(data, audio_format) == expected_sound(audio_format)
    assert media.title == "Meeting at the hall"
    assert media_files(media_root) == {media.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", UPLOAD_STEM, f"{UPLOAD_STEM}.mp3", "Priya Bhuj GPS"])
def test_programmatic_title_from_the_file_name_becomes_neutral(title):
    media = PrivateMedia.objects.create(
        title=title, file=File(io.BytesIO(samples.planted("MP3")), f"{UPLOAD_STEM}.mp3")
    )
    assert NEUTRAL_TITLE.match(media.title)
    assert_stored_clean(media, "MP3")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES)
def test_programmatic_create_with_a_bad_file_stores_nothing(name, data, code, words, media_root):
    with pytest.raises(ValidationError):
        PrivateMedia.objects.create(title="Bad", file=File(io.BytesIO(data), name))
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_programmatic_video_is_refused(media_root):
    with pytest.raises(ValidationError) as excinfo:
        PrivateMedia.objects.create(
            title="Clip", type="video", file=File(io.BytesIO(samples.planted("MP3")), "a.mp3")
        )
    assert ONLY_AUDIO in excinfo.value.message_dict["file"]
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_programmatic_file_replacement_is_sanitised(media_root):
    media = PrivateMedia.objects.create(
        title="Meeting", file=File(io.BytesIO(samples.tone_wav()), "a.wav")
    )
    old_name = media.file.name

    media.file = File(io.BytesIO(samples.planted("OGG_OPUS")), f"{UPLOAD_STEM}.opus")
    media.save()

    assert media.file.name != old_name
    assert_stored_clean(media, "OGG_OPUS")


@pytest.mark.django_db
def test_direct_field_file_save_is_sanitised(media_root):
    media = PrivateMedia(title="Meeting")
    media.file.save(f"{UPLOAD_STEM}.m4a", ContentFile(samples.phone_m4a()), save=False)
    assert samples.find_planted(Path(media.file.path).read_bytes()) == set()
    assert media.duration == pytest.approx(DURATIONS["M4A"], abs=0.02)
    media.save()
    assert_stored_clean(media, "M4A")
    assert media_files(media_root) == {media.file.name}


@pytest.mark.django_db
def test_direct_field_file_save_of_a_bad_file_stores_nothing(media_root):
    media = PrivateMedia(title="Meeting")
    with pytest.raises(ValidationError):
        media.file.save("notes.mp3", ContentFile(b"not a recording" * 10), save=False)
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_programmatic_thumbnail_is_sanitised_and_renamed(media_root):
    from tests.support import image_samples

    media = PrivateMedia.objects.create(
        title="Meeting",
        file=File(io.BytesIO(samples.planted("MP3")), "a.mp3"),
        thumbnail=File(io.BytesIO(image_samples.planted("JPEG")), f"{UPLOAD_STEM}.jpg"),
    )
    media.refresh_from_db()
    assert re.fullmatch(r"media_thumbnails/[0-9a-f]{32}\.jpg", media.thumbnail.name)
    stored = Path(media.thumbnail.path).read_bytes()
    assert image_samples.find_metadata(stored) == set()


@pytest.mark.django_db
def test_programmatic_bad_thumbnail_stores_nothing(media_root):
    with pytest.raises(ValidationError):
        PrivateMedia.objects.create(
            title="Meeting",
            file=File(io.BytesIO(samples.planted("MP3")), "a.mp3"),
            thumbnail=File(io.BytesIO(b"<svg onload='alert(1)'/>"), "a.png"),
        )
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_deleting_a_recording_deletes_its_file(media_root, django_capture_on_commit_callbacks):
    media = PrivateMedia.objects.create(
        title="Meeting", file=File(io.BytesIO(samples.planted("MP3")), "a.mp3")
    )
    with django_capture_on_commit_callbacks(execute=True):
        media.delete()
    assert media_files(media_root) == set()


# --- admin: add -----------------------------------------------------------------------------------


def post_add(client, data: bytes, name: str, *, title: str = UPLOAD_STEM, media_type="audio"):
    return client.post(
        reverse("wagtailmedia:add", args=(media_type,)),
        {
            "title": title,
            "file": upload(data, name),
            "collection": root_collection_id(),
            "tags": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("audio_format", FORMATS)
def test_admin_add_stores_a_clean_file_with_a_random_name(staff_client, audio_format, media_root):
    response = post_add(
        staff_client, samples.planted(audio_format), f"{UPLOAD_STEM}.{ext(audio_format)}"
    )

    assert response.status_code == 302, text_of(response)
    media = PrivateMedia.objects.get()
    data = assert_stored_clean(media, audio_format)
    assert samples.sound_of(data, audio_format) == expected_sound(audio_format)
    # The title wagtailmedia's JavaScript copies from the file name is replaced.
    assert NEUTRAL_TITLE.match(media.title)
    assert media_files(media_root) == {media.file.name}


@pytest.mark.django_db
def test_admin_add_of_an_m4a_with_names_in_its_sample_entry_stores_none(staff_client, media_root):
    planted = samples.planted_sample_entry(samples.fixture("tone-moov-last.m4a"))
    assert "artist" in samples.find_planted(planted)

    response = post_add(staff_client, planted, f"{UPLOAD_STEM}.m4a")

    assert response.status_code == 302, text_of(response)
    data = assert_stored_clean(PrivateMedia.objects.get(), "M4A")
    assert [kind for kind, _ in samples.sample_entry(data)[1]] == [b"esds", b"btrt"]
    assert samples.mp4_samples(data) == samples.mp4_samples(samples.fixture("tone-moov-last.m4a"))


@pytest.mark.django_db
def test_admin_add_form_offers_only_audio(staff_client):
    response = staff_client.get(reverse("wagtailmedia:add", args=("audio",)))
    assert response.status_code == 200
    form = response.context["form"]
    # No thumbnail (an image upload), duration (read from the file), width or height; the
    # collection field is hidden while there is only one collection.
    assert set(form.fields) <= {"title", "file", "collection", "tags"}
    assert {"title", "file"} <= set(form.fields)
    accept = form.fields["file"].widget.attrs["accept"]
    assert accept == ".mp3,.m4a,.ogg,.oga,.opus,.wav"
    assert "20.0\xa0MB" in str(form.fields["file"].help_text)


@pytest.mark.django_db
def test_admin_add_keeps_a_title_the_editor_wrote(staff_client):
    response = post_add(
        staff_client, samples.planted("WAV"), f"{UPLOAD_STEM}.wav", title="Meeting at the hall"
    )
    assert response.status_code == 302
    assert PrivateMedia.objects.get().title == "Meeting at the hall"


@pytest.mark.django_db
def test_admin_add_with_empty_title_gets_a_neutral_title(staff_client):
    response = post_add(staff_client, samples.planted("MP3"), f"{UPLOAD_STEM}.mp3", title="")
    assert response.status_code == 302
    assert NEUTRAL_TITLE.match(PrivateMedia.objects.get().title)


@pytest.mark.django_db
def test_admin_add_large_upload_spooled_to_disk_is_sanitised(staff_client, media_root):
    data = samples.planted_wav(seconds=170)
    assert len(data) > 2_621_440  # above FILE_UPLOAD_MAX_MEMORY_SIZE: a TemporaryUploadedFile
    response = post_add(staff_client, data, f"{UPLOAD_STEM}.wav")
    assert response.status_code == 302, text_of(response)
    media = PrivateMedia.objects.get()
    assert samples.find_planted(Path(media.file.path).read_bytes()) == set()
    assert media.duration == pytest.approx(170, abs=0.01)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES)
def test_admin_add_refuses_bad_files_and_stores_nothing(
    staff_client, media_root, name, data, code, words
):
    response = post_add(staff_client, data, name)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors
    page = text_of(response)
    assert words in page.lower()
    for error in errors:
        assert error in page
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_admin_add_refuses_an_empty_file(staff_client, media_root):
    response = post_add(staff_client, b"", "empty.mp3")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_admin_add_refuses_a_file_over_20_mb(staff_client, media_root):
    response = post_add(staff_client, bytes(20 * 1024 * 1024 + 1), "long.wav")
    assert response.status_code == 200
    assert "this file is too big" in text_of(response).lower()
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_admin_add_video_is_refused(staff_client, media_root):
    response = post_add(staff_client, samples.planted("MP3"), "a.mp3", media_type="video")
    assert response.status_code == 200
    assert str(ONLY_AUDIO) in response.context["form"].errors["file"]
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_admin_media_index_offers_no_video(staff_client):
    response = staff_client.get(reverse("wagtailmedia:index"))
    assert response.status_code == 200
    links = [tag.get("href") for tag in parse(response.content).tags_with_attr("a", "href")]
    assert reverse("wagtailmedia:add", args=("audio",)) in links
    assert reverse("wagtailmedia:add", args=("video",)) not in links


# --- admin: edit / replace the file ---------------------------------------------------------------


@pytest.fixture
def existing_media(staff_member) -> PrivateMedia:
    # Staff may replace the recordings they uploaded themselves (administrators: any).
    return PrivateMedia.objects.create(
        title="Meeting at the hall",
        file=File(io.BytesIO(samples.tone_wav()), "first.wav"),
        uploaded_by_user=staff_member,
    )


def post_edit(client, media: PrivateMedia, files: dict | None = None):
    data = {"title": media.title, "collection": media.collection_id, "tags": ""}
    data.update(files or {})
    return client.post(reverse("wagtailmedia:edit", args=(media.pk,)), data)


@pytest.mark.django_db
def test_admin_replace_file_stores_a_clean_file(staff_client, existing_media, media_root):
    old_name = existing_media.file.name

    response = post_edit(
        staff_client,
        existing_media,
        {"file": upload(samples.planted("M4A"), f"{UPLOAD_STEM}.m4a")},
    )

    assert response.status_code == 302, text_of(response)
    existing_media.refresh_from_db()
    assert existing_media.file.name != old_name
    assert_stored_clean(existing_media, "M4A")
    assert existing_media.title == "Meeting at the hall"
    assert media_files(media_root) == {existing_media.file.name}  # the old file is gone


@pytest.mark.django_db
def test_admin_edit_without_new_file_keeps_the_stored_file(staff_client, existing_media):
    name = existing_media.file.name
    response = post_edit(staff_client, existing_media)
    assert response.status_code == 302
    existing_media.refresh_from_db()
    assert existing_media.file.name == name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES)
def test_admin_replace_with_bad_file_keeps_the_old_one(
    staff_client, existing_media, media_root, name, data, code, words
):
    stored = media_root.joinpath(existing_media.file.name).read_bytes()

    response = post_edit(staff_client, existing_media, {"file": upload(data, name)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert words in text_of(response).lower()
    existing_media.refresh_from_db()
    assert media_root.joinpath(existing_media.file.name).read_bytes() == stored
    assert media_files(media_root) == {existing_media.file.name}


@pytest.mark.django_db
def test_only_the_uploader_or_an_administrator_replaces_a_recording(
    existing_media, administrator_client, media_root
):
    colleague = Client()
    colleague.force_login(people.staff("colleague", language="en"))
    stored = existing_media.file.name

    refused = post_edit(
        colleague, existing_media, {"file": upload(samples.planted("MP3"), "other.mp3")}
    )

    # Wagtail sends her back to the dashboard with "you do not have permission".
    assert (refused.status_code, refused.headers["Location"]) == (302, reverse("wagtailadmin_home"))
    existing_media.refresh_from_db()
    assert existing_media.file.name == stored

    response = post_edit(
        administrator_client,
        existing_media,
        {"file": upload(samples.planted("MP3"), f"{UPLOAD_STEM}.mp3")},
    )

    assert response.status_code == 302, text_of(response)
    existing_media.refresh_from_db()
    assert existing_media.file.name != stored
    assert_stored_clean(existing_media, "MP3")


# --- admin: chooser -------------------------------------------------------------------------------


def post_chooser(client, data: bytes, name: str, *, title: str = ""):
    prefix = "media-chooser-upload"
    return client.post(
        reverse("wagtailmedia:chooser_upload", args=("audio",)),
        {
            f"{prefix}-title": title,
            f"{prefix}-file": upload(data, name),
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("audio_format", FORMATS)
@pytest.mark.parametrize("title", ["", UPLOAD_STEM])
def test_chooser_upload_stores_a_clean_file(staff_client, media_root, audio_format, title):
    response = post_chooser(
        staff_client,
        samples.planted(audio_format),
        f"{UPLOAD_STEM}.{ext(audio_format)}",
        title=title,
    )

    result = response.json()
    assert result["step"] == "media_chosen", result
    media = PrivateMedia.objects.get()
    assert str(result["result"]["id"]) == str(media.pk)
    assert_stored_clean(media, audio_format)
    assert NEUTRAL_TITLE.match(media.title)
    assert media_files(media_root) == {media.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES)
def test_chooser_upload_refuses_bad_files_and_stores_nothing(
    staff_client, media_root, name, data, code, words
):
    response = post_chooser(staff_client, data, name)

    result = response.json()
    assert result["step"] == "chooser"
    assert words in html.unescape(result["html"]).lower()
    assert not PrivateMedia.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_audio_chooser_lists_the_recordings(staff_client, existing_media):
    response = staff_client.get(reverse("wagtailmedia:chooser_typed", args=("audio",)))
    assert response.status_code == 200
    assert existing_media.title in html.unescape(response.json()["html"])


# --- the story block ------------------------------------------------------------------------------


TRANSCRIPT = "We went to the office together.\nThey listened to us."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("audio_format", "mime_type"),
    [
        ("MP3", "audio/mpeg"),
        ("M4A", "audio/mp4"),
        ("OGG_VORBIS", "audio/ogg; codecs=vorbis"),
        ("OGG_OPUS", "audio/ogg; codecs=opus"),
        ("WAV", "audio/wav"),
    ],
)
def test_audio_clip_block_renders_a_native_player_and_the_transcript(audio_format, mime_type):
    media = PrivateMedia.objects.create(
        title="Voice",
        file=File(io.BytesIO(samples.planted(audio_format)), f"a.{ext(audio_format)}"),
    )
    block = AudioClipBlock()
    value = block.to_python({"audio": media.pk, "transcript": TRANSCRIPT})

    # In the admin and previews: the signed-in player. On a live public page: a public copy.
    in_admin = block.render(value)
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        rendered = block.render(value)

    assert parse(in_admin).find("source") == [{"src": media.url, "type": mime_type}]
    assert media.url.startswith("/admin/private-voice-clips/")
    page = parse(rendered)
    players = page.find("audio")
    assert players == [{"controls": None, "preload": "none"}]
    [source] = page.find("source")
    assert source["type"] == mime_type
    assert PUBLIC_COPY.match(source["src"]), source["src"]
    media.refresh_from_db()
    assert source["src"] == f"/media/{media.public_file}"
    assert "We went to the office together.<br>They listened to us." in rendered
    assert not page.find("script")
    assert "http" not in rendered  # nothing from another site


@pytest.mark.django_db
def test_audio_clip_block_stores_only_the_recording_id_and_transcript():
    media = PrivateMedia.objects.create(
        title="Voice", file=File(io.BytesIO(samples.planted("MP3")), "a.mp3")
    )
    block = AudioClipBlock()
    value = block.to_python({"audio": media.pk, "transcript": TRANSCRIPT})
    assert block.get_prep_value(value) == {"audio": media.pk, "transcript": TRANSCRIPT}


@pytest.mark.django_db
@pytest.mark.parametrize("transcript", ["", "   "])
def test_audio_clip_block_requires_a_transcript(transcript):
    media = PrivateMedia.objects.create(
        title="Voice", file=File(io.BytesIO(samples.planted("MP3")), "a.mp3")
    )
    block = AudioClipBlock()
    value = block.to_python({"audio": media.pk, "transcript": transcript})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_audio_clip_block_requires_a_recording():
    block = AudioClipBlock()
    value = block.to_python({"audio": None, "transcript": TRANSCRIPT})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_audio_clip_block_preview_shows_the_transcript():
    block = AudioClipBlock()
    rendered = block.render(block.get_preview_value())
    assert "Example transcript" in rendered
    assert "<audio" not in rendered


@pytest.mark.django_db
def test_audio_clip_block_chooses_only_audio(existing_media):
    video = PrivateMedia(title="Clip", type="video", file="media/" + "0" * 32 + ".mp3")
    PrivateMedia.objects.bulk_create([video])  # bypasses save(): as if stored by an old version
    choices = AudioClipBlock().child_blocks["audio"].field.queryset
    assert list(choices) == [existing_media]
