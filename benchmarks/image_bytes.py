"""Bytes of images a browser downloads for a page, at phone and desktop widths.

    python benchmarks/image_bytes.py http://127.0.0.1:8000/          # DPR 1
    python benchmarks/image_bytes.py http://127.0.0.1:8000/ --dpr 2

Not a test: run it by hand against a served site (``loaddemo`` data, renditions made,
e.g. ``DEBUG=1 SERVE_MEDIA=1 python manage.py runserver``). Debian's Chromium through
Playwright, as in the browser tests. For each width it prints the bytes of image
responses after the first view has settled, then after scrolling to the bottom
(lazy images load as they come near), and each image's URL with its size.
"""

import argparse

from playwright.sync_api import sync_playwright

WIDTHS = (375, 1280)


def measure(browser, url, width, dpr):
    context = browser.new_context(
        viewport={"width": width, "height": 800 if width < 500 else 900},
        device_scale_factor=dpr,
    )
    page = context.new_page()
    sizes = {}

    def on_response(response):
        if response.request.resource_type == "image" and response.ok:
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    first_view = dict(sizes)
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 800, 400):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(80)
    page.wait_for_load_state("networkidle")
    context.close()
    return first_view, sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--dpr", type=float, default=1)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=options.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            first, total = measure(browser, options.url, width, options.dpr)
            print(
                f"{width} px (DPR {options.dpr:g}): first view {sum(first.values())} B in "
                f"{len(first)} images; after scrolling {sum(total.values())} B in {len(total)}"
            )
            for image_url, size in sorted(total.items()):
                print(f"    {size:>9} {image_url}")
        browser.close()


if __name__ == "__main__":
    main()
