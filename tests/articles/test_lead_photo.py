"""The lead photo on the pages: cards, the article (figure, caption, credit), social cards,
the RSS feed and the sitemap."""

import pytest

from tests.factories import make_article, make_category, make_photo, make_user
from tests.helpers import parse_html, parse_xml, text_of

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


def processed_photo(capture, size):
    with capture(execute=True):
        photo = make_photo(
            size=size,
            alt="Des cyclistes sur le quai du Rhône",
            caption="La piste cyclable du quai, inaugurée samedi.",
            credit="Jeanne Martin",
        )
    photo.refresh_from_db()
    return photo


@pytest.fixture
def photo(django_capture_on_commit_callbacks):
    """An 800x540 photo whose renditions exist (200 to 800 px wide)."""
    return processed_photo(django_capture_on_commit_callbacks, (800, 540))


@pytest.fixture
def big_photo(django_capture_on_commit_callbacks):
    """A 1300x867 photo whose renditions exist, up to the 1200x630 social cut."""
    return processed_photo(django_capture_on_commit_callbacks, (1300, 867))


def images(response):
    return parse_html(response.text).findall(".//img")


def test_home_cards_show_photos_sized_for_their_slot(client, photo):
    category = make_category()
    make_article(category=category, lead_photo=photo, title="Deuxième")
    make_article(category=category, lead_photo=photo, title="Première")
    cards = parse_html(client.get("/").text).findall(".//article[@class='card']")
    lead, second = (card.find(".//img") for card in cards)
    for image in (lead, second):
        assert image.get("alt") == photo.alt
        assert image.get("width") == "800"
        assert image.get("height") == "533"
        assert "/3_2/" in image.get("srcset")
        assert image.get("srcset").count("w,") == 3  # 200 to 800 px
    # The front page's first card is the page's first large image.
    assert lead.get("fetchpriority") == "high"
    assert lead.get("loading") is None
    assert "45rem" in lead.get("sizes")
    assert second.get("loading") == "lazy"
    assert second.get("fetchpriority") is None
    assert "22rem" in second.get("sizes")
    sources = cards[0].findall(".//picture/source")
    assert [s.get("type") for s in sources] == ["image/avif", "image/webp"]


def test_category_cards_show_the_photo_first_one_eager(client, photo):
    category = make_category()
    for _ in range(2):
        make_article(category=category, lead_photo=photo)
    found = images(client.get(category.get_absolute_url()))
    card_images = [image for image in found if image.get("class") == "card__image"]
    assert [image.get("fetchpriority") for image in card_images] == ["high", None]
    assert [image.get("loading") for image in card_images] == [None, "lazy"]


def test_article_shows_the_photo_in_a_figure_with_caption_and_credit(client, photo):
    article = make_article(lead_photo=photo)
    page = parse_html(client.get(article.get_absolute_url()).text)
    figure = page.find(".//figure[@class='article__figure']")
    image = figure.find(".//img")
    assert image.get("alt") == photo.alt
    assert (image.get("width"), image.get("height")) == ("800", "540")
    assert image.get("fetchpriority") == "high"
    assert "/3_2/" not in image.get("srcset")
    assert "42rem" in image.get("sizes")
    assert text_of(figure.find("figcaption")) == (
        "La piste cyclable du quai, inaugurée samedi. Photo : Jeanne Martin"
    )


def test_only_the_lead_photo_is_eager_on_an_article_page(client, photo):
    body = (
        f'<figure><img src="{photo.file.url}" alt="Un autre regard" width="1600" height="1067" '
        f'data-photo-id="{photo.pk}"><figcaption>Dans le texte.</figcaption></figure>'
    )
    article = make_article(lead_photo=photo, body=body)
    found = images(client.get(article.get_absolute_url()))
    assert [image.get("fetchpriority") for image in found] == ["high", None]
    assert found[1].get("loading") == "lazy"
    assert found[1].get("alt") == "Un autre regard"
    assert all(image.get("width") and image.get("height") for image in found)


def test_social_cards_use_the_1200_by_630_cut_with_absolute_urls(client, big_photo):
    photo = big_photo
    article = make_article(lead_photo=photo)
    page = parse_html(client.get(article.get_absolute_url()).text)
    meta = {
        element.get("property") or element.get("name"): element.get("content")
        for element in page.iter("meta")
    }
    assert meta["og:image"].startswith("http://testserver/media/photos/")
    assert meta["og:image"].endswith("/40_21/1200w.jpeg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:type"] == "image/jpeg"
    assert meta["og:image:alt"] == photo.alt
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"


def test_pages_work_before_the_renditions_exist(client):
    """Right after an upload the pages show the original at the right size, no srcset."""
    photo = make_photo(size=(1600, 1067))
    article = make_article(lead_photo=photo)
    home = images(client.get("/"))[0]
    assert home.get("src") == photo.file.url
    assert (home.get("width"), home.get("height")) == ("1600", "1066")  # the 3:2 box
    assert home.get("srcset") is None
    page = parse_html(client.get(article.get_absolute_url()).text)
    lead = page.find(".//figure[@class='article__figure']//img")
    assert (lead.get("src"), lead.get("width"), lead.get("height")) == (
        photo.file.url, "1600", "1067"
    )  # fmt: skip
    og = next(m for m in page.iter("meta") if m.get("property") == "og:image:width")
    assert og.get("content") == "1600"


def test_articles_without_a_photo_have_no_image_and_a_small_social_card(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert 'property="og:image"' not in response.text
    assert '<meta name="twitter:card" content="summary">' in response.text


def test_the_feed_carries_the_photo_as_media_content(client, big_photo):
    photo = big_photo
    make_article(lead_photo=photo, author=make_user(first_name="Ana", last_name="Roux"))
    make_article(title="Sans photo")
    channel = parse_xml(client.get("/rss/").content).find("channel")
    items = {item.find("title").text: item for item in channel.findall("item")}
    without = items.pop("Sans photo")
    (with_photo,) = items.values()
    media = with_photo.find(f"{MEDIA}content")
    assert media.get("url").startswith("http://testserver/media/photos/")
    assert media.get("url").endswith("/40_21/1200w.jpeg")
    assert (media.get("width"), media.get("height"), media.get("medium")) == (
        "1200",
        "630",
        "image",
    )
    assert media.find(f"{MEDIA}description").text == photo.alt
    assert media.find(f"{MEDIA}credit").text == "Jeanne Martin"
    assert without.find(f"{MEDIA}content") is None


def test_the_sitemap_lists_each_articles_lead_photo(client, photo):
    with_photo = make_article(lead_photo=photo)
    make_article()
    urlset = parse_xml(client.get("/sitemap.xml").content)
    found = {
        url.find(f"{SITEMAP}loc").text: [
            i.find(f"{IMAGE}loc").text for i in url.iter(f"{IMAGE}image")
        ]
        for url in urlset.findall(f"{SITEMAP}url")
    }
    assert found[f"http://testserver{with_photo.get_absolute_url()}"] == [
        f"http://testserver{photo.file.url}"
    ]
    assert sum(len(images) for images in found.values()) == 1


@pytest.mark.parametrize("count", [1, 10])
def test_photos_cost_no_query_on_listings(client, django_assert_max_num_queries, count):
    """The photo comes with its article (a join), renditions without any storage call."""
    category = make_category()
    for _ in range(count):
        make_article(category=category, author=make_user(), lead_photo=make_photo(size=(300, 200)))
    # The category page's bound (tests/articles/test_views.py): one counts the cards' comments.
    with django_assert_max_num_queries(1 + 6):
        client.get(category.get_absolute_url())
