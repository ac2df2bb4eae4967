// Minimal XML writing for the query and EC2 protocols (responses only; we never parse XML).

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Escapes text for element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

/** `<name>escaped text</name>`; `content` that is already XML goes through `xmlElement` instead. */
export function xmlText(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlElement(name: string, innerXml: string, xmlns?: string): string {
  const attribute = xmlns === undefined ? "" : ` xmlns="${escapeXml(xmlns)}"`;
  return `<${name}${attribute}>${innerXml}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
