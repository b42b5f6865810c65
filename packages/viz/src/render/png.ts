// PNG encoding and decoding through pngjs; the only place that touches the PNG format.
import { PNG } from 'pngjs';

/** A decoded image: RGBA bytes, row-major, 4 per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Encodes RGBA pixels as PNG bytes (stored as 8-bit RGB: every figure is opaque). */
export function encodePng(image: RgbaImage): Uint8Array {
  if (image.data.length !== image.width * image.height * 4) {
    throw new Error(
      `encodePng: expected ${image.width}x${image.height}x4 = ${image.width * image.height * 4} bytes, got ${image.data.length}`,
    );
  }
  const png = new PNG({ width: image.width, height: image.height, colorType: 2, inputColorType: 6 });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6 });
}

/** Decodes PNG bytes to RGBA pixels; throws pngjs's error on a damaged file. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}
