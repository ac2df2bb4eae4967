import { describe, expect, it } from "vitest";
import { isPlaceholderAccount } from "./account.js";
import { DEPLOY_TARGET_CONTEXT, deployTargetOf } from "./deploy-target.js";
import { AccountmeshError } from "./errors.js";

const context = (value?: unknown) => (key: string) => (key === DEPLOY_TARGET_CONTEXT ? value : undefined);

describe("deploy target", () => {
  it("is local offline: no CDK_DEFAULT_ACCOUNT, or a placeholder one", () => {
    expect(deployTargetOf(context(), {})).toEqual({ kind: "local" });
    expect(deployTargetOf(context(), { CDK_DEFAULT_ACCOUNT: "111111111111" })).toEqual({ kind: "local" });
    expect(deployTargetOf(context(), { CDK_DEFAULT_ACCOUNT: "" })).toEqual({ kind: "local" });
  });

  it("is AWS when the CDK CLI resolved real credentials (CDK_DEFAULT_ACCOUNT), and says so", () => {
    const target = deployTargetOf(context(), { CDK_DEFAULT_ACCOUNT: "210987654321" });
    expect(target.kind).toBe("aws");
    expect(target.kind === "aws" && target.detectedBy).toBe(
      "the AWS credentials resolve account 210987654321 (CDK_DEFAULT_ACCOUNT)",
    );
  });

  it("follows context accountmesh:target over the environment, and rejects other values", () => {
    expect(deployTargetOf(context("local"), { CDK_DEFAULT_ACCOUNT: "210987654321" })).toEqual({
      kind: "local",
    });
    expect(deployTargetOf(context("aws"), {})).toEqual({
      kind: "aws",
      detectedBy: "context accountmesh:target=aws",
    });
    let error: unknown;
    try {
      deployTargetOf(context("prod"), {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccountmeshError);
    expect((error as AccountmeshError).code).toBe("INVALID_DEPLOY_TARGET");
    expect((error as Error).message).toContain('"prod"');
  });

  it("knows placeholder accounts: twelve identical digits, a pair six times and AWS's documentation example", () => {
    expect(
      ["111111111111", "333333333333", "000000000000", "121212121212", "123456789012"].map(
        isPlaceholderAccount,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(["210987654321", "111111111112", "121212121213"].map(isPlaceholderAccount)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
