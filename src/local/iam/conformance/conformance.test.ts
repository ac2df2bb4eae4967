// The conformance suite: every case written from an AWS documentation page is evaluated and must give the
// outcome AWS documents. Documents of cases without `refused` must be policies AWS would store.
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compile-policy.js";
import { evaluate } from "../evaluate.js";
import { documentProblems, type PolicyKind } from "../policy-grammar.js";
import { ROLE_TRUST_POLICY_RULE } from "../service-rules.js";
import type { Decision } from "../types.js";
import { CONFORMANCE_CASES } from "./all-cases.js";
import { ACCOUNT, type ConformanceCase, type Outcome } from "./conformance-case.js";

function outcomeOf(decision: Decision): Outcome {
  if (decision.allowed) return "Allow";
  return decision.reason === "explicit-deny" ? "ExplicitDeny" : "ImplicitDeny";
}

function resourceKind(c: ConformanceCase): PolicyKind {
  return ROLE_TRUST_POLICY_RULE.appliesTo(c.request.action.toLowerCase(), c.request.resource)
    ? "trust"
    : "resource";
}

function run(c: ConformanceCase): Decision {
  const identity = (c.identity ?? []).map((doc, i) => compilePolicy(doc, `identity:conformance#${i}`));
  const kind = resourceKind(c);
  const resource =
    c.resource === undefined ? undefined : compilePolicy(c.resource, `${kind}:${c.request.resource}`, kind);
  const request = {
    principal: c.request.principal,
    action: c.request.action,
    resource: c.request.resource,
    resourceAccount: c.request.resourceAccount ?? ACCOUNT,
    context: c.request.context ?? {},
  };
  return evaluate(request, resource === undefined ? { identity } : { identity, resource });
}

describe("IAM conformance: cases written from AWS documentation", () => {
  it("holds at least 100 cases, each citing an AWS documentation page, with unique names", () => {
    expect(CONFORMANCE_CASES.length).toBeGreaterThanOrEqual(100);
    for (const c of CONFORMANCE_CASES)
      expect(c.source, c.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(new Set(CONFORMANCE_CASES.map((c) => c.name)).size).toBe(CONFORMANCE_CASES.length);
  });

  it.each(CONFORMANCE_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(outcomeOf(run(c))).toBe(c.expect);
  });

  it.each(CONFORMANCE_CASES.map((c) => [c.name, c] as const))("grammar: %s", (_name, c) => {
    const refusedDoc = c.refused?.kind === "identity" ? c.identity?.[0] : c.resource;
    if (c.refused !== undefined) {
      expect(documentProblems(refusedDoc, c.refused.kind).map((p) => p.rule)).toContain(c.refused.rule);
      return;
    }
    for (const doc of c.identity ?? []) expect(documentProblems(doc, "identity")).toEqual([]);
    if (c.resource !== undefined) expect(documentProblems(c.resource, resourceKind(c))).toEqual([]);
  });
});
