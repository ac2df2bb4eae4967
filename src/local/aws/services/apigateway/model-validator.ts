// The models of one REST API (JSON Schema draft-04, as API Gateway uses) and body validation against
// them. Models may reference each other by their API Gateway URL
// (`https://apigateway.amazonaws.com/restapis/<apiId>/models/<name>`), so schemas are compiled lazily,
// once every model of the API is known.
import Ajv04Module from "ajv-draft-04";

const Ajv04 = Ajv04Module.default;
type Ajv = InstanceType<typeof Ajv04>;

export interface ApiModel {
  readonly name: string;
  readonly contentType: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** Outcome of validating a value against a model: `unresolvable` when the schema cannot compile. */
export type ModelCheck = "valid" | "invalid" | "unresolvable";

export class ModelValidator {
  private readonly models = new Map<string, ApiModel>();
  private ajv: Ajv | undefined;

  constructor(private readonly apiId: string) {}

  add(model: ApiModel): void {
    this.models.set(model.name, model);
    this.ajv = undefined;
  }

  get(name: string): ApiModel | undefined {
    return this.models.get(name);
  }

  /** The URL API Gateway gives a model, used in `$ref`s between models. */
  modelUrl(name: string): string {
    return `https://apigateway.amazonaws.com/restapis/${this.apiId}/models/${name}`;
  }

  check(name: string, value: unknown): ModelCheck {
    if (!this.models.has(name)) {
      return "unresolvable";
    }
    let validate: ReturnType<Ajv["getSchema"]>;
    try {
      validate = this.compiler().getSchema(this.modelUrl(name));
    } catch {
      return "unresolvable";
    }
    if (validate === undefined) {
      return "unresolvable";
    }
    return validate(value) === true ? "valid" : "invalid";
  }

  private compiler(): Ajv {
    if (this.ajv === undefined) {
      // API Gateway ignores `format` and unknown keywords; it never reports them as schema errors.
      const ajv = new Ajv04({ strict: false, validateFormats: false, logger: false });
      for (const model of this.models.values()) {
        const { $schema: _ignored, id: _id, ...schema } = model.schema;
        ajv.addSchema(schema, this.modelUrl(model.name));
      }
      this.ajv = ajv;
    }
    return this.ajv;
  }
}
