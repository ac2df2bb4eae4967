// Velocity (VTL) as API Gateway's mapping templates run it, on velocityjs (ARCHITECTURE.md §5): a null
// or undefined reference renders as nothing (AWS-recorded: `$input.path('$.missing')` renders "" and
// equals both `$null` and ""), a map renders as Java's `{key=value, ...}` and a list as compact JSON
// (AWS-recorded `$input.path` renderings: `{foo=bar}`, `[{"foo":"bar"}]`, `{foo=[{"nested":"bar"}]}`;
// LocalStack's test_input_path_template_formatting, recorded against AWS), and strings have the Java
// String methods templates call (`length()`, `replaceAll()`, `contains()`, ...).
import { Compile, parse } from "velocityjs";

type Ast = ReturnType<typeof parse>;

const parsed = new Map<string, Ast>();
const MAX_CACHED_TEMPLATES = 512;

/** How a value prints inside a rendered template. */
export function vtlString(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "object") {
    const own = (value as { toString?: unknown }).toString;
    if (typeof own === "function" && own !== Object.prototype.toString) return String(value);
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}=${item === null ? "null" : vtlString(item)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** Java's String methods on JavaScript strings (only where the name differs or JavaScript lacks it). */
const STRING_METHODS: Readonly<Record<string, (s: string, ...args: unknown[]) => unknown>> = {
  length: (s) => s.length,
  isEmpty: (s) => s.length === 0,
  contains: (s, part) => s.includes(String(part)),
  equals: (s, other) => s === String(other),
  equalsIgnoreCase: (s, other) => s.toLowerCase() === String(other).toLowerCase(),
  matches: (s, regex) => new RegExp(`^(?:${String(regex)})$`).test(s),
  replaceAll: (s, regex, replacement) =>
    s.replace(new RegExp(String(regex), "g"), javaReplacement(replacement)),
  replaceFirst: (s, regex, replacement) => s.replace(new RegExp(String(regex)), javaReplacement(replacement)),
  replace: (s, target, replacement) => s.split(String(target)).join(String(replacement)),
  split: (s, regex) => s.split(new RegExp(String(regex))),
  substring: (s: string, start: unknown, end?: unknown) =>
    end === undefined ? s.substring(Number(start)) : s.substring(Number(start), Number(end)),
  charAt: (s, index) => s.charAt(Number(index)),
  toString: (s: string) => s,
};

/** Java's `$1` group references are JavaScript's too; a literal `\$` in Java is `$$` in JavaScript. */
function javaReplacement(replacement: unknown): string {
  return String(replacement).replace(/\\\$/g, "$$$$");
}

const CUSTOM_METHODS = [
  {
    uid: "java-string",
    match: ({ property, context }: { property: string; context: unknown }) =>
      typeof context === "string" && Object.hasOwn(STRING_METHODS, property),
    resolve: ({ property, context, params }: { property: string; context: unknown; params: unknown[] }) =>
      STRING_METHODS[property]?.(context as string, ...params),
  },
];

class MappingTemplateCompile extends Compile {
  override getReferences(ast: Parameters<Compile["getReferences"]>[0], isVal?: boolean): string {
    const value: unknown = super.getReferences(ast, isVal);
    // Only output (isVal) is turned into text; #set, arguments and conditions keep the value itself.
    return (isVal === true ? vtlString(value) : value) as string;
  }

  /** `==` and `!=` as AWS compares: a null reference equals the empty string (AWS-recorded). */
  override getExpression(ast: Parameters<Compile["getExpression"]>[0]): string {
    const node = ast as { type?: string; operator?: string; expression?: unknown[] };
    if (
      node.type === "math" &&
      (node.operator === "==" || node.operator === "!=") &&
      node.expression !== undefined
    ) {
      const [left, right] = node.expression.map(
        (operand) => super.getExpression(operand as typeof ast) as unknown,
      );
      const blank = (v: unknown) => v === null || v === undefined || v === "";
      // biome-ignore lint/suspicious/noDoubleEquals: Velocity compares loosely, as velocityjs does.
      const equal = blank(left) && blank(right) ? true : left == right;
      return (node.operator === "==" ? equal : !equal) as unknown as string;
    }
    return super.getExpression(ast);
  }
}

/**
 * Renders `template` with `variables` (`$context`, `$input`, `$util`, `$stageVariables`, ...). The
 * template's `#set` may change the variables (e.g. `$context.responseOverride.status`): callers read
 * them back afterwards. Throws the engine's error for a template that does not parse.
 */
export function renderTemplate(template: string, variables: Record<string, unknown>): string {
  let ast = parsed.get(template);
  if (ast === undefined) {
    ast = parse(template);
    if (parsed.size >= MAX_CACHED_TEMPLATES) parsed.clear();
    parsed.set(template, ast);
  }
  const compile = new MappingTemplateCompile(ast, { escape: false, customMethodHandlers: CUSTOM_METHODS });
  return compile.render(variables, undefined, true);
}
