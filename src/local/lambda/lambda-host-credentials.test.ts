// Execution environments run with temporary credentials of their role's session, as on Lambda, and
// are replaced before those credentials expire.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureSpec, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { CredentialRegistry } from "../iam/credential-registry.js";
import { LambdaHost } from "./lambda-host.js";

const hosts: LambdaHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

/** A host whose sessions last `durationSeconds`; records the session names asked for. */
function hostWithSessions(durationSeconds: number) {
  const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
  const sessions: string[] = [];
  const host = new LambdaHost(
    {
      ...testBindings(),
      credentialsFor: (roleArn, sessionName) => {
        sessions.push(sessionName);
        return registry.issueSession({ roleArn, sessionName, now: new Date(), durationSeconds });
      },
    },
    { log: () => {} },
  );
  hosts.push(host);
  return { host, sessions, registry };
}

describe("execution environment credentials", () => {
  it("gives the function ASIA session credentials of its role, named after the function, with AWS_SESSION_TOKEN", async () => {
    const { host, registry } = hostWithSessions(12 * 3600);
    const spec = fixtureSpec("session-env", { handler: "env.handler" });
    host.register(spec);
    const result = await host.invoke(spec.arn, {});
    if (result.kind !== "success") throw new Error(`invocation ended ${result.kind}`);
    const env = result.payload as Record<string, string>;
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const entry = registry.lookup(env.AWS_ACCESS_KEY_ID ?? "", env.AWS_SESSION_TOKEN);
    expect(entry?.principal).toMatchObject({
      arn: spec.roleArn,
      sessionArn: "arn:aws:sts::222222222222:assumed-role/session-env-role/session-env",
    });
    expect(entry?.secretAccessKey).toBe(env.AWS_SECRET_ACCESS_KEY);
  });

  it("keeps a warm environment while its credentials outlast an invocation", async () => {
    const { host, sessions } = hostWithSessions(12 * 3600);
    const spec = fixtureSpec("warm", { handler: "state.handler" });
    host.register(spec);
    const counts = [await host.invoke(spec.arn, {}), await host.invoke(spec.arn, {})];
    expect(counts.map((r) => (r.kind === "success" ? r.payload : r.kind))).toEqual([1, 2]);
    expect(sessions).toEqual(["warm"]);
  });

  it("replaces an environment whose credentials would expire within its timeout plus five minutes", async () => {
    const { host, sessions } = hostWithSessions(4 * 60);
    const spec = fixtureSpec("renewed", { handler: "state.handler" });
    host.register(spec);
    const counts = [await host.invoke(spec.arn, {}), await host.invoke(spec.arn, {})];
    expect(counts.map((r) => (r.kind === "success" ? r.payload : r.kind))).toEqual([1, 1]);
    expect(sessions).toEqual(["renewed", "renewed"]);
  });
});
