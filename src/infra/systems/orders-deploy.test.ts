// The orders system configured for a real deploy: accounts, domain and certificates by context.
// Compared with the default (local) synth, only those names, their alias records and the
// certificates change; with the defaults, a deploy stops before any template exists.
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../../test/support/synth.js";
import { AccountmeshError } from "../../shared/errors.js";
import { ORDERS_CONTEXT } from "./orders-config.js";

type Json = Record<string, unknown>;
type Template = { Resources: Record<string, { Type: string; Properties?: Json }> } & Json;

const ACCOUNTS = { consumer: "210987654321", food: "310987654321", beverage: "410987654321" } as const;
const DOMAIN = "orders.example.com";
const certOf = (account: string, id: string) =>
  `arn:aws:acm:eu-central-1:${account}:certificate/${id}-1234-1234-1234-123456789012`;
const CERTS = {
  consumer: certOf(ACCOUNTS.consumer, "00000000"),
  food: certOf(ACCOUNTS.food, "11111111"),
  beverage: certOf(ACCOUNTS.beverage, "22222222"),
} as const;
const DEPLOY_CONTEXT = {
  [ORDERS_CONTEXT.consumerAccount]: ACCOUNTS.consumer,
  [ORDERS_CONTEXT.account("food")]: ACCOUNTS.food,
  [ORDERS_CONTEXT.account("beverage")]: ACCOUNTS.beverage,
  [ORDERS_CONTEXT.domainName]: DOMAIN,
  [ORDERS_CONTEXT.consumerCertificateArn]: CERTS.consumer,
  [ORDERS_CONTEXT.certificateArn("food")]: CERTS.food,
  [ORDERS_CONTEXT.certificateArn("beverage")]: CERTS.beverage,
};
/** What the CDK CLI passes the app when the caller's credentials resolve a real account. */
const DEPLOYING = { CDK_DEFAULT_ACCOUNT: ACCOUNTS.consumer };
const STACKS = [
  ["OrdersConsumer", "111111111111", ACCOUNTS.consumer, CERTS.consumer],
  ["OrdersFood", "222222222222", ACCOUNTS.food, CERTS.food],
  ["OrdersBeverage", "333333333333", ACCOUNTS.beverage, CERTS.beverage],
] as const;

let local: SynthesizedApp;
let deploy: SynthesizedApp;

beforeAll(() => {
  local = synthApp();
  deploy = synthApp(DEPLOY_CONTEXT, DEPLOYING);
});

const template = (sys: SynthesizedApp, id: string) => sys.artifact(id).template as Template;

/**
 * The default template as it would be with the deploy's accounts, domain and certificates: names
 * replaced, the self-signed certificate (and its provider) gone, its ARN replaced by the given one.
 */
function expectedForDeploy(id: string, placeholder: string, account: string, certificateArn: string): Json {
  const resources = { ...template(local, id).Resources };
  const certificates = Object.keys(resources).filter(
    (logicalId) => resources[logicalId]?.Type === "Custom::SelfSignedCertificate",
  );
  expect(certificates, `${id}: one self-signed certificate by default`).toHaveLength(1);
  for (const logicalId of Object.keys(resources)) {
    if (certificates.includes(logicalId) || logicalId.startsWith("SelfSignedCertificateProvider")) {
      delete resources[logicalId];
    }
  }
  let text = JSON.stringify({ ...template(local, id), Resources: resources });
  text = text.replaceAll(
    JSON.stringify({ "Fn::GetAtt": [certificates[0], "CertificateArn"] }),
    JSON.stringify(certificateArn),
  );
  text = text.replaceAll("cross-account-microservices.com", DOMAIN);
  for (const [, from, to] of STACKS) text = text.replaceAll(from, to);
  expect(text, `${id}: the stack's own account ${placeholder} was in the default template`).toContain(
    account,
  );
  return withoutDeploymentHash(JSON.parse(text) as Json);
}

/**
 * CDK names its API deployment after a hash of the API's template, which names the consumer's
 * account (the weak reference's role): a different account gives a different name, nothing else.
 */
function withoutDeploymentHash(t: Json): Json {
  return JSON.parse(JSON.stringify(t).replace(/(ApiDeployment[0-9A-F]{8})[0-9a-f]{32}/g, "$1<hash>")) as Json;
}

describe("a deploy with accounts, domain and certificates from context", () => {
  it("passes the deploy checks and puts every stack in its real account", () => {
    expect(STACKS.map(([id]) => deploy.artifact(id).environment.account)).toEqual(Object.values(ACCOUNTS));
    for (const [id] of STACKS) {
      const text = JSON.stringify(template(deploy, id));
      expect(text, id).not.toMatch(/111111111111|222222222222|333333333333/);
      expect(text, id).not.toContain("cross-account-microservices.com");
    }
  });

  it("names the private zone, its alias records and the API domains after the configured domain", () => {
    const consumer = template(deploy, "OrdersConsumer").Resources;
    const zone = Object.values(consumer).find((r) => r.Type === "AWS::Route53::HostedZone");
    expect(zone?.Properties?.Name).toBe(`${DOMAIN}.`);
    const records = Object.values(consumer).filter((r) => r.Type === "AWS::Route53::RecordSet");
    expect(records.map((r) => r.Properties?.Name).sort()).toEqual([`beverage.${DOMAIN}.`, `food.${DOMAIN}.`]);
    for (const [id, name, arn] of [
      ["OrdersFood", "food", CERTS.food],
      ["OrdersBeverage", "beverage", CERTS.beverage],
    ] as const) {
      const domains = Object.values(template(deploy, id).Resources).filter(
        (r) => r.Type === "AWS::ApiGateway::DomainName",
      );
      expect(domains.map((d) => d.Properties)).toEqual([
        expect.objectContaining({ DomainName: `${name}.${DOMAIN}`, RegionalCertificateArn: arn }),
      ]);
    }
  });

  it("uses the given certificates and creates no self-signed one", () => {
    const listener = Object.values(template(deploy, "OrdersConsumer").Resources).find(
      (r) => r.Type === "AWS::ElasticLoadBalancingV2::Listener",
    );
    expect(listener?.Properties?.Certificates).toEqual([{ CertificateArn: CERTS.consumer }]);
    for (const [id] of STACKS) {
      const types = Object.values(template(deploy, id).Resources).map((r) => r.Type);
      expect(types, id).not.toContain("Custom::SelfSignedCertificate");
    }
  });

  it("changes nothing else: each template is the default one with those names and certificates", () => {
    for (const [id, placeholder, account, certificateArn] of STACKS) {
      expect(withoutDeploymentHash(template(deploy, id)), id).toEqual(
        expectedForDeploy(id, placeholder, account, certificateArn),
      );
    }
  });
});

describe("a deploy with the defaults", () => {
  it("stops at synth, before any template exists, naming the context keys to set", () => {
    let error: unknown;
    try {
      synthApp({}, DEPLOYING);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccountmeshError);
    expect((error as AccountmeshError).code).toBe("PLACEHOLDER_ACCOUNTS");
    for (const key of [
      "accountmesh:orders:consumerAccount",
      "accountmesh:orders:foodAccount",
      "accountmesh:orders:beverageAccount",
      "accountmesh:orders:domainName",
      "accountmesh:orders:foodCertificateArn",
      "accountmesh:orders:beverageCertificateArn",
    ]) {
      expect((error as Error).message).toContain(key);
    }
  });

  it("synthesizes as before offline: no CDK_DEFAULT_ACCOUNT, the seed's accounts and names", () => {
    expect(STACKS.map(([id]) => local.artifact(id).environment.account)).toEqual(STACKS.map(([, a]) => a));
    expect(JSON.stringify(template(local, "OrdersFood"))).toContain("food.cross-account-microservices.com");
  });
});
