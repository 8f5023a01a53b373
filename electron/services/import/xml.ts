/**
 * XML helpers over saxes: a streaming walk and a tiny element tree for small parts. Nothing here
 * recurses on the document's depth, and the walk refuses nesting deeper than the limit.
 * saxes expands no entities declared in a DTD (an undefined entity is a parse error), so
 * "billion laughs" files are refused as malformed.
 */
import { createRequire } from 'node:module';
import { FcrError } from '../../../shared/errors.js';
import { DEFAULT_LIMITS, depthError, type Deadline, type ImportLimits } from './limits.js';

export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Streams an XML string through the handlers. Malformed XML becomes a CORRUPT_FILE error, nesting
 * deeper than `limits.maxDepth` a TOO_LARGE one.
 */
export function walkXml(
  xml: string,
  h: XmlHandlers,
  fileName: string,
  part: string,
  deadline?: Deadline,
  limits: Pick<ImportLimits, 'maxDepth'> = DEFAULT_LIMITS,
): void {
  // saxes is loaded on first use, so that plain-text imports and the CLI start without it.
  const { SaxesParser } = createRequire(import.meta.url)('saxes') as typeof import('saxes');
  const parser = new SaxesParser({ position: false });
  let events = 0;
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (deadline && ++events % 4096 === 0) deadline.check();
    if (!tag.isSelfClosing && ++depth > limits.maxDepth) throw depthError(fileName, part, limits);
    h.open(tag.name, tag.attributes as Record<string, string>, tag.isSelfClosing);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) depth--;
    h.close(tag.name);
  });
  parser.on('text', (t) => h.text(t));
  parser.on('cdata', (t) => h.text(t));
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof FcrError) throw err;
    throw new FcrError('CORRUPT_FILE', `「${fileName}」已损坏：${part} 不是有效的 XML。`);
  }
}

export interface XmlElement {
  name: string;
  /** Local name, without the namespace prefix. */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Parses a small XML part into an element tree. */
export function parseXml(
  xml: string,
  fileName: string,
  part: string,
  deadline?: Deadline,
  limits: Pick<ImportLimits, 'maxDepth'> = DEFAULT_LIMITS,
): XmlElement {
  const root: XmlElement = { name: '#root', local: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  walkXml(
    xml,
    {
      open(name, attrs) {
        const el: XmlElement = { name, local: localName(name), attrs, children: [], text: '' };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      close() {
        stack.pop();
      },
      text(t) {
        stack[stack.length - 1]!.text += t;
      },
    },
    fileName,
    part,
    deadline,
    limits,
  );
  return root;
}

/** The descendants of `el` in document order (depth-first, pre-order), without recursion. */
function* descendants(el: XmlElement): Generator<XmlElement> {
  const stack: { el: XmlElement; next: number }[] = [{ el, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const c = top.el.children[top.next++];
    if (!c) {
      stack.pop();
      continue;
    }
    yield c;
    if (c.children.length) stack.push({ el: c, next: 0 });
  }
}

/** First descendant (depth-first) with the given local name. */
export function findFirst(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of descendants(el)) if (c.local === local) return c;
  return undefined;
}

export function findAll(el: XmlElement, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of descendants(el)) if (c.local === local) out.push(c);
  return out;
}

export const childrenNamed = (el: XmlElement, local: string): XmlElement[] =>
  el.children.filter((c) => c.local === local);

export const child = (el: XmlElement, local: string): XmlElement | undefined =>
  el.children.find((c) => c.local === local);

/** Attribute by local name (w:val, val, ofd:X …). */
export function attr(el: XmlElement | undefined, local: string): string | undefined {
  if (!el) return undefined;
  if (el.attrs[local] !== undefined) return el.attrs[local];
  for (const [k, v] of Object.entries(el.attrs)) if (localName(k) === local) return v;
  return undefined;
}
