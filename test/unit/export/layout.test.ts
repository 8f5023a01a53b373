import { describe, expect, it } from 'vitest';
import {
  CHAR_PITCH_PT,
  CHAR_SPACING_TWIPS,
  CHARS_PER_LINE,
  cssFontStack,
  LINE_PITCH_TWIPS,
  LINES_PER_PAGE,
  PAGE_TWIPS,
  TEXT_BLOCK_TWIPS,
  TWIPS_PER_MM,
} from '../../../shared/export/layout';
import { printCss } from '../../../shared/export/print-css';

describe('the 公文 page of GB/T 9704-2012', () => {
  it('is A4 with the 156 × 225 mm text block', () => {
    expect(PAGE_TWIPS).toEqual({ width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 });
    expect(TEXT_BLOCK_TWIPS.width / TWIPS_PER_MM).toBeCloseTo(156, 0);
    expect(TEXT_BLOCK_TWIPS.height / TWIPS_PER_MM).toBeCloseTo(225, 0);
  });

  it('fits exactly 22 lines: 22 pitches fit the block, 23 do not', () => {
    expect(LINE_PITCH_TWIPS).toBe(579);
    expect(LINES_PER_PAGE * LINE_PITCH_TWIPS).toBeLessThanOrEqual(TEXT_BLOCK_TWIPS.height);
    expect((LINES_PER_PAGE + 1) * LINE_PITCH_TWIPS).toBeGreaterThan(TEXT_BLOCK_TWIPS.height);
    // A pitch one twip larger would lose the 22nd line.
    expect(LINES_PER_PAGE * (LINE_PITCH_TWIPS + 1)).toBeGreaterThan(TEXT_BLOCK_TWIPS.height);
  });

  it('fits exactly 28 characters of 三号 on a line', () => {
    const line = TEXT_BLOCK_TWIPS.width / 20; // points
    expect(CHAR_SPACING_TWIPS).toBe(-5);
    expect(CHAR_PITCH_PT).toBe(15.75);
    expect(CHARS_PER_LINE * CHAR_PITCH_PT).toBeLessThanOrEqual(line);
    expect((CHARS_PER_LINE + 1) * CHAR_PITCH_PT).toBeGreaterThan(line);
    // Uncondensed 三号 would give only 27.
    expect(Math.floor(line / 16)).toBe(27);
  });

  it('prints with the same page, margins, pitch and page numbers', () => {
    const css = printCss();
    expect(css).toContain('size: A4');
    expect(css).toContain('margin: 37mm 26mm 35mm 28mm');
    expect(css).toContain('line-height: 28.95pt');
    expect(css).toContain('letter-spacing: -0.25pt');
    expect(css).toMatch(/@page :right \{ @bottom-right \{ content: "— " counter\(page\) " —"/);
    expect(css).toMatch(/@page :left \{ @bottom-left \{/);
    expect(css).toContain('@top-center { content: "草稿"');
    expect(cssFontStack('仿宋_GB2312')).toMatch(/^"仿宋_GB2312", "仿宋", "FangSong", "SimSun"/);
  });
});
