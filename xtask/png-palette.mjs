// Rewrites a PNG as an indexed-colour PNG: `node xtask/png-palette.mjs IN OUT`.
//
// Used by `cargo xtask icons` on Chromium's screenshots, which are full-colour RGBA: the
// icon is two flat colours and their anti-aliased edges, so 16 colours (the two, and 14
// steps of edge between them and transparency), packed two pixels to a byte, keep it
// looking the same at a quarter of the bytes — and every icon is part of the first
// download. Colours beyond the 16 most used take the nearest kept colour.
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';

const [input, output] = process.argv.slice(2);
const png = readFileSync(input);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error(`${input} is not a PNG`);

// Read the chunks.
let width = 0, height = 0, type = 0;
const idat = [];
for (let at = 8; at < png.length; ) {
  const length = png.readUInt32BE(at);
  const name = png.toString('latin1', at + 4, at + 8);
  const data = png.subarray(at + 8, at + 8 + length);
  if (name === 'IHDR') {
    [width, height, type] = [data.readUInt32BE(0), data.readUInt32BE(4), data[9]];
    if (data[8] !== 8 || data[12] !== 0 || (type !== 6 && type !== 2)) {
      throw new Error(`${input}: only 8-bit, non-interlaced RGB or RGBA images are handled`);
    }
  }
  if (name === 'IDAT') idat.push(data);
  at += 12 + length;
}

// Undo the row filters: RGBA pixels as 32-bit numbers.
const channels = type === 6 ? 4 : 3;
const stride = width * channels;
const raw = inflateSync(Buffer.concat(idat));
const rows = Buffer.alloc(stride * height);
for (let y = 0; y < height; y++) {
  const filter = raw[y * (stride + 1)];
  const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
  for (let x = 0; x < stride; x++) {
    const left = x >= channels ? rows[y * stride + x - channels] : 0;
    const up = y > 0 ? rows[(y - 1) * stride + x] : 0;
    const corner = x >= channels && y > 0 ? rows[(y - 1) * stride + x - channels] : 0;
    const paeth = () => {
      const p = left + up - corner;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
    };
    const predictor = [0, left, up, (left + up) >> 1, paeth()][filter];
    if (predictor === undefined) throw new Error(`${input}: unknown row filter ${filter}`);
    rows[y * stride + x] = (line[x] + predictor) & 0xff;
  }
}
const pixels = new Uint32Array(width * height);
for (let i = 0; i < pixels.length; i++) {
  const o = i * channels;
  const alpha = channels === 4 ? rows[o + 3] : 255;
  // Fully transparent pixels are all the same colour, whatever their RGB.
  pixels[i] = alpha === 0 ? 0 : ((rows[o] << 24) | (rows[o + 1] << 16) | (rows[o + 2] << 8) | alpha) >>> 0;
}

// The palette: the most used colours; every other colour takes the nearest of them.
const COLOURS = 16;
const uses = new Map();
for (const p of pixels) uses.set(p, (uses.get(p) ?? 0) + 1);
const palette = [...uses.keys()].sort((a, b) => uses.get(b) - uses.get(a) || a - b).slice(0, COLOURS);
const parts = (c) => [c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff];
const index = new Map(palette.map((c, i) => [c, i]));
const nearest = (c) => {
  const [r, g, b, a] = parts(c);
  let best = 0, bestDistance = Infinity;
  palette.forEach((p, i) => {
    const [pr, pg, pb, pa] = parts(p);
    const d = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2 + 2 * (a - pa) ** 2;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
};
// Four bits an index: two pixels a byte, the left one in the high half.
const rowBytes = Math.ceil(width / 2);
const indexed = Buffer.alloc((rowBytes + 1) * height);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const c = pixels[y * width + x];
    if (!index.has(c)) index.set(c, nearest(c));
    indexed[y * (rowBytes + 1) + 1 + (x >> 1)] |= index.get(c) << (x % 2 ? 0 : 4);
  }
}

// Write it: header, palette, transparency, pixels (rows unfiltered: best for indexed images).
const CRC = Array.from({ length: 256 }, (_, n) => {
  for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
  return n >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (name, data) => {
  const body = Buffer.concat([Buffer.from(name, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
};
const header = Buffer.alloc(13);
header.writeUInt32BE(width, 0);
header.writeUInt32BE(height, 4);
header[8] = 4; // bits per index
header[9] = 3; // indexed colour
const alphas = palette.map((c) => c & 0xff);
while (alphas.length && alphas[alphas.length - 1] === 255) alphas.pop();
writeFileSync(
  output,
  Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(palette.flatMap((c) => parts(c).slice(0, 3)))),
    ...(alphas.length ? [chunk('tRNS', Buffer.from(alphas))] : []),
    chunk('IDAT', deflateSync(indexed, { level: 9, memLevel: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
