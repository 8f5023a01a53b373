/**
 * The data folder's signing key: an Ed25519 key pair made on first use, the private key kept in
 * the data folder readable by its owner only (0600). Bundles are signed with it; a receiver
 * identifies the sender by the public key's fingerprint.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FcrError } from '../../shared/errors.js';

export const KEY_FILE = path.join('keys', 'signing-ed25519.pem');

export interface SigningKey {
  privateKey: KeyObject;
  /** The public key as base64 of its DER SubjectPublicKeyInfo. */
  publicKey: string;
  fingerprint: string;
}

/** Loads the data folder's key, making it on first use. */
export function dataFolderKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(file);
    pem = makeKey(file);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw unreadable(file);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw unreadable(file);
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey, publicKey, fingerprint: fingerprint(publicKey) };
}

/** A damaged key is never replaced silently: bundles signed with it name its fingerprint. */
function unreadable(file: string): FcrError {
  return new FcrError(
    'FILE_UNREADABLE',
    `数据目录中的签名密钥「${file}」无法读取或已损坏。请从备份恢复该文件；如确需更换密钥，删除它后会生成新密钥（指纹随之改变）。`,
  );
}

function makeKey(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written whole under a temporary name, then linked into place: a reader never sees half a
  // key, and when another process made one first, that one is kept and used.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file, 'utf8');
}

/** SHA-256 of the public key (DER), first 20 bytes as upper-case hex in groups of four. */
export function fingerprint(publicKeyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 40);
  return hex.toUpperCase().match(/.{4}/g)!.join(' ');
}

export function signBytes(key: SigningKey, data: Uint8Array): string {
  return sign(null, data, key.privateKey).toString('base64');
}

/** True when `signature` (base64) is the Ed25519 signature of `data` by `publicKeyBase64`. */
export function verifyBytes(publicKeyBase64: string, data: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    // Only the key's one encoding: a changed byte that the DER reader would overlook is a change.
    if (key.export({ type: 'spki', format: 'der' }).toString('base64') !== publicKeyBase64) return false;
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
