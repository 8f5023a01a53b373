import { describe, expect, it } from 'vitest';
import { contract, isMethodName, METHOD_NAMES, parseArgs } from '../../shared/api';
import { s, SchemaError } from '../../shared/schema';
import { decodeWire, encodeWire, fromBase64, toBase64 } from '../../shared/wire';

describe('schema', () => {
  const doc = s.object({ id: s.int({ min: 1 }), name: s.optional(s.string({ max: 5 })) });

  it('accepts valid values and drops absent optional fields', () => {
    expect(doc.parse({ id: 3 })).toEqual({ id: 3 });
    expect(doc.parse({ id: 3, name: 'ab' })).toEqual({ id: 3, name: 'ab' });
  });

  it('rejects wrong types, ranges, extra fields and non-objects with the path in Chinese', () => {
    expect(() => doc.parse({ id: 0 })).toThrow(/参数 id 无效/);
    expect(() => doc.parse({ id: 1.5 })).toThrow(SchemaError);
    expect(() => doc.parse({ id: '1' })).toThrow(SchemaError);
    expect(() => doc.parse({ id: 1, name: '123456' })).toThrow(/name/);
    expect(() => doc.parse({ id: 1, extra: true })).toThrow(/extra/);
    expect(() => doc.parse(null)).toThrow(SchemaError);
    expect(() => doc.parse([1])).toThrow(SchemaError);
  });

  it('validates arrays element by element', () => {
    const list = s.array(s.literal('a', 'b'), { max: 2 });
    expect(list.parse(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => list.parse(['a', 'c'])).toThrow(/\[1\]/);
    expect(() => list.parse(['a', 'a', 'a'])).toThrow(SchemaError);
  });
});

describe('API contract', () => {
  it('names every method and validates its arguments', () => {
    expect(METHOD_NAMES).toEqual(Object.keys(contract));
    expect(isMethodName('listDocuments')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(parseArgs('getDocument', { id: 7 })).toEqual({ id: 7 });
    expect(() => parseArgs('getDocument', { id: -1 })).toThrow(SchemaError);
    expect(() => parseArgs('importDocument', { name: 'a.txt', bytes: 'not bytes' })).toThrow(/bytes/);
    expect(() => parseArgs('importDocument', { name: '', bytes: new Uint8Array(1) })).toThrow(/name/);
  });
});

describe('wire encoding', () => {
  it('round-trips bytes of every length through base64', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const b64 = toBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(b64)).toEqual(bytes);
    }
  });

  it('carries Uint8Array values inside JSON', () => {
    const value = { name: '通知.txt', bytes: new Uint8Array([0, 1, 254, 255]), nested: [{ x: 1 }] };
    const back = decodeWire(encodeWire(value)) as typeof value;
    expect(back.name).toBe('通知.txt');
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.bytes)).toEqual([0, 1, 254, 255]);
    expect(back.nested).toEqual([{ x: 1 }]);
  });

  it('rejects malformed base64', () => {
    expect(() => fromBase64('ab$d')).toThrow();
  });
});
