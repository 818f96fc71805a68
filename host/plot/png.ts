// The chart as PNG: the SVG of svg.ts rasterised by sharp, which dlc already
// depends on to decode image data (host/data/image_decode.ts). Its libvips
// reads SVG with librsvg and lays text out with the system's fonts
// (fontconfig), so no second renderer and no browser are needed. Drawn at
// twice the SVG's size (density 144 against SVG's 72 dpi) so that lines and
// text stay sharp on high-density screens and in documents.
//
// sharp is imported here only, and this file only when a PNG is asked for.

/** Pixels per SVG unit. */
export const PNG_SCALE = 2;

/** PNG bytes of an SVG document. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const sharp = (await import("sharp")).default;
  const png = await sharp(Buffer.from(svg, "utf8"), { density: 72 * PNG_SCALE })
    .flatten({ background: "#ffffff" })
    .png({ compressionLevel: 9 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
