"""Journey: an editor uploads a photo, describes it, uses it as an article's lead photo and
inside its body; readers see both, responsive, accessible, within a phone's width.

The body figure goes in through the rich-text editor's figure button and the photo
picker when the editor (django-prose-editor) is on the page; without it, the markup the
picker's contract describes (photos.admin.PhotoAdmin.picker_view) is typed into the body
field, which is what the button inserts.
"""

import io
import re

from django.core.files.storage import default_storage
from PIL import ExifTags, Image

from articles.models import Article
from photos.models import Photo
from tests.browser.support import (
    STAFF_PASSWORD,
    axe_violations,
    expect,
    horizontal_overflow,
    log_in_to_admin,
    save_screenshot,
)
from tests.factories import make_category, make_editor
from tests.photos import samples

ALT = "Des cyclistes longent le quai du Rhône sous un ciel clair"
CAPTION = "La piste cyclable du quai, inaugurée samedi."
CREDIT = "Jeanne Martin"


def upload_photo(page):
    page.goto("/admin/photos/photo/add/")
    page.locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "IMG_0042.jpg",
                "mimeType": "image/jpeg",
                # A phone's photo: GPS position and camera in its EXIF.
                "buffer": samples.encode("JPEG", size=(900, 600), orientation=1),
            }
        ]
    )
    page.get_by_label("Texte alternatif").fill(ALT)
    page.get_by_label("Légende").fill(CAPTION)
    page.get_by_label("Crédit").fill(CREDIT)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    return Photo.objects.get()


def write_body(page, photo):
    """A paragraph, then the photo as a figure: the editor's figure button when it is there."""
    if page.locator(".prose-editor").count():
        page.get_by_role("textbox", name=re.compile(r"^Corps")).click()
        page.keyboard.type("La piste longe le fleuve.")
        with page.expect_popup() as opened:
            page.locator(".prose-menubar").get_by_role(
                "button", name="Photo de la photothèque", exact=True
            ).click()
        picker = opened.value
        picker.wait_for_load_state()
        picker.get_by_role("button", name=ALT).click()
        expect(page.locator("textarea[name=body]")).to_have_value(
            re.compile(f'data-photo-id="{photo.pk}"')
        )
        return
    page.locator("[name=body]").fill(
        "<p>La piste longe le fleuve.</p>"
        f'<figure><img src="{photo.file.url}" alt="{ALT}" width="{photo.width}" '
        f'height="{photo.height}" data-photo-id="{photo.pk}">'
        f"<figcaption>{CAPTION} Photo : {CREDIT}</figcaption></figure>"
        "<p>Elle sera prolongée au printemps.</p>"
    )


def write_article(page, photo):
    page.goto("/admin/articles/article/add/")
    page.locator("[name=title]").fill("Le quai du Rhône rendu aux cyclistes")
    page.locator("[name=category]").select_option(label="Société")
    page.locator("[name=standfirst]").fill("Une piste cyclable de deux kilomètres.")
    write_body(page, photo)
    # The lead photo is chosen from the library by searching its description.
    page.locator(".field-lead_photo .select2-selection").click()
    page.locator('.select2-search__field[aria-controls="select2-id_lead_photo-results"]').fill(
        "cyclistes"
    )
    page.locator(
        "#select2-id_lead_photo-results .select2-results__option", has_text="cyclistes"
    ).click()
    page.locator("[name=status]").select_option(label="Publié")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    return Article.objects.get()


def test_an_editor_places_a_photo_as_lead_and_in_the_body(new_context):
    make_category(name="Société", slug="societe")
    editor = make_editor(password=STAFF_PASSWORD, first_name="Claire", last_name="Dumas")
    page = new_context().new_page()
    log_in_to_admin(page, editor)

    photo = upload_photo(page)
    assert (photo.alt, photo.caption, photo.credit) == (ALT, CAPTION, CREDIT)
    with default_storage.open(photo.file.name) as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert Photo.objects.get().renditions_ready  # the upload's task ran at commit
    expect(page.locator(".field-thumbnail img")).to_have_count(1)
    save_screenshot(page, "photo-library-1280")
    assert axe_violations(page) == []

    article = write_article(page, photo)
    assert article.lead_photo == photo

    for width in (1280, 375):
        reader = new_context(width=width, height=800).new_page()
        reader.goto(article.get_absolute_url())
        lead = reader.locator(".article__figure img")
        expect(lead).to_have_attribute("alt", ALT)
        expect(reader.locator(".article__figure figcaption")).to_have_text(
            re.compile(rf"{re.escape(CAPTION)}\s+Photo : {CREDIT}")
        )
        body_image = reader.locator(".article__body figure img")
        expect(body_image).to_have_attribute("alt", ALT)
        body_image.scroll_into_view_if_needed()
        for image in (lead, body_image):
            # Loaded, as AVIF (Chromium reads it), and not wider than the page.
            image.evaluate("img => img.decode()")
            assert image.evaluate("img => img.currentSrc").endswith(".avif")
            box = image.bounding_box()
            assert box["width"] <= width
        save_screenshot(reader, f"photo-article-{width}")
        assert horizontal_overflow(reader) == 0
        assert axe_violations(reader) == []

        reader.goto("/")
        card = reader.locator(".card__image").first
        expect(card).to_have_attribute("fetchpriority", "high")
        card.evaluate("img => img.decode()")
        save_screenshot(reader, f"photo-home-{width}")
        assert horizontal_overflow(reader) == 0
        assert axe_violations(reader) == []


def test_the_photo_picker_hands_a_photo_to_the_page_that_opened_it(new_context, live_site):
    """The editor's figure button opens the picker in a popup and gets the photo back."""
    editor = make_editor(password=STAFF_PASSWORD)
    page = new_context().new_page()
    log_in_to_admin(page, editor)
    photo = upload_photo(page)
    page.goto("/admin/")
    page.evaluate(
        """() => { window.picked = null;
        window.addEventListener("message", (event) => { window.picked = event.data; }); }"""
    )
    with page.expect_popup() as popup_info:
        page.evaluate("() => window.open('/admin/photos/photo/picker/', 'picker')")
    picker = popup_info.value
    picker.wait_for_load_state()
    assert axe_violations(picker) == []
    picker.get_by_role("button", name=ALT).click()
    page.wait_for_function("() => window.picked !== null")
    message = page.evaluate("() => window.picked")
    assert message["type"] == "newsroom:photo-picked"
    assert message["photo"]["id"] == photo.pk
    assert message["photo"]["credit_line"] == "Photo : Jeanne Martin"
