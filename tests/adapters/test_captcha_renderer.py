"""The captcha renders as a readable PNG and as French speech, for every allowed text."""

from __future__ import annotations

import base64
import io
import secrets
import struct
import time
import wave

import pytest
from captcha.audio import WAVE_SAMPLE_RATE
from PIL import Image

from monparis_app.adapters.captcha_renderer import (
    CAPTCHA_ALPHABET,
    IMAGE_SIZE,
    INTRO_DIR_NAME,
    LIBRARY_RENDERER,
    PNG_COLOURS,
    RENDERABLE_CHARS,
    VOICE_DIR,
    data_url,
    render_png,
    render_wav,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def wav_params(payload: bytes) -> tuple[int, int, int, float]:
    """(channels, sample width, rate, seconds) of a WAV, read with the stdlib."""
    with wave.open(io.BytesIO(payload), "rb") as w:
        frames = w.getnframes()
        assert len(w.readframes(frames)) == frames * w.getsampwidth() * w.getnchannels()
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), frames / w.getframerate()


def random_text(length: int = 6) -> str:
    return "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(length))


def test_alphabet_avoids_look_alikes() -> None:
    assert not set("0O1I") & set(CAPTCHA_ALPHABET)
    assert set(CAPTCHA_ALPHABET) <= set(RENDERABLE_CHARS)
    assert len(set(CAPTCHA_ALPHABET)) == len(CAPTCHA_ALPHABET) == 32


@pytest.mark.parametrize("text", ["K7", random_text(), "MONPARIS", random_text(10)])
def test_png_has_magic_bytes_and_size(text: str) -> None:
    png = render_png(text)

    assert png.startswith(PNG_MAGIC)
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == IMAGE_SIZE == (280, 90)


def test_png_is_different_each_time() -> None:
    assert render_png("ABCDEF") != render_png("ABCDEF")


@pytest.mark.parametrize("text", ["K7", random_text(), "MONPARIS", random_text(10)])
def test_wav_is_valid_8khz_mono_8bit(text: str) -> None:
    payload = render_wav(text)

    assert payload[:4] == b"RIFF"
    assert payload[8:12] == b"WAVE"
    assert struct.unpack("<I", payload[4:8])[0] == len(payload) - 8
    channels, width, rate, seconds = wav_params(payload)
    assert (channels, width, rate) == (1, 1, WAVE_SAMPLE_RATE)
    assert 2 < seconds < 3 + 1.2 * len(text)


def test_wav_duration_grows_with_text_length() -> None:
    durations = [wav_params(render_wav(CAPTCHA_ALPHABET[:n]))[3] for n in (1, 4, 10)]

    assert durations[0] < durations[1] < durations[2]
    # each character adds at least its pause (0.35 s) and a short syllable
    assert durations[2] - durations[0] > 9 * 0.5


def test_wav_is_different_each_time() -> None:
    assert render_wav("ABCDEF") != render_wav("ABCDEF")


def test_the_operator_test_answer_renders() -> None:
    """MONPARIS has O and I, absent from random challenges but renderable."""
    assert render_png("MONPARIS").startswith(PNG_MAGIC)
    assert wav_params(render_wav("MONPARIS"))[0] == 1


@pytest.mark.parametrize(
    "text", ["", "abcdef", "Abcd", "ÉCOLE", "A B", "AB-CD", "ABC?", "A\n", "ＡＢ"]
)
def test_characters_without_a_voice_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="captcha text"):
        render_png(text)
    with pytest.raises(ValueError, match="captcha text"):
        render_wav(text)


@pytest.mark.parametrize("char", RENDERABLE_CHARS)
def test_every_character_has_french_voices(char: str) -> None:
    files = sorted((VOICE_DIR / char).glob("*.wav"))

    assert len(files) >= 2, "one voice per speaker, the library picks one at random"
    for path in files:
        channels, width, rate, seconds = wav_params(path.read_bytes())
        assert (channels, width, rate) == (1, 1, WAVE_SAMPLE_RATE)
        assert 0.1 < seconds < 1.0


def test_intro_voices_and_asset_size() -> None:
    intros = list((VOICE_DIR / INTRO_DIR_NAME).glob("*.wav"))
    assert intros
    for path in intros:
        assert 1.0 < wav_params(path.read_bytes())[3] < 3.0

    folders = {p.name for p in VOICE_DIR.iterdir() if p.is_dir()}
    assert folders == set(RENDERABLE_CHARS) | {INTRO_DIR_NAME}
    total = sum(p.stat().st_size for p in VOICE_DIR.rglob("*") if p.is_file())
    assert total < 1_000_000


def test_data_url() -> None:
    payload = bytes(range(256))
    url = data_url("audio/wav", payload)

    prefix = "data:audio/wav;base64,"
    assert url.startswith(prefix)
    assert base64.b64decode(url[len(prefix) :], validate=True) == payload
    assert data_url("image/png", b"") == "data:image/png;base64,"


@pytest.mark.parametrize("mime", ["", "image/png;x", "text/html,", "a b"])
def test_data_url_refuses_odd_mime_types(mime: str) -> None:
    with pytest.raises(ValueError, match="MIME"):
        data_url(mime, b"x")


def test_library_renderer_gives_inline_png_and_wav() -> None:
    assert LIBRARY_RENDERER.alphabet == CAPTCHA_ALPHABET
    image = LIBRARY_RENDERER.image_data_url("ABC234")
    audio = LIBRARY_RENDERER.audio_data_url("ABC234")

    assert image.startswith("data:image/png;base64,")
    assert base64.b64decode(image.split(",", 1)[1]).startswith(PNG_MAGIC)
    assert audio.startswith("data:audio/wav;base64,")
    assert wav_params(base64.b64decode(audio.split(",", 1)[1]))[2] == WAVE_SAMPLE_RATE


def test_rendering_is_fast() -> None:
    """A few ms each here; the bound only catches a fall back to per-sample loops."""
    render_png("WARMUP")
    render_wav("WARMUP")
    started = time.perf_counter()
    for _ in range(5):
        render_png(random_text(10))
        render_wav(random_text(10))
    assert (time.perf_counter() - started) / 5 < 0.25


def test_png_is_a_small_palette_image_that_keeps_the_text_dark_on_light() -> None:
    png = render_png(random_text())
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and len(image.getcolors() or []) <= PNG_COLOURS
    assert len(png) < 8_000  # the full-colour PNG weighed about 19 kB
    lumas = sorted(0.299 * r + 0.587 * g + 0.114 * b for r, g, b in image.convert("RGB").getdata())
    assert lumas[len(lumas) // 20] < 110 < 200 < lumas[len(lumas) // 2]  # ink and paper
