"""Image files for the photo tests, made with Pillow: each accepted format, each hostile case.

Every sample carries a camera's metadata as a phone would write it: an EXIF block
with a GPS position (the Eiffel Tower) and the camera's make, an XMP packet with the
position again, and an orientation tag saying "rotate 90°" (stored 80x40, seen 40x80).
"""

import io
import struct
import zlib

from PIL import ExifTags, Image, PngImagePlugin

SECRET_MAKE = "SecretCam-4000"
GPS = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.48N" '
    b'exif:GPSLongitude="2,17.66E"/></rdf:RDF></x:xmpmeta>'
)
# Bytes that must not survive into any stored file.
LEAKS = (SECRET_MAKE.encode(), b"GPSLatitude", b"48,51.48N")


def camera_exif(orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = SECRET_MAKE
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def picture(size=(80, 40)):
    """A picture whose left half is red and right half blue: orientation is visible."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    return image


def encode(image_format, *, size=(80, 40), metadata=True, orientation=6):
    image = picture(size)
    buffer = io.BytesIO()
    options = {}
    if metadata:
        options["exif"] = camera_exif(orientation)
        if image_format == "PNG":
            info = PngImagePlugin.PngInfo()
            info.add_itxt("XML:com.adobe.xmp", XMP.decode())
            options["pnginfo"] = info
        else:
            options["xmp"] = XMP
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def gif():
    buffer = io.BytesIO()
    picture().save(buffer, "GIF")
    return buffer.getvalue()


def truncated_jpeg():
    """A JPEG cut in the middle of its pixel data (a broken upload)."""
    data = encode("JPEG", size=(400, 300), metadata=False)
    return data[: len(data) // 2]


def bomb_png(width=50_000, height=50_000):
    """A PNG of a few hundred bytes whose header claims widthxheight pixels."""
    data = bytearray(encode("PNG", size=(10, 10), metadata=False))
    # The IHDR chunk: 8-byte signature, length (4), "IHDR" (4), width, height, ...
    start = 8 + 4 + 4
    data[start : start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : start + 13]))
    data[start + 13 : start + 17] = struct.pack(">I", crc)
    return bytes(data)
