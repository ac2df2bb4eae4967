// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
// Policy variables (values, defaults, escapes, missing keys) and the Version element that enables them.
import type { PolicyDocument, PolicyStatement } from "../types.js";
import { type ConformanceCase, DOCS, role } from "./conformance-case.js";

const home: PolicyStatement = {
  Effect: "Allow",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::mybucket/${aws:username}/*",
};
const versioned = (version: string | undefined, ...statements: PolicyStatement[]): PolicyDocument =>
  version === undefined ? { Statement: statements } : { Version: version, Statement: statements };
const david = { "aws:username": "David" };

function read(
  name: string,
  source: string,
  identity: PolicyDocument,
  resource: string,
  context: Record<string, string | string[]>,
  expect: ConformanceCase["expect"],
): ConformanceCase {
  return {
    source,
    name,
    identity: [identity],
    request: { principal: role, action: "s3:GetObject", resource, context },
    expect,
  };
}

export const VARIABLE_CASES: readonly ConformanceCase[] = [
  read(
    "documented example: ${aws:username} lets David read his own folder",
    DOCS.variables,
    versioned("2012-10-17", home),
    "arn:aws:s3:::mybucket/David/notes.txt",
    david,
    "Allow",
  ),
  read(
    "${aws:username} does not let David read another user's folder",
    DOCS.variables,
    versioned("2012-10-17", home),
    "arn:aws:s3:::mybucket/Ana/notes.txt",
    david,
    "ImplicitDeny",
  ),
  read(
    "Version 2008-10-17: ${aws:username} is literal text, David's folder is not covered",
    DOCS.version,
    versioned("2008-10-17", home),
    "arn:aws:s3:::mybucket/David/notes.txt",
    david,
    "ImplicitDeny",
  ),
  read(
    "Version 2008-10-17: ${aws:username} matches only those characters",
    DOCS.version,
    versioned("2008-10-17", home),
    "arn:aws:s3:::mybucket/${aws:username}/notes.txt",
    david,
    "Allow",
  ),
  read(
    "no Version (defaults to 2008-10-17): variables are literal text",
    DOCS.version,
    versioned(undefined, home),
    "arn:aws:s3:::mybucket/David/notes.txt",
    david,
    "ImplicitDeny",
  ),
  read(
    "Version 2008-10-17: variables in condition values are literal too",
    DOCS.version,
    versioned("2008-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
    }),
    "arn:aws:s3:::mybucket/x",
    { ...david, "aws:PrincipalTag/owner": "David" },
    "ImplicitDeny",
  ),
  read(
    "a variable in a condition value resolves under 2012-10-17",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } },
    }),
    "arn:aws:s3:::mybucket/x",
    { ...david, "aws:PrincipalTag/owner": "David" },
    "Allow",
  ),
  read(
    "a variable whose key is missing makes the statement match nothing",
    DOCS.variables,
    versioned("2012-10-17", home),
    "arn:aws:s3:::mybucket/David/notes.txt",
    {},
    "ImplicitDeny",
  ),
  read(
    "a default value stands in for a missing key",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${aws:PrincipalTag/team, 'company-wide'}/*",
    }),
    "arn:aws:s3:::mybucket/company-wide/x",
    {},
    "Allow",
  ),
  read(
    "a present key wins over the default value",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${aws:PrincipalTag/team, 'company-wide'}/*",
    }),
    "arn:aws:s3:::mybucket/company-wide/x",
    { "aws:PrincipalTag/team": "blue" },
    "ImplicitDeny",
  ),
  read(
    "${*} is a literal asterisk, not a wildcard",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${*}",
    }),
    "arn:aws:s3:::mybucket/anything",
    {},
    "ImplicitDeny",
  ),
  read(
    "${*} matches an object literally named *",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${*}",
    }),
    "arn:aws:s3:::mybucket/*",
    {},
    "Allow",
  ),
  read(
    "${?} is a literal question mark",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/what${?}",
    }),
    "arn:aws:s3:::mybucket/whatx",
    {},
    "ImplicitDeny",
  ),
  read(
    "${$} is a literal dollar sign",
    DOCS.variables,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::mybucket/${$}{aws:username}",
    }),
    "arn:aws:s3:::mybucket/${aws:username}",
    david,
    "Allow",
  ),
  read(
    "a wildcard inside a variable's value is not a wildcard",
    DOCS.variables,
    versioned("2012-10-17", home),
    "arn:aws:s3:::mybucket/David/notes.txt",
    { "aws:username": "*" },
    "ImplicitDeny",
  ),
  read(
    "a policy variable cannot be used with a Date operator: the statement never allows",
    DOCS.datesExample,
    versioned("2012-10-17", {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": "${aws:TokenIssueTime}" } },
    }),
    "arn:aws:s3:::mybucket/x",
    { "aws:CurrentTime": "2024-01-01T00:00:00Z", "aws:TokenIssueTime": "2024-06-01T00:00:00Z" },
    "ImplicitDeny",
  ),
];
