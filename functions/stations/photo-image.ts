import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { PhotoContentType } from '../../shared/schemas/station-photo';
import { IMAGE_CHECK_MAX_BYTES, IMAGE_CHECK_MAX_HEIGHT, IMAGE_CHECK_MAX_WIDTH } from '../lib/wechat/content-check';

/**
 * What the server does with an uploaded photo, in pure JS (no native binary to ship for Lambda):
 * tell its type by its first bytes, decode it, turn it upright (EXIF orientation), and write two
 * JPEGs: the photo (at most 1600 px on its long edge) and a thumbnail (360 px). Re-encoding also
 * drops the EXIF block, and with it the phone's GPS position and model.
 */
export const PHOTO_EDGE = 1600;
export const THUMB_EDGE = 360;
/** Larger pictures are refused before decoding (a 5 MB file can claim a huge size). */
const MAX_MEGAPIXELS = 40;

/** The type a file really is, by its magic number; null for anything but JPEG and PNG. */
export function detectPhotoType(bytes: Uint8Array): PhotoContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** JPEG EXIF orientation (1-8), 1 when absent or unreadable. */
export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    if (marker === 0xda) break; // image data starts: no EXIF before it
    const exif = at + 4;
    if (marker === 0xe1 && exif + 14 <= bytes.length && String.fromCharCode(...bytes.subarray(exif, exif + 4)) === 'Exif') {
      const tiff = exif + 6;
      const little = bytes[tiff] === 0x49;
      const u16 = (o: number) => view.getUint16(o, little);
      const u32 = (o: number) => view.getUint32(o, little);
      const ifd = tiff + u32(tiff + 4);
      if (ifd + 2 > bytes.length) return 1;
      const count = u16(ifd);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + i * 12;
        if (entry + 12 > bytes.length) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    at += 2 + length;
  }
  return 1;
}

/** Decodes a JPEG or PNG to RGBA (PNG transparency laid on white). Throws on a broken or oversized file. */
function decode(bytes: Uint8Array, type: PhotoContentType): Rgba {
  if (type === 'image/jpeg') {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 400 });
  }
  const png = PNG.sync.read(Buffer.from(bytes));
  if (png.width * png.height > MAX_MEGAPIXELS * 1e6) throw new Error('image too large');
  const data = png.data;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]! / 255;
    data[i] = Math.round(data[i]! * a + 255 * (1 - a));
    data[i + 1] = Math.round(data[i + 1]! * a + 255 * (1 - a));
    data[i + 2] = Math.round(data[i + 2]! * a + 255 * (1 - a));
    data[i + 3] = 255;
  }
  return { width: png.width, height: png.height, data };
}

/** Shrinks to fit `edge` on the long side by averaging the source pixels over each target pixel. */
export function shrink(image: Rgba, edge: number): Rgba {
  const scale = Math.min(1, edge / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  if (width === image.width && height === image.height) return image;
  const sums = new Float64Array(width * height * 3);
  const counts = new Uint32Array(width * height);
  const src = image.data;
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    for (let x = 0; x < image.width; x++) {
      const t = row + Math.min(width - 1, Math.floor((x * width) / image.width));
      const s = (y * image.width + x) * 4;
      sums[t * 3]! += src[s]!;
      sums[t * 3 + 1]! += src[s + 1]!;
      sums[t * 3 + 2]! += src[s + 2]!;
      counts[t]!++;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let t = 0; t < width * height; t++) {
    const n = counts[t] || 1;
    data[t * 4] = sums[t * 3]! / n;
    data[t * 4 + 1] = sums[t * 3 + 1]! / n;
    data[t * 4 + 2] = sums[t * 3 + 2]! / n;
    data[t * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Turns an image upright for its EXIF orientation (2-8 mirror and/or rotate; 5-8 swap the sides). */
export function orient(image: Rgba, orientation: number): Rgba {
  if (orientation <= 1 || orientation > 8) return image;
  const { width: w, height: h, data: src } = image;
  const swap = orientation >= 5;
  const width = swap ? h : w;
  const height = swap ? w : h;
  const data = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] =
        orientation === 2
          ? [w - 1 - x, y]
          : orientation === 3
            ? [w - 1 - x, h - 1 - y]
            : orientation === 4
              ? [x, h - 1 - y]
              : orientation === 5
                ? [y, x]
                : orientation === 6
                  ? [y, h - 1 - x]
                  : orientation === 7
                    ? [w - 1 - y, h - 1 - x]
                    : [w - 1 - y, x];
      const s = (sy * w + sx) * 4;
      const t = (y * width + x) * 4;
      data[t] = src[s]!;
      data[t + 1] = src[s + 1]!;
      data[t + 2] = src[s + 2]!;
      data[t + 3] = 255;
    }
  }
  return { width, height, data };
}

const toJpeg = (image: Rgba, quality: number): Buffer => jpeg.encode(image, quality).data;

/** Shrinks to fit within width × height (never enlarges). */
function fitWithin(image: Rgba, width: number, height: number): Rgba {
  const scale = Math.min(1, width / image.width, height / image.height);
  if (scale === 1) return image;
  // shrink() fits the long edge: pass the edge that makes the limiting side fit
  return shrink(image, Math.max(1, Math.floor(Math.max(image.width, image.height) * scale)));
}

/**
 * The copy WeChat's picture check gets (imgSecCheck: at most 750 × 1334 px and 1 MB): the upright
 * photo shrunk to fit, as a JPEG, at a lower quality if a very busy picture would still be too big.
 */
export function makeCheckJpeg(photo: Rgba): Buffer {
  const small = fitWithin(photo, IMAGE_CHECK_MAX_WIDTH, IMAGE_CHECK_MAX_HEIGHT);
  let jpegBytes = toJpeg(small, 80);
  for (const quality of [60, 40]) {
    if (jpegBytes.length <= IMAGE_CHECK_MAX_BYTES) break;
    jpegBytes = toJpeg(small, quality);
  }
  return jpegBytes;
}

/** A stored photo (already upright, no EXIF) decoded again: the content-check sweep checks it. */
export function checkJpegOfStoredPhoto(photoJpeg: Uint8Array): Buffer {
  return makeCheckJpeg(decode(photoJpeg, 'image/jpeg'));
}

/**
 * The photo and its thumbnail as upright JPEGs without metadata, and the copy for WeChat's picture
 * check. Throws when the file cannot be decoded.
 */
export function makePhotoJpegs(bytes: Uint8Array, type: PhotoContentType): { photo: Buffer; thumb: Buffer; check: Buffer } {
  const decoded = decode(bytes, type);
  const orientation = type === 'image/jpeg' ? jpegOrientation(bytes) : 1;
  const photo = orient(shrink(decoded, PHOTO_EDGE), orientation);
  const thumb = shrink(photo, THUMB_EDGE);
  return { photo: toJpeg(photo, 82), thumb: toJpeg(thumb, 78), check: makeCheckJpeg(photo) };
}
