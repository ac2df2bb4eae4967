// Listener actions and rule matches as CloudFormation writes them (AWS::VpcLattice::Listener
// DefaultAction, AWS::VpcLattice::Rule Action and Match), read into Lattice's state, with coded
// errors naming the resource and the property. Limits from the VPC Lattice User Guide, "Listener
// rules": weights 0–999, 1–5 header matches, path and header matches case-insensitive by default.
import { AccountmeshError } from "../../../../shared/errors.js";
import { resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResolvedResource } from "../../../assembly/types.js";
import type { HttpMatch, LatticeState, RuleAction, StringMatch } from "./lattice-state.js";

type Json = Readonly<Record<string, unknown>>;

function bad(
  resource: ResolvedResource,
  property: string,
  expected: string,
  value: unknown,
): AccountmeshError {
  return new AccountmeshError(
    "LATTICE_INVALID_PROPERTY",
    `${resourceLabel(resource)}: ${property} must be ${expected}; received ${JSON.stringify(value)}.`,
    { property },
  );
}

/** `{Forward: {TargetGroups: [...]}}` or `{FixedResponse: {StatusCode}}`. */
export function readAction(
  resource: ResolvedResource,
  property: string,
  value: unknown,
  state: LatticeState,
): RuleAction {
  const action = (value ?? {}) as Json;
  if (action.FixedResponse !== undefined) {
    const status = Number((action.FixedResponse as Json).StatusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw bad(resource, `${property}.FixedResponse.StatusCode`, "an HTTP status code", status);
    }
    return { kind: "fixed-response", status };
  }
  const forward = action.Forward as Json | undefined;
  const groups = forward?.TargetGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw bad(resource, property, "Forward with TargetGroups or FixedResponse", value);
  }
  return {
    kind: "forward",
    targetGroups: groups.map((group: Json, index) => {
      const identifier = String(group.TargetGroupIdentifier);
      const target = state.targetGroup(identifier);
      if (target === undefined) {
        throw new AccountmeshError(
          "LATTICE_UNKNOWN_TARGET_GROUP",
          `${resourceLabel(resource)}: ${property}.Forward.TargetGroups[${index}] names ${identifier}, which is no target group provisioned locally.`,
          { identifier },
        );
      }
      const weight = group.Weight === undefined ? 100 : Number(group.Weight);
      if (!Number.isInteger(weight) || weight < 0 || weight > 999) {
        throw bad(
          resource,
          `${property}.Forward.TargetGroups[${index}].Weight`,
          "an integer 0-999",
          group.Weight,
        );
      }
      return { arn: target.arn, weight };
    }),
  };
}

function stringMatch(
  resource: ResolvedResource,
  property: string,
  value: Json,
  caseSensitive: unknown,
): StringMatch {
  const kinds = (["Exact", "Prefix", "Contains"] as const).filter((k) => value[k] !== undefined);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    throw bad(resource, property, "exactly one of Exact, Prefix, Contains", value);
  }
  return {
    kind: kind.toLowerCase() as StringMatch["kind"],
    value: String(value[kind]),
    caseSensitive: caseSensitive === true || caseSensitive === "true",
  };
}

/** `{HttpMatch: {Method?, PathMatch?, HeaderMatches?}}`. */
export function readMatch(resource: ResolvedResource, value: unknown): HttpMatch {
  const http = ((value ?? {}) as Json).HttpMatch as Json | undefined;
  if (http === undefined) throw bad(resource, "Match", "an object with HttpMatch", value);
  const path = http.PathMatch as Json | undefined;
  const headers = (http.HeaderMatches ?? []) as Json[];
  if (!Array.isArray(headers) || headers.length > 5) {
    throw bad(resource, "Match.HttpMatch.HeaderMatches", "a list of at most 5 matches", headers);
  }
  if (path !== undefined && ((path.Match ?? {}) as Json).Contains !== undefined) {
    throw bad(resource, "Match.HttpMatch.PathMatch.Match", "Exact or Prefix", path.Match);
  }
  return {
    ...(http.Method === undefined ? {} : { method: String(http.Method) }),
    ...(path === undefined
      ? {}
      : {
          path: stringMatch(
            resource,
            "Match.HttpMatch.PathMatch.Match",
            (path.Match ?? {}) as Json,
            path.CaseSensitive,
          ),
        }),
    headers: headers.map((h, i) => ({
      name: String(h.Name).toLowerCase(),
      ...stringMatch(
        resource,
        `Match.HttpMatch.HeaderMatches[${i}].Match`,
        (h.Match ?? {}) as Json,
        h.CaseSensitive,
      ),
    })),
  };
}
