// AssumeRole's input as STS validates it, with its wording: `N validation error(s) detected: Value
// 'x' at 'roleSessionName' failed to satisfy constraint: Member must ...` (ValidationError, 400).
// Constraints from the STS API Reference, AssumeRole: RoleArn 20..2048, RoleSessionName 2..64
// `[\w+=,.@-]*`, DurationSeconds 900..43200, ExternalId 2..1224 `[\w+=,.@:\/-]*`. What accountmesh
// does not apply locally (session policies, session tags, MFA, source identity) is refused with a
// 501 naming the parameter, never ignored: ignoring a session policy would grant more than AWS does.
import { AwsError } from "../../protocol/aws-error.js";

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  /** Seconds; undefined: the default (3600). */
  readonly durationSeconds?: number;
  readonly externalId?: string;
}

/** SDK-shaped members (`Policy`, `Tags`, ...) this runtime does not apply. */
const NOT_APPLIED: Readonly<Record<string, string>> = {
  Policy: "session policies",
  PolicyArns: "managed session policies",
  Tags: "session tags",
  TransitiveTagKeys: "session tags",
  SerialNumber: "MFA",
  TokenCode: "MFA",
  SourceIdentity: "source identity",
  ProvidedContexts: "trusted context providers",
};

/** Validates SDK-shaped input (`RoleArn`, `RoleSessionName`, `DurationSeconds`, `ExternalId`). */
export function assumeRoleInput(input: Readonly<Record<string, unknown>>): AssumeRoleInput {
  for (const [member, what] of Object.entries(NOT_APPLIED)) {
    if (input[member] !== undefined) {
      throw new AwsError(
        "NotImplemented",
        `accountmesh does not apply ${what} locally (AssumeRole ${member}); call AssumeRole without it, or against real AWS.`,
        501,
        "",
      );
    }
  }
  const errors: string[] = [];
  const roleArn = text(input.RoleArn, "roleArn", errors, { min: 20, max: 2048 });
  const roleSessionName = text(input.RoleSessionName, "roleSessionName", errors, {
    min: 2,
    max: 64,
    pattern: /^[\w+=,.@-]*$/,
    patternText: "[\\w+=,.@-]*",
  });
  const externalId =
    input.ExternalId === undefined
      ? undefined
      : text(input.ExternalId, "externalId", errors, {
          min: 2,
          max: 1224,
          pattern: /^[\w+=,.@:/-]*$/,
          patternText: "[\\w+=,.@:\\/-]*",
        });
  const durationSeconds = input.DurationSeconds === undefined ? undefined : Number(input.DurationSeconds);
  if (durationSeconds !== undefined) {
    const shown = `Value '${String(input.DurationSeconds)}' at 'durationSeconds' failed to satisfy constraint: Member must`;
    if (!Number.isInteger(durationSeconds)) errors.push(`${shown} be a whole number of seconds`);
    else if (durationSeconds < 900) errors.push(`${shown} have value greater than or equal to 900`);
    else if (durationSeconds > 43200) errors.push(`${shown} have value less than or equal to 43200`);
  }
  if (errors.length > 0) {
    const count = `${errors.length} validation error${errors.length === 1 ? "" : "s"} detected`;
    throw new AwsError("ValidationError", `${count}: ${errors.join("; ")}`);
  }
  return {
    roleArn: roleArn ?? "",
    roleSessionName: roleSessionName ?? "",
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    ...(externalId === undefined ? {} : { externalId }),
  };
}

/** SDK-shaped AssumeRole input from a query-protocol request's form parameters. */
export function assumeRoleParams(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of params) {
    const member = name.split(".")[0] ?? name;
    if (member === "Action" || member === "Version") continue;
    input[member] = member === name ? value : (input[member] ?? value);
  }
  return input;
}

interface TextConstraint {
  readonly min: number;
  readonly max: number;
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

function text(
  value: unknown,
  member: string,
  errors: string[],
  constraint: TextConstraint,
): string | undefined {
  if (value === undefined || value === null) {
    errors.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  const string = String(value);
  const shown = `Value '${string}' at '${member}' failed to satisfy constraint: Member must`;
  if (string.length < constraint.min)
    errors.push(`${shown} have length greater than or equal to ${constraint.min}`);
  if (string.length > constraint.max)
    errors.push(`${shown} have length less than or equal to ${constraint.max}`);
  if (constraint.pattern !== undefined && !constraint.pattern.test(string)) {
    errors.push(`${shown} satisfy regular expression pattern: ${constraint.patternText}`);
  }
  return string;
}
