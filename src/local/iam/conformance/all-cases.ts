// Every conformance case, by topic.

import { CONDITION_CASES } from "./condition-cases.js";
import type { ConformanceCase } from "./conformance-case.js";
import { ELEMENT_CASES } from "./elements-cases.js";
import { EVALUATION_CASES } from "./evaluation-cases.js";
import { GRAMMAR_CASES } from "./grammar-cases.js";
import { MULTIVALUED_CASES } from "./multivalued-cases.js";
import { SERVICE_RULE_CASES } from "./service-rule-cases.js";
import { TYPED_CONDITION_CASES } from "./typed-condition-cases.js";
import { VARIABLE_CASES } from "./variables-cases.js";

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...EVALUATION_CASES,
  ...ELEMENT_CASES,
  ...CONDITION_CASES,
  ...TYPED_CONDITION_CASES,
  ...MULTIVALUED_CASES,
  ...VARIABLE_CASES,
  ...SERVICE_RULE_CASES,
  ...GRAMMAR_CASES,
];
