// `.accountmesh/endpoints.json`: every entry point of the running system, for scripts and tests.
import { writeFileSync } from "node:fs";

export interface EndpointsFile {
  readonly version: 1;
  /** The local AWS endpoint (AWS_ENDPOINT_URL / --endpoint-url). */
  readonly aws: string;
  readonly region: string;
  /** PEM of the local CA that signs every TLS certificate (kept across runs, --in-memory included). */
  readonly caFile?: string;
  /** Per VPC (`<account>/<stack>/<logical id>`): its id and its entry point (an HTTP proxy). */
  readonly vpcs: Readonly<
    Record<string, { readonly vpcId: string; readonly account: string; readonly proxy: string }>
  >;
  /** The entry point outside every VPC (the internet): private names do not resolve from here. */
  readonly internet: string;
  /** Per load balancer (`<account>/<stack>/<logical id>`): DNS name, VPC and a direct URL per listener port. */
  readonly loadBalancers: Readonly<
    Record<
      string,
      {
        readonly arn: string;
        readonly dnsName: string;
        readonly vpc: string;
        readonly listeners: Readonly<Record<string, string>>;
      }
    >
  >;
  /** REST API ids by `<account>/<api name>` (for `<id>.execute-api...` and `<id>-<vpce>` host names). */
  readonly restApis: Readonly<Record<string, string>>;
  /**
   * (API Gateway) Per REST API (`<account>/<api name>`): its execute-api URL and, for public APIs, a
   * direct loopback URL without any proxy; per stage the same two URLs.
   */
  readonly restApiEndpoints?: Readonly<
    Record<
      string,
      {
        readonly id: string;
        readonly endpointTypes: readonly string[];
        readonly url: string;
        readonly local?: string;
        readonly stages: Readonly<Record<string, { readonly url: string; readonly local?: string }>>;
      }
    >
  >;
  /** Function URLs by `<account>/<function name>` (`https://<url-id>.lambda-url.<region>.on.aws/`). */
  readonly functionUrls?: Readonly<Record<string, string>>;
  /**
   * (CloudFront) Per distribution (`<account>/<id>`): its `https://<d>.cloudfront.net/` URL (through
   * the entry point outside every VPC) and a direct loopback URL without any proxy.
   */
  readonly distributions?: Readonly<
    Record<string, { readonly id: string; readonly url: string; readonly local?: string }>
  >;
  /** (S3) Per bucket (`<account>/<name>`): the directory its objects are kept in. */
  readonly buckets?: Readonly<Record<string, string>>;
  /**
   * (VPC Lattice) Per service (`<account>/<stack>/<logical id>`): its name, ARN, DNS name (reached
   * from the entry point of a VPC associated with a service network that carries it) and auth type.
   */
  readonly latticeServices?: Readonly<
    Record<
      string,
      { readonly name: string; readonly arn: string; readonly dnsName: string; readonly authType: string }
    >
  >;
  /**
   * Every stack by `<account>/<stack name>`, in deploy order: where it runs, its id (ARN) and its
   * outputs (`OutputKey → value`), as `aws cloudformation describe-stacks` shows them.
   */
  readonly stacks?: Readonly<
    Record<
      string,
      {
        readonly account: string;
        readonly region: string;
        readonly stackId: string;
        readonly outputs: Readonly<Record<string, string>>;
      }
    >
  >;
  /** Credentials per account for humans and tests: an administrator of that account. */
  readonly accounts: Readonly<
    Record<
      string,
      { readonly accessKeyId: string; readonly secretAccessKey: string; readonly principal: string }
    >
  >;
}

export function writeEndpointsFile(path: string, endpoints: EndpointsFile): void {
  writeFileSync(path, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
}
