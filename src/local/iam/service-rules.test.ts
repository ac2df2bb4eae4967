import { describe, expect, it } from "vitest";
import { KMS_KEY_POLICY_RULE, ROLE_TRUST_POLICY_RULE, resourcePolicyRuleFor } from "./service-rules.js";

const KEY = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE = "arn:aws:iam::111122223333:role/path/deployer";

describe("resourcePolicyRuleFor", () => {
  it("kms: actions on a key need the key policy; any case of the action", () => {
    expect(resourcePolicyRuleFor("kms:Decrypt", KEY)).toBe(KMS_KEY_POLICY_RULE);
    expect(resourcePolicyRuleFor("KMS:DECRYPT", KEY)).toBe(KMS_KEY_POLICY_RULE);
    expect(resourcePolicyRuleFor("kms:Decrypt", "arn:aws-cn:kms:cn-north-1:111122223333:key/k")).toBe(
      KMS_KEY_POLICY_RULE,
    );
  });

  it("sts: actions on a role need its trust policy", () => {
    expect(resourcePolicyRuleFor("sts:AssumeRole", ROLE)).toBe(ROLE_TRUST_POLICY_RULE);
    expect(resourcePolicyRuleFor("sts:TagSession", ROLE)).toBe(ROLE_TRUST_POLICY_RULE);
  });

  it("no rule elsewhere: other actions, aliases, other resources", () => {
    expect(resourcePolicyRuleFor("secretsmanager:GetSecretValue", KEY)).toBeUndefined();
    expect(
      resourcePolicyRuleFor("kms:Decrypt", "arn:aws:kms:eu-central-1:111122223333:alias/a"),
    ).toBeUndefined();
    expect(resourcePolicyRuleFor("kms:Decrypt", `x${KEY}`)).toBeUndefined();
    expect(resourcePolicyRuleFor("kms:Decrypt", "arn:aws:kms:eu-central-1:1111:key/k")).toBeUndefined();
    expect(resourcePolicyRuleFor("iam:GetRole", ROLE)).toBeUndefined();
    expect(resourcePolicyRuleFor("sts:AssumeRole", "arn:aws:iam::111122223333:user/u")).toBeUndefined();
    expect(resourcePolicyRuleFor("sts:AssumeRole", `${ROLE}x`.replace("arn:", "xarn:"))).toBeUndefined();
    expect(resourcePolicyRuleFor("sts:AssumeRole", "arn:aws:iam::111122223333:role/")).toBeUndefined();
  });

  it("every rule cites its AWS documentation page; only STS refuses the root user", () => {
    for (const rule of [KMS_KEY_POLICY_RULE, ROLE_TRUST_POLICY_RULE])
      expect(rule.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(KMS_KEY_POLICY_RULE.refusesRoot).toBe(false);
    expect(ROLE_TRUST_POLICY_RULE.refusesRoot).toBe(true);
  });
});
