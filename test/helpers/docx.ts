/** Reads an exported .docx back for the tests: its XML parts and the text of each paragraph. */
import { strFromU8, unzipSync } from 'fflate';

export interface DocxParts {
  files: Record<string, string>;
  /** word/document.xml */
  document: string;
  /** The text of each w:p of word/document.xml, runs joined. */
  paragraphs: string[];
}

export function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

export function readDocx(bytes: Uint8Array): DocxParts {
  const files = Object.fromEntries(
    Object.entries(unzipSync(bytes))
      .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(([name, data]) => [name, strFromU8(data)]),
  );
  const document = files['word/document.xml'] ?? '';
  return { files, document, paragraphs: paragraphTexts(document) };
}

/** The attributes of the first element named `tag` in the XML, as a map. */
export function attrs(xml: string, tag: string): Record<string, string> {
  const m = new RegExp(`<${tag}((?:\\s+[\\w:]+="[^"]*")*)\\s*/?>`).exec(xml);
  if (!m) return {};
  return Object.fromEntries([...m[1]!.matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
}
