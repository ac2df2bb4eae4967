/**
 * A string-keyed record with no prototype, for maps whose keys come from outside (query strings,
 * headers, path parameters, stage variables, JSON members): `constructor`, `toString`, `__proto__`
 * are ordinary keys there, never inherited members. `dictionary([["a", 1]])` → `{ a: 1 }`.
 * JSON.stringify and structured clone treat it as a plain object.
 */
export function dictionary<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries !== undefined) {
    for (const [key, value] of entries) out[key] = value;
  }
  return out;
}

/** The own value of `key`, never an inherited member (safe on plain objects parsed from input). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
