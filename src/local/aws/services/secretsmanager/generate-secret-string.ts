// Secrets Manager's password generation (GenerateSecretString / GetRandomPassword options).
import { randomInt } from "node:crypto";
import { AccountmeshError } from "../../../../shared/errors.js";

export interface GenerateSecretStringOptions {
  readonly ExcludeCharacters?: string;
  readonly ExcludeLowercase?: boolean;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly PasswordLength?: number;
  readonly RequireEachIncludedType?: boolean;
  readonly GenerateStringKey?: string;
  readonly SecretStringTemplate?: string;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

function flag(value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : value === true || value === "true";
}

function fail(message: string, details: Record<string, unknown>): never {
  throw new AccountmeshError("SECRETSMANAGER_INVALID_GENERATE_SECRET_STRING", message, details);
}

/** A password (or the template with the password under GenerateStringKey) as Secrets Manager generates it. */
export function generateSecretString(
  options: Readonly<Record<string, unknown>>,
  random: (max: number) => number = randomInt,
): string {
  const o = options as GenerateSecretStringOptions;
  const length = o.PasswordLength === undefined ? 32 : Number(o.PasswordLength);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    fail(`PasswordLength must be an integer from 1 to 4096; received ${JSON.stringify(o.PasswordLength)}.`, {
      options,
    });
  }
  const excluded = new Set(o.ExcludeCharacters ?? "");
  const classes = [
    flag(o.ExcludeLowercase, false) ? "" : LOWER,
    flag(o.ExcludeUppercase, false) ? "" : UPPER,
    flag(o.ExcludeNumbers, false) ? "" : DIGITS,
    flag(o.ExcludePunctuation, false) ? "" : PUNCTUATION,
    flag(o.IncludeSpace, false) ? " " : "",
  ]
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(""))
    .filter((chars) => chars.length > 0);
  const all = classes.join("");
  if (all.length === 0) {
    fail("GenerateSecretString excludes every character; allow at least one character class.", { options });
  }
  const pick = (chars: string): string => chars.charAt(random(chars.length));
  const chars = Array.from({ length }, () => pick(all));
  if (flag(o.RequireEachIncludedType, true)) {
    if (classes.length > length) {
      fail(
        `PasswordLength ${length} is shorter than the ${classes.length} character types it must include.`,
        { options },
      );
    }
    // Put one character of each included type at distinct random positions.
    const positions = [...chars.keys()];
    for (const charClass of classes) {
      const [position] = positions.splice(random(positions.length), 1);
      chars[position as number] = pick(charClass);
    }
  }
  const password = chars.join("");
  if (o.GenerateStringKey === undefined && o.SecretStringTemplate === undefined) return password;
  if (o.GenerateStringKey === undefined || o.SecretStringTemplate === undefined) {
    fail("GenerateStringKey and SecretStringTemplate must be given together.", { options });
  }
  let template: unknown;
  try {
    template = JSON.parse(o.SecretStringTemplate);
  } catch {
    template = undefined;
  }
  if (template === null || typeof template !== "object" || Array.isArray(template)) {
    fail(`SecretStringTemplate must be a JSON object; received ${JSON.stringify(o.SecretStringTemplate)}.`, {
      options,
    });
  }
  return JSON.stringify({ ...template, [o.GenerateStringKey]: password });
}
