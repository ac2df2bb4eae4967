import { describe, expect, it } from "vitest";
import { SecretStore, secretArn, secretVersionId } from "./secret-store.js";
import { createSecretsManagerReferenceResolver } from "./secretsmanager-reference.js";

const store = new SecretStore();
const arn = secretArn("111111111111", "eu-central-1", "db");
const value = JSON.stringify({ username: "admin", password: "p4ss", port: 5432 });
store.add({
  arn,
  name: "db",
  account: "111111111111",
  region: "eu-central-1",
  secretString: value,
  versionId: secretVersionId(arn, value),
  createdDate: new Date(0),
  tags: [],
});
const resolve = createSecretsManagerReferenceResolver(store);

describe("{{resolve:secretsmanager:...}}", () => {
  it("resolves the whole secret string, a JSON key, by name or ARN", () => {
    expect(resolve("db", "111111111111", "eu-central-1")).toBe(value);
    expect(resolve("db:SecretString:password", "111111111111", "eu-central-1")).toBe("p4ss");
    expect(
      resolve(`{{resolve:secretsmanager:${arn}:SecretString:username::}}`, "222222222222", "eu-central-1"),
    ).toBe("admin");
    expect(resolve("db:SecretString:port:AWSCURRENT", "111111111111", "eu-central-1")).toBe("5432");
    expect(
      resolve(`db:SecretString:password::${secretVersionId(arn, value)}`, "111111111111", "eu-central-1"),
    ).toBe("p4ss");
  });

  it("fails with a coded error naming the reference", () => {
    expect(() => resolve("db", "222222222222", "eu-central-1")).toThrow(
      expect.objectContaining({
        code: "SECRETSMANAGER_REFERENCE_UNRESOLVED",
        message: expect.stringContaining("{{resolve:secretsmanager:db}}"),
      }),
    );
    expect(() => resolve("db:SecretString:missing", "111111111111", "eu-central-1")).toThrow(
      /no key "missing"/,
    );
    expect(() => resolve("db:SecretString::AWSPREVIOUS", "111111111111", "eu-central-1")).toThrow(
      /AWSPREVIOUS/,
    );
    expect(() => resolve("db:SecretBinary", "111111111111", "eu-central-1")).toThrow(/only SecretString/);
  });
});
