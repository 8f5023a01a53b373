/**
 * Turns an importer's raw blocks into the NormalizedDocument: normalise each block, join them with
 * "\n", record each block's span, segment the clause tree and guess the metadata. Pure.
 */
import type { Block, NormalizedDocument, RawBlock } from '../document.js';
import { guessMetadata, MAX_HEAD_BLOCKS, type HeadBlock } from '../metadata.js';
import { segment } from '../segment/index.js';
import type { DocumentType } from '../types.js';
import { normalizeBlockText } from './index.js';

export interface AssembleInput {
  type: DocumentType;
  encoding: string | null;
  fileName: string;
  blocks: RawBlock[];
  pages?: number;
  warnings?: string[];
  /**
   * Keep empty raw blocks as empty lines of the text (plain text keeps its blank lines and its
   * final line break); they never become blocks.
   */
  keepEmptyLines?: boolean;
  /**
   * The raw blocks' texts joined by "\n", when the importer has that string already (plain text
   * without \r and without lines of white space only): it is the document's text when
   * normalisation changes no block and drops none, which spares joining a copy of it.
   */
  joined?: string;
}

export function assembleDocument(input: AssembleInput): NormalizedDocument {
  const blocks: Block[] = [];
  const parts: string[] = [];
  let offset = 0;
  let spacesRemoved = 0;
  // The first non-empty blocks with what the format says about their look, for the title.
  const head: HeadBlock[] = [];
  // True while every block is kept as it came (then the text is `input.joined`).
  let unchanged = input.joined !== undefined;
  for (const raw of input.blocks) {
    const { text, spacesRemoved: removed } = normalizeBlockText(raw.text);
    spacesRemoved += removed;
    if (text !== raw.text) unchanged = false;
    if (!text) {
      if (input.keepEmptyLines && parts.length) {
        offset += 1;
        parts.push('');
      } else unchanged = false;
      continue;
    }
    if (parts.length) offset += 1;
    const block: Block = { kind: raw.kind, text, start: offset, end: offset + text.length, source: raw.source };
    if (raw.level !== undefined) block.level = raw.level;
    if (raw.style !== undefined) block.style = raw.style;
    blocks.push(block);
    if (head.length < MAX_HEAD_BLOCKS) {
      const h: HeadBlock = { text, kind: raw.kind };
      if (raw.level !== undefined) h.level = raw.level;
      if (raw.style !== undefined) h.style = raw.style;
      if (raw.format !== undefined) h.format = raw.format;
      head.push(h);
    }
    parts.push(text);
    offset += text.length;
  }
  const text = unchanged ? input.joined! : parts.join('\n');
  const doc: NormalizedDocument = {
    type: input.type,
    encoding: input.encoding,
    metadata: guessMetadata(text, input.fileName, head),
    text,
    blocks,
    clauses: segment(text),
    warnings: [...(input.warnings ?? [])],
  };
  if (spacesRemoved) doc.warnings.push(typesetSpacesNote(spacesRemoved));
  if (input.pages !== undefined) doc.pages = input.pages;
  return doc;
}

/** The import note for the typesetting spaces the normaliser removed (see normalizeBlock). */
export function typesetSpacesNote(count: number): string {
  return `已去除排版产生的空格 ${count} 处（编号内及汉字之间）。`;
}
