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
