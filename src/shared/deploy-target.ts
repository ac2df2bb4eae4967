import { isPlaceholderAccount } from "./account.js";
import { AccountmeshError } from "./errors.js";

/**
 * CDK context key naming what a synth is for: `local` (the local runtime; `accountmesh synth` and
 * `accountmesh dev` pass it) or `aws` (a deploy to real accounts, checked strictly). Unset, the
 * environment decides, as the CDK CLI tells the app: see {@link deployTargetOf}.
 */
export const DEPLOY_TARGET_CONTEXT = "accountmesh:target";

/** What a synth is for. A deploy to AWS is checked for settings that only work locally. */
export type DeployTarget =
  | { readonly kind: "local" }
  | {
      readonly kind: "aws";
      /** How the deploy was recognised, for error messages. */
      readonly detectedBy: string;
    };

export type EnvironmentReader = Readonly<Record<string, string | undefined>>;

/**
 * The target of this synth. The CDK CLI resolves the caller's AWS credentials before it runs the
 * app and passes the account as `CDK_DEFAULT_ACCOUNT` (`cdk deploy`, `cdk diff`, and `cdk synth`
 * when credentials are available); offline, with no credentials, it is unset. So: context first,
 * then a real account in `CDK_DEFAULT_ACCOUNT` means a deploy, anything else a local synth.
 */
export function deployTargetOf(read: (key: string) => unknown, env: EnvironmentReader): DeployTarget {
  const context = read(DEPLOY_TARGET_CONTEXT);
  if (context === "local") return { kind: "local" };
  if (context === "aws") return { kind: "aws", detectedBy: `context ${DEPLOY_TARGET_CONTEXT}=aws` };
  if (context !== undefined && context !== null && context !== "") {
    throw new AccountmeshError(
      "INVALID_DEPLOY_TARGET",
      `${DEPLOY_TARGET_CONTEXT} must be "local" or "aws"; received ${JSON.stringify(context)}.`,
      { value: context },
    );
  }
  const account = env.CDK_DEFAULT_ACCOUNT;
  if (account !== undefined && /^\d{12}$/.test(account) && !isPlaceholderAccount(account)) {
    return {
      kind: "aws",
      detectedBy: `the AWS credentials resolve account ${account} (CDK_DEFAULT_ACCOUNT)`,
    };
  }
  return { kind: "local" };
}
