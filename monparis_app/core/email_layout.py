"""How an e-mail of the service looks: one list of blocks, rendered as plain text and as HTML.

The wording lives in ``monparis_app.core.emails``; this module only lays it out, so the text
and HTML parts are two renderings of the same blocks and can never say different things.

The HTML is what e-mail clients actually render: nested ``role="presentation"`` tables, inline
styles only (no ``<style>``, no classes, no web font), a 600 px column, no image. Every value
interpolated into it goes through ``html.escape`` here, in one place: texts in ``_inline``,
URLs in ``_link``, so a first name such as ``<script>`` arrives as text. The plain-text part
writes each link as its label followed by the full URL in brackets.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# The City's identity, text only: the header band names the City, then the service.
CITY_NAME = "Ville de Paris"
SERVICE_NAME = "Mon Paris"

# Colours. Body text #161616 on white is 17.9:1; link and band colour #0c2a4f gives white text
# 14.6:1 and, as text on white, the same; footer text #3a3a3a on #f2f2f2 is 10:1.
_BAND = "#0c2a4f"
_TEXT = "#161616"
_MUTED = "#3a3a3a"
_PAGE = "#f2f2f2"
_FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Link:
    """A real link: ``url`` is absolute (the public URL of the app, or paris.fr)."""

    label: str
    url: str


Inline = str | Link


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """A section title inside the message (the guide's "Un compte unique", "Besoin d'aide ?")."""

    text: str


@dataclass(frozen=True)
class CodeBox:
    """Where the code goes: ``mask`` is a placeholder the outbox fills in when sending."""

    mask: str


Block = Paragraph | Heading | CodeBox


@dataclass(frozen=True)
class Message:
    """One e-mail's content. ``reason`` says in the footer why this address got it."""

    title: str
    blocks: tuple[Block, ...]
    signature: str
    notice: str  # "automated e-mail, do not reply"
    reason: str


def paragraph(*parts: Inline) -> Paragraph:
    return Paragraph(parts)


# --- plain text ----------------------------------------------------------------------------


def _text_inline(part: Inline) -> str:
    return f"{part.label} ({part.url})" if isinstance(part, Link) else part


def _text_block(block: Block) -> str:
    if isinstance(block, CodeBox):
        return block.mask  # alone on its line, so it is easy to find and copy
    if isinstance(block, Heading):
        return block.text
    return "".join(_text_inline(part) for part in block.parts)


def render_text(message: Message) -> str:
    """Every block as a paragraph, the footer after the signature; links as full URLs."""
    lines = [message.title, *(_text_block(b) for b in message.blocks), message.signature]
    footer = [CITY_NAME, message.reason, message.notice]
    return "\n\n".join(lines) + "\n\n-- \n" + "\n".join(footer) + "\n"


# --- HTML ----------------------------------------------------------------------------------


def _link(link: Link) -> str:
    return (
        f'<a href="{escape(link.url, quote=True)}" '
        f'style="color:{_BAND};text-decoration:underline">{escape(link.label)}</a>'
    )


def _inline(part: Inline) -> str:
    return _link(part) if isinstance(part, Link) else escape(part)


def _html_block(block: Block) -> str:
    if isinstance(block, CodeBox):
        # The mask is not user data; the outbox escapes the code it puts in its place.
        return (
            '<p style="margin:8px 0 24px">'
            f'<span style="display:inline-block;padding:12px 24px;border:2px solid {_BAND};'
            f"border-radius:4px;font-family:'Courier New',Courier,monospace;font-size:36px;"
            f'font-weight:bold;letter-spacing:10px;color:{_TEXT}">{block.mask}</span></p>'
        )
    if isinstance(block, Heading):
        return (
            f'<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;color:{_TEXT}">'
            f"{escape(block.text)}</h2>"
        )
    return f'<p style="margin:0 0 16px">{"".join(_inline(part) for part in block.parts)}</p>'


def _header(home_url: str) -> str:
    return (
        f'<tr><td style="background:{_BAND};padding:20px 32px;font-family:{_FONT};color:#ffffff">'
        '<p style="margin:0;font-size:13px;font-weight:bold;letter-spacing:2px;'
        f'text-transform:uppercase">{escape(CITY_NAME)}</p>'
        '<p style="margin:4px 0 0;font-size:26px;font-weight:bold;line-height:1.2">'
        f'<a href="{escape(home_url, quote=True)}" style="color:#ffffff;text-decoration:none">'
        f"{escape(SERVICE_NAME)}</a></p></td></tr>"
    )


def _body(message: Message) -> str:
    blocks = "\n".join(_html_block(block) for block in message.blocks)
    return (
        f'<tr><td style="padding:32px;font-family:{_FONT};font-size:16px;line-height:1.5;'
        f'color:{_TEXT}">'
        f'<h1 style="margin:0 0 24px;font-size:24px;line-height:1.3;color:{_TEXT}">'
        f"{escape(message.title)}</h1>{blocks}"
        f'<p style="margin:24px 0 0;font-weight:bold">{escape(message.signature)}</p></td></tr>'
    )


def _footer(message: Message) -> str:
    lines = (
        f"<strong>{escape(CITY_NAME)}</strong>",
        escape(message.reason),
        escape(message.notice),
    )
    paragraphs = "".join(f'<p style="margin:0 0 8px">{line}</p>' for line in lines)
    return (
        f'<tr><td style="background:{_PAGE};border-top:1px solid #d6d6d6;padding:20px 32px;'
        f'font-family:{_FONT};font-size:13px;line-height:1.5;color:{_MUTED}">{paragraphs}</td></tr>'
    )


def render_html(message: Message, subject: str, home_url: str) -> str:
    """A complete HTML document: header band, body, footer, in one centred 600 px table."""
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light">'
        '<meta name="supported-color-schemes" content="light">'
        f"<title>{escape(subject)}</title></head>\n"
        f'<body style="margin:0;padding:0;background:{_PAGE}">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        f'style="background:{_PAGE}"><tr><td align="center" style="padding:24px 8px">'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="width:100%;max-width:600px;background:#ffffff;border-collapse:collapse">\n'
        f"{_header(home_url)}\n{_body(message)}\n{_footer(message)}\n"
        "</table></td></tr></table></body></html>\n"
    )
