// JSON text with exact big integers. The node's answers hold u64 values that serde writes as JSON
// numbers (a CLValue's `parsed` u64, era ids, ...), which can exceed 2^53: they are bigints in memory
// and written here as their exact digits. The data directory keeps values as tagged strings instead,
// so reading them back gives the same bigints.

/** JSON.stringify, with bigints written as exact JSON numbers. */
export function toJsonText(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent); // the common case: no bigint, no replacer callbacks
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/.test(e.message)) throw e;
  }
  const marks: string[] = [];
  // a fresh nonce per call: no string in the value can look like a mark
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(
    value,
    (_key, v) => {
      if (typeof v !== "bigint") return v;
      marks.push(v.toString());
      return `\u0000bigint:${nonce}:${marks.length - 1}`;
    },
    indent,
  );
  if (marks.length === 0) return text;
  const mark = new RegExp(`"\\\\u0000bigint:${nonce}:(\\d+)"`, "g");
  return text.replace(mark, (_m, i: string) => marks[Number(i)]);
}

const BIGINT_TAG = "$bigint";

/** For storage: bigints become {"$bigint": "digits"}, which `fromStoredJsonText` turns back into bigints. */
export function toStoredJsonText(value: unknown): string {
  try {
    return JSON.stringify(value); // the common case (a deploy and its result): no bigint, no replacer calls
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/.test(e.message)) throw e;
  }
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? { [BIGINT_TAG]: v.toString() } : v));
}

/**
 * `toStoredJsonText(value)` when the text of its field `field` is already known (`fieldText`, from
 * `toStoredJsonText` too): the same text, built field by field in the object's order. JSON.stringify
 * leaves out fields whose value is undefined, a function or a symbol, and the bigint replacer looks at
 * values only, so each field's text is the one the whole would hold.
 */
export function storedJsonTextWithField(value: object, field: string, fieldText: string): string {
  const fields: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    fields.push(`${JSON.stringify(name)}:${name === field ? fieldText : toStoredJsonText(v)}`);
  }
  return `{${fields.join(",")}}`;
}

export function fromStoredJsonText(text: string): unknown {
  return JSON.parse(text, (_key, v) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === BIGINT_TAG && typeof v[BIGINT_TAG] === "string" && /^-?\d+$/.test(v[BIGINT_TAG])) return BigInt(v[BIGINT_TAG]);
    }
    return v;
  });
}
