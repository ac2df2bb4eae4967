import { describe, expect, it } from "vitest";
import { PROVIDERS_CONTEXT, PROVIDERS_DEFAULTS, providersConfigFromContext } from "./providers-config.js";

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

describe("the providers system's configuration", () => {
  it("defaults to three placeholder accounts in the seed's region, overridable by context", () => {
    expect(providersConfigFromContext(reader({}))).toMatchObject({
      ...PROVIDERS_DEFAULTS,
      deployTarget: { kind: "local" },
    });
    expect(
      providersConfigFromContext(
        reader({ [PROVIDERS_CONTEXT.todoAccount]: "123456789012", [PROVIDERS_CONTEXT.region]: "eu-west-1" }),
      ),
    ).toMatchObject({
      todoAccount: "123456789012",
      region: "eu-west-1",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
  });

  it("refuses one account for two roles, and a deploy to AWS with placeholder accounts, naming the keys", () => {
    expect(() =>
      providersConfigFromContext(
        reader({ [PROVIDERS_CONTEXT.todoAccount]: PROVIDERS_DEFAULTS.globalAccount }),
      ),
    ).toThrow(expect.objectContaining({ code: "SHARED_ACCOUNT" }));
    expect(() => providersConfigFromContext(reader({ "accountmesh:target": "aws" }))).toThrow(
      expect.objectContaining({
        code: "PLACEHOLDER_ACCOUNTS",
        message: expect.stringContaining(
          `${PROVIDERS_CONTEXT.globalAccount} (now ${PROVIDERS_DEFAULTS.globalAccount})`,
        ),
      }),
    );
  });
});
