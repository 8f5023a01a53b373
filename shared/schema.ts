/**
 * A tiny runtime schema library for validating API arguments. It is pure TypeScript so the
 * same validators run in the Electron main process, the browser host, the CLI and the renderer.
 */

export interface Schema<T> {
  /** Returns the validated value or throws SchemaError naming the offending path. */
  parse(value: unknown, path?: string): T;
  readonly description: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** An object schema's value: a field whose schema admits `undefined` is an optional key. */
export type ObjectOf<Shape extends Record<string, Schema<unknown>>> = Flatten<
  { [K in keyof Shape as undefined extends Infer<Shape[K]> ? never : K]: Infer<Shape[K]> } & {
    [K in keyof Shape as undefined extends Infer<Shape[K]> ? K : never]?: Infer<Shape[K]>;
  }
>;
type Flatten<T> = { [K in keyof T]: T[K] };

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`参数 ${path || '(根)'} 无效：应为 ${expected}`);
    this.name = 'SchemaError';
  }
}

function schema<T>(description: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { description, parse: (value, path = '') => parse(value, path) };
}

export const s = {
  string(opts: { min?: number; max?: number } = {}): Schema<string> {
    const { min = 0, max = 10_000 } = opts;
    const desc = `长度 ${min}–${max} 的字符串`;
    return schema(desc, (v, p) => {
      if (typeof v !== 'string' || v.length < min || v.length > max) throw new SchemaError(p, desc);
      return v;
    });
  },
  int(opts: { min?: number; max?: number } = {}): Schema<number> {
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
    const desc = `${min}–${max} 之间的整数`;
    return schema(desc, (v, p) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new SchemaError(p, desc);
      return v;
    });
  },
  /** A finite number (not only integers), e.g. a ratio or a weight. */
  number(opts: { min?: number; max?: number } = {}): Schema<number> {
    const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = opts;
    const desc = `${min}–${max} 之间的数`;
    return schema(desc, (v, p) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new SchemaError(p, desc);
      return v;
    });
  },
  /** The first alternative that accepts the value. */
  union<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
    const desc = `${a.description} 或 ${b.description}`;
    return schema(desc, (v, p) => {
      try {
        return a.parse(v, p);
      } catch (ea) {
        try {
          return b.parse(v, p);
        } catch (eb) {
          // The alternative that got further into the value names the real problem.
          const depth = (e: unknown) => (e instanceof SchemaError ? e.path.split('.').length : 0);
          throw depth(eb) > depth(ea) ? eb : ea;
        }
      }
    });
  },
  boolean(): Schema<boolean> {
    return schema('布尔值', (v, p) => {
      if (typeof v !== 'boolean') throw new SchemaError(p, '布尔值');
      return v;
    });
  },
  bytes(opts: { max?: number } = {}): Schema<Uint8Array> {
    const { max = Number.MAX_SAFE_INTEGER } = opts;
    const desc = `不超过 ${max} 字节的二进制数据`;
    return schema(desc, (v, p) => {
      if (!(v instanceof Uint8Array) || v.byteLength > max) throw new SchemaError(p, desc);
      return v;
    });
  },
  literal<const T extends string>(...values: T[]): Schema<T> {
    const desc = values.map((x) => JSON.stringify(x)).join(' | ');
    return schema(desc, (v, p) => {
      if (typeof v !== 'string' || !(values as string[]).includes(v)) throw new SchemaError(p, desc);
      return v as T;
    });
  },
  optional<T>(inner: Schema<T>): Schema<T | undefined> {
    return schema(`${inner.description}（可省略）`, (v, p) => (v === undefined ? undefined : inner.parse(v, p)));
  },
  nullable<T>(inner: Schema<T>): Schema<T | null> {
    return schema(`${inner.description} 或 null`, (v, p) => (v === null ? null : inner.parse(v, p)));
  },
  array<T>(inner: Schema<T>, opts: { min?: number; max?: number } = {}): Schema<T[]> {
    const { min = 0, max = 100_000 } = opts;
    const desc = min ? `${min} 至 ${max} 项的数组` : `至多 ${max} 项的数组`;
    return schema(desc, (v, p) => {
      if (!Array.isArray(v) || v.length < min || v.length > max) throw new SchemaError(p, desc);
      return v.map((item, i) => inner.parse(item, `${p}[${i}]`));
    });
  },
  object<Shape extends Record<string, Schema<unknown>>>(shape: Shape): Schema<ObjectOf<Shape>> {
    const desc = '对象';
    return schema(desc, (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
        throw new SchemaError(p, desc);
      }
      const record = v as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!(key in shape)) throw new SchemaError(p ? `${p}.${key}` : key, '不存在的字段（不允许额外字段）');
      }
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(shape)) {
        const parsed = inner.parse(record[key], p ? `${p}.${key}` : key);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<Shape>;
    });
  },
};
