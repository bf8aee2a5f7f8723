/**
 * Draws the Teams app icons into appPackage/: a white shield with a tick on teal (color.png,
 * 192x192) and the same shield and tick as a white outline on transparent (outline.png, 32x32).
 *
 *   npx tsx scripts/make-icons.ts
 *
 * Pure Node: shapes are signed-distance functions sampled per pixel (the distance gives smooth
 * edges), and the PNGs are written by hand with node:zlib.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { APP_PACKAGE_DIR, crc32, ICON_SIZES, type RgbaImage } from '../src/teams/app-package.js';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

// Teal accent (the manifest's accentColor), a pale teal for the shield's face, and white.
const TEAL: Rgb = [0x00, 0x79, 0x6b];
const PALE_TEAL: Rgb = [0xe0, 0xf2, 0xf1];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/**
 * The shield's edge as a closed polygon in a unit square from -1 to 1 (y points down): a flat top
 * with rounded corners, straight sides, and two curves meeting in a point at the bottom.
 */
function shieldOutline(): Point[] {
  const halfWidth = 0.56;
  const top = -0.62;
  const shoulder = 0.02;
  const bottom = 0.78;
  const corner = 0.14;
  const points: Point[] = [];
  const arc = (cx: number, cy: number, from: number, to: number) => {
    for (let i = 0; i <= 8; i++) {
      const a = from + ((to - from) * i) / 8;
      points.push([cx + corner * Math.cos(a), cy + corner * Math.sin(a)]);
    }
  };
  // Quadratic curve from the shoulder to the point: the control point keeps the side vertical
  // for a while, which reads as a shield rather than a heart or a leaf.
  const curve = (side: 1 | -1, downwards: boolean) => {
    const p0: Point = [side * halfWidth, shoulder];
    const p1: Point = [side * halfWidth, shoulder + 0.55 * (bottom - shoulder)];
    const p2: Point = [0, bottom];
    for (let i = 0; i <= 40; i++) {
      const t = downwards ? i / 40 : 1 - i / 40;
      const u = 1 - t;
      points.push([
        u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
        u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1],
      ]);
    }
  };
  arc(-halfWidth + corner, top + corner, Math.PI, 1.5 * Math.PI);
  arc(halfWidth - corner, top + corner, 1.5 * Math.PI, 2 * Math.PI);
  curve(1, true);
  curve(-1, false);
  return points;
}

/** The tick, as a polyline drawn with round ends. */
const TICK: Point[] = [
  [-0.27, 0.1],
  [-0.06, 0.31],
  [0.3, -0.16],
];

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0
      ? 0
      : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Signed distance to a closed polygon: negative inside (even-odd rule). */
function polygonDistance(p: Point, polygon: readonly Point[]): number {
  let distance = Number.POSITIVE_INFINITY;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[j] as Point;
    const b = polygon[i] as Point;
    distance = Math.min(distance, distanceToSegment(p, a, b));
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside ? -distance : distance;
}

function polylineDistance(p: Point, line: readonly Point[]): number {
  let distance = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++)
    distance = Math.min(distance, distanceToSegment(p, line[i - 1] as Point, line[i] as Point));
  return distance;
}

/** How much of a pixel a shape covers, from its signed distance: a one-pixel soft edge. */
function coverage(signedDistance: number, pixel: number): number {
  return Math.max(0, Math.min(1, 0.5 - signedDistance / pixel));
}

type Layer = { color: Rgb; cover: (p: Point, pixel: number) => number };

/** Paints layers bottom to top with "over" compositing; `scale` maps the unit square to the canvas. */
function render(
  size: number,
  scale: number,
  offsetY: number,
  layers: readonly Layer[],
  background?: Rgb,
): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  const pixel = 2 / (size * scale);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p: Point = [((x + 0.5) / size) * 2 - 1, ((y + 0.5) / size) * 2 - 1];
      const q: Point = [p[0] / scale, p[1] / scale + offsetY];
      let [r, g, b] = background ?? WHITE;
      let alpha = background ? 1 : 0;
      for (const layer of layers) {
        const c = layer.cover(q, pixel);
        if (c === 0) continue;
        const out = c + alpha * (1 - c);
        r = (layer.color[0] * c + r * alpha * (1 - c)) / out;
        g = (layer.color[1] * c + g * alpha * (1 - c)) / out;
        b = (layer.color[2] * c + b * alpha * (1 - c)) / out;
        alpha = out;
      }
      rgba.set([Math.round(r), Math.round(g), Math.round(b), Math.round(alpha * 255)], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, rgba };
}

const SHIELD = shieldOutline();
// The shield spans y -0.62..0.78; shifting by 0.08 centres it on the canvas.
const CENTRE_Y = 0.08;

/** 192x192, full colour: white shield with a pale face and a teal tick, on teal. */
export function renderColorIcon(): RgbaImage {
  return render(
    ICON_SIZES.color,
    1.08,
    CENTRE_Y,
    [
      { color: WHITE, cover: (p, px) => coverage(polygonDistance(p, SHIELD), px) },
      { color: PALE_TEAL, cover: (p, px) => coverage(polygonDistance(p, SHIELD) + 0.075, px) },
      { color: TEAL, cover: (p, px) => coverage(polylineDistance(p, TICK) - 0.085, px) },
    ],
    TEAL,
  );
}

/**
 * 32x32, white on transparent: the shield's edge and the tick as strokes about two pixels wide.
 * Every pixel stays pure white; only its transparency varies (Teams: white and transparent only).
 */
export function renderOutlineIcon(): RgbaImage {
  // Scaled so the top edge lands on a pixel boundary (row 2) and stays crisp at 32 pixels.
  const scale = 1.25;
  const halfStroke = 1 / ((ICON_SIZES.outline * scale) / 2);
  return render(ICON_SIZES.outline, scale, CENTRE_Y, [
    {
      color: WHITE,
      cover: (p, px) => coverage(Math.abs(polygonDistance(p, SHIELD) + halfStroke) - halfStroke, px),
    },
    { color: WHITE, cover: (p, px) => coverage(polylineDistance(p, TICK) - halfStroke * 1.1, px) },
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** An 8-bit RGBA, non-interlaced PNG (PNG spec, sections 5 and 11). */
export function encodePng(image: RgbaImage): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // colour type: truecolour with alpha
  // compression, filter method and interlace: 0
  const stride = image.width * 4;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(image.rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main(): void {
  for (const [name, image] of [
    ['color.png', renderColorIcon()],
    ['outline.png', renderOutlineIcon()],
  ] as const) {
    const file = path.join(APP_PACKAGE_DIR, name);
    fs.writeFileSync(file, encodePng(image));
    console.log(`Wrote ${path.relative(process.cwd(), file)} (${image.width}x${image.height})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
