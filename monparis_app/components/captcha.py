"""The captcha block, the same on every page that asks for one: image, French audio, renewal.

RGAA 1.4 and 1.5: the image's text alternative says what it is and points to the audio
alternative; the answer field has a visible label and the guide's instruction as its hint.

The image is shown at the size the renderer draws it (``IMAGE_SIZE``, 280 x 90): the width and
height attributes reserve its place, the stylesheet only lets it shrink on a narrow screen, never
grow (an upscaled captcha is blurry and harder to read). No 2x image for high-density screens:
the renderer draws one random image per challenge, and a second, sharper one of the same
challenge would need a change to the core's renderer port.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.adapters.captcha_renderer import IMAGE_SIZE
from monparis_app.components.fields import text_field
from monparis_app.core.captcha import ANSWER_MAX_LENGTH
from monparis_app.messages import message_for

CAPTCHA_HINT = message_for("captcha.hint")
IMAGE_ALT = message_for("captcha.image_alt")


def captcha_block(
    image: Var[str], audio: Var[str], error: Var[str], on_new_challenge: Any
) -> rx.Component:
    return rx.el.div(
        rx.el.img(
            src=image,
            alt=IMAGE_ALT,
            width=str(IMAGE_SIZE[0]),
            height=str(IMAGE_SIZE[1]),
            class_name="captcha-image",
        ),
        rx.el.audio(src=audio, id="captcha-audio", preload="none"),
        rx.el.div(
            rx.el.button(
                "Écouter le code",
                type="button",
                on_click=rx.call_script("window.monparis.playCaptcha()"),
                class_name="button-secondary",
            ),
            rx.el.button(
                "Afficher un autre code",
                type="button",
                on_click=on_new_challenge,
                class_name="button-secondary",
            ),
            class_name="inline-actions",
        ),
        text_field(
            "captcha_answer",
            "Code de vérification",
            error,
            hint=CAPTCHA_HINT,
            autocomplete="off",
            max_length=ANSWER_MAX_LENGTH,
            auto_capitalize="characters",
            spell_check=False,
        ),
        class_name="captcha",
    )
