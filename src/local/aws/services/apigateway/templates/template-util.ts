// `$util` of API Gateway mapping templates (API Gateway developer guide, "Variables for data
// transformations", $util): escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode,
// base64Decode. The character set is UTF-8 throughout, as the reference says.
import { vtlString } from "./vtl-renderer.js";

/**
 * Java's `StringEscapeUtils.escapeJavaScript` (commons-lang 2), which the reference describes: `'`
 * becomes `\'` (the reference: "escaped single quotes are not valid in JSON", hence the documented
 * `.replaceAll("\\'","'")`), `"` `\` `/` are escaped, control characters and every character above
 * 0x7F become `\uXXXX` (upper-case hex).
 */
export function escapeJavaScript(value: unknown): string {
  const text = vtlString(value);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] ?? "";
    if (code > 0x7f || code < 0x20) {
      const named: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };
      out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else if (ch === "'" || ch === '"' || ch === "\\" || ch === "/") {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Java's `URLEncoder.encode(s, "UTF-8")`: `application/x-www-form-urlencoded`, space as `+`. */
export function urlEncode(value: unknown): string {
  return encodeURIComponent(vtlString(value))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Java's `URLDecoder.decode(s, "UTF-8")`: `+` is a space. */
export function urlDecode(value: unknown): string {
  const text = vtlString(value).replace(/\+/g, " ");
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const templateUtil = {
  escapeJavaScript,
  urlEncode,
  urlDecode,
  base64Encode: (value: unknown): string => Buffer.from(vtlString(value), "utf8").toString("base64"),
  base64Decode: (value: unknown): string => Buffer.from(vtlString(value), "base64").toString("utf8"),
  /** "Takes stringified JSON and returns an object representation of the result." */
  parseJson: (value: unknown): unknown => JSON.parse(vtlString(value)),
};
