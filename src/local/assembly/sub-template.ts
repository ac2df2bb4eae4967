/** A piece of an Fn::Sub string: literal text, or a `${Name}` / `${Resource.Attribute}` reference. */
export type SubPart =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "reference"; readonly name: string; readonly attribute?: string };

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * Splits an Fn::Sub template into parts. `${!Literal}` stands for the text `${Literal}`;
 * `${Res.Attr}` is a GetAtt (the attribute is everything after the first dot).
 */
export function parseSubTemplate(template: string): readonly SubPart[] {
  const parts: SubPart[] = [];
  let literal = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    const content = match[1] ?? "";
    if (content.startsWith("!")) {
      literal += `\${${content.slice(1)}}`;
      continue;
    }
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
    const name = content.trim();
    const dot = name.indexOf(".");
    parts.push(
      dot < 0
        ? { kind: "reference", name }
        : { kind: "reference", name: name.slice(0, dot), attribute: name.slice(dot + 1) },
    );
  }
  literal += template.slice(last);
  if (literal !== "") parts.push({ kind: "literal", text: literal });
  return parts;
}
