import { describe, expect, it } from "vitest";
import { generateSecretString } from "./generate-secret-string.js";

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

describe("GenerateSecretString", () => {
  it("defaults to 32 characters with every character type", () => {
    const password = generateSecretString({});
    expect(password).toHaveLength(32);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).toMatch(PUNCTUATION);
  });

  it("honours exclusions, length and IncludeSpace", () => {
    for (let i = 0; i < 20; i++) {
      const password = generateSecretString({
        PasswordLength: 12,
        ExcludePunctuation: true,
        ExcludeUppercase: "true",
        ExcludeCharacters: "abc0123",
        IncludeSpace: true,
      });
      expect(password).toHaveLength(12);
      expect(password).not.toMatch(/[A-Zabc0-3]/);
      expect(password).not.toMatch(PUNCTUATION);
      expect(password).toContain(" ");
    }
  });

  it("puts the password under GenerateStringKey of SecretStringTemplate", () => {
    const value = JSON.parse(
      generateSecretString({
        SecretStringTemplate: '{"username":"admin"}',
        GenerateStringKey: "password",
        PasswordLength: 16,
      }),
    );
    expect(value.username).toBe("admin");
    expect(value.password).toHaveLength(16);
  });

  it("rejects options Secrets Manager rejects, with a coded error", () => {
    expect(() => generateSecretString({ GenerateStringKey: "password" })).toThrow(/together/);
    expect(() =>
      generateSecretString({
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    ).toThrow(expect.objectContaining({ code: "SECRETSMANAGER_INVALID_GENERATE_SECRET_STRING" }));
    expect(() => generateSecretString({ PasswordLength: 2 })).toThrow(/shorter than the 4 character types/);
  });
});
