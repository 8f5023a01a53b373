/**
 * Names and texts from files are printed as text, never as terminal commands: control characters,
 * escape sequences and bidirectional overrides become visible escapes (\x1B, \u202E), and in a
 * table field a newline or tab cannot break the row.
 */
// C0 controls, DEL, C1 controls, line/paragraph separators and bidi embedding/override/isolate marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above, keeping newline and tab
const UNSAFE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// The same set without the global flag, for a test that keeps no state.
// eslint-disable-next-line no-control-regex -- as above
const ANY_UNSAFE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase()}`;
}

/** One field of a row: nothing in it can move the cursor, colour the terminal or end the row. */
export function termField(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** Running text: newlines and tabs are kept, every other control character is made visible. */
export function termText(s: string): string {
  return s.replace(UNSAFE_BUT_LAYOUT, visible);
}

/** True when termText(s) is s: then every part of s prints as it is. */
export function isTermText(s: string): boolean {
  return !ANY_UNSAFE_BUT_LAYOUT.test(s);
}
