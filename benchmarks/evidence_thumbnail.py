"""What a thumbnail adds to attaching an image: the time make_thumbnail takes.

Run:  .venv/bin/python benchmarks/evidence_thumbnail.py [--megapixels 12] [--repeat 5]

A synthetic photograph (noise, so it compresses like a real one) of the given size is encoded
as JPEG and as PNG in memory; make_thumbnail (uncounted/vault/evidence_metadata.py) turns each
into a <= 320 px JPEG from pixels alone. Reported: the median wall and CPU time over the
repeats (Pillow's pixel buffers are C memory, which tracemalloc does not see, so memory is not
reported). The upload itself (hash, encrypt, metadata read) is not measured here.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from PIL import Image

from uncounted.vault.evidence_metadata import MediaType, make_thumbnail


def _photo(megapixels: float, image_format: str) -> bytes:
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    tile = Image.effect_noise((512, 512), 64).convert("RGB")
    image = Image.new("RGB", (width, height))
    for x in range(0, width, 512):
        for y in range(0, height, 512):
            image.paste(tile, (x, y))
    out = io.BytesIO()
    image.save(out, image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for image_format, mime in (("JPEG", "image/jpeg"), ("PNG", "image/png")):
        data = _photo(args.megapixels, image_format)
        kind = MediaType(mime, image_format.lower())
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            thumbnail = make_thumbnail(io.BytesIO(data), kind)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        assert thumbnail is not None
        print(
            f"{image_format} {args.megapixels:g} MP ({len(data) / 1e6:.1f} MB):"
            f" median {statistics.median(walls) * 1000:.0f} ms wall,"
            f" {statistics.median(cpus) * 1000:.0f} ms CPU;"
            f" thumbnail {len(thumbnail) / 1000:.1f} kB"
        )


if __name__ == "__main__":
    main()
