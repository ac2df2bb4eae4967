// The directory system (seed 004) as the fuzzer sees it: the directory service's one route (GET /?q=)
// and what else a client may send it (other methods, paths, queries, forged Lattice headers), through
// the blue and green client VPCs' entry points (associated, allowed by the auth policy for their own
// colour) and the blue local peer's (associated, always denied).
import * as fc from "fast-check";
import { curl } from "../../support/curl.js";
import { DIRECTORY_ACCOUNTS, startDirectorySystem } from "../../support/directory-system.js";
import type { Door, FuzzSystem, Route } from "../fuzz-system.js";

const colour = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("blue", "green") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("Blue", "", "blue%00", "blue&q=green", "%E2%82", "a".repeat(3000)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
);
const query = fc
  .record({ q: fc.option(colour), extra: fc.option(fc.string({ maxLength: 10 }).map(encodeURIComponent)) })
  .map(({ q, extra }) =>
    [q === null ? "" : `q=${q}`, extra === null ? "" : `x=${extra}`].filter(Boolean).join("&"),
  );
const forged = fc.constantFrom(
  "SourceVpcArn=arn:aws:ec2:us-east-1:131313131313:vpc/vpc-0blue",
  "Principal=arn:aws:iam::131313131313:root; Type=AWS_IAM",
  "",
  "\u00ff\u00fe",
);

const ROUTES: Route[] = [
  { name: "directory GET /?q=", method: "GET", path: fc.constant("/"), query },
  {
    name: "directory GET other paths",
    method: "GET",
    path: fc.oneof(
      fc.constantFrom("/anything", "//", "/%2e%2e/", "/?"),
      fc.string({ maxLength: 30 }).map((p) => `/${encodeURIComponent(p)}`),
    ),
    query,
  },
  {
    name: "directory POST /",
    method: "POST",
    path: fc.constant("/"),
    query,
    body: fc.string({ maxLength: 200 }),
    contentType: "application/json",
  },
  {
    name: "directory GET with forged Lattice headers",
    method: "GET",
    path: fc.constant("/"),
    query,
    headers: [
      ["x-amzn-lattice-network", forged] as const,
      ["x-amzn-lattice-identity", forged] as const,
      ["X-Forwarded-For", fc.ipV4()] as const,
    ],
  },
];

/** Starts the runtime on the real assembly and describes the directory system for the fuzzer. */
export async function startDirectoryFuzzSystem(): Promise<FuzzSystem> {
  const directory = await startDirectorySystem();
  const host = directory.dnsName;
  const door = (name: string, proxy: string): Door => ({
    name,
    way: { kind: "proxy", proxy, host, port: 80, plain: true },
    host,
  });
  const doors = [
    door("blue VPC entry point → directory service (Lattice)", directory.proxies.blue),
    door("green VPC entry point → directory service (Lattice)", directory.proxies.green),
    door("blue local peer entry point → directory service (denied)", directory.proxies.bluePeer),
  ];
  return {
    name: "directory",
    doors,
    routes: ROUTES,
    hostNames: [host],
    endpoints: directory.endpoints,
    scratchAccounts: [DIRECTORY_ACCOUNTS.green],
    resourceNames: ["directory-service", "directory-blue-client", "shared-service", directory.serviceArn],
    async stillServes() {
      const answer = await curl([`http://${host}/?q=blue`], { proxy: directory.proxies.blue });
      if (answer.status !== 200 || answer.body !== '{"endpoint":"blue"}') {
        throw new Error(`after the fuzz, blue's GET /?q=blue answered ${answer.status} ${answer.body}`);
      }
    },
    stop: () => directory.stop(),
  };
}
