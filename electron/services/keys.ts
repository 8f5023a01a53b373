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
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
  } catch {
    pem = makeKey(file);
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey, publicKey, fingerprint: fingerprint(publicKey) };
}

function makeKey(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written whole under a temporary name, then renamed: a reader never sees half a key.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
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
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
