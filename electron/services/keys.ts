/**
 * The data folder's Ed25519 key: made on first use, kept beside the database (keys/, owner-only),
 * used to sign audit anchors (and bundles). The private key never leaves this module.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DataFolderKey {
  /** SPKI PEM of the public key. */
  publicKey: string;
  sign(bytes: Uint8Array): Buffer;
  /** SHA-256 of the public key's DER, hex. */
  fingerprint: string;
}

export const KEY_FILE = path.join('keys', 'data-folder-ed25519.pem');

export function dataFolderKey(dataDir: string): DataFolderKey {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    // Another process may have made one meanwhile: keep the first (rename would replace it).
    if (!existsSync(file)) renameSync(tmp, file);
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const pub = createPublicKey(privateKey);
  return {
    publicKey: pub.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (bytes) => sign(null, bytes, privateKey),
    fingerprint: createHash('sha256')
      .update(pub.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
  };
}

export function verifySignature(publicKeyPem: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
