/**
 * The normalised document every importer produces: metadata, the normalised text, the blocks it
 * was built from (with their source locations) and the clause tree. Pure types and helpers.
 */
import type { ClauseNode, DocumentType } from './types.js';

export type BlockKind = 'heading' | 'paragraph' | 'table-cell' | 'list-item';

/** Where a block came from in the source file. Fields present depend on the format. */
export interface SourceLocation {
  /** 0-based paragraph index in the source (docx body paragraphs, txt/html blocks, pdf/ofd paragraphs). */
  paragraph?: number;
  /** 1-based page number (pdf, ofd). */
  page?: number;
  /** 0-based table index, row and column (docx, html). */
  table?: number;
  row?: number;
  col?: number;
  /** 1-based line number in a text file. */
  line?: number;
}

export interface Block {
  kind: BlockKind;
  /** Normalised text of the block (no line breaks). */
  text: string;
  /** Char span [start, end) of the block in the document's normalised text. */
  start: number;
  end: number;
  /** Heading level (1 = top) for headings, list level (0-based) for list items. */
  level?: number;
  /** Paragraph style name from the source, when there is one. */
  style?: string;
  source: SourceLocation;
}

export interface DocumentMetadata {
  title: string;
  /** 文号, e.g. "伊州市监发〔2022〕15号". */
  docNumber: string | null;
  /** 发文机关 / issuing body. */
  issuer: string | null;
  /** Date as YYYY-MM-DD. */
  date: string | null;
}

export interface NormalizedDocument {
  type: DocumentType;
  encoding: string | null;
  metadata: DocumentMetadata;
  /** Blocks joined by "\n". */
  text: string;
  blocks: Block[];
  clauses: ClauseNode[];
  /** Page count for paged formats (pdf, ofd). */
  pages?: number;
  /** Non-fatal notes about the import, in Chinese. */
  warnings: string[];
}

/** How a block looks in its source, where the format says so (used to find the title). */
export interface BlockFormat {
  /** Font size in points of most of the block's text. */
  size?: number;
  /** Centred between the margins. */
  centered?: boolean;
}

/** What an importer yields before normalisation: raw block text and its source location. */
export interface RawBlock {
  kind: BlockKind;
  text: string;
  level?: number;
  style?: string;
  format?: BlockFormat;
  source: SourceLocation;
}

/** Index of the block containing a char offset of the normalised text (binary search), or -1. */
export function blockIndexAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (offset < b.start) hi = mid - 1;
    else if (offset > b.end || (offset === b.end && mid + 1 < blocks.length && blocks[mid + 1]!.start === offset)) {
      lo = mid + 1;
    } else return mid;
  }
  // Offsets on a separating "\n" belong to the preceding block.
  return hi >= 0 && hi < blocks.length ? hi : -1;
}

/** The source location of a char offset of the normalised text. */
export function sourceAt(blocks: readonly Block[], offset: number): SourceLocation | null {
  const i = blockIndexAt(blocks, offset);
  return i < 0 ? null : blocks[i]!.source;
}

/** Short Chinese description of a source location, e.g. "第 3 页 第 12 段" or "表 1 第 2 行第 3 列". */
export function describeSource(s: SourceLocation): string {
  const parts: string[] = [];
  if (s.page !== undefined) parts.push(`第 ${s.page} 页`);
  if (s.table !== undefined) parts.push(`表 ${s.table + 1} 第 ${(s.row ?? 0) + 1} 行第 ${(s.col ?? 0) + 1} 列`);
  else if (s.paragraph !== undefined) parts.push(`第 ${s.paragraph + 1} 段`);
  if (s.line !== undefined) parts.push(`第 ${s.line} 行`);
  return parts.join(' ');
}

/** Where a char offset of the normalised text lies: its block, the block's source and the offset within the block. */
export function locateOffset(
  blocks: readonly Block[],
  offset: number,
): { index: number; block: Block; source: SourceLocation; offsetInBlock: number } | null {
  const index = blockIndexAt(blocks, offset);
  if (index < 0) return null;
  const block = blocks[index]!;
  return { index, block, source: block.source, offsetInBlock: Math.max(0, Math.min(offset, block.end) - block.start) };
}
