// CloudFront's state: distributions by id and by domain name. Plain data, no I/O.

export interface DistributionOrigin {
  readonly id: string;
  /** The S3 bucket of the origin's domain name (`<bucket>.s3.<region>.amazonaws.com`). */
  readonly bucket: string;
  /** OriginPath: a prefix (`/site`) put before every object key. */
  readonly originPath: string;
  /** Origin access control: CloudFront signs origin requests as `cloudfront.amazonaws.com` with the distribution's ARN. */
  readonly originAccessControlId?: string;
  /** Legacy origin access identity (`origin-access-identity/cloudfront/<id>`). */
  readonly originAccessIdentity?: string;
}

export interface ErrorResponse {
  /** The origin's HTTP status this entry applies to (403, 404, ...). */
  readonly errorCode: number;
  /** The status the viewer gets (default: the origin's). */
  readonly responseCode?: number;
  /** The page served instead (`/index.html`), fetched from the origin. */
  readonly responsePagePath?: string;
}

export interface Distribution {
  /** `E` + 13 upper-case letters and digits. */
  readonly id: string;
  readonly account: string;
  /** `arn:aws:cloudfront::<account>:distribution/<id>` (CloudFront is global: no region). */
  readonly arn: string;
  /** `d<13 characters>.cloudfront.net`. */
  readonly domainName: string;
  /** The default cache behaviour's target origin. */
  readonly origin: DistributionOrigin;
  readonly defaultRootObject: string;
  /** `allow-all`, `redirect-to-https` or `https-only`. */
  readonly viewerProtocolPolicy: string;
  readonly allowedMethods: readonly string[];
  readonly errorResponses: readonly ErrorResponse[];
  readonly enabled: boolean;
}

export class Distributions {
  readonly #byDomain = new Map<string, Distribution>();

  add(distribution: Distribution): void {
    this.#byDomain.set(distribution.domainName, distribution);
  }

  byHost(host: string): Distribution | undefined {
    return this.#byDomain.get(host.replace(/:\d+$/, "").toLowerCase());
  }

  all(): readonly Distribution[] {
    return [...this.#byDomain.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
