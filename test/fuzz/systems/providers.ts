// The providers reference system (seed 003) as the fuzzer sees it: every route of the global HTTP API
// (ANY /dogs, /dogs/males, /dogs/females; POST and GET /todo; GET /todo/{todoId}), through the public
// execute-api name from outside every VPC and through the API's direct loopback port. Behind them:
// VPC link → internal ALB → interface endpoint → endpoint service → NLB → the ECS task / EC2 instances.
import * as fc from "fast-check";
import { curl, jsonOf } from "../../support/curl.js";
import { ACCOUNTS, startProvidersSystem } from "../../support/providers-system.js";
import type { Door, FuzzSystem, Route } from "../fuzz-system.js";

const DOORS = {
  public: "outside every VPC → public execute-api name",
  loopback: "HTTP API direct loopback port",
};

function routes(): Route[] {
  const data = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "%", "&&", "data=", "\u0000") },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => "d".repeat(n)) },
  );
  const form = fc.oneof(
    { weight: 5, arbitrary: data.map((text) => new URLSearchParams({ data: text }).toString()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  const listing = fc
    .record({
      limit: fc.option(
        fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.constantFrom("ten", "", "1e3")),
      ),
      next: fc.option(fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 20 }))),
    })
    .map((q) =>
      new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== null)).toString(),
    );
  const dogs = (path: string): Route[] =>
    ["GET", "POST", "DELETE"].map((verb) => ({
      name: `${verb} ${path}`,
      method: verb,
      path: fc.constant(path),
    }));
  return [
    ...dogs("/dogs"),
    ...dogs("/dogs/males"),
    ...dogs("/dogs/females"),
    {
      name: "POST /todo",
      method: "POST",
      path: fc.constant("/todo"),
      body: form,
      contentType: "application/x-www-form-urlencoded",
    },
    { name: "GET /todo", method: "GET", path: fc.constant("/todo"), query: listing },
    {
      name: "GET /todo/{todoId}",
      method: "GET",
      path: fc
        .oneof(
          {
            weight: 3,
            arbitrary: fc.string({
              unit: fc.constantFrom(..."0123456789abcdef"),
              minLength: 8,
              maxLength: 8,
            }),
          },
          { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent) },
        )
        .map((id) => `/todo/${id}`),
    },
  ];
}

/** Starts the providers system (in memory) and describes it for the fuzzer. */
export async function startProvidersFuzzSystem(): Promise<FuzzSystem> {
  const providers = await startProvidersSystem();
  const host = new URL(providers.apiUrl).hostname;
  const doors: Door[] = [
    { name: DOORS.public, way: { kind: "proxy", proxy: providers.proxies.internet, host, port: 443 }, host },
    { name: DOORS.loopback, way: { kind: "tcp", port: Number(new URL(providers.apiLocal).port) }, host },
  ];
  return {
    name: "providers",
    doors,
    routes: routes(),
    hostNames: [host],
    endpoints: providers.endpoints,
    scratchAccounts: [ACCOUNTS.global],
    resourceNames: [`${ACCOUNTS.todo}`, "global-http-api"],
    async stillServes() {
      const dog = await curl(["-k", `${providers.apiUrl}/dogs`], { proxy: providers.proxies.internet });
      if (dog.status !== 200) throw new Error(`after the fuzz, GET /dogs answered ${dog.status} ${dog.body}`);
      const posted = await curl(["-k", "-d", "data=After fuzz", `${providers.apiUrl}/todo`], {
        proxy: providers.proxies.internet,
      });
      const { id } = jsonOf(posted) as { id: string };
      const read = await curl(["-k", `${providers.apiUrl}/todo/${id}`], {
        proxy: providers.proxies.internet,
      });
      if (read.status !== 200)
        throw new Error(`after the fuzz, the todo could not be read back: ${read.status} ${read.body}`);
    },
    stop: () => providers.stop(),
  };
}
