// The help texts and option lists of the commands. Kept free of the runtime's imports, so that
// `accountmesh --help` answers at once; dev.test.ts checks the defaults they state against the runtime's.

/** Options `dev` takes. */
export const DEV_OPTIONS: ReadonlySet<string> = new Set([
  "--help",
  "--app",
  "--assembly",
  "--output",
  "--context",
  "--stacks",
  "--parameters",
  "--account",
  "--region",
  "--in-memory",
  "--port-base",
  "--data-dir",
  "--synth",
  "--no-synth",
  "--no-watch",
  "--verbose",
]);

export const DEV_USAGE = `usage: accountmesh dev [options]

Runs your CDK app locally: every stack of its cloud assembly, with DynamoDB Local, the deployed
function bundles and the resource policies AWS enforces. Run it in your CDK project's directory
(where cdk.json is): it synthesizes the app with the project's own CDK CLI when the sources changed.

  --app <command|dir>     the CDK app command (default: "app" of cdk.json), or a cloud assembly directory
  --assembly <dir>        run an existing cloud assembly (a cdk.out) as it is, without synthesizing
  -c, --context key=value context for the synth, as \`cdk -c\` (repeatable)
  --output <dir>          where the synth writes the cloud assembly (default: cdk.json's "output", or cdk.out)
  --stacks <names>        run only these stacks (comma-separated, * as wildcard) and the stacks they depend on
  --parameters [Stack:]Name=value
                          a template parameter's value, as \`cdk deploy --parameters\` (repeatable)
  --account <12 digits>   account of stacks without env (default 000000000000)
  --region <region>       region of stacks without env (default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)
  --in-memory             keep DynamoDB data in memory (a throwaway run)
  --port-base <n>         AWS endpoint on port n (default 4566); VPC entry points from n+34, listeners from n+134
  --data-dir <dir>        where data, certificates and endpoints.json live (default .accountmesh)
  --synth / --no-synth    always / never synthesize (default: when the app's sources changed)
  --no-watch              do not rebuild the bundles of accountmesh's NodeFunction when handler
                          sources change (other functions pick up edits at the next start)
  --verbose               print every provisioned resource
  -h, --help              this help
`;

export const SYNTH_OPTIONS: ReadonlySet<string> = new Set([
  "--help",
  "--app",
  "--output",
  "--context",
  "--account",
  "--region",
]);

export const SYNTH_USAGE = `usage: accountmesh synth [options]

Synthesizes your CDK app into its cloud assembly, offline (no AWS credentials used), with the
project's own CDK CLI when it has one, and lists its stacks in deploy order.

  --app <command>         the CDK app command (default: "app" of cdk.json)
  -c, --context key=value context for the synth, as \`cdk -c\` (repeatable)
  --output <dir>          where the cloud assembly goes (default: cdk.json's "output", or cdk.out)
  --account <12 digits>   account shown for stacks without env (as \`dev\` would run them)
  --region <region>       region shown for stacks without env
  -h, --help              this help
`;
