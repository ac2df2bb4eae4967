import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { DIRECTORY_CONTEXT, DIRECTORY_DEFAULTS, directoryConfigFromContext } from "./directory-config.js";

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isAccountmeshError(error) ? error.code : String(error);
  }
  return undefined;
}

describe("directory configuration", () => {
  it("defaults: the seed's region and three placeholder accounts, distinct from the other systems'", () => {
    const config = directoryConfigFromContext(() => undefined);
    expect(config.region).toBe("us-east-1");
    expect(config.sharedServicesAccount).toBe(DIRECTORY_DEFAULTS.sharedServicesAccount);
    expect(config.accounts).toEqual({ blue: "131313131313", green: "141414141414" });
    expect(config.availabilityZones).toEqual(["us-east-1a", "us-east-1b"]);
  });

  it("CDK context overrides every account and the region, validated", () => {
    const context: Record<string, string> = {
      [DIRECTORY_CONTEXT.region]: "eu-west-1",
      [DIRECTORY_CONTEXT.sharedServicesAccount]: "210987654321",
      [DIRECTORY_CONTEXT.account("blue")]: "210987654322",
      [DIRECTORY_CONTEXT.account("green")]: "210987654323",
    };
    const config = directoryConfigFromContext((key) => context[key]);
    expect(config).toMatchObject({
      region: "eu-west-1",
      sharedServicesAccount: "210987654321",
      accounts: { blue: "210987654322", green: "210987654323" },
    });
    expect(
      codeOf(() =>
        directoryConfigFromContext((key) => (key === DIRECTORY_CONTEXT.account("blue") ? "12" : undefined)),
      ),
    ).toMatch(/ACCOUNT/);
    expect(
      codeOf(() =>
        directoryConfigFromContext((key) =>
          key === DIRECTORY_CONTEXT.account("green") ? DIRECTORY_DEFAULTS.accounts.blue : undefined,
        ),
      ),
    ).toBe("SHARED_ACCOUNT");
  });

  it("a deploy to AWS with placeholder accounts stops at synth, naming the keys to set", () => {
    const error = (() => {
      try {
        directoryConfigFromContext((key) => (key === "accountmesh:target" ? "aws" : undefined));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(isAccountmeshError(error) && error.code).toBe("PLACEHOLDER_ACCOUNTS");
    expect(error?.message).toContain(DIRECTORY_CONTEXT.account("green"));
  });
});
