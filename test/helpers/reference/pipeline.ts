/**
 * The import pipeline for plain text as it was before tuning: decode with a fatal TextDecoder,
 * split lines with a regex, normalise with the reference normaliser, label the clause tree the
 * reference way. The tuned pipeline (extractDocument) must give the same document
 * (test/unit/fast-path.test.ts).
 */
import type { Block, NormalizedDocument, RawBlock } from '../../../shared/document.js';
import { guessMetadata } from '../../../shared/metadata.js';
import { typesetSpacesNote, type AssembleInput } from '../../../shared/normalize/assemble.js';
import { segment } from '../../../shared/segment/index.js';
import { referenceNormalizeBlock } from './normalize.js';
import { referenceRelabel } from './segment.js';

/** A UTF-8 plain-text file as the reference pipeline imports it. */
export function referenceTextDocument(fileName: string, bytes: Uint8Array): NormalizedDocument {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return referenceAssemble({
    type: 'txt',
    encoding: 'utf-8',
    fileName,
    blocks: referenceTextBlocks(text),
    keepEmptyLines: true,
  });
}

/** One block per line (blank lines are kept as empty lines, not blocks); the source keeps the 1-based line number. */
export function referenceTextBlocks(text: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  const lines = text.split(/\r\n?|\n/);
  let paragraph = 0;
  lines.forEach((line, i) => {
    const blank = !line.trim();
    blocks.push({
      kind: 'paragraph',
      text: blank ? '' : line,
      source: blank ? { line: i + 1 } : { paragraph: paragraph++, line: i + 1 },
    });
  });
  return blocks;
}

export function referenceAssemble(input: AssembleInput): NormalizedDocument {
  const blocks: Block[] = [];
  const parts: string[] = [];
  let offset = 0;
  let spacesRemoved = 0;
  for (const raw of input.blocks) {
    const { text, spacesRemoved: removed } = referenceNormalizeBlock(raw.text);
    spacesRemoved += removed;
    if (!text) {
      if (input.keepEmptyLines && parts.length) {
        offset += 1;
        parts.push('');
      }
      continue;
    }
    if (parts.length) offset += 1;
    const block: Block = { kind: raw.kind, text, start: offset, end: offset + text.length, source: raw.source };
    if (raw.level !== undefined) block.level = raw.level;
    if (raw.style !== undefined) block.style = raw.style;
    blocks.push(block);
    parts.push(text);
    offset += text.length;
  }
  const text = parts.join('\n');
  const doc: NormalizedDocument = {
    type: input.type,
    encoding: input.encoding,
    metadata: guessMetadata(text, input.fileName),
    text,
    blocks,
    clauses: referenceRelabel(segment(text)),
    warnings: [...(input.warnings ?? [])],
  };
  if (spacesRemoved) doc.warnings.push(typesetSpacesNote(spacesRemoved));
  if (input.pages !== undefined) doc.pages = input.pages;
  return doc;
}
