// execute-api ARNs: the resource of `execute-api:Invoke` and the SourceArn API Gateway presents to
// Lambda. Shared by the providers (policy expansion) and the front door (authorization, permissions).

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) {
    return "aws-cn";
  }
  if (region.startsWith("us-gov-")) {
    return "aws-us-gov";
  }
  return "aws";
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>` */
export function executeApiArnPrefix(region: string, account: string, apiId: string): string {
  return `arn:${partitionOf(region)}:execute-api:${region}:${account}:${apiId}`;
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path without leading slash>` */
export function executeApiArn(
  region: string,
  account: string,
  apiId: string,
  stage: string,
  method: string,
  path: string,
): string {
  return `${executeApiArnPrefix(region, account, apiId)}/${stage}/${method}/${path.replace(/^\//, "")}`;
}

/** AWS shows the account of an execute-api ARN in error messages masked to its last four digits. */
export function maskAccount(arn: string): string {
  const parts = arn.split(":");
  const account = parts[4];
  if (account === undefined || !/^\d{12}$/.test(account)) {
    return arn;
  }
  parts[4] = `********${account.slice(-4)}`;
  return parts.join(":");
}
