from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_comment, make_editor, make_user
from tests.helpers import links, parse_html, text_of, visible_text

pytestmark = pytest.mark.django_db


def draft(**fields):
    return make_article(status=Article.Status.DRAFT, **fields)


def scheduled(**fields):
    return make_article(published_at=timezone.now() + timedelta(days=1), **fields)


class TestVisibility:
    @pytest.mark.parametrize("factory", [draft, scheduled])
    def test_unpublished_articles_are_404_to_the_public(self, client, factory):
        """Drafts and scheduled articles do not exist for readers."""
        article = factory()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404

    @pytest.mark.parametrize("factory", [draft, scheduled])
    def test_unpublished_articles_are_missing_from_every_listing(self, client, factory):
        """Home, the month archive and the category page list only published articles."""
        hidden = factory(title="Article caché")
        shown = make_article(category=hidden.category, title="Article visible")
        for url in ["/", shown.get_month_url(), hidden.category.get_absolute_url()]:
            page = client.get(url).text
            assert shown.title in page
            assert hidden.title not in page
            assert hidden.get_absolute_url() not in page

    def test_published_article_is_shown(self, client):
        """A published article answers 200 with its title, standfirst and body."""
        article = make_article(body="<p>Un paragraphe du corps.</p>")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        text = visible_text(response.text)
        assert article.title in text
        assert article.standfirst in text
        assert "Un paragraphe du corps." in text
        assert "Aperçu" not in text

    @pytest.mark.parametrize(
        ("factory", "notice"),
        [(draft, "Cet article est un brouillon"), (scheduled, "Cet article est programmé")],
    )
    def test_staff_preview_is_marked_and_never_cached(self, client, factory, notice):
        """An editor sees an unpublished article, clearly marked, with no-cache headers."""
        article = factory()
        client.force_login(make_editor())
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        text = visible_text(response.text)
        assert "Aperçu" in text
        assert notice in text
        assert "no-cache" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.text

    def test_published_article_is_not_marked_never_cache(self, client):
        """Only previews opt out of caching."""
        response = client.get(make_article().get_absolute_url())
        assert "no-store" not in response.get("Cache-Control", "")

    def test_staff_without_article_permission_cannot_preview(self, client):
        """Being staff is not enough: previewing needs the permission to view articles."""
        article = draft()
        client.force_login(make_user(is_staff=True))
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_staff_with_view_permission_can_preview(self, client):
        """Any staff member allowed to view articles in the admin may preview them."""
        user = make_user(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
        client.force_login(user)
        assert client.get(draft().get_absolute_url()).status_code == 200


class TestListings:
    def test_home_lists_latest_first_with_card_details(self, client):
        """Home cards carry category, French date, author, standfirst and comment count."""
        author = make_user(first_name="Claire", last_name="Dumas")
        older = make_article(published_at=timezone.now() - timedelta(days=2))
        newer = make_article(
            author=author,
            published_at=timezone.make_aware(timezone.datetime(2026, 3, 14, 10)),
            standfirst="Un chapô qui résume.",
        )
        make_comment(article=newer, status="approved")
        make_comment(article=newer, status="approved")
        make_comment(article=newer, status="pending")
        response = client.get("/")
        text = visible_text(response.text)
        assert text.index(older.title) < text.index(newer.title)  # newer is dated in 2026-03
        assert newer.category.name in text
        assert "14 mars 2026" in text
        assert "par Claire Dumas" in text
        assert "Un chapô qui résume." in text
        assert "2 commentaires" in text

    def test_read_more_leads_to_the_next_page_and_is_gone_on_the_last(self, client, settings):
        """ "Lire plus d'articles" opens the next page; the last page has no such button."""
        settings.ARTICLES_PER_PAGE = 2
        for _ in range(3):
            make_article()

        def read_more(response):
            page = parse_html(response.text)
            return [
                a.get("href")
                for a in page.iterfind(".//a")
                if "".join(a.itertext()) == "Lire plus d'articles"
            ]

        assert read_more(client.get("/")) == ["?page=2"]
        assert read_more(client.get("/", {"page": 2})) == []

    def test_comment_count_is_pluralised(self, client):
        """One comment is singular, none and one read "commentaire" in French."""
        article = make_article()
        make_comment(article=article, status="approved")
        text = visible_text(client.get("/").text)
        assert "1 commentaire" in text
        assert "1 commentaires" not in text

    def test_header_menu_lists_every_category(self, client):
        """The category menu in the header links to each category page."""
        categories = [make_category() for _ in range(3)]
        hrefs = links(client.get("/").text, ".//nav[@class='category-menu']//a")
        for category in categories:
            assert category.get_absolute_url() in hrefs

    def test_header_menu_is_not_queried_again_until_the_site_changes(self, client):
        """The menu is computed once per site change, not on every page."""
        make_category()
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get(make_article().get_absolute_url())
            client.get("/archives/")
        menu_queries = [q for q in queries if 'FROM "articles_category"' in q["sql"]]
        # The article's save changed the site: one menu query after it, then none.
        assert len(menu_queries) == 1

    @pytest.mark.parametrize("change", ["rename", "add", "delete"])
    def test_header_menu_follows_category_changes(self, client, change):
        """A renamed, new or deleted category shows in the menu on the next page."""
        category = make_category(name="Sciences")
        client.get("/")
        if change == "rename":
            category.name = "Climat"
            category.save()
            expected, gone = "Climat", "Sciences"
        elif change == "add":
            make_category(name="Climat")
            expected, gone = "Climat", None
        else:
            category.delete()
            expected, gone = None, "Sciences"
        menu = client.get("/archives/").text.split('class="category-menu"')[1].split("</nav>")[0]
        if expected:
            assert expected in menu
        if gone:
            assert gone not in menu

    def test_neighbours_and_read_also_follow_new_and_edited_articles(self, client, settings):
        """An article's navigation, cached between pages, shows a newer article at once."""
        settings.PAGE_CACHE_SECONDS = 0
        category = make_category()
        older = make_article(category=category, published_at=timezone.now() - timedelta(days=2))
        client.get(older.get_absolute_url())
        newer = make_article(
            category=category, title="Plus récent", published_at=timezone.now() - timedelta(days=1)
        )
        page = client.get(older.get_absolute_url()).text
        assert links(page, ".//a[@rel='next']") == [newer.get_absolute_url()]
        assert newer.get_absolute_url() in links(page, ".//section[@class='related']//a")
        newer.title = "Titre corrigé"
        newer.save()
        assert "Titre corrigé" in client.get(older.get_absolute_url()).text

    def test_category_page_lists_only_its_articles(self, client):
        """A category page shows its published articles and no other category's."""
        category = make_category(name="Sciences", description="Recherche et climat.")
        mine = make_article(category=category)
        other = make_article()
        response = client.get(category.get_absolute_url())
        assert response.status_code == 200
        text = visible_text(response.text)
        assert "Sciences" in text
        assert "Recherche et climat." in text
        assert mine.title in text
        assert other.title not in text

    def test_unknown_category_is_404(self, client):
        assert client.get("/categorie/nulle-part/").status_code == 404

    def test_category_pages_paginate(self, client, settings):
        """Pages hold ARTICLES_PER_PAGE articles, newest first, with links between pages."""
        settings.ARTICLES_PER_PAGE = 2
        category = make_category()
        now = timezone.now()
        articles = [
            make_article(category=category, published_at=now - timedelta(hours=hours))
            for hours in range(1, 6)
        ]
        make_article(published_at=now)  # another category, newest of all
        url = category.get_absolute_url()

        first = client.get(url)
        assert [a.pk for a in first.context["articles"]] == [articles[0].pk, articles[1].pk]
        assert "?page=2" in links(first.text)

        last = client.get(url, {"page": 3})
        assert [a.pk for a in last.context["articles"]] == [articles[4].pk]
        assert "?page=2" in links(last.text)
        assert "?page=4" not in links(last.text)

        assert client.get(url, {"page": 4}).status_code == 404

    def test_home_paginates(self, client, settings):
        """The home page is paginated like the archive."""
        settings.ARTICLES_PER_PAGE = 3
        for _ in range(4):
            make_article()
        assert len(client.get("/").context["articles"]) == 3
        assert len(client.get("/", {"page": 2}).context["articles"]) == 1


class TestArticlePage:
    def test_shows_category_author_dates_and_lead_image_alt(self, client):
        """The article header names the category (linked), the author and the date."""
        author = make_user(first_name="Inès", last_name="Benali")
        article = make_article(
            author=author, published_at=timezone.make_aware(timezone.datetime(2026, 1, 5, 9, 30))
        )
        response = client.get(article.get_absolute_url())
        text = visible_text(response.text)
        assert "par Inès Benali" in text
        assert "Publié le 5 janvier 2026" in text
        assert article.category.get_absolute_url() in links(response.text)

    def test_update_date_is_shown_only_when_it_differs(self, client):
        """The update date ("mis à jour le") appears only after a real later edit."""
        article = make_article(published_at=timezone.now() - timedelta(minutes=5))
        Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
        assert "mis à jour le" not in visible_text(client.get(article.get_absolute_url()).text)
        article.refresh_from_db()
        article.save()  # an editor's later edit: updated_at moves on, cached pages are dropped
        assert "mis à jour le" in visible_text(client.get(article.get_absolute_url()).text)

    def test_previous_and_next_links(self, client):
        """The page links to the older and newer published neighbours by their titles."""
        now = timezone.now()
        older = make_article(title="Le plus ancien", published_at=now - timedelta(days=3))
        middle = make_article(published_at=now - timedelta(days=2))
        newer = make_article(title="Le plus récent", published_at=now - timedelta(days=1))
        response = client.get(middle.get_absolute_url())
        nav = parse_html(response.text).find(".//nav[@class='article-nav']")
        prev_link = nav.find(".//a[@rel='prev']")
        next_link = nav.find(".//a[@rel='next']")
        assert prev_link.get("href") == older.get_absolute_url()
        assert text_of(prev_link) == "← article précédent Le plus ancien"
        assert next_link.get("href") == newer.get_absolute_url()
        assert text_of(next_link) == "article suivant → Le plus récent"

    def test_no_previous_or_next_at_the_ends(self, client):
        """The oldest shows no "article précédent", the newest no "article suivant"."""
        now = timezone.now()
        oldest = make_article(published_at=now - timedelta(days=2))
        newest = make_article(published_at=now - timedelta(days=1))
        oldest_text = visible_text(client.get(oldest.get_absolute_url()).text)
        newest_text = visible_text(client.get(newest.get_absolute_url()).text)
        assert "article précédent" not in oldest_text
        assert "article suivant" in oldest_text
        assert "article suivant" not in newest_text
        assert "article précédent" in newest_text

    def test_a_lone_article_has_no_navigation(self, client):
        response = client.get(make_article().get_absolute_url())
        assert parse_html(response.text).find(".//nav[@class='article-nav']") is None

    def test_share_links_carry_the_encoded_canonical_url_and_title(self, client):
        """Each network's link carries the absolute URL and title, percent-encoded."""
        article = make_article(title="L'été & les « prix » ? Oui", slug="ete-et-prix")
        response = client.get(article.get_absolute_url())
        canonical = "http://testserver/article/ete-et-prix/"
        encoded_url = quote(canonical, safe="")
        encoded_title = quote(article.title, safe="")
        share = parse_html(response.text).find(".//section[@class='share']")
        hrefs = {a.get("class").split("--")[-1]: a.get("href") for a in share.iterfind(".//a")}

        assert hrefs["facebook"] == f"https://www.facebook.com/sharer/sharer.php?u={encoded_url}"
        assert hrefs["x"] == f"https://x.com/intent/post?url={encoded_url}&text={encoded_title}"
        assert hrefs["linkedin"] == (
            f"https://www.linkedin.com/sharing/share-offsite/?url={encoded_url}"
        )
        assert hrefs["whatsapp"] == f"https://wa.me/?text={encoded_title}%20{encoded_url}"
        assert hrefs["email"] == f"mailto:?subject={encoded_title}&body={encoded_url}"
        # Decoding gives back exactly the canonical URL and the title.
        assert parse_qs(urlsplit(hrefs["x"]).query) == {
            "url": [canonical],
            "text": [article.title],
        }

    def test_share_links_open_safely_and_load_nothing_from_third_parties(self, client):
        """New-window links carry noopener noreferrer; no external script, iframe or image."""
        response = client.get(make_article().get_absolute_url())
        page = parse_html(response.text)
        for link in page.find(".//section[@class='share']").iterfind(".//a[@target]"):
            assert link.get("target") == "_blank"
            assert set(link.get("rel").split()) >= {"noopener", "noreferrer"}
        for element in page.iter():
            for attribute in ("src", "data"):
                value = element.get(attribute)
                assert not value or value.startswith("/"), (element.tag, value)
            if element.tag == "link":
                href = element.get("href")
                assert href.startswith("/") or element.get("rel") == "canonical", href
        assert page.find(".//iframe") is None

    def test_copy_link_button_carries_the_canonical_url(self, client):
        """The copy button (revealed by site.js) holds the URL; a plain link works without JS."""
        article = make_article(slug="copie")
        page = parse_html(client.get(article.get_absolute_url()).text)
        button = page.find(".//button[@data-copy-url]")
        assert button.get("data-copy-url") == "http://testserver/article/copie/"
        assert button.get("hidden") is not None
        assert page.find(".//a[@class='share__link share__permalink']").get("href") == (
            "http://testserver/article/copie/"
        )

    def test_canonical_open_graph_and_twitter_meta(self, client):
        """The head holds the canonical link and the social cards' meta."""
        article = make_article(slug="meta", title="Un titre", standfirst="Un chapô.")
        head = parse_html(client.get(article.get_absolute_url()).text).find("head")
        canonical = [link.get("href") for link in head.iterfind("link[@rel='canonical']")]
        assert canonical == ["http://testserver/article/meta/"]
        meta = {
            (m.get("property") or m.get("name")): m.get("content") for m in head.iterfind("meta")
        }
        assert meta["og:type"] == "article"
        assert meta["og:title"] == "Un titre"
        assert meta["og:description"] == "Un chapô."
        assert meta["og:url"] == "http://testserver/article/meta/"
        assert meta["twitter:card"] == "summary"
        assert meta["twitter:title"] == "Un titre"

    def test_read_also_lists_three_published_articles_of_the_same_category(self, client):
        """Lire aussi shows at most three others from the category, all published."""
        category = make_category()
        article = make_article(category=category)
        siblings = [make_article(category=category) for _ in range(4)]
        hidden = draft(category=category)
        outsider = make_article()
        response = client.get(article.get_absolute_url())
        section = parse_html(response.text).find(".//section[@class='related']")
        assert "Lire aussi" in "".join(section.itertext())
        hrefs = [a.get("href") for a in section.iterfind(".//a")]
        assert len(hrefs) == 3
        assert set(hrefs) <= {s.get_absolute_url() for s in siblings}
        assert hidden.get_absolute_url() not in hrefs
        assert outsider.get_absolute_url() not in hrefs

    def test_comment_count_on_the_article(self, client):
        """The article shows how many approved comments it has."""
        article = make_article()
        for status in ["approved", "approved", "approved", "spam"]:
            make_comment(article=article, status=status)
        assert "3 commentaires" in visible_text(client.get(article.get_absolute_url()).text)

    def test_body_html_is_rendered_as_sanitised(self, client):
        """Markup the sanitiser refused never reaches the page, neither as a tag nor as code."""
        article = make_article(body="<p>Bonjour</p><script>alert('x')</script>")
        response = client.get(article.get_absolute_url())
        body = parse_html(response.text).find(".//div[@class='article__body prose']")
        assert body.find(".//script") is None
        assert "".join(body.itertext()).strip() == "Bonjour"


class TestQueryCounts:
    """What rendering a page costs: the first anonymous reader after a change pays it.

    Each bound includes one query of the page cache (newsroom/pagecache.py): the
    site's cache generation looks up the next scheduled publication, at which it
    lapses; it runs once after each change, not once per page or per article.
    """

    @pytest.mark.parametrize("count", [1, 10])
    def test_home_runs_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries, count
    ):
        """Home: the menu, the paginator count, the cards, their co-authors and comment counts."""
        for _ in range(count):
            article = make_article(author=make_user())
            make_comment(article=article, status="approved")
        with django_assert_max_num_queries(1 + 5):
            client.get("/")

    @pytest.mark.parametrize("count", [1, 10])
    def test_category_page_runs_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries, count
    ):
        category = make_category()
        for _ in range(count):
            make_article(category=category, author=make_user())
        # One of them counts the cards' comments (comments_tags.get_comment_counts).
        with django_assert_max_num_queries(1 + 6):
            client.get(category.get_absolute_url())

    def test_article_page_runs_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        """Article, neighbours, related articles, topics, the menu and the comment section.

        The comment section takes three: the thread's ids and states (the tree and the
        count, however many comments), the rows of the comment page shown and the
        editors' picks. Neighbours, related articles and topics are cached together
        after this first view.
        """
        category = make_category()
        articles = [make_article(category=category, author=make_user()) for _ in range(6)]
        for article in articles:
            make_comment(article=article, status="approved")
        with django_assert_max_num_queries(1 + 10):
            client.get(articles[3].get_absolute_url())


class TestErrorPages:
    def test_404_page_is_in_the_site_look(self, client):
        """Unknown pages answer 404 with the site's header and a way back."""
        response = client.get("/nulle-part/")
        assert response.status_code == 404
        text = visible_text(response.text)
        assert "Page introuvable" in text
        assert "Retour à la une" in text
        assert parse_html(response.text).find(".//nav[@class='category-menu']") is not None

    @pytest.mark.django_db(False)
    def test_500_page_renders_without_database_or_context(self, rf):
        """The 500 handler needs neither the database nor context processors."""
        handler = get_resolver().resolve_error_handler(500)
        response = handler(rf.get("/"))
        assert response.status_code == 500
        text = visible_text(response.content.decode())
        assert "Une erreur est survenue" in text
        assert "/static/css/site.css" in response.content.decode()


def test_robots_txt_points_at_the_absolute_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text.splitlines()
    assert "Disallow: /admin/" in response.text.splitlines()


@pytest.mark.parametrize("page", ["home", "archive", "category", "article", "missing"])
def test_pages_need_no_inline_script_or_style_and_nothing_from_elsewhere(client, page):
    """The CSP forbids inline code; CSS and JS come from the site itself, never a CDN."""
    article = make_article()
    url = {
        "home": "/",
        "archive": reverse("articles:archive"),
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "missing": "/nulle-part/",
    }[page]
    document = parse_html(client.get(url).text)
    scripts = document.findall(".//script")
    assert scripts, "site.js is loaded"
    for script in scripts:
        assert script.get("src", "").startswith("/static/"), script.get("src")
        assert not (script.text or "").strip()
    assert document.findall(".//style") == []
    for element in document.iter():
        assert element.get("style") is None, element.tag
        assert not any(name.startswith("on") for name in element.attrib), element.tag
    stylesheets = [link.get("href") for link in document.iterfind(".//link[@rel='stylesheet']")]
    assert "/static/css/site.css" in stylesheets
    assert all(href.startswith("/static/") for href in stylesheets), stylesheets
