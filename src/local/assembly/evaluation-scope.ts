// What the intrinsic evaluator evaluates in: the stack, its symbol table and the resolver of dynamic
// references.
import type { SymbolLookup } from "./symbol-lookup.js";
import type { DynamicReferenceResolver, StackArtifact } from "./types.js";

export interface EvaluationScope {
  readonly stack: StackArtifact;
  readonly symbols: SymbolLookup;
  /** For parameters of type `AWS::SSM::Parameter::Value<...>`. */
  readonly resolveDynamicReference: DynamicReferenceResolver;
}
