/**
 * The signed zip that bundles and material packages are: an ordinary zip (any archive tool
 * opens it) with a manifest `manifest.json` listing every file's sha256, and the archive comment
 * `FCRSIG<version> <public key> <signature>`, an Ed25519 signature over every byte before the
 * comment. So a byte changed anywhere is refused: before the comment the signature fails, in
 * it the signature or the key no longer parse or match.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Zippable } from 'fflate';
import { FcrError } from '../../../shared/errors.js';
import type { AuditAnchor } from '../../../shared/types.js';
import { ZipReader } from '../import/zip.js';
import { fflate } from '../lazy.js';
import { resolveLimits } from '../import/limits.js';
import { signBytes, verifyBytes, type SigningKey } from '../keys.js';

export const MANIFEST = 'manifest.json';
const SIGNATURE_VERSION = 1;

/** What each kind of signed zip is called, to name a file of the wrong kind. */
export const KIND_LABELS = {
  'fcr-review-bundle': '审查包',
  'fcr-submission-package': '送审材料包',
  'fcr-evaluation-papers': '评估工作底稿',
} as const;
export type SignedKind = keyof typeof KIND_LABELS;

export interface Signer {
  unit: string;
  reviewer: string;
  publicKey: string;
  fingerprint: string;
}

export interface Manifest {
  kind: SignedKind;
  schemaVersion: number;
  app: string;
  createdAt: string;
  signer: Signer;
  /** The signer's audit chain head when it was written (bundles), signed with the same key. */
  anchor?: AuditAnchor;
  /** sha256 over the sorted "path sha256" lines of the files: what the content is, whoever signed it. */
  contentHash: string;
  files: { path: string; sha256: string; size: number }[];
}

export interface OpenedZip {
  manifest: Manifest;
  files: Map<string, Uint8Array>;
}

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const utf8 = new TextEncoder();

export function contentHash(files: { path: string; sha256: string }[]): string {
  const lines = files.map((f) => `${f.path} ${f.sha256}\n`).sort();
  return sha256(lines.join(''));
}

/** Canonical JSON bytes of a value built with a fixed key order. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8.encode(`${JSON.stringify(value, null, 1)}\n`);
}

/** Writes the files with their manifest as a signed zip. */
export function writeSignedZip(
  head: Pick<Manifest, 'kind' | 'schemaVersion' | 'app' | 'createdAt' | 'anchor'>,
  files: Record<string, Uint8Array>,
  key: SigningKey,
  signer: Pick<Signer, 'unit' | 'reviewer'>,
): Uint8Array {
  const list = Object.entries(files)
    .map(([path, bytes]) => ({ path, sha256: sha256(bytes), size: bytes.byteLength }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const manifest: Manifest = {
    ...head,
    signer: { ...signer, publicKey: key.publicKey, fingerprint: key.fingerprint },
    contentHash: contentHash(list),
    files: list,
  };
  const mtime = new Date(head.createdAt);
  // The manifest is stored, not deflated: every byte of it is then its text, so that a receiver
  // whose signature check fails can tell a changed manifest by its CRC-32 (a changed bit of deflate
  // data may decode to the same text, which leaves the damaged part unnamed).
  const entries: Zippable = { [MANIFEST]: [jsonBytes(manifest), { mtime, level: 0 }] };
  for (const [p, b] of Object.entries(files)) entries[p] = [b, { mtime }];
  const zip = fflate().zipSync(entries, { level: 6 });
  const sigLength = 88; // base64 of a 64-byte Ed25519 signature
  const commentHead = `FCRSIG${SIGNATURE_VERSION} ${key.publicKey} `;
  const out = new Uint8Array(zip.length + commentHead.length + sigLength);
  out.set(zip);
  new DataView(out.buffer).setUint16(zip.length - 2, commentHead.length + sigLength, true);
  const signature = signBytes(key, out.subarray(0, zip.length));
  out.set(utf8.encode(commentHead + signature), zip.length);
  return out;
}

/** What every signed export is written with: the app's version, the data folder's key and who signs. */
export interface ZipSigner {
  appVersion: string;
  key(): SigningKey;
  settings: { get(key: 'unit' | 'reviewer'): string };
}

/** A signed export of `kind`: the files, the manifest with the audit anchor handed out, signed. */
export function signedExport(
  deps: ZipSigner,
  kind: SignedKind,
  schemaVersion: number,
  files: Record<string, Uint8Array>,
  anchor: AuditAnchor,
  createdAt = new Date().toISOString(),
): Uint8Array {
  return writeSignedZip({ kind, schemaVersion, app: deps.appVersion, createdAt, anchor }, files, deps.key(), {
    unit: deps.settings.get('unit'),
    reviewer: deps.settings.get('reviewer'),
  });
}

/**
 * Opens a signed zip of the expected kind, verifying the signature over its bytes and every
 * file against the manifest; throws FcrError with a Chinese message naming the file otherwise.
 */
export function openSignedZip(name: string, bytes: Uint8Array, expected: SignedKind, maxVersion: number): OpenedZip {
  const label = KIND_LABELS[expected];
  const refuse = (why: string) => new FcrError('CORRUPT_FILE', `「${name}」${why}，已拒绝导入。`);
  const notOurs = () =>
    new FcrError('UNSUPPORTED_TYPE', `「${name}」不是审查助手的${label}（.fcrbundle），无法作为${label}导入。`);
  const signed = findSignature(bytes);
  if (signed === 'damaged') throw refuse('的签名已损坏（压缩包注释中的签名无法读取）：文件在签名后被改动或已损坏');
  if (!signed || signed.version < 1)
    throw manifestKind(bytes) === expected ? refuse('的签名缺失或已损坏：文件在签名后被改动或已损坏') : notOurs();
  if (signed.version > SIGNATURE_VERSION) throw future(name, label, `签名格式（${signed.version}）`);
  if (!verifyBytes(signed.publicKey, bytes.subarray(0, signed.at), signed.signature))
    throw refuse(`的签名校验失败：${whereDamaged(name, bytes.subarray(0, signed.at))}在签名后被改动或已损坏`);

  const zip = new ZipReader(bytes.subarray(0, signed.at), name, resolveLimits());
  if (!zip.has(MANIFEST)) throw notOurs();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(zip.read(MANIFEST))) as Manifest;
  } catch {
    throw refuse('的清单无法读取');
  }
  if (manifest.kind !== expected) {
    const other = KIND_LABELS[manifest.kind as SignedKind];
    throw new FcrError(
      'UNSUPPORTED_TYPE',
      other ? `「${name}」是${other}，不是${label}，无法作为${label}导入。` : `「${name}」不是审查助手的${label}。`,
    );
  }
  if (!Number.isInteger(manifest.schemaVersion) || manifest.schemaVersion < 1) throw refuse('的版本号无效');
  if (manifest.schemaVersion > maxVersion)
    throw future(name, label, `格式版本（${manifest.schemaVersion}）`, maxVersion);
  if (manifest.signer?.publicKey !== signed.publicKey) throw refuse('的签名密钥与清单不一致');
  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const data = zip.has(f.path) ? zip.read(f.path) : null;
    if (!data || sha256(data) !== f.sha256) throw refuse(`中的「${f.path}」与清单不符`);
    files.set(f.path, data);
  }
  if (zip.entries.size !== manifest.files.length + 1) throw refuse('含有清单之外的文件');
  if (contentHash(manifest.files) !== manifest.contentHash) throw refuse('的内容摘要与清单不符');
  return { manifest, files };
}

/**
 * The kind a zip's manifest names (read without verifying anything), or null for another file:
 * how a batch recognises a review bundle whatever the file is called.
 */
export function manifestKind(bytes: Uint8Array): string | null {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  try {
    const signed = findSignature(bytes);
    const zip = new ZipReader(
      signed && signed !== 'damaged' ? bytes.subarray(0, signed.at) : bytes,
      '',
      resolveLimits(),
    );
    if (!zip.has(MANIFEST)) return null;
    const kind = (JSON.parse(new TextDecoder('utf-8').decode(zip.read(MANIFEST))) as { kind?: unknown }).kind;
    return typeof kind === 'string' ? kind : null;
  } catch {
    return null;
  }
}

function future(name: string, label: string, what: string, supported = SIGNATURE_VERSION): FcrError {
  return new FcrError(
    'UNSUPPORTED_TYPE',
    `「${name}」的${what}比本程序支持的版本（${supported}）新，请升级审查助手后再导入该${label}。`,
  );
}

/**
 * Which part of a zip whose signature failed was changed, as far as the zip can still be read:
 * a file that no longer matches the manifest, the manifest itself, or else the zip's directory or
 * the signature.
 */
function whereDamaged(name: string, zipBytes: Uint8Array): string {
  let zip: ZipReader;
  try {
    zip = new ZipReader(zipBytes, name, resolveLimits());
  } catch {
    return '压缩包目录';
  }
  // The entry whose bytes no longer match the CRC-32 the zip recorded for it (the manifest first).
  const part = (n: string) => (n === MANIFEST ? `清单「${MANIFEST}」` : `其中的「${n}」`);
  for (const n of [MANIFEST, ...[...zip.entries.keys()].filter((k) => k !== MANIFEST)]) {
    try {
      if (crc32(zip.read(n)) !== zip.entries.get(n)!.crc32) return part(n);
    } catch {
      return part(n);
    }
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(zip.read(MANIFEST))) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('no files');
  } catch {
    return `清单「${MANIFEST}」`;
  }
  for (const f of manifest.files) {
    try {
      if (!zip.has(f.path) || sha256(zip.read(f.path)) !== f.sha256) return `其中的「${f.path}」`;
    } catch {
      return `其中的「${f.path}」`;
    }
  }
  return '压缩包的目录、清单或签名本身';
}

/**
 * The signature in the archive comment, and where the comment starts; null for another file,
 * 'damaged' for a comment that starts as a signature but no longer reads as one.
 */
function findSignature(
  bytes: Uint8Array,
): { at: number; version: number; publicKey: string; signature: string } | 'damaged' | null {
  if (bytes.length < 22 + 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) return null;
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 22 - 65535); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const at = eocd + 22;
    if (at + view.getUint16(eocd + 20, true) !== bytes.length) continue;
    // A comment that reads as our signature but for one byte was one.
    const looksSigned =
      bytes.length - at >= 6 && [...'FCRSIG'].filter((c, i) => bytes[at + i] !== c.charCodeAt(0)).length <= 1;
    let comment: string;
    try {
      comment = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at));
    } catch {
      return looksSigned ? 'damaged' : null;
    }
    const m = /^FCRSIG([1-9]\d{0,3}) ([A-Za-z0-9+/]+={0,2}) ([A-Za-z0-9+/]+={0,2})$/.exec(comment);
    // Only canonical base64: otherwise a changed padding bit would decode to the same bytes.
    const canonical = (b64: string) => Buffer.from(b64, 'base64').toString('base64') === b64;
    if (!m || !canonical(m[2]!) || !canonical(m[3]!)) return looksSigned ? 'damaged' : null;
    return { at, version: Number(m[1]), publicKey: m[2]!, signature: m[3]! };
  }
  return null;
}
