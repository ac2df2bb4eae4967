import { describe, expect, it } from "vitest";
import { CredentialRegistry } from "./credential-registry.js";

const SEED = "0123456789abcdef0123456789abcdef";
const ROLE = "arn:aws:iam::222222222222:role/OrdersFood-MicroservicePlaceOrderRole2045D2F4-ABCDEFGHIJKL";

describe("CredentialRegistry", () => {
  it("derives AKIA + 16 upper-case alphanumerics and a 40-character secret, the same on every start", () => {
    const first = new CredentialRegistry(SEED).forRole(ROLE);
    expect(first.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(first.secretAccessKey).toHaveLength(40);
    expect(new CredentialRegistry(SEED).forRole(ROLE)).toEqual(first);
  });

  it("gives different keys for another seed, role, session or account admin", () => {
    const registry = new CredentialRegistry(SEED);
    const keys = new Set([
      registry.forRole(ROLE).accessKeyId,
      registry.forRole(ROLE, "other-session").accessKeyId,
      registry.forRole("arn:aws:iam::222222222222:role/other").accessKeyId,
      registry.adminFor("222222222222").accessKeyId,
      new CredentialRegistry(`${SEED}x`).forRole(ROLE).accessKeyId,
    ]);
    expect(keys.size).toBe(5);
  });

  it("the administrators of two accounts get different keys, each mapping to its own account's root", () => {
    // Each account has its own root user: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
    const registry = new CredentialRegistry(SEED);
    const first = registry.adminFor("111111111111");
    const second = registry.adminFor("222222222222");
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(registry.lookup(second.accessKeyId)?.principal).toMatchObject({
      kind: "root",
      account: "222222222222",
    });
    expect(registry.lookup(first.accessKeyId)?.principal).toMatchObject({
      kind: "root",
      account: "111111111111",
    });
  });

  it("maps an issued access key id back to its role session", () => {
    const registry = new CredentialRegistry(SEED);
    const credentials = registry.forRole(ROLE, "PlaceOrder");
    expect(registry.lookup(credentials.accessKeyId)).toEqual({
      principal: {
        kind: "role",
        account: "222222222222",
        arn: ROLE,
        roleName: "OrdersFood-MicroservicePlaceOrderRole2045D2F4-ABCDEFGHIJKL",
        sessionArn:
          "arn:aws:sts::222222222222:assumed-role/OrdersFood-MicroservicePlaceOrderRole2045D2F4-ABCDEFGHIJKL/PlaceOrder",
      },
      secretAccessKey: credentials.secretAccessKey,
    });
    expect(registry.lookup("AKIAAAAAAAAAAAAAAAAA")).toBeUndefined();
  });

  it("models an account's administrator as its root principal", () => {
    const registry = new CredentialRegistry(SEED);
    const admin = registry.adminFor("111111111111");
    expect(registry.lookup(admin.accessKeyId)?.principal).toEqual({
      kind: "root",
      account: "111111111111",
      arn: "arn:aws:iam::111111111111:root",
    });
  });

  it("refuses a short seed and a malformed role ARN with coded errors", () => {
    expect(() => new CredentialRegistry("short")).toThrow(
      expect.objectContaining({ code: "IAM_INVALID_CREDENTIAL_SEED" }),
    );
    expect(() => new CredentialRegistry(SEED).forRole("arn:aws:iam::1:user/x")).toThrow(
      expect.objectContaining({ code: "IAM_INVALID_ROLE_ARN" }),
    );
    expect(() => new CredentialRegistry(SEED).adminFor("12")).toThrow(
      expect.objectContaining({ code: "INVALID_ACCOUNT_ID" }),
    );
  });

  it("needs at least 16 characters of seed, and says what it received", () => {
    expect(() => new CredentialRegistry("a".repeat(15))).toThrow(
      'The credential seed must be a string of at least 16 characters; received 15 characters. Generate one (e.g. randomBytes(32).toString("hex")) and keep it under .accountmesh/.',
    );
    expect(() => new CredentialRegistry(42 as unknown as string)).toThrow("received number.");
    expect(
      new CredentialRegistry("a".repeat(16)).forRole("arn:aws:iam::111111111111:role/r").accessKeyId,
    ).toMatch(/^AKIA/);
  });

  it("a role's default session is accountmesh; the root and role of one account get different keys and secrets", () => {
    const registry = new CredentialRegistry(SEED);
    const role = registry.forRole("arn:aws:iam::111111111111:role/r");
    expect(registry.lookup(role.accessKeyId)?.principal).toMatchObject({
      sessionArn: "arn:aws:sts::111111111111:assumed-role/r/accountmesh",
    });
    const again = registry.forRole("arn:aws:iam::111111111111:role/r");
    expect(registry.lookup(again.accessKeyId)?.secretAccessKey).toBe(role.secretAccessKey);
    const admin = registry.adminFor("111111111111");
    expect(admin.secretAccessKey).not.toBe(
      new CredentialRegistry(`${SEED}x`).adminFor("111111111111").secretAccessKey,
    );
    expect(admin.accessKeyId).not.toBe(
      registry.forRole("arn:aws:iam::111111111111:role/111111111111").accessKeyId,
    );
    expect(admin.secretAccessKey).not.toBe(role.secretAccessKey);
  });
});

describe("CredentialRegistry sessions (temporary credentials)", () => {
  const NOW = new Date("2024-03-05T10:00:00Z");
  const session = (registry: CredentialRegistry, name = "PlaceOrder") =>
    registry.issueSession({ roleArn: ROLE, sessionName: name, now: NOW, durationSeconds: 3600 });

  it("issues ASIA + 16 characters, a 40-character secret, a session token and the expiry", () => {
    const credentials = session(new CredentialRegistry(SEED));
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials.secretAccessKey).toHaveLength(40);
    expect(credentials.sessionToken.length).toBeGreaterThan(40);
    expect(credentials.expiration).toEqual(new Date("2024-03-05T11:00:00Z"));
  });

  it("gives new keys on every issue, as STS does", () => {
    const registry = new CredentialRegistry(SEED);
    const first = session(registry);
    const second = session(registry);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.sessionToken).not.toBe(first.sessionToken);
  });

  it("maps the key and its token back to the role session and its expiry, also after a restart", () => {
    const credentials = session(new CredentialRegistry(SEED));
    const restarted = new CredentialRegistry(SEED);
    expect(restarted.lookup(credentials.accessKeyId, credentials.sessionToken)).toEqual({
      principal: {
        kind: "role",
        account: "222222222222",
        arn: ROLE,
        roleName: "OrdersFood-MicroservicePlaceOrderRole2045D2F4-ABCDEFGHIJKL",
        sessionArn:
          "arn:aws:sts::222222222222:assumed-role/OrdersFood-MicroservicePlaceOrderRole2045D2F4-ABCDEFGHIJKL/PlaceOrder",
      },
      secretAccessKey: credentials.secretAccessKey,
      session: { expiration: new Date("2024-03-05T11:00:00Z") },
    });
  });

  it("knows no session key without its own token: missing, another session's, edited, or another seed's", () => {
    const registry = new CredentialRegistry(SEED);
    const credentials = session(registry);
    const other = session(registry, "Other");
    const [payload = "", mac = ""] = credentials.sessionToken.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const extended = Buffer.from(JSON.stringify({ ...claims, e: Number(claims.e) + 86400 })).toString(
      "base64url",
    );
    expect(registry.lookup(credentials.accessKeyId)).toBeUndefined();
    expect(registry.lookup(credentials.accessKeyId, other.sessionToken)).toBeUndefined();
    expect(registry.lookup(credentials.accessKeyId, `${extended}.${mac}`)).toBeUndefined();
    expect(registry.lookup(credentials.accessKeyId, "garbage")).toBeUndefined();
    expect(
      new CredentialRegistry(`${SEED}x`).lookup(credentials.accessKeyId, credentials.sessionToken),
    ).toBeUndefined();
  });

  it("refuses a session of something that is not a role with a coded error", () => {
    expect(() =>
      new CredentialRegistry(SEED).issueSession({
        roleArn: "arn:aws:iam::222222222222:user/x",
        sessionName: "s",
        now: NOW,
        durationSeconds: 900,
      }),
    ).toThrow(expect.objectContaining({ code: "IAM_INVALID_ROLE_ARN" }));
  });
});
