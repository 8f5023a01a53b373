/**
 * SVG → PNG for the charts a report embeds: a .docx carries each chart as SVG with a PNG fallback
 * (Word before 2016, WPS and LibreOffice draw the PNG). @resvg/resvg-js (MPL-2.0; prebuilt
 * binaries from the npm registry, no browser) draws it with the system's fonts, so the Chinese
 * labels come out in whatever CJK font the machine has (微软雅黑/黑体 on Windows, Noto on Linux).
 */
import { createRequire } from 'node:module';

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: ResvgModule | null | undefined;

function load(): ResvgModule | null {
  if (resvg === undefined) {
    try {
      resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
    } catch {
      // No binary for this platform: the SVG alone is embedded, with a blank fallback (Word 2016+ draws the SVG).
      resvg = null;
    }
  }
  return resvg;
}

/** A 1 × 1 white PNG: the fallback when no rasteriser is available. */
const BLANK_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC'),
  (c) => c.charCodeAt(0),
);

/** The SVG drawn as a PNG at `scale` times its size (2: sharp when printed at its size on the page). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const mod = load();
  if (!mod) return BLANK_PNG;
  const r = new mod.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
  });
  return new Uint8Array(r.render().asPng());
}

/** True when charts are rasterised for real (not the blank fallback). */
export const canRasterise = (): boolean => load() !== null;
