import { createHash } from "node:crypto";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A deterministic id derived from its parts: the same parts give the same id on every start, so
 * physical ids (vpc-..., API ids, table names) are stable across restarts.
 * `alphabet: "hex"` gives lower-case hex; `"alnum"` lower-case letters and digits (API Gateway style).
 */
export function stableId(
  parts: readonly string[],
  length: number,
  alphabet: "hex" | "alnum" = "hex",
): string {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  if (alphabet === "hex") {
    let hex = digest.toString("hex");
    while (hex.length < length) {
      hex += createHash("sha256").update(hex).digest("hex");
    }
    return hex.slice(0, length);
  }
  let out = "";
  for (let i = 0; out.length < length; i++) {
    const byte = digest[i % digest.length] ?? 0;
    out += LOWER_ALNUM[(byte + Math.floor(i / digest.length)) % LOWER_ALNUM.length];
  }
  return out;
}
