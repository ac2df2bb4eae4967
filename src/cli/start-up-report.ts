// What `accountmesh dev` prints once the system runs: what the templates ask for that is not honoured
// locally, each stack's outputs (where a README says to "take the URL from the output"), the entry
// points and credentials, and how to reach what the outputs name.
import {
  type DefaultEnvironment,
  type EndpointsFile,
  formatUnsupportedReport,
  type RunningSystem,
} from "../local/index.js";

export function printStartUpReport(system: RunningSystem, defaults: DefaultEnvironment): void {
  const report = formatUnsupportedReport(system.unsupported);
  if (report.length > 0) {
    console.log("accountmesh: not honoured locally (from the templates):");
    for (const line of report) console.log(`  ${line}`);
  }
  const agnostic = system.stacks.filter((s) => s.environmentAgnostic).map((s) => s.stackName);
  if (agnostic.length > 0) {
    console.log(
      `accountmesh: stacks without env (${agnostic.join(", ")}) run as account ${defaults.account} in ${defaults.region}` +
        " (change with --account / --region or AWS_REGION)",
    );
  }
  printOutputs(system);
  printEntryPoints(system.endpoints, system.endpointsFile);
}

function printOutputs(system: RunningSystem): void {
  const withOutputs = system.stacks.filter((stack) => stack.outputs.length > 0);
  if (withOutputs.length === 0) return;
  console.log("\nstack outputs (also: aws cloudformation describe-stacks --endpoint-url <AWS endpoint>):");
  for (const stack of withOutputs) {
    console.log(`  ${stack.stackName} (account ${stack.account}, ${stack.region})`);
    for (const output of stack.outputs) console.log(`    ${output.key} = ${output.value}`);
  }
}

function printEntryPoints(endpoints: EndpointsFile, file: string): void {
  console.log("\nentry points (also in %s):", file);
  console.log(`  AWS endpoint          ${endpoints.aws}   (region ${endpoints.region})`);
  for (const [name, vpc] of Object.entries(endpoints.vpcs)) {
    console.log(`  VPC ${name.padEnd(58)} proxy ${vpc.proxy}`);
  }
  console.log(`  outside every VPC ${"".padEnd(44)} proxy ${endpoints.internet}`);
  for (const [name, lb] of Object.entries(endpoints.loadBalancers)) {
    for (const [port, url] of Object.entries(lb.listeners)) {
      console.log(`  load balancer ${name}:${port}  ${url}`);
    }
  }
  for (const [name, api] of Object.entries(endpoints.restApiEndpoints ?? {})) {
    for (const [stage, urls] of Object.entries(api.stages)) {
      const local = urls.local === undefined ? "" : `   without proxy ${urls.local}`;
      console.log(`  REST API ${name} stage ${stage}  ${urls.url}${local}`);
    }
  }
  for (const [name, service] of Object.entries(endpoints.latticeServices ?? {})) {
    console.log(
      `  VPC Lattice service ${name}  http://${service.dnsName}  (${service.authType}; from associated VPCs)`,
    );
  }
  for (const [name, url] of Object.entries(endpoints.functionUrls ?? {})) {
    console.log(`  function URL ${name}  ${url}`);
  }
  for (const [name, distribution] of Object.entries(endpoints.distributions ?? {})) {
    const local = distribution.local === undefined ? "" : `   without proxy ${distribution.local}`;
    console.log(`  CloudFront ${name}  ${distribution.url}${local}`);
  }
  for (const [account, credentials] of Object.entries(endpoints.accounts)) {
    console.log(
      `  account ${account} administrator: AWS_ACCESS_KEY_ID=${credentials.accessKeyId} (secret in the file)`,
    );
  }
  const url = Object.values(endpoints.stacks ?? {})
    .flatMap((stack) => Object.values(stack.outputs))
    .find((value) => /^https?:\/\//.test(value));
  // The local CA signs every certificate: curl checks them with it (no -k needed).
  const trust = endpoints.caFile === undefined ? "-k" : `--cacert ${endpoints.caFile}`;
  if (endpoints.caFile !== undefined) console.log(`  certificate authority (PEM): ${endpoints.caFile}`);
  const consumer = Object.values(endpoints.vpcs)[0];
  if (consumer !== undefined) {
    console.log(`\ntry: curl -x ${consumer.proxy} ${trust} https://<name in a private zone>/...\n`);
  } else if (url !== undefined) {
    // Public names (execute-api, ...) resolve through the entry point outside every VPC.
    console.log(`\ntry: curl -x ${endpoints.internet} ${trust} ${url}\n`);
  }
}
