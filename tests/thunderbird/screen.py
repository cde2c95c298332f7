"""A PNG of the whole virtual screen, from the framebuffer file Xvfb keeps with -fbdir.

Marionette's screenshot draws one window and leaves out popups (the add-on's panel is one),
so the test reads the X server's own framebuffer (XWD format) instead. Debian's Python has no
image library; PNG needs only zlib.
"""

import struct
import zlib


def xwd_to_png(xwd_path, png_path):
    with open(xwd_path, "rb") as f:
        data = f.read()
    fields = struct.unpack(">25I", data[:100])
    header_size, _version, _format, depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    ncolors = fields[19]
    if bits_per_pixel != 32 or depth != 24:
        raise ValueError(f"expected a 24-bit screen in 32-bit pixels, got {depth}/{bits_per_pixel}")
    pixels = data[header_size + ncolors * 12:]
    # Little-endian pixels are B, G, R, X in memory; big-endian X, R, G, B.
    order = (2, 1, 0) if byte_order == 0 else (1, 2, 3)
    rows = bytearray()
    for y in range(height):
        line = pixels[y * bytes_per_line: y * bytes_per_line + width * 4]
        rows.append(0)  # PNG filter: none
        rgb = bytearray(width * 3)
        for i, offset in enumerate(order):
            rgb[i::3] = line[offset::4]
        rows += rgb

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    with open(png_path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(rows), 6)))
        f.write(chunk(b"IEND", b""))
