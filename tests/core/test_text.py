import pytest

from portal.core.text import excerpt, markdown_to_html, slugify
from tests.html_checks import dangerous_markup


def test_markdown_renders_the_allowed_subset():
    html = str(markdown_to_html("## Title\n\n*em* and [link](https://example.org)\n\n> quote"))
    assert "<h2>Title</h2>" in html
    assert "<em>em</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<blockquote>" in html


def test_markdown_never_lets_markup_or_script_urls_through():
    html = str(
        markdown_to_html(
            '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x">b</b> '
            "![i](data:text/html;base64,PHNjcmlwdD4=) [y](JaVaScRiPt:alert(1))"
        )
    )
    assert dangerous_markup(html) == []
    assert "&lt;script&gt;" in html  # shown as text, never as markup


def test_excerpt_cuts_on_a_word_boundary():
    text = "Mothers carry most of the unpaid care work in European families today."
    assert excerpt(text, 30) == "Mothers carry most of the…"
    assert excerpt("short", 30) == "short"


def test_slugify_is_ascii_and_stable():
    assert (
        slugify("Défendre les droits des mères à l'ONU !")
        == "defendre-les-droits-des-meres-a-l-onu"
    )
    assert slugify("***") == "item"


@pytest.mark.parametrize(
    "source",
    [
        "/media/../en/account/",
        "/media/1/../../en/admin/",
        "/media/1/abc.webp",
        "/media/1/" + "0" * 64 + ".webp?x=1",
        "/media/1/" + "0" * 64 + ".svg",
        "//evil.example/media/1/" + "0" * 64 + ".webp",
        "https://evil.example/x.png",
    ],
)
def test_inline_images_come_only_from_the_portals_own_uploads(source):
    html = str(markdown_to_html(f"![x]({source})"))
    assert "src=" not in html


def test_an_uploaded_image_address_passes():
    source = "/media/12/" + "ab" * 32 + ".webp"
    assert f'src="{source}"' in str(markdown_to_html(f"![x]({source})"))
