/**
 * The import fuzz run (issue 13): mutated .docx/.pdf/.ofd/.html/.txt files built from the
 * repository's fixtures with a seeded PRNG (bit flips, truncations, overwritten runs, zip entries
 * replaced or inflated, deep XML, entity expansion, PDF numbers and streams altered), imported
 * through the real services (worker threads with a heap cap and a time limit). Every file must be
 * either imported or refused with a clear error: an FcrError other than INTERNAL whose Chinese
 * message names the file, given by a limit before the time limit or the worker's heap cap stops
 * it; a refused file must leave the library unchanged.
 * Used by test/integration/fuzz.test.ts (a seeded subset) and scripts/fuzz.mjs (the full run).
 */
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Services } from '../../electron/services/index.js';
import { appRoot } from '../../electron/paths.js';
import { flateBombPdf, nested, stream } from './crafted.js';
import { mulberry32 } from '../../shared/sampling';

// appRoot(), not import.meta.url: scripts/fuzz.mjs runs this module bundled elsewhere.
const FIXTURES = path.join(appRoot(), 'test', 'fixtures');

export interface Source {
  name: string;
  ext: string;
  bytes: Uint8Array;
}

/** The fixtures the mutations start from. */
export function fuzzSources(): Source[] {
  const out: Source[] = [];
  for (const dir of ['documents', 'ofd']) {
    for (const f of readdirSync(path.join(FIXTURES, dir)).sort()) {
      const ext = path.extname(f).slice(1).toLowerCase();
      if (!['docx', 'pdf', 'ofd', 'html', 'txt'].includes(ext)) continue;
      out.push({ name: f, ext, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, dir, f))) });
    }
  }
  return out;
}

/** A seeded PRNG in [0, 1) (mulberry32, as the sampling uses), so that a failing case can be made again from its number. */
export function prng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

function flipBits(r: Rand, b: Uint8Array): Uint8Array {
  const out = b.slice();
  const n = 1 + int(r, 32);
  for (let i = 0; i < n; i++) out[int(r, out.length)]! ^= 1 << int(r, 8);
  return out;
}

const truncate = (r: Rand, b: Uint8Array): Uint8Array => b.slice(0, int(r, b.length));

function overwrite(r: Rand, b: Uint8Array): Uint8Array {
  const out = b.slice();
  const at = int(r, out.length);
  const len = Math.min(out.length - at, 1 + int(r, 512));
  for (let i = 0; i < len; i++) out[at + i] = int(r, 256);
  return out;
}

/** XML documents that no importer should choke on. */
function hostileXml(r: Rand, root: string): string {
  switch (int(r, 5)) {
    case 0:
      return `<?xml version="1.0"?>${nested(root, 20_000 + int(r, 100_000))}`;
    case 1: {
      // "Billion laughs": entities defined in a DTD, ten times ten times…
      let dtd = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">';
      for (let i = 1; i < 10; i++) dtd += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
      return `<?xml version="1.0"?><!DOCTYPE ${root} [${dtd}]><${root}>&a9;</${root}>`;
    }
    case 2:
      // An external entity.
      return `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY x SYSTEM "file:///etc/passwd">]><${root}>&x;</${root}>`;
    case 3:
      return `<?xml version="1.0"?><${root} ${Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`;
    default:
      return `<?xml version="1.0"?><${root}>${'<x>'.repeat(int(r, 400))}${'&#x110000;&#0;&amp;'.repeat(int(r, 1000))}`;
  }
}

function mutateZip(r: Rand, b: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(b);
  } catch {
    return flipBits(r, b);
  }
  const names = Object.keys(files);
  const xmlNames = names.filter((n) => /\.(xml|rels)$/i.test(n));
  const target = pick(r, xmlNames.length ? xmlNames : names);
  const out: Zippable = {};
  for (const n of names) out[n] = files[n]!;
  let level: 0 | 6 | 9 = 6;
  switch (int(r, 6)) {
    case 0: // entry replaced by garbage
      out[target] = flipBits(r, overwrite(r, files[target]!));
      break;
    case 1: // entry truncated
      out[target] = truncate(r, files[target]!);
      break;
    case 2: {
      // entry inflated: its text repeated, or megabytes of one byte
      const big =
        r() < 0.5
          ? strToU8(dec.decode(files[target]!).repeat(50 + int(r, 2000)))
          : new Uint8Array((2 + int(r, 60)) * 1024 * 1024).fill(pick(r, [0x20, 0x3c, 0]));
      out[target] = big;
      level = 9;
      break;
    }
    case 3: // deep XML or entity expansion
      out[target] = strToU8(hostileXml(r, 'w:document'));
      break;
    case 4: // entry removed
      delete out[target];
      break;
    default: {
      // attribute values turned into huge or odd numbers (numbering starts, levels, spans, pages)
      const odd = ['1000000000000', 'Infinity', '-1', 'NaN', '1e308', '4294967296', '99999999'];
      out[target] = strToU8(
        dec
          .decode(files[target]!)
          .replace(/(w:val|ID|BaseLoc|Boundary|DeltaX)="[^"]*"/g, (m, k: string) =>
            r() < 0.2 ? `${k}="${pick(r, odd)}"` : m,
          ),
      );
    }
  }
  return zipSync(out, { level });
}

function mutatePdf(r: Rand, b: Uint8Array): Uint8Array {
  const latin = new TextDecoder('latin1').decode(b);
  const toBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  switch (int(r, 4)) {
    case 0: // numbers in dictionaries changed (/Count, /Length, /Kids, offsets…)
      return toBytes(
        latin.replace(/\/(Count|Length|Size|First|N|W)\s+(\d+)/g, (m, k: string) =>
          r() < 0.3 ? `/${k} ${pick(r, ['500000', '0', '-1', '99999999999', '3'])}` : m,
        ),
      );
    case 1: {
      // a Flate bomb object appended as an incremental update of the page's contents
      const mb = pick(r, [1, 8, 200, 1024]);
      return flateBombPdf(mb);
    }
    case 2: {
      // a stream's data flipped inside (so that it inflates to garbage)
      const at = latin.indexOf('stream', int(r, latin.length));
      const out = b.slice();
      if (at > 0) for (let i = 0; i < 64 && at + 8 + i < out.length; i++) out[at + 8 + i] = int(r, 256);
      return out;
    }
    default: {
      // a huge inline object: a deeply nested array or dictionary in an appended object
      const depth = 10_000 + int(r, 100_000);
      const obj = r() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '<<'.repeat(depth) + '>>'.repeat(depth);
      const tail = enc.encode(`\n99 0 obj\n${obj}\nendobj\n`);
      const extra = stream('', enc.encode('BT ET'));
      const out = new Uint8Array(b.length + tail.length + extra.length);
      out.set(b);
      out.set(tail, b.length);
      out.set(extra, b.length + tail.length);
      return out;
    }
  }
}

function mutateText(r: Rand, b: Uint8Array, html: boolean): Uint8Array {
  const text = dec.decode(b);
  switch (int(r, 5)) {
    case 0:
      return enc.encode(html ? text.replace('<body>', `<body>${nested('div', 1000 + int(r, 200_000))}`) : text);
    case 1: // unclosed tags and quotes
      return enc.encode(text + '<a x="'.repeat(int(r, 5000)) + '<p>'.repeat(int(r, 5000)));
    case 2: // entity storms
      return enc.encode(text.replace(/。/g, () => '&#x110000;&#99999999999;&amp;amp;&nbsp;'.repeat(int(r, 50))));
    case 3: // the text repeated (a big document)
      return enc.encode(text.repeat(10 + int(r, 200)));
    default: // control characters and odd Unicode
      return enc.encode(
        text.replace(/[，。]/g, (c) => (r() < 0.1 ? pick(r, ['\u0000', '\ufffe', '\ud800', '\u202e']) : c)),
      );
  }
}

export interface FuzzCase {
  name: string;
  source: string;
  mutation: string;
  bytes: Uint8Array;
}

/** `n` mutated files from the sources, the same for the same seed. */
export function fuzzCases(seed: number, n: number, sources = fuzzSources()): FuzzCase[] {
  return [...fuzzCaseStream(seed, n, sources)];
}

/** The same files made one at a time (a big run keeps only the file being imported in memory). */
export function* fuzzCaseStream(seed: number, n: number, sources = fuzzSources()): Generator<FuzzCase> {
  const r = prng(seed);
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length]!;
    const zip = src.ext === 'docx' || src.ext === 'ofd';
    const kinds = ['bitflip', 'truncate', 'overwrite', zip ? 'zip' : src.ext === 'pdf' ? 'pdf' : 'text'];
    if (zip || src.ext === 'pdf' || src.ext === 'html' || src.ext === 'txt') kinds.push(kinds[3]!, kinds[3]!);
    const mutation = pick(r, kinds);
    let bytes: Uint8Array;
    switch (mutation) {
      case 'bitflip':
        bytes = flipBits(r, src.bytes);
        break;
      case 'truncate':
        bytes = truncate(r, src.bytes);
        break;
      case 'overwrite':
        bytes = overwrite(r, src.bytes);
        break;
      case 'zip':
        bytes = mutateZip(r, src.bytes);
        break;
      case 'pdf':
        bytes = mutatePdf(r, src.bytes);
        break;
      default:
        bytes = mutateText(r, src.bytes, src.ext === 'html');
    }
    const base = src.name.replace(/\.[^.]+$/, '');
    yield { name: `fuzz-${seed}-${String(i).padStart(4, '0')}-${base}.${src.ext}`, source: src.name, mutation, bytes };
  }
}

export interface FuzzOutcome {
  name: string;
  mutation: string;
  ms: number;
  /** 'imported', 'duplicate' or the error code. */
  result: string;
  message?: string;
  /** Why the outcome breaks the guarantees (an internal error, a message not naming the file, a changed library). */
  problem?: string;
}

export interface FuzzReport {
  outcomes: FuzzOutcome[];
  problems: FuzzOutcome[];
  /** Outcomes per result ('imported', 'CORRUPT_FILE', …). */
  byResult: Record<string, number>;
  maxMs: number;
  totalMs: number;
  /** Peak resident memory of the process (workers included), MB. */
  maxRssMb: number;
}

const TABLES = ['documents', 'blocks', 'clauses', 'findings', 'audit_log'];

function counts(services: Services): string {
  return TABLES.map((t) => (services.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n).join(',');
}

/** Imports every case through `services.api`, checking the guarantees. */
export async function runFuzz(
  services: Services,
  cases: Iterable<FuzzCase>,
  onOutcome?: (o: FuzzOutcome, i: number) => void,
): Promise<FuzzReport> {
  const outcomes: FuzzOutcome[] = [];
  let i = 0;
  for (const c of cases) {
    const before = counts(services);
    const t0 = performance.now();
    let o: FuzzOutcome;
    try {
      const res = await services.api.importDocument({ name: c.name, bytes: c.bytes });
      o = { name: c.name, mutation: c.mutation, ms: 0, result: res.duplicate ? 'duplicate' : 'imported' };
      if (!res.duplicate && counts(services) === before) o.problem = 'imported, but nothing was stored';
    } catch (err) {
      const e = err as { code?: string; message?: string };
      o = { name: c.name, mutation: c.mutation, ms: 0, result: e.code ?? 'THROWN', message: e.message };
      if (!e.code || e.code === 'INTERNAL') o.problem = 'internal error';
      // The time limit and the worker's heap cap are backstops: the limits must refuse a file first.
      else if (e.code === 'TIMEOUT') o.problem = 'stopped by the time limit';
      else if (/内存超过上限/.test(e.message ?? '')) o.problem = "stopped by the worker's memory cap";
      else if (!e.message?.includes(`「${c.name}」`)) o.problem = 'the message does not name the file';
      else if (!/[\u4e00-\u9fff]/.test(e.message)) o.problem = 'the message is not in Chinese';
      else if (counts(services) !== before) o.problem = 'a refused file changed the library';
    }
    o.ms = performance.now() - t0;
    outcomes.push(o);
    onOutcome?.(o, i++);
  }
  const byResult: Record<string, number> = {};
  for (const o of outcomes) byResult[o.result] = (byResult[o.result] ?? 0) + 1;
  return {
    outcomes,
    problems: outcomes.filter((o) => o.problem),
    byResult,
    maxMs: Math.max(0, ...outcomes.map((o) => o.ms)),
    totalMs: outcomes.reduce((s, o) => s + o.ms, 0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
