// The pack's own fonts. A pack must print with the same glyphs, line breaks and page count on
// every machine, so it never asks the machine for a font: every face it uses comes from an npm
// package and goes into the page as a data: URL (Framework's stylesheet bundler cannot copy font
// files, and the PDF's running header and footer are drawn apart from the page, with nothing but
// what their template carries).
//
// Arimo is metric-compatible with Arial, the face of an OPCC's Word papers, so a pack reads and
// breaks like the papers it replaces; Cousine is its monospaced sibling, for hashes and ids. Arimo
// has no arrows or maths signs (→, ≤, ▲): DejaVu Sans, with its wide coverage, supplies any glyph
// Arimo lacks, under a family name of our own so that a machine's own DejaVu is never the one used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Face {
  family: string;
  /** The npm package and its file under files/. */
  pkg: string;
  file: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
  unicodeRange?: string;
}

// Fontsource's own subset ranges for the two Latin subsets Arimo ships.
const latin =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const latinExt =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

export const packFamilies = { sans: 'PSM Arimo', symbols: 'PSM DejaVu Sans', mono: 'PSM Cousine' } as const;

/** The CSS font stacks: bundled faces only, so no glyph is ever drawn from a machine's own font. */
export const fontStacks = {
  sans: `"${packFamilies.sans}", "${packFamilies.symbols}"`,
  mono: `"${packFamilies.mono}", "${packFamilies.symbols}"`,
} as const;

function arimo(weight: 400 | 700, style: 'normal' | 'italic'): Face[] {
  return [
    {
      family: packFamilies.sans,
      pkg: '@fontsource/arimo',
      file: `arimo-latin-${weight}-${style}.woff2`,
      weight,
      style,
      unicodeRange: latin,
    },
    {
      family: packFamilies.sans,
      pkg: '@fontsource/arimo',
      file: `arimo-latin-ext-${weight}-${style}.woff2`,
      weight,
      style,
      unicodeRange: latinExt,
    },
  ];
}

// Upright only: an italic arrow or sign is drawn slanted from the upright face (Type 3 in the PDF,
// which the checks refuse), and the pack's prose has none; 440 KB of italics would ride on every page.
const dejavu = (weight: 400 | 700, style: 'normal'): Face[] => [
  { family: packFamilies.symbols, pkg: '@fontsource/dejavu-sans', file: `dejavu-sans-latin-${weight}-${style}.woff2`, weight, style },
];

const faces: Face[] = [
  ...arimo(400, 'normal'),
  ...arimo(700, 'normal'),
  ...arimo(400, 'italic'),
  ...arimo(700, 'italic'),
  ...dejavu(400, 'normal'),
  ...dejavu(700, 'normal'),
  {
    family: packFamilies.mono,
    pkg: '@fontsource/cousine',
    file: 'cousine-latin-400-normal.woff2',
    weight: 400,
    style: 'normal',
    unicodeRange: latin,
  },
];

/** The PostScript names these faces carry into a PDF (pdffonts lists them with a subset prefix). */
export const embeddedFontNames = [
  'Arimo-Regular',
  'Arimo-Bold',
  'Arimo-Italic',
  'Arimo-BoldItalic',
  'DejaVuSans',
  'DejaVuSans-Bold',
  'Cousine-Regular',
] as const;

const cache = new Map<string, string>();

function dataUrl(face: Face): string {
  const path = require.resolve(`${face.pkg}/files/${face.file}`);
  let url = cache.get(path);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(path).toString('base64')}`;
    cache.set(path, url);
  }
  return url;
}

function fontFace(face: Face): string {
  const range = face.unicodeRange ? ` unicode-range: ${face.unicodeRange};` : '';
  return `@font-face { font-family: "${face.family}"; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url(${dataUrl(face)}) format("woff2");${range} }`;
}

/** @font-face rules for every bundled face (the pack page's fonts.css). */
export function fontFaceCss(): string {
  return faces.map(fontFace).join('\n') + '\n';
}

/** Only the faces the running header and footer draw with (upright Arimo): they are repeated on
 * every page's template, so they carry no more than they use. */
export function headerFontFaceCss(): string {
  return faces
    .filter((f) => f.family === packFamilies.sans && f.style === 'normal')
    .map(fontFace)
    .join('\n');
}
