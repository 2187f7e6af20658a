import sharp from 'sharp';

/**
 * A synthetic "photo": coloured discs on a gradient, different for every seed (tests and the demo
 * seed use it to stand for a picture of strawberries).
 */
export async function scenePhoto(seed: number, opts: { width?: number; height?: number; takenAt?: string; format?: 'jpeg' | 'png' } = {}): Promise<Buffer> {
  const w = opts.width ?? 640;
  const h = opts.height ?? 480;
  const px = Buffer.alloc(w * h * 3);
  let s = seed * 7919 + 17;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const discs = Array.from({ length: 12 }, () => ({ x: rnd() * w, y: rnd() * h, r: (30 + rnd() * 120) * (w / 640), c: [rnd() * 255, rnd() * 255, rnd() * 255] }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = [(x / w) * 80, (y / h) * 80, 60];
      for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r ** 2) c = d.c;
      const i = (y * w + x) * 3;
      px[i] = c[0]; px[i + 1] = c[1]; px[i + 2] = c[2];
    }
  }
  let img = sharp(px, { raw: { width: w, height: h, channels: 3 } });
  // EXIF times are local wall-clock time, "YYYY:MM:DD HH:MM:SS".
  if (opts.takenAt) img = img.withExif({ IFD0: { DateTime: opts.takenAt }, IFD2: { DateTimeOriginal: opts.takenAt } } as never);
  return opts.format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

/** The same picture as a chat app would pass it on: smaller and recompressed. */
export async function reencoded(bytes: Buffer, width = 320, quality = 55): Promise<Buffer> {
  return sharp(bytes).resize(width).jpeg({ quality }).toBuffer();
}
