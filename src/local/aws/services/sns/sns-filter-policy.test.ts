import { describe, expect, it } from "vitest";
import { filterPolicyProblem, matchesFilterPolicy } from "./sns-filter-policy.js";

const attrs = (entries: Record<string, [string, string]>) =>
  Object.fromEntries(Object.entries(entries).map(([k, [Type, Value]]) => [k, { Type, Value }]));

describe("SNS filter policies (AWS's documented examples)", () => {
  const policy = {
    store: ["example_corp"],
    event: [{ "anything-but": "order_cancelled" }],
    customer_interests: ["rugby", "football", "baseball"],
    price_usd: [{ numeric: [">=", 100] }],
  };
  const message = attrs({
    store: ["String", "example_corp"],
    event: ["String", "order_placed"],
    customer_interests: ["String.Array", '["soccer", "rugby", "hockey"]'],
    price_usd: ["Number", "210.75"],
  });

  it("matches attributes: AND across keys, OR within, arrays by any element, numeric ranges", () => {
    expect(matchesFilterPolicy(policy, "MessageAttributes", message, "")).toBe(true);
    const cheap = { ...message, price_usd: { Type: "Number", Value: "99" } };
    expect(matchesFilterPolicy(policy, "MessageAttributes", cheap, "")).toBe(false);
    const cancelled = { ...message, event: { Type: "String", Value: "order_cancelled" } };
    expect(matchesFilterPolicy(policy, "MessageAttributes", cancelled, "")).toBe(false);
  });

  it("treats a missing attribute as no match except for exists:false", () => {
    expect(matchesFilterPolicy({ store: [{ exists: false }] }, "MessageAttributes", {}, "")).toBe(true);
    expect(matchesFilterPolicy({ store: [{ "anything-but": "x" }] }, "MessageAttributes", {}, "")).toBe(
      false,
    );
    expect(matchesFilterPolicy({ store: [{ prefix: "ex" }] }, "MessageAttributes", message, "")).toBe(true);
  });

  it("matches the body, nested, with $or", () => {
    const body = JSON.stringify({ booking: { class: "Business", from: "DEL" }, miles: 5000 });
    expect(
      matchesFilterPolicy({ booking: { class: ["Business", "First Class"] } }, "MessageBody", {}, body),
    ).toBe(true);
    expect(
      matchesFilterPolicy(
        { $or: [{ miles: [{ numeric: [">", 9000] }] }, { booking: { from: [{ suffix: "EL" }] } }] },
        "MessageBody",
        {},
        body,
      ),
    ).toBe(true);
    expect(matchesFilterPolicy({ booking: { class: ["Economy"] } }, "MessageBody", {}, body)).toBe(false);
    expect(matchesFilterPolicy({ a: ["b"] }, "MessageBody", {}, "not json")).toBe(false);
  });

  it("refuses policies SNS refuses", () => {
    expect(filterPolicyProblem("{")).toContain("parse");
    expect(filterPolicyProblem(JSON.stringify({ a: [1], b: [1], c: [1], d: [1], e: [1], f: [1] }))).toContain(
      "5 keys",
    );
    expect(filterPolicyProblem(JSON.stringify(policy))).toBeUndefined();
  });
});
