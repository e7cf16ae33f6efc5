"""Regenerate the French voices of the audio captcha (committed, not built at runtime).

Usage, from the repository root, on a machine with espeak-ng and sox
(Debian/Ubuntu: ``apt-get install espeak-ng sox``)::

    .venv/bin/python scripts/make_captcha_voice.py
    .venv/bin/pytest tests/adapters/test_captcha_renderer.py
    git add monparis_app/assets/captcha_voice_fr

It rewrites ``monparis_app/assets/captcha_voice_fr/`` entirely:

* ``<char>/<speaker>.wav`` for every character of ``RENDERABLE_CHARS`` (A-Z, 0-9:
  random challenges avoid 0/O/1/I, fixed test answers such as MONPARIS may not),
  spoken the French way (``W`` → "double vé", ``Y`` → "i grec", digits as French numbers);
* ``_intro/<speaker>.wav``: "Code de vérification." played before the characters.

Why: ``captcha.audio.AudioCaptcha`` needs one folder per character of WAV files in
its own format, 8 kHz mono 8-bit unsigned PCM (it mixes raw bytes around 128), and
its bundled voices are English. Several espeak-ng speakers are kept per character
so that the library picks one at random for each character. Each file is trimmed
of leading/trailing silence and normalised; the whole folder stays around 0.3 MB.
sox is run with ``-R`` (repeatable dither), so regenerating with the same tool
versions gives identical files and a clean ``git diff``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monparis_app.adapters.captcha_renderer import (  # noqa: E402 (needs sys.path above)
    INTRO_DIR_NAME,
    RENDERABLE_CHARS,
    VOICE_DIR,
)

# What espeak-ng is asked to say for each character: French letter names spelled
# as words (so the pronunciation is explicit and reviewable here), French numbers.
SPOKEN: dict[str, str] = {
    "A": "a",
    "B": "bé",
    "C": "cé",
    "D": "dé",
    "E": "euh",
    "F": "èffe",
    "G": "gé",
    "H": "ache",
    "I": "i",
    "J": "ji",
    "K": "ka",
    "L": "èle",
    "M": "èmme",
    "N": "ènne",
    "O": "o",
    "P": "pé",
    "Q": "ku",
    "R": "èr",
    "S": "èsse",
    "T": "té",
    "U": "u",
    "V": "vé",
    "W": "double vé",
    "X": "ixe",
    "Y": "i grec",
    "Z": "zède",
    "0": "zéro",
    "1": "un",
    "2": "deux",
    "3": "trois",
    "4": "quatre",
    "5": "cinq",
    "6": "six",
    "7": "sept",
    "8": "huit",
    "9": "neuf",
}

INTRO_TEXT = "Code de vérification."

# (file stem, espeak-ng voice, words per minute, pitch 0-99). Three clearly
# different speakers: variety for the captcha, still easy to understand.
SPEAKERS: list[tuple[str, str, int, int]] = [
    ("homme", "fr", 125, 45),
    ("femme", "fr+f3", 125, 55),
    ("grave", "fr+m3", 120, 35),
]

# sox effects: cut silence at both ends, resample to 8 kHz with its anti-alias
# filter, then normalise to -1 dBFS so every character has the same loudness.
SOX_EFFECTS = [
    "silence", "1", "0.01", "0.5%",
    "reverse", "silence", "1", "0.01", "0.5%", "reverse",
    "rate", "-h", "8000",
    "gain", "-n", "-1",
]  # fmt: skip


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} not found: install it (apt-get install espeak-ng sox)")
    return path


def synthesize(text: str, voice: str, wpm: int, pitch: int, out: Path, tmp: Path) -> None:
    """Speak ``text`` with espeak-ng, then convert it to the library's WAV format."""
    raw = tmp / "raw.wav"
    espeak, sox = _tool("espeak-ng"), _tool("sox")
    # Fixed argument lists, text from the tables above: no shell, nothing untrusted.
    subprocess.run(
        [espeak, "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(raw), text],
        check=True,
    )
    subprocess.run(
        [sox, "-R", str(raw), "-r", "8000", "-c", "1", "-b", "8", "-e", "unsigned-integer",
         str(out), *SOX_EFFECTS],
        check=True,
    )  # fmt: skip


def main() -> None:
    if sorted(SPOKEN) != sorted(RENDERABLE_CHARS):
        sys.exit("SPOKEN must have exactly one entry per character of RENDERABLE_CHARS")
    if VOICE_DIR.exists():
        shutil.rmtree(VOICE_DIR)
    jobs = [(char, SPOKEN[char]) for char in RENDERABLE_CHARS]
    jobs.append((INTRO_DIR_NAME, INTRO_TEXT))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for folder, text in jobs:
            (VOICE_DIR / folder).mkdir(parents=True)
            for stem, voice, wpm, pitch in SPEAKERS:
                synthesize(text, voice, wpm, pitch, VOICE_DIR / folder / f"{stem}.wav", tmp)
    files = sorted(VOICE_DIR.rglob("*.wav"))
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {size / 1024:.0f} KiB in {VOICE_DIR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
