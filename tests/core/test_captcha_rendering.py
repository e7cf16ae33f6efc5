"""A challenge renders nothing when it is created; its text is derived from its id and the key."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from monparis_app.core import captcha
from monparis_app.core.clock import FrozenClock
from monparis_app.models import CaptchaChallenge
from monparis_app.web import routes

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class CountingRenderer:
    """A ``CaptchaRenderer`` that records what it was asked to render."""

    alphabet = ALPHABET

    def __init__(self) -> None:
        self.rendered: list[tuple[str, str]] = []

    def png(self, text: str) -> bytes:
        self.rendered.append(("png", text))
        return b"png:" + text.encode()

    def wav(self, text: str) -> bytes:
        self.rendered.append(("wav", text))
        return b"wav:" + text.encode()

    def image_data_url(self, text: str) -> str:
        return "data:image/png;base64," + self.png(text).hex()

    def audio_data_url(self, text: str) -> str:
        return "data:audio/wav;base64," + self.wav(text).hex()


async def test_creating_a_challenge_renders_nothing(db: str, configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="")
    renderer = CountingRenderer()
    challenge = await captcha.new_challenge(renderer, client_ip="")
    assert renderer.rendered == []
    assert challenge.image_url == routes.CAPTCHA_IMAGE.format(challenge_id=challenge.id)
    assert challenge.audio_url == f"/captcha/{challenge.id}/audio.wav"
    assert await CaptchaChallenge.filter(id=challenge.id).count() == 1


async def test_data_urls_render_on_first_access_only(db: str, configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="")
    renderer = CountingRenderer()
    challenge = await captcha.new_challenge(renderer, client_ip="")
    text = captcha.challenge_text(challenge.id, ALPHABET)
    assert challenge.image_data_url == challenge.image_data_url
    assert renderer.rendered == [("png", text)]
    assert challenge.audio_data_url.startswith("data:audio/wav")
    assert renderer.rendered == [("png", text), ("wav", text)]


def test_the_text_is_derived_from_the_id_and_the_secret_key(configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="", CAPTCHA_LENGTH="6")
    one = uuid4()
    text = captcha.challenge_text(one, ALPHABET)
    assert text == captcha.challenge_text(one, ALPHABET)
    assert len(text) == 6
    assert set(text) <= set(ALPHABET)
    # 32^6 possible texts: 20 ids giving 20 texts shows the id drives it.
    assert len({captcha.challenge_text(uuid4(), ALPHABET) for _ in range(20)}) == 20
    configure(SECRET_KEY="une-autre-cle-secrete-" + "y" * 40)
    assert captcha.challenge_text(one, ALPHABET) != text


def test_every_character_of_the_alphabet_is_drawn(configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="", CAPTCHA_LENGTH="10")
    seen = "".join(captcha.challenge_text(uuid4(), ALPHABET) for _ in range(200))
    assert set(seen) == set(ALPHABET)


def test_a_fixed_test_answer_wins(configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="mon paris")
    assert captcha.challenge_text(uuid4(), ALPHABET) == "MONPARIS"


async def test_the_derived_text_is_the_answer(db: str, configure: Any) -> None:
    configure(CAPTCHA_TEST_ANSWER="")
    challenge = await captcha.new_challenge(CountingRenderer(), client_ip="")
    answer = captcha.challenge_text(challenge.id, ALPHABET)
    assert await captcha.consume_answer(str(challenge.id), answer.lower())
    assert not await captcha.consume_answer(str(challenge.id), answer)  # burnt


async def test_only_a_live_unused_challenge_has_a_text_to_render(
    db: str, configure: Any, frozen_clock: FrozenClock
) -> None:
    configure(CAPTCHA_TEST_ANSWER="", CAPTCHA_TTL_SECONDS="600")
    live = await captcha.new_challenge(CountingRenderer(), client_ip="")
    found = await captcha.text_to_render(str(live.id), ALPHABET)
    assert found == (captcha.challenge_text(live.id, ALPHABET), 600)

    assert await captcha.text_to_render(str(uuid4()), ALPHABET) is None
    assert await captcha.text_to_render("pas-un-uuid", ALPHABET) is None

    used = await captcha.new_challenge(CountingRenderer(), client_ip="")
    await captcha.consume_answer(str(used.id), "FAUX")
    assert await captcha.text_to_render(str(used.id), ALPHABET) is None

    frozen_clock.advance(601)
    assert await captcha.text_to_render(str(live.id), ALPHABET) is None
