"""Parse pages as a browser would (html5lib) and look things up in them."""

import html5lib


def parse(markup):
    """An ElementTree of the page, element names without namespace."""
    return html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)


def field(document, name):
    """The form control (input, textarea, select) with this name."""
    for element in document.iter():
        if element.tag in {"input", "textarea", "select"} and element.get("name") == name:
            return element
    raise AssertionError(f"no form control named {name!r}")


def by_id(document, element_id):
    for element in document.iter():
        if element.get("id") == element_id:
            return element
    raise AssertionError(f"no element with id {element_id!r}")


def text(element):
    return "".join(element.itertext())


def next_comment_page(document):
    """The query string of the comment section's next page, or None on the last one."""
    for link in document.iter("a"):
        if link.get("rel") == "next" and "pagination__link" in (link.get("class") or ""):
            return link.get("href").split("#")[0]
    return None


def comment_pages(client, url, *, limit=1000):
    """Every comment page of an article, first to last, as (response, parsed document)."""
    query = ""
    for _ in range(limit):
        response = client.get(url + query)
        assert response.status_code == 200, url + query
        document = parse(response.text)
        yield response, document
        query = next_comment_page(document)
        if query is None:
            return
    raise AssertionError(f"more than {limit} comment pages at {url}")
