// What the Lambda plugin keeps besides the host's functions: layer versions, function URLs, each
// function's revision (RevisionId changes with its configuration) and how each runtime runs here.
import { randomUUID } from "node:crypto";
import type { RuntimeSupport } from "../../../lambda/lambda-runtimes.js";

export interface LayerVersion {
  /** `arn:aws:lambda:<region>:<account>:layer:<name>:<version>`. */
  readonly arn: string;
  /** The unpacked content (a cdk.out asset directory). */
  readonly dir: string;
}

export interface Cors {
  readonly allowCredentials?: boolean;
  readonly allowHeaders?: readonly string[];
  readonly allowMethods?: readonly string[];
  readonly allowOrigins?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAge?: number;
}

export interface FunctionUrl {
  /** The 32 characters of the host name. */
  readonly id: string;
  readonly functionArn: string;
  readonly account: string;
  readonly region: string;
  readonly authType: "NONE" | "AWS_IAM";
  readonly invokeMode: "BUFFERED" | "RESPONSE_STREAM";
  readonly cors?: Cors;
  /** `<id>.lambda-url.<region>.on.aws`. */
  readonly host: string;
  /** `https://<host>/`. */
  readonly url: string;
  readonly creationTime: string;
}

export class LambdaState {
  readonly #layers = new Map<string, LayerVersion>();
  readonly #urlsByHost = new Map<string, FunctionUrl>();
  readonly #urlsByFunction = new Map<string, FunctionUrl>();
  readonly #revisions = new Map<string, string>();
  readonly #modified = new Map<string, string>();
  readonly #functionLayers = new Map<string, readonly string[]>();
  /** How each runtime met in the templates runs here (the start-up log). */
  readonly runtimes = new Map<string, RuntimeSupport>();

  addLayer(layer: LayerVersion): void {
    this.#layers.set(layer.arn, layer);
  }

  layer(arn: string): LayerVersion | undefined {
    return this.#layers.get(arn);
  }

  addUrl(url: FunctionUrl): void {
    this.#urlsByHost.set(url.host, url);
    this.#urlsByFunction.set(url.functionArn, url);
  }

  urlByHost(host: string): FunctionUrl | undefined {
    return this.#urlsByHost.get(host.toLowerCase());
  }

  urlOf(functionArn: string): FunctionUrl | undefined {
    return this.#urlsByFunction.get(functionArn);
  }

  urls(): readonly FunctionUrl[] {
    return [...this.#urlsByHost.values()];
  }

  /** The function's RevisionId (a new one after each configuration change). */
  revision(functionArn: string): string {
    let revision = this.#revisions.get(functionArn);
    if (revision === undefined) {
      revision = randomUUID();
      this.#revisions.set(functionArn, revision);
    }
    return revision;
  }

  /** The function's configuration changed: a new RevisionId and LastModified. */
  updated(functionArn: string, now: Date = new Date()): void {
    this.#revisions.set(functionArn, randomUUID());
    this.#modified.set(functionArn, lambdaTime(now));
  }

  /** LastModified as Lambda writes it (`2024-05-01T12:00:00.000+0000`): when it was provisioned or last updated. */
  lastModified(functionArn: string): string {
    let modified = this.#modified.get(functionArn);
    if (modified === undefined) {
      modified = lambdaTime(new Date());
      this.#modified.set(functionArn, modified);
    }
    return modified;
  }

  /** The layer version ARNs the function lists. */
  setFunctionLayers(functionArn: string, layerArns: readonly string[]): void {
    this.#functionLayers.set(functionArn, layerArns);
  }

  functionLayers(functionArn: string): readonly string[] {
    return this.#functionLayers.get(functionArn) ?? [];
  }
}

function lambdaTime(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}
