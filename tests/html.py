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
