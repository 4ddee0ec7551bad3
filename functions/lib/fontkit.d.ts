/** The part of fontkit 2 (no types published) that the letters' PDF uses: parsing a font and subsetting it. */
declare module 'fontkit' {
  export interface Subset {
    includeGlyph(glyph: unknown): number;
    encode(): Uint8Array;
  }
  export interface Font {
    createSubset(): Subset;
  }
  export function create(buffer: Buffer, postscriptName?: string): Font;
}
