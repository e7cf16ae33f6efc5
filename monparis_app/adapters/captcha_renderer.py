"""Render a captcha challenge as a noisy PNG image and as a French audio WAV.

Why this module exists: the sign-up and sign-in forms show an image captcha, and
accessibility (RGAA) requires an equivalent that does not rely on sight. Both are
produced with the ``captcha`` library (lepture, pinned to 0.7.1): ``ImageCaptcha``
draws the picture with its bundled DroidSansMono font (no system font needed), and
``AudioCaptcha`` assembles the audio from a "voice directory".

The library's bundled voices speak English and it separates characters by 1 to 3
seconds, so this module:

* points ``AudioCaptcha`` at French voices committed in
  ``monparis_app/assets/captcha_voice_fr/`` (one folder per character, one WAV per
  synthetic speaker, 8 kHz mono 8-bit unsigned PCM, the format the library mixes
  byte by byte). They are generated once with espeak-ng + sox by
  ``scripts/make_captcha_voice.py``; neither tool is needed at runtime;
* prepends a spoken French intro ("Code de vérification") and uses short random
  pauses between characters;
* replaces the library's per-sample Python loops (speed change, volume change,
  mixing, white noise) with table-driven equivalents computed *from the library's
  own functions*, so the output has the same character but a render takes a few
  milliseconds instead of a few hundred.

Two character sets:

* ``CAPTCHA_ALPHABET`` is what random challenges are drawn from (``alphabet`` of
  ``LIBRARY_RENDERER``). It leaves out 0/O and 1/I, which are confused both on
  screen and when spoken.
* ``RENDERABLE_CHARS`` (A-Z, 0-9) is what can be drawn and spoken. It is wider so
  that a fixed test answer set by an operator (``MONPARIS_CAPTCHA_TEST_ANSWER``,
  e.g. ``"MONPARIS"``, which contains O and I) still renders. A test answer must be
  upper-case A-Z/0-9 only (the core upper-cases it and removes spaces); anything
  else (accents, punctuation, lower case) raises ``ValueError``, because there is
  no French voice for it. Prefer characters of ``CAPTCHA_ALPHABET`` anyway.
"""

from __future__ import annotations

import base64
import io
import os
import secrets
import string
import threading
import wave
from functools import cache
from pathlib import Path

from captcha.audio import (
    BEEP,
    END_BEEP,
    SILENCE,
    WAVE_SAMPLE_RATE,
    AudioCaptcha,
    change_sound,
    mix_wave,
    patch_wave_header,
)
from captcha.image import ImageCaptcha, random_color
from PIL import Image

__all__ = [
    "CAPTCHA_ALPHABET",
    "IMAGE_SIZE",
    "LIBRARY_RENDERER",
    "RENDERABLE_CHARS",
    "VOICE_DIR",
    "data_url",
    "render_png",
    "render_wav",
]

CAPTCHA_ALPHABET: str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Characters random challenges are drawn from: upper-case, no 0/O/1/I look-alikes."""

RENDERABLE_CHARS: str = string.ascii_uppercase + string.digits
"""Characters that have a French voice and may be rendered (fixed test answers)."""

IMAGE_SIZE: tuple[int, int] = (280, 90)
"""PNG width and height in pixels: wide enough for 8 characters at a readable size."""

PNG_COLOURS: int = 16
"""Palette size of the PNG (see ``render_png``)."""

VOICE_DIR: Path = Path(__file__).resolve().parent.parent / "assets" / "captcha_voice_fr"
"""French voice library: ``<char>/<speaker>.wav`` plus ``_intro/<speaker>.wav``."""

INTRO_DIR_NAME: str = "_intro"
"""Sub-folder of the spoken intro; ``AudioCaptcha`` ignores it (not one character)."""

# Pause between two spoken characters, in samples. The library uses 1 to 3 s, which
# makes an 8-character challenge last ~20 s; 0.35 to 0.7 s keeps letters clearly
# separated while the random length still hinders naive segmentation.
_PAUSE_MIN = int(WAVE_SAMPLE_RATE * 0.35)
_PAUSE_MAX = int(WAVE_SAMPLE_RATE * 0.70)

# White-noise amplitude around the 128 midpoint, as in the library (level=4).
_NOISE_LEVEL = 4
_NOISE_TABLE = bytes(v % _NOISE_LEVEL + 128 - _NOISE_LEVEL // 2 for v in range(256))

_ALLOWED = frozenset(RENDERABLE_CHARS)


def _check_text(text: str) -> None:
    """Reject what cannot be drawn *and* spoken, so both renderings always agree."""
    if not text:
        raise ValueError("captcha text must not be empty")
    bad = sorted({c for c in text if c not in _ALLOWED})
    if bad:
        raise ValueError(
            f"captcha text may only contain upper-case A-Z and 0-9, got {''.join(bad)!r}"
        )


# --------------------------------------------------------------------------- image

# Luminance band (ITU-R 601 "L", 0-255) of the text colour. The library blends each
# glyph with a mask equal to the glyph's *luminance* x 1.97, so its dark colours come
# out faint and grey (contrast about 3.5:1 on the light background). With a colour
# this dark and a mask table scaled to it, glyphs are opaque (contrast above 7:1)
# and keep their anti-aliased edges.
_FG_LUMA_MIN = 35
_FG_LUMA_MAX = 70


class _ContrastImageCaptcha(ImageCaptcha):
    """The library's ``ImageCaptcha`` with a mask table that keeps dark text opaque."""

    lookup_table: list[int] = [min(255, i * 255 // _FG_LUMA_MIN) for i in range(256)]


def _dark_color() -> tuple[int, int, int, int]:
    """Random opaque colour whose luminance lies in the band above (rejection sampling)."""
    while True:
        red, green, blue = random_color(0, 150)[:3]
        luma = (299 * red + 587 * green + 114 * blue) // 1000
        if _FG_LUMA_MIN <= luma <= _FG_LUMA_MAX:
            return red, green, blue, 255


_image_captcha = _ContrastImageCaptcha(
    width=IMAGE_SIZE[0],
    height=IMAGE_SIZE[1],
    # The library's defaults (42/50/56) are sized for 160x60; scaled to 90 px high.
    font_sizes=(56, 62, 68),
)
# Fewer random blank glyphs than the default 0.5: with 8 characters the extra
# spaces made the library squeeze the text horizontally until it was hard to read.
_image_captcha.word_space_probability = 0.8


def render_png(text: str) -> bytes:
    """Draw ``text`` as a noisy 280x90 PNG (random colours, warp, dots and a curve).

    Text, dots and curve share one random dark colour (see ``_FG_LUMA_MIN``) on
    the library's random near-white background. Saved with a palette of
    ``PNG_COLOURS``: two colours and their anti-aliasing need no more, and the file
    is a fifth of the full-colour one (about 4 kB instead of 19 kB of the sign-up
    page's weight), written in half the time.
    """
    _check_text(text)
    image = _image_captcha.generate_image(text, fg_color=_dark_color())
    out = io.BytesIO()
    image.quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- audio


@cache
def _level_table(level: float) -> bytes:
    """Byte translation table equal to the library's ``change_sound(body, level)``."""
    return bytes(change_sound(bytearray(range(256)), level))


@cache
def _mix_table() -> bytes:
    """65536-entry table of the library's ``mix_wave`` for every pair of samples.

    Built once by running ``mix_wave`` itself on all pairs; the formula is
    symmetric, so the table can be indexed by a native-endian 16-bit pair.
    """
    src = bytearray(s for s in range(256) for _ in range(256))
    dst = bytearray(range(256)) * 256
    return bytes(mix_wave(src, dst))


def _change_level(body: bytes, level: float) -> bytes:
    return body if level == 1 else body.translate(_level_table(level))


def _change_speed(body: bytes, speed: float) -> bytes:
    """Stretch by sample-and-hold like the library's ``change_speed``, in C (Pillow)."""
    length = int(len(body) * speed)
    if speed == 1 or not body or length < 1:
        return body
    line = Image.frombytes("L", (len(body), 1), body)
    return line.resize((length, 1), Image.Resampling.NEAREST).tobytes()


def _mix_into(dst: bytearray, pos: int, src: bytes) -> None:
    """Mix ``src`` into ``dst`` at ``pos`` with the library's mixing formula."""
    src = src[: max(0, len(dst) - pos)]
    n = len(src)
    if not n:
        return
    pairs = bytearray(2 * n)
    pairs[0::2] = src
    pairs[1::2] = dst[pos : pos + n]
    table = _mix_table()
    dst[pos : pos + n] = bytes(map(table.__getitem__, memoryview(pairs).cast("H")))


def _uniform(low_percent: int, high_percent: int) -> float:
    """Random factor in [low, high] by 1 % steps, as the library draws them."""
    return (secrets.randbelow(high_percent - low_percent + 1) + low_percent) / 100


class _FrenchAudioCaptcha(AudioCaptcha):
    """``AudioCaptcha`` over the French voices, with an intro and short pauses.

    Loading, the voice cache, the random speaker choice, the speed and volume
    distortions, the reversed-speech babble and the beeps are the library's; the
    timing, the babble's volume and the speed of the inner loops differ (see the
    module docstring).
    """

    def __init__(self, voicedir: Path) -> None:
        super().__init__(voicedir=str(voicedir))
        self.load()
        # ``AudioCaptcha`` keeps loaded voices in ``_cache`` (captcha 0.7.1, pinned).
        self._voices: dict[str, list[bytes]] = {
            name: [bytes(v) for v in voices] for name, voices in self._cache.items()
        }
        missing = sorted(_ALLOWED - {c for c, v in self._voices.items() if v})
        if missing:
            raise RuntimeError(f"no French voice for {''.join(missing)!r} in {voicedir}")
        intro_dir = voicedir / INTRO_DIR_NAME
        self._intros: list[bytes] = [_read_pcm(p) for p in sorted(intro_dir.glob("*.wav"))]
        _mix_table()  # build the mixing table now rather than during the first request

    def _twist(self, char: str) -> bytes:
        voice = secrets.choice(self._voices[char])
        voice = _change_speed(voice, _uniform(90, 120))
        return _change_level(voice, _uniform(80, 120))

    def _babble(self) -> bytes:
        # The library plays this reversed speech at 20-60 % of the voice level; at
        # the top of that range it masks short letters such as "a" or "u". 15-35 %
        # keeps it a distraction for machines without hurting people.
        voice = secrets.choice(self._voices[secrets.choice(self.choices)])[::-1]
        voice = _change_speed(voice, _uniform(80, 160))
        return _change_level(voice, _uniform(15, 35))

    def create_background_noise(self, length: int, chars: str) -> bytearray:
        """White noise plus reversed, quieter voices, as in the library."""
        noise = bytearray(os.urandom(length).translate(_NOISE_TABLE))
        pos = 0
        while pos < length:
            sound = self._babble()
            _mix_into(noise, pos, sound)
            pos += len(sound) + 1 + secrets.randbelow(WAVE_SAMPLE_RATE // 10 + 1)
        return noise

    def create_wave_body(self, chars: str) -> bytearray:
        """Intro, beep, the characters separated by short random pauses, end beep."""
        voices = [self._twist(c) for c in chars]
        pauses = [
            _PAUSE_MIN + secrets.randbelow(_PAUSE_MAX - _PAUSE_MIN + 1)
            for _ in range(len(chars) + 1)
        ]
        length = sum(len(v) for v in voices) + sum(pauses)
        body = self.create_background_noise(length, chars)
        pos = pauses[0]
        for voice, pause in zip(voices, pauses[1:], strict=True):
            _mix_into(body, pos, voice)
            pos += len(voice) + pause
        wave_body = bytearray()
        if self._intros:
            wave_body += secrets.choice(self._intros) + SILENCE
        return wave_body + BEEP + body + END_BEEP


def _read_pcm(path: Path) -> bytes:
    """Frames of an 8 kHz mono 8-bit WAV (the only format the library can mix)."""
    with wave.open(str(path), "rb") as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (WAVE_SAMPLE_RATE, 1, 1):
            raise RuntimeError(f"{path} is not 8 kHz mono 8-bit PCM")
        return w.readframes(w.getnframes())


_audio_lock = threading.Lock()
_audio_captcha: _FrenchAudioCaptcha | None = None


def _get_audio_captcha() -> _FrenchAudioCaptcha:
    """Load the voices once per process, on first use (111 small files, ~0.3 MB)."""
    global _audio_captcha
    if _audio_captcha is None:
        with _audio_lock:
            if _audio_captcha is None:
                _audio_captcha = _FrenchAudioCaptcha(VOICE_DIR)
    return _audio_captcha


def render_wav(text: str) -> bytes:
    """Speak ``text`` in French as a WAV (8 kHz, mono, 8-bit), over light noise.

    Each character is read by a randomly chosen synthetic speaker, slightly
    sped up or slowed down, and separated from the next by a short random pause.
    """
    _check_text(text)
    return bytes(patch_wave_header(_get_audio_captcha().create_wave_body(text)))


# --------------------------------------------------------------------------- helpers


def data_url(mime: str, payload: bytes) -> str:
    """Return ``data:<mime>;base64,<payload>``, to inline a render in the page.

    Pages that inline the render use it; the media routes serve the bytes by URL instead
    (``monparis_app.http.captcha_media``), which keeps them out of the websocket state.
    """
    if not mime or any(c in mime for c in ",; \t\r\n"):
        raise ValueError(f"invalid MIME type: {mime!r}")
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


class LibraryCaptchaRenderer:
    """``core.captcha.CaptchaRenderer`` backed by this module (the ``captcha`` library).

    Rendering is synchronous and CPU-bound (a few milliseconds, ~15 under load): the media
    routes run it in a worker thread; nothing renders when a challenge is created.
    """

    alphabet: str = CAPTCHA_ALPHABET

    def png(self, text: str) -> bytes:
        """The challenge as a PNG, for ``GET /captcha/<id>/image.png``."""
        return render_png(text)

    def wav(self, text: str) -> bytes:
        """The challenge read in French, for ``GET /captcha/<id>/audio.wav``."""
        return render_wav(text)

    def image_data_url(self, text: str) -> str:
        """The challenge as an inline PNG, for ``<img src>``."""
        return data_url("image/png", render_png(text))

    def audio_data_url(self, text: str) -> str:
        """The challenge read in French, as an inline WAV for ``<audio src>``."""
        return data_url("audio/wav", render_wav(text))


LIBRARY_RENDERER = LibraryCaptchaRenderer()
"""The renderer used by the API and the pages."""
