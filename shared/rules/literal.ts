/**
 * A literal that every match of a regex contains: the longest run of plain characters at the top
 * level of the pattern (outside groups, classes and alternations, not made optional by a
 * quantifier). '' when there is none or the pattern uses syntax this reader does not follow.
 */
export function requiredLiteral(source: string): string {
  const runs: string[] = [];
  let cur = '';
  let depth = 0;
  let prev: 'none' | 'lit' | 'atom' | 'quant' = 'none';
  const flush = (): void => {
    if (cur) runs.push(cur);
    cur = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '';
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return '';
      if (depth === 0) {
        // Only one-character escapes at the top level; anything longer (\u, \x, \p, \k, \1…) ends the reading.
        if (!/[sSdDwWbB.*+?^$()[\]{}|\\/\-，。；]/.test(n)) return '';
        flush();
      }
      i++;
      prev = 'atom';
      continue;
    }
    if (c === '[') {
      // Skip the class (escapes inside it included).
      let j = i + 1;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      if (j >= source.length) return '';
      if (depth === 0) flush();
      i = j;
      prev = 'atom';
      continue;
    }
    if (c === '(') {
      if (depth === 0) flush();
      depth++;
      // Skip a group prefix: (?: (?= (?! (?<= (?<! (?<name>.
      if (source[i + 1] === '?') {
        if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') return '';
        i += source[i + 2] === '<' ? 3 : 2;
      }
      prev = 'none';
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth < 0) return '';
      prev = 'atom';
      continue;
    }
    if (c === '|') {
      if (depth === 0) return '';
      prev = 'none';
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (c === '?' && prev === 'quant') {
        prev = 'atom';
        continue;
      }
      if (c === '{') {
        const j = source.indexOf('}', i);
        if (j < 0) return '';
        i = j;
      }
      if (depth === 0 && prev === 'lit') {
        cur = cur.slice(0, -1);
        flush();
      }
      prev = 'quant';
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c === ']' || c === '}') {
      if (depth === 0) flush();
      prev = 'atom';
      continue;
    }
    if (depth === 0) {
      cur += c;
      prev = 'lit';
    } else prev = 'atom';
  }
  if (depth !== 0) return '';
  flush();
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best;
}
