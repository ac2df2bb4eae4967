// The intrinsic function evaluator (pure except for the questions it asks its SymbolLookup).

import { cidrSubnets } from "./cidr.js";
import type { EvaluationScope } from "./evaluation-scope.js";
import {
  intrinsicError,
  intrinsicName,
  isRecord,
  NO_VALUE,
  SUPPORTED_INTRINSICS,
  scalarString,
  show,
} from "./intrinsic-values.js";
import { availabilityZones } from "./pseudo-parameters.js";
import { ReferenceResolver } from "./reference-resolver.js";
import { parseSubTemplate } from "./sub-template.js";
import type { EvaluationSite } from "./symbol-lookup.js";

export interface TemplateEvaluator {
  /** The value with every intrinsic evaluated; `NO_VALUE` when it is `AWS::NoValue` itself. */
  evaluate(value: unknown, site: EvaluationSite): unknown;
  /** A named condition of the template's Conditions section. */
  condition(name: string, site: EvaluationSite): boolean;
}

export function createEvaluator(scope: EvaluationScope): TemplateEvaluator {
  return new IntrinsicEvaluator(scope);
}

type Handler = (argument: unknown, site: EvaluationSite) => unknown;

class IntrinsicEvaluator implements TemplateEvaluator {
  private readonly references: ReferenceResolver;
  private readonly conditions = new Map<string, boolean>();
  private readonly evaluatingConditions = new Set<string>();
  private readonly handlers: Readonly<Record<string, Handler>>;

  constructor(private readonly scope: EvaluationScope) {
    this.references = new ReferenceResolver(scope);
    this.handlers = {
      Ref: (name, site) => this.references.ref(this.string(name, "Ref", site, "the name"), site),
      "Fn::GetAtt": (argument, site) => this.getAtt(argument, site),
      "Fn::Join": (argument, site) => this.join(argument, site),
      "Fn::Sub": (argument, site) => this.sub(argument, site),
      "Fn::Select": (argument, site) => this.select(argument, site),
      "Fn::Split": (argument, site) => {
        const [delimiter, source] = this.args(argument, 2, "Fn::Split", site);
        const text = this.string(this.evaluate(source, site), "Fn::Split", site, "the source");
        return text.split(this.string(delimiter, "Fn::Split", site, "the delimiter"));
      },
      "Fn::If": (argument, site) => {
        const [name, whenTrue, whenFalse] = this.args(argument, 3, "Fn::If", site);
        const chosen = this.condition(this.string(name, "Fn::If", site, "the condition name"), site);
        return this.evaluate(chosen ? whenTrue : whenFalse, site);
      },
      "Fn::Not": (argument, site) =>
        !this.conditionExpression(this.args(argument, 1, "Fn::Not", site)[0], site),
      "Fn::And": (argument, site) =>
        this.list(argument, "Fn::And", site).every((c) => this.conditionExpression(c, site)),
      "Fn::Or": (argument, site) =>
        this.list(argument, "Fn::Or", site).some((c) => this.conditionExpression(c, site)),
      "Fn::Equals": (argument, site) => {
        const [left, right] = this.args(argument, 2, "Fn::Equals", site).map((v) => this.evaluate(v, site));
        return comparable(left) === comparable(right);
      },
      "Fn::FindInMap": (argument, site) => this.findInMap(argument, site),
      "Fn::GetAZs": (argument, site) => {
        const region = this.string(this.evaluate(argument, site), "Fn::GetAZs", site, "the region");
        return availabilityZones(region === "" ? this.scope.stack.region : region);
      },
      "Fn::ImportValue": (argument, site) =>
        this.scope.symbols.importValue(
          this.string(this.evaluate(argument, site), "Fn::ImportValue", site, "the export name"),
          site,
        ),
      "Fn::GetStackOutput": (argument, site) =>
        this.references.stackOutput(this.evaluate(argument, site), site),
      "Fn::Base64": (argument, site) =>
        Buffer.from(this.string(this.evaluate(argument, site), "Fn::Base64", site, "the value")).toString(
          "base64",
        ),
      "Fn::Cidr": (argument, site) => this.cidr(argument, site),
      "Fn::ToJsonString": (argument, site) => JSON.stringify(this.evaluate(argument, site)),
      "Fn::Length": (argument, site) => this.list(this.evaluate(argument, site), "Fn::Length", site).length,
    };
  }

  evaluate(value: unknown, site: EvaluationSite): unknown {
    const name = intrinsicName(value);
    if (name !== undefined) {
      const handler = SUPPORTED_INTRINSICS.has(name) ? this.handlers[name] : undefined;
      if (!handler) {
        throw intrinsicError(
          "UNSUPPORTED_INTRINSIC",
          name,
          site,
          "this intrinsic function is not supported locally.",
        );
      }
      return handler((value as Record<string, unknown>)[name], site);
    }
    if (Array.isArray(value)) {
      return value
        .map((item, i) => this.evaluate(item, { ...site, path: `${site.path}[${i}]` }))
        .filter((item) => item !== NO_VALUE);
    }
    if (isRecord(value)) {
      const entries = Object.entries(value).map(([key, item]) => [
        key,
        this.evaluate(item, { ...site, path: site.path === "" ? key : `${site.path}.${key}` }),
      ]);
      return Object.fromEntries(entries.filter(([, item]) => item !== NO_VALUE));
    }
    return value;
  }

  condition(name: string, site: EvaluationSite): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const expression = this.scope.stack.template.Conditions?.[name];
    if (expression === undefined) {
      throw intrinsicError(
        "UNKNOWN_CONDITION",
        "Condition",
        site,
        `the template has no condition "${name}".`,
      );
    }
    if (this.evaluatingConditions.has(name)) {
      throw intrinsicError("CONDITION_CYCLE", "Condition", site, `condition "${name}" depends on itself.`);
    }
    this.evaluatingConditions.add(name);
    try {
      const value = this.conditionExpression(expression, { ...site, path: `Conditions.${name}` });
      this.conditions.set(name, value);
      return value;
    } finally {
      this.evaluatingConditions.delete(name);
    }
  }

  private conditionExpression(expression: unknown, site: EvaluationSite): boolean {
    if (
      isRecord(expression) &&
      Object.keys(expression).length === 1 &&
      typeof expression.Condition === "string"
    ) {
      return this.condition(expression.Condition, site);
    }
    const value = this.evaluate(expression, site);
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    throw intrinsicError(
      "INVALID_INTRINSIC",
      "Condition",
      site,
      `a condition must be true or false, received ${show(value)}.`,
    );
  }

  private getAtt(argument: unknown, site: EvaluationSite): unknown {
    let logicalId: unknown;
    let attribute: unknown;
    if (typeof argument === "string") {
      const dot = argument.indexOf(".");
      [logicalId, attribute] = dot < 0 ? [argument, ""] : [argument.slice(0, dot), argument.slice(dot + 1)];
    } else {
      [logicalId, attribute] = this.args(argument, 2, "Fn::GetAtt", site);
      attribute = this.evaluate(attribute, site);
    }
    const id = this.string(logicalId, "Fn::GetAtt", site, "the logical id");
    return this.references.getAtt(id, this.string(attribute, "Fn::GetAtt", site, "the attribute name"), site);
  }

  private join(argument: unknown, site: EvaluationSite): string {
    const [delimiter, items] = this.args(argument, 2, "Fn::Join", site);
    const separator = this.string(delimiter, "Fn::Join", site, "the delimiter");
    const values = this.list(this.evaluate(items, site), "Fn::Join", site);
    return values.map((item) => scalarString(item, "Fn::Join", site, "each joined value")).join(separator);
  }

  private sub(argument: unknown, site: EvaluationSite): string {
    const [template, variables] = Array.isArray(argument)
      ? this.args(argument, 2, "Fn::Sub", site)
      : [argument, {}];
    const text = this.string(template, "Fn::Sub", site, "the template");
    const values = this.evaluate(variables, site);
    if (!isRecord(values)) {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        "Fn::Sub",
        site,
        `the variables must be an object, received ${show(values)}.`,
      );
    }
    return parseSubTemplate(text)
      .map((part) => {
        if (part.kind === "literal") return part.text;
        if (part.attribute === undefined && part.name in values) {
          return scalarString(values[part.name], "Fn::Sub", site, `variable ${part.name}`);
        }
        const value =
          part.attribute === undefined
            ? this.references.ref(part.name, site)
            : this.references.getAtt(part.name, part.attribute, site);
        return scalarString(
          value,
          "Fn::Sub",
          site,
          `\${${part.name}${part.attribute ? `.${part.attribute}` : ""}}`,
        );
      })
      .join("");
  }

  private select(argument: unknown, site: EvaluationSite): unknown {
    const [indexValue, listValue] = this.args(argument, 2, "Fn::Select", site);
    const index = Number(this.evaluate(indexValue, site));
    const list = this.list(this.evaluate(listValue, site), "Fn::Select", site);
    if (!Number.isInteger(index) || index < 0 || index >= list.length) {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        "Fn::Select",
        site,
        `index ${show(index)} is outside the list ${show(list)}.`,
      );
    }
    return list[index];
  }

  private findInMap(argument: unknown, site: EvaluationSite): unknown {
    const [map, top, second] = this.args(argument, 3, "Fn::FindInMap", site).map((key, i) =>
      this.string(
        this.evaluate(key, site),
        "Fn::FindInMap",
        site,
        ["the map name", "the top-level key", "the second-level key"][i] ?? "a key",
      ),
    ) as [string, string, string];
    const topLevel = this.scope.stack.template.Mappings?.[map];
    const secondLevel = isRecord(topLevel) ? topLevel[top] : undefined;
    const value = isRecord(secondLevel) ? secondLevel[second] : undefined;
    if (value === undefined) {
      throw intrinsicError(
        "MISSING_MAPPING",
        "Fn::FindInMap",
        site,
        `Mappings has no ${map} → ${top} → ${second}.`,
      );
    }
    return value;
  }

  private cidr(argument: unknown, site: EvaluationSite): string[] {
    const [block, count, bits] = this.args(argument, 3, "Fn::Cidr", site).map((v) => this.evaluate(v, site));
    try {
      return cidrSubnets(this.string(block, "Fn::Cidr", site, "the IP block"), Number(count), Number(bits));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw intrinsicError("INVALID_INTRINSIC", "Fn::Cidr", site, `${error.message}.`);
    }
  }

  private args(argument: unknown, count: number, intrinsic: string, site: EvaluationSite): unknown[] {
    if (!Array.isArray(argument) || argument.length !== count) {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        intrinsic,
        site,
        `expected a list of ${count} arguments, received ${show(argument)}.`,
      );
    }
    return argument;
  }

  private list(value: unknown, intrinsic: string, site: EvaluationSite): readonly unknown[] {
    if (!Array.isArray(value)) {
      throw intrinsicError("INVALID_INTRINSIC", intrinsic, site, `expected a list, received ${show(value)}.`);
    }
    return value;
  }

  private string(value: unknown, intrinsic: string, site: EvaluationSite, role: string): string {
    if (typeof value !== "string") {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        intrinsic,
        site,
        `${role} must be a string, received ${show(value)}.`,
      );
    }
    return value;
  }
}

function comparable(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : JSON.stringify(value);
}
