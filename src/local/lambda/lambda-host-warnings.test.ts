import { afterEach, describe, expect, it } from "vitest";
import { fixtureSpec, logCollector, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost } from "./lambda-host.js";
import type { ProcessWarning } from "./process-warnings.js";

const hosts: LambdaHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

describe("process warnings of execution environments", () => {
  it("are the runtime's, reported once each, never the function's ERROR lines", async () => {
    const { lines, log } = logCollector();
    const reported: ProcessWarning[] = [];
    const host = new LambdaHost(testBindings(), {
      log,
      maxConcurrencyPerFunction: 2,
      warn: (warning, functionName) => {
        expect(functionName).toBe("warns");
        reported.push(warning);
      },
    });
    hosts.push(host);
    const spec = fixtureSpec("warns", { handler: "warns.handler", logFormat: "JSON" });
    host.register(spec);
    // Two environments at once (two cold starts), then warm invocations.
    const results = await Promise.all([host.invoke(spec.arn, {}), host.invoke(spec.arn, {})]);
    results.push(await host.invoke(spec.arn, {}));
    for (const result of results) expect(result.kind).toBe("success");
    await new Promise((resolve) => setTimeout(resolve, 50)); // warnings travel on the next tick
    expect(lines.some((line) => line.includes('"handled"'))).toBe(true);
    expect(lines.filter((line) => /Warning|deprecated|"ERROR"/.test(line))).toEqual([]);
    expect(reported).toContainEqual({
      name: "Warning",
      message: "FixtureVersionWarning: the host's Node.js is older than the SDK wants",
      code: "AM_FIXTURE_WARNING",
    });
    expect(reported).toContainEqual({ name: "DeprecationWarning", message: "fixture API is deprecated" });
  });

  it("by default become one warning of the host process per distinct warning", async () => {
    const seen: Error[] = [];
    const listener = (warning: Error) => seen.push(warning);
    process.on("warning", listener);
    try {
      const host = new LambdaHost(testBindings(), { log: () => {}, maxConcurrencyPerFunction: 2 });
      hosts.push(host);
      const spec = fixtureSpec("warns-default", { handler: "warns.handler" });
      host.register(spec);
      await Promise.all([host.invoke(spec.arn, {}), host.invoke(spec.arn, {})]);
      await host.invoke(spec.arn, {});
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("warning", listener);
    }
    const fixture = seen.filter((w) => w.message.startsWith("FixtureVersionWarning"));
    expect(fixture).toHaveLength(1);
    expect(fixture[0]?.name).toBe("Warning");
    expect((fixture[0] as Error & { code?: string }).code).toBe("AM_FIXTURE_WARNING");
    expect(seen.filter((w) => w.message === "fixture API is deprecated")).toHaveLength(1);
  });
});
