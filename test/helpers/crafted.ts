/**
 * Hostile files for the bounded-import tests and the fuzz run (issue 13), made from small code at
 * run time: nothing big is committed and nothing big is written to disk.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import zlib from 'node:zlib';

const enc = new TextEncoder();

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export const DOCX_BASE: Zippable = {
  '[Content_Types].xml': strToU8(
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  ),
  '_rels/.rels': strToU8(
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  ),
};

/** A .docx whose paragraphs are written as they are given (`body` is the inside of w:body). */
export function docx(body: string, parts: Record<string, string> = {}): Uint8Array {
  const files: Zippable = {
    ...DOCX_BASE,
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
  };
  for (const [name, xml] of Object.entries(parts)) files[name] = strToU8(xml);
  return zipSync(files);
}

const para = (text: string, numId?: number): string =>
  `<w:p>${numId ? `<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;

/** A .docx whose list starts at `start` (e.g. "1000000000000" or "Infinity") in format `fmt`. */
export function numberingDocx(start: string, fmt: string): Uint8Array {
  const numbering = `<?xml version="1.0"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
  return docx(para('第一项内容', 1) + para('第二项内容', 1), { 'word/numbering.xml': numbering });
}

/** `depth` nested elements named `name` around `inner`. */
export const nested = (name: string, depth: number, inner = ''): string =>
  `<${name}>`.repeat(depth) + inner + `</${name}>`.repeat(depth);

/** A .docx whose docProps/core.xml nests `depth` elements deep. */
export function deepCoreDocx(depth: number): Uint8Array {
  const core = `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${nested('x', depth, '<dc:title>深</dc:title>')}</cp:coreProperties>`;
  return docx(para('第一条 为了规范管理，制定本办法。'), { 'docProps/core.xml': core });
}

// ---- OFD ----

const OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

/** A one-document OFD: `pages` page entries (all pointing at one content part) and the content part's XML. */
export function ofd(pages: number, content?: string): Uint8Array {
  const page =
    content ??
    `<?xml version="1.0"?><ofd:Page ${OFD_NS}><ofd:Content><ofd:Layer><ofd:TextObject ID="2" Boundary="20 20 170 10" Font="1" Size="4"><ofd:TextCode X="0" Y="4">第一条 为了规范管理，制定本办法。</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`;
  let list = '';
  for (let i = 0; i < pages; i++) list += `<ofd:Page ID="${i + 10}" BaseLoc="Pages/Page_0/Content.xml"/>`;
  return zipSync({
    'OFD.xml': strToU8(
      `<?xml version="1.0"?><ofd:OFD ${OFD_NS} Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    ),
    'Doc_0/Document.xml': strToU8(
      `<?xml version="1.0"?><ofd:Document ${OFD_NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${list}</ofd:Pages></ofd:Document>`,
    ),
    'Doc_0/Pages/Page_0/Content.xml': strToU8(page),
  });
}

/** An OFD whose page content nests `depth` elements deep (numbered, so that it compresses like XML does). */
export function deepOfd(depth: number): Uint8Array {
  let open = '';
  for (let i = 0; i < depth; i++) open += `<ofd:Layer ID="${(i * 7919) % 1000003}">`;
  const xml = `<?xml version="1.0"?><ofd:Page ${OFD_NS}><ofd:Content>${open}${'</ofd:Layer>'.repeat(depth)}</ofd:Content></ofd:Page>`;
  return ofd(1, xml);
}

// ---- HTML and text ----

export const deepHtml = (depth: number): Uint8Array =>
  enc.encode(`<!DOCTYPE html><html><body>${nested('div', depth, '第一条 深层嵌套的网页。')}</body></html>`);

/** `mb` MB of plain text lines (ASCII, so one byte per character). */
export function bigText(mb: number): Uint8Array {
  const line = enc.encode('Article 1. The quick brown fox jumps over the lazy dog, again and again.\n');
  const out = new Uint8Array(mb * 1024 * 1024);
  for (let p = 0; p < out.length; p += line.length) out.set(line.subarray(0, Math.min(line.length, out.length - p)), p);
  return out;
}

// ---- PDF ----

/** A PDF from its objects' bodies (object n is bodies[n-1]; object 1 is the catalog), with a correct xref. */
export function pdf(bodies: (string | Uint8Array)[]): Uint8Array {
  const chunks: Uint8Array[] = [enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let size = chunks[0]!.length;
  const offsets: number[] = [];
  const add = (c: Uint8Array): void => {
    chunks.push(c);
    size += c.length;
  };
  bodies.forEach((body, i) => {
    offsets.push(size);
    add(enc.encode(`${i + 1} 0 obj\n`));
    add(typeof body === 'string' ? enc.encode(body) : body);
    add(enc.encode('\nendobj\n'));
  });
  const xref = size;
  let table = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) table += `${String(o).padStart(10, '0')} 00000 n \n`;
  add(enc.encode(`${table}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  const out = new Uint8Array(size);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** A stream object's body. */
export function stream(dict: string, data: Uint8Array): Uint8Array {
  const head = enc.encode(`<< ${dict} /Length ${data.length} >>\nstream\n`);
  const tail = enc.encode('\nendstream');
  const out = new Uint8Array(head.length + data.length + tail.length);
  out.set(head);
  out.set(data, head.length);
  out.set(tail, head.length + data.length);
  return out;
}

const TEXT = 'BT /F1 12 Tf 72 720 Td (Article 1. Rules.) Tj ET';
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** A PDF of `pages` pages sharing one content stream; `count` is the page count it claims. */
export function pagesPdf(pages: number, count = pages): Uint8Array {
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) kids.push(`${i + 5} 0 R`);
  const page = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>`;
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${count} >>`,
    stream('', enc.encode(TEXT)),
    FONT,
    ...Array.from({ length: pages }, () => page),
  ]);
}

/** A PDF with one page whose kids array lists the same page `refs` times, claiming as many pages. */
export function pageRefsPdf(refs: number): Uint8Array {
  const kids = '5 0 R '.repeat(refs);
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${refs} >>`,
    stream('', enc.encode(TEXT)),
    FONT,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>`,
  ]);
}

/**
 * zlib data that inflates to `mb` MB: the text operators, then spaces. A fully flushed deflate
 * block is byte-aligned and refers to nothing before it, so the 1 MB block of spaces is compressed
 * once and repeated; the Adler-32 at the end is not checked by pdf.js nor by the guard.
 */
export function zlibRun(mb: number): Uint8Array {
  const flushed = (b: Uint8Array): Buffer => zlib.deflateRawSync(b, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const head = flushed(enc.encode(`${TEXT}\n`));
  const block = flushed(new Uint8Array(1024 * 1024).fill(0x20));
  const end = zlib.deflateRawSync(new Uint8Array(0));
  const z = new Uint8Array(2 + head.length + mb * block.length + end.length + 4);
  z.set([0x78, 0x01]);
  let p = 2;
  z.set(head, p);
  p += head.length;
  for (let i = 0; i < mb; i++, p += block.length) z.set(block, p);
  z.set(end, p);
  return z;
}

/** A one-page PDF whose content stream inflates to `mb` MB. */
export function flateBombPdf(mb: number): Uint8Array {
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
    stream('/Filter /FlateDecode', zlibRun(mb)),
    FONT,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>`,
  ]);
}

/**
 * A .docx whose document.xml (`mb` MB of numbered paragraphs, varied so that it compresses at
 * well under the 200:1 guard) passes the zip-bomb guard.
 */
export function underRatioDocx(mb: number): Uint8Array {
  // 64 KB of varied paragraphs, repeated: a period longer than deflate's 32 KB window compresses
  // like the varied text itself.
  let chunk = '';
  let seed = 7;
  for (let i = 0; chunk.length < 65536; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    chunk += `<w:p><w:pPr><w:pStyle w:val="a${seed % 97}"/></w:pPr><w:r><w:rPr><w:sz w:val="${seed % 40}"/></w:rPr><w:t>${i}</w:t></w:r></w:p>`;
  }
  const body = chunk.repeat(Math.ceil((mb * 1024 * 1024) / chunk.length));
  return zipSync(
    {
      ...DOCX_BASE,
      'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    },
    { level: 1 },
  );
}

/** Type 1 "eexec" / charstring encryption (Adobe Type 1 Font Format, 7.1), `lead` random-free leading bytes. */
function type1Encrypt(plain: Uint8Array, key: number, lead: number): Uint8Array {
  const out = new Uint8Array(lead + plain.length);
  let r = key;
  for (let i = 0; i < out.length; i++) {
    const p = i < lead ? 0 : plain[i - lead]!;
    const c = p ^ (r >> 8);
    out[i] = c;
    r = ((c + r) * 52845 + 22719) & 0xffff;
  }
  return out;
}

/**
 * A Type 1 font program: a clear-text header whose built-in encoding gives code `code` to glyph
 * /B (a valid program has codes 0–255), then the encrypted private part with `glyphs` charstrings
 * (each an empty glyph: hsbw, endchar). pdf.js searches the built-in encoding once per glyph.
 */
export function type1Font(code: number, glyphs = 16): Uint8Array {
  const header =
    '%!PS-AdobeFont-1.0: Crafted 001.000\n11 dict begin\n/FontName /Crafted def\n/FontType 1 def\n' +
    '/FontMatrix [0.001 0 0 0.001 0 0] readonly def\n/FontBBox {0 0 1000 1000} readonly def\n' +
    `/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 65 /A put\ndup ${code} /B put\n` +
    'readonly def\ncurrentdict end\ncurrentfile eexec\n';
  // hsbw 0 500, endchar: numbers -107..107 are one byte (v + 139).
  const glyph = type1Encrypt(Uint8Array.from([139, 139 + 100, 13, 14]), 4330, 4);
  const parts: (string | Uint8Array)[] = [
    `dup /Private 8 dict dup begin\n/lenIV 4 def\n/Subrs 1 array\ndup 0 ${glyph.length} RD `,
    glyph,
    ` NP\nND\n2 index /CharStrings ${glyphs} dict dup begin\n`,
  ];
  for (let i = 0; i < glyphs; i++)
    parts.push(`/${i === 0 ? 'A' : i === 1 ? 'B' : `g${i}`} ${glyph.length} RD `, glyph, ' ND\n');
  parts.push(
    'end\nend\nreadonly put\nnoaccess put\ndup /FontName get exch definefont pop\nmark currentfile closefile\n',
  );
  const plain = concat(parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p)));
  return concat([enc.encode(header), type1Encrypt(plain, 55665, 4), enc.encode(`\n${'0'.repeat(64)}\ncleartomark\n`)]);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * A one-page PDF whose text is drawn with an embedded Type 1 font program `program`
 * (Flate-compressed unless `compress` is false).
 */
export function type1FontPdf(program: Uint8Array, compress = true): Uint8Array {
  const header = latin1Prefix(program);
  const eexec = header.indexOf('eexec') + 6;
  const data = compress ? zlib.deflateSync(program) : program;
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    stream('', enc.encode('BT /F1 12 Tf 72 720 Td (ABAB) Tj ET')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Crafted /FirstChar 65 /LastChar 66 /Widths [500 500] /FontDescriptor 6 0 R >>',
    '<< /Type /FontDescriptor /FontName /Crafted /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile 7 0 R >>',
    stream(
      `${compress ? '/Filter /FlateDecode ' : ''}/Length1 ${eexec} /Length2 ${program.length - eexec - 78} /Length3 78`,
      data,
    ),
  ]);
}

const latin1Prefix = (b: Uint8Array): string => new TextDecoder('latin1').decode(b.subarray(0, 4096));

/**
 * `source` with `len` bytes from a seeded PRNG written over the data of its largest Type 1 font
 * program (a stream with /Length2), `at` bytes into it: the kind of damage that made pdf.js spend
 * 25 s on a 3-page file (its inflater reads on through damaged data, and its Type 1 parser chokes
 * on the garbage).
 */
export function damagedFontPdf(source: Uint8Array, seed: number, at: number, len: number): Uint8Array {
  const latin = new TextDecoder('latin1').decode(source);
  let from = -1;
  let largest = -1;
  for (const m of latin.matchAll(/\/Length2 (\d+)[^>]*>>\s*stream\r?\n/g)) {
    if (Number(m[1]) > largest) [largest, from] = [Number(m[1]), m.index + m[0].length];
  }
  if (from < 0) throw new Error('no Type 1 font program in the source PDF');
  const out = source.slice();
  let a = seed >>> 0;
  for (let i = 0; i < len; i++) {
    // mulberry32, as in fuzz.ts
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[from + at + i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}
