# ruff: noqa: E501, RUF001 - long lines of French prose, with its typographic apostrophes
"""The demo's photos: drawn with Pillow on the spot (the demo downloads nothing).

Each scene is a simple picture (a skyline, a mountain range, a cinema...) drawn
from shapes, with a fine grain so that it compresses like a photograph rather
than like a flat drawing. The alt text says what the picture shows; the caption
ties it to its article. People and agencies in credits are fictional.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1600, 1067)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw, size, top, bottom, horizon):
    for y in range(horizon + 1):
        draw.line([(0, y), (size[0], y)], fill=_mix(top, bottom, y / max(horizon, 1)))


def _hills(draw, rng, size, base, colour, amplitude=0.06):
    width, height = size
    phase, amp, freq = rng.uniform(0, 6.3), amplitude * height, rng.uniform(1.5, 4)
    points = [(0, height)]
    for x in range(0, width + 20, 20):
        points.append((x, base - amp * (1 + math.sin(phase + freq * x / width * math.pi))))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _windows(draw, rng, box, lit=(250, 220, 140), chance=0.35):
    left, top, right, bottom = box
    for y in range(int(top) + 12, int(bottom) - 10, 24):
        for x in range(int(left) + 6, int(right) - 10, 16):
            if rng.random() < chance:
                draw.rectangle([x, y, x + 6, y + 10], fill=lit)


def city(draw, rng, size):
    width, height = size
    horizon = int(height * 0.62)
    _sky(draw, size, (40, 55, 100), (235, 150, 100), horizon)
    x = 0
    while x < width:
        w, h = rng.randint(60, 140), rng.uniform(0.15, 0.45) * height
        draw.rectangle([x, horizon - h, x + w, height], fill=(45, 45, 60))
        _windows(draw, rng, (x, horizon - h, x + w, height))
        x += w + rng.randint(4, 16)
    draw.rectangle([0, int(height * 0.9), width, height], fill=(30, 30, 40))


def racks(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(28, 32, 40))
    draw.polygon(
        [(0, height), (width, height), (width * 0.6, height * 0.55), (width * 0.4, height * 0.55)],
        fill=(60, 66, 78),
    )
    for side in (-1, 1):
        for n in range(7):
            depth = 1 - n * 0.12
            x = width / 2 + side * (width * 0.12 + (width * 0.4) * depth)
            w, top, bottom = (
                width * 0.09 * depth,
                height * (0.5 - 0.4 * depth),
                height * (0.55 + 0.4 * depth),
            )
            draw.rectangle(
                [min(x, x + side * w), top, max(x, x + side * w), bottom],
                fill=(15, 18, 24),
                outline=(70, 75, 90),
            )
            for y in range(int(top) + 8, int(bottom) - 8, max(6, int(14 * depth))):
                if rng.random() < 0.6:
                    led = rng.choice([(80, 220, 120), (250, 170, 60), (90, 160, 250)])
                    cx = x + side * w * rng.uniform(0.2, 0.8)
                    draw.rectangle([cx, y, cx + 7 * depth + 2, y + 4 * depth + 2], fill=led)


def town(draw, rng, size):
    width, height = size
    horizon = int(height * 0.55)
    _sky(draw, size, (120, 175, 235), (215, 230, 245), horizon)
    _hills(draw, rng, size, horizon, (110, 150, 90), 0.08)
    _hills(draw, rng, size, horizon + height * 0.12, (90, 130, 75), 0.05)
    for _ in range(28):
        x, y = rng.uniform(0.05, 0.95) * width, rng.uniform(0.7, 0.92) * height
        w = rng.uniform(40, 80)
        draw.rectangle(
            [x, y, x + w, y + w * 0.7],
            fill=rng.choice([(235, 225, 205), (220, 200, 170), (240, 235, 225)]),
        )
        draw.polygon([(x - 6, y), (x + w / 2, y - w * 0.45), (x + w + 6, y)], fill=(170, 75, 55))
    church = width * rng.uniform(0.3, 0.7)
    draw.rectangle([church, height * 0.6, church + 40, height * 0.8], fill=(225, 215, 195))
    draw.polygon(
        [(church - 4, height * 0.6), (church + 20, height * 0.5), (church + 44, height * 0.6)],
        fill=(90, 90, 100),
    )


def mountains(draw, rng, size):
    width, height = size
    horizon = int(height * 0.7)
    _sky(draw, size, (150, 185, 225), (235, 240, 248), horizon)
    x = -100
    while x < width:
        peak_w, peak_h = rng.uniform(300, 520), rng.uniform(0.35, 0.6) * height
        top = (x + peak_w / 2, horizon - peak_h)
        draw.polygon([(x, horizon + 40), top, (x + peak_w, horizon + 40)], fill=(110, 120, 140))
        snow = 0.35
        draw.polygon(
            [_mix(top, (x, horizon), snow), top, _mix(top, (x + peak_w, horizon), snow)],
            fill=(245, 248, 252),
        )
        x += peak_w * rng.uniform(0.45, 0.7)
    draw.rectangle([0, horizon + 30, width, height], fill=(95, 110, 105))
    _hills(draw, rng, size, height * 0.9, (70, 90, 80), 0.04)


def river(draw, rng, size):
    width, height = size
    horizon = int(height * 0.45)
    _sky(draw, size, (130, 180, 230), (225, 235, 245), horizon + 100)
    _hills(draw, rng, size, horizon + 20, (85, 125, 80), 0.07)
    draw.rectangle([0, horizon + 60, width, height], fill=(95, 140, 80))
    points_left, points_right = [], []
    for i in range(0, 41):
        t = i / 40
        y = horizon + 70 + t * (height - horizon - 70)
        centre = width * (0.5 + 0.18 * math.sin(t * 5 + 1))
        half = 10 + t * width * 0.16
        points_left.append((centre - half, y))
        points_right.append((centre + half, y))
    draw.polygon(points_left + points_right[::-1], fill=(80, 130, 170))
    for _ in range(40):
        x, y = rng.uniform(0, width), rng.uniform(horizon + 80, height)
        r = rng.uniform(15, 40)
        draw.ellipse([x - r, y - r * 1.6, x + r, y + r * 0.4], fill=(50, 95, 55))


def night(draw, rng, size):
    width, height = size
    horizon = int(height * 0.72)
    _sky(draw, size, (10, 15, 40), (45, 60, 110), horizon)
    for _ in range(260):
        x, y, r = rng.uniform(0, width), rng.uniform(0, horizon), rng.choice([1, 1, 1.5, 2])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(240, 240, 225))
    moon = (width * rng.uniform(0.6, 0.85), height * 0.2)
    draw.ellipse([moon[0] - 50, moon[1] - 50, moon[0] + 50, moon[1] + 50], fill=(245, 240, 210))
    draw.ellipse(
        [moon[0] - 30, moon[1] - 60, moon[0] + 70, moon[1] + 40],
        fill=_mix((10, 15, 40), (45, 60, 110), 0.25),
    )
    x = 0
    while x < width:
        w, h = rng.uniform(120, 200), rng.uniform(70, 130)
        draw.rectangle([x, horizon - h, x + w, height], fill=(25, 28, 45))
        draw.polygon(
            [(x - 8, horizon - h), (x + w / 2, horizon - h - 60), (x + w + 8, horizon - h)],
            fill=(20, 22, 38),
        )
        x += w + rng.uniform(10, 40)


def sea(draw, rng, size):
    width, height = size
    _sky(draw, size, (120, 200, 210), (10, 50, 70), height)
    for _ in range(10):
        x = rng.uniform(0, width)
        draw.polygon(
            [(x, 0), (x + 60, 0), (x + 260, height), (x + 200, height)], fill=(140, 215, 220)
        )
    for _ in range(22):
        x, sway = rng.uniform(0, width), rng.uniform(20, 60)
        top = rng.uniform(0.2, 0.55) * height
        colour = rng.choice([(120, 95, 40), (100, 80, 35), (140, 110, 50)])
        previous = (x, height)
        for i in range(1, 21):
            t = i / 20
            point = (x + sway * math.sin(t * 4 + x), height - t * (height - top))
            draw.line([previous, point], fill=colour, width=int(22 - 12 * t))
            previous = point
    draw.rectangle([0, height * 0.93, width, height], fill=(70, 65, 55))


def cinema(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(22, 18, 22))
    screen = [width * 0.18, height * 0.1, width * 0.82, height * 0.45]
    draw.rectangle(screen, fill=(215, 225, 235))
    draw.polygon(
        [
            (screen[0], screen[3]),
            (screen[2], screen[3]),
            (width, height * 0.62),
            (0, height * 0.62),
        ],
        fill=(45, 40, 48),
    )
    for row in range(7):
        y = height * (0.55 + row * 0.065)
        seat_w = 48 + row * 10
        x = -rng.uniform(0, seat_w)
        while x < width:
            draw.rounded_rectangle(
                [x, y, x + seat_w - 8, y + 30 + row * 6], radius=8, fill=(150, 30, 40)
            )
            x += seat_w


def stage(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(15, 12, 25))
    for _ in range(5):
        x = rng.uniform(0.15, 0.85) * width
        draw.polygon(
            [(x - 20, 0), (x + 20, 0), (x + 260, height * 0.75), (x - 260, height * 0.75)],
            fill=(70, 55, 90),
        )
    draw.rectangle([0, height * 0.62, width, height * 0.75], fill=(120, 80, 50))
    for _ in range(5):
        x = rng.uniform(0.25, 0.75) * width
        draw.ellipse([x - 18, height * 0.38, x + 18, height * 0.43], fill=(40, 30, 40))
        draw.rectangle([x - 22, height * 0.43, x + 22, height * 0.62], fill=(40, 30, 40))
    for _ in range(70):
        x, y = rng.uniform(0, width), rng.uniform(0.78, 0.95) * height
        draw.ellipse([x - 22, y - 26, x + 22, y + 18], fill=(8, 6, 12))
        draw.rectangle([x - 34, y + 10, x + 34, height], fill=(8, 6, 12))


def shelves(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(120, 85, 55))
    for shelf in range(5):
        top = height * (0.04 + shelf * 0.195)
        bottom = top + height * 0.16
        x = 30
        while x < width - 40:
            w = rng.uniform(16, 38)
            h = rng.uniform(0.7, 1.0) * (bottom - top)
            colour = rng.choice(
                [
                    (150, 40, 40),
                    (40, 70, 120),
                    (60, 110, 70),
                    (200, 170, 90),
                    (90, 60, 110),
                    (220, 210, 190),
                ]
            )
            draw.rectangle([x, bottom - h, x + w, bottom], fill=colour)
            draw.line(
                [(x + 4, bottom - h * 0.8), (x + w - 4, bottom - h * 0.8)],
                fill=(235, 220, 170),
                width=2,
            )
            x += w + rng.uniform(1, 4)
        draw.rectangle([0, bottom, width, bottom + height * 0.035], fill=(90, 60, 35))


def code(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(200, 195, 185))
    draw.rectangle([width * 0.1, height * 0.08, width * 0.9, height * 0.78], fill=(35, 35, 40))
    draw.rectangle([width * 0.13, height * 0.12, width * 0.87, height * 0.74], fill=(30, 33, 45))
    draw.rectangle([width * 0.45, height * 0.78, width * 0.55, height * 0.9], fill=(60, 60, 65))
    draw.rectangle([width * 0.3, height * 0.9, width * 0.7, height * 0.93], fill=(60, 60, 65))
    y = height * 0.15
    while y < height * 0.7:
        x = width * 0.15 + rng.choice([0, 0, 40, 80])
        for _ in range(rng.randint(1, 5)):
            w = rng.uniform(30, 140)
            colour = rng.choice(
                [
                    (200, 120, 220),
                    (120, 200, 140),
                    (230, 190, 110),
                    (130, 170, 240),
                    (210, 210, 210),
                ]
            )
            if x + w < width * 0.85:
                draw.rectangle([x, y, x + w, y + 12], fill=colour)
            x += w + 14
        y += 26


SCENES = {
    "city": city, "racks": racks, "town": town, "mountains": mountains, "river": river,
    "night": night, "sea": sea, "cinema": cinema, "stage": stage, "shelves": shelves, "code": code,
}  # fmt: skip


@functools.lru_cache(maxsize=32)
def draw_scene(scene, *, seed, size=SIZE):
    """The scene as JPEG bytes, like a camera's: grain included (drawn once a process)."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    SCENES[scene](ImageDraw.Draw(image), rng, size)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    image = Image.blend(image, Image.effect_noise(size, 24).convert("RGB"), 0.08)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


# Article slug -> its lead photo. Articles not listed have none (as in a real newsroom).
PHOTOS = {
    "laboratoires-ia-se-disputent-chercheurs": {
        "scene": "city",
        "alt": "Des tours de bureaux aux fenêtres éclairées se découpent sur un ciel orangé de fin de journée.",
        "caption": "Les laboratoires se regroupent dans quelques quartiers d’affaires, où les loyers flambent.",
        "credit": "Léa Fontaine",
    },
    "logiciel-libre-administrations": {
        "scene": "code",
        "alt": "Un écran d’ordinateur affiche des lignes de code colorées sur fond sombre.",
        "caption": "Plusieurs ministères publient désormais le code de leurs applications.",
        "credit": "Marc Olivier",
    },
    "centres-de-donnees-plus-sobres": {
        "scene": "racks",
        "alt": "Une allée de baies de serveurs dans la pénombre, ponctuée de voyants verts, orange et bleus.",
        "caption": "Dans un centre de données de la région lyonnaise, l’air froid circule par le plancher.",
        "credit": "Léa Fontaine",
    },
    "teletravail-villes-moyennes": {
        "scene": "town",
        "alt": "Une petite ville aux toits rouges et son clocher, au pied de collines verdoyantes.",
        "caption": "Les villes moyennes attirent de nouveaux habitants, venus avec leur emploi.",
        "credit": "Sami Haddad",
    },
    "glaciers-alpes-reculent": {
        "scene": "mountains",
        "alt": "Une chaîne de sommets aux pointes enneigées sous un ciel pâle, au-dessus d’une vallée verte.",
        "caption": "La neige ne couvre plus que le haut des sommets à la fin de l’été.",
        "credit": "Agence Altitude",
    },
    "qualite-eau-rivieres-capteurs": {
        "scene": "river",
        "alt": "Une rivière bleue serpente entre des prés et des bosquets, sous un ciel clair.",
        "caption": "Les capteurs sont fixés aux piles des ponts, tous les dix kilomètres.",
        "credit": "Sami Haddad",
    },
    "sommeil-des-adolescents": {
        "scene": "night",
        "alt": "Les toits d’un quartier de maisons en silhouette, sous un ciel étoilé et un croissant de lune.",
        "caption": "Chez les adolescents, l’écran repousse l’heure du coucher de près d’une heure.",
        "credit": "Marc Olivier",
    },
    "forets-de-laminaires-iroise": {
        "scene": "sea",
        "alt": "Sous l’eau, de longues algues brunes ondulent dans une lumière bleu-vert venue de la surface.",
        "caption": "Les laminaires forment de véritables forêts sous-marines, abri de centaines d’espèces.",
        "credit": "Agence Océane",
    },
    "cinemas-seances-debats": {
        "scene": "cinema",
        "alt": "Une salle de cinéma vue du fond : des rangées de fauteuils rouges face à l’écran allumé.",
        "caption": "Une séance-débat réunit en moyenne deux fois plus de spectateurs qu’une séance ordinaire.",
        "credit": "Léa Fontaine",
    },
    "festival-musique-ancienne-lyon": {
        "scene": "stage",
        "alt": "Des musiciens en silhouette sur une scène baignée de faisceaux violets, devant un public dans l’ombre.",
        "caption": "Le concert d’ouverture s’est joué à guichets fermés.",
        "credit": "Sami Haddad",
    },
    "bibliotheques-ouvertes-le-dimanche": {
        "scene": "shelves",
        "alt": "Des rayonnages de bois chargés de livres aux dos de toutes les couleurs.",
        "caption": "Le dimanche, les familles empruntent deux fois plus d’albums jeunesse.",
        "credit": "Marc Olivier",
    },
}
