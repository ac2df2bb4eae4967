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
