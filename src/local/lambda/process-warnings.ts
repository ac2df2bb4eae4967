// Process warnings raised inside execution environments (process.emitWarning: deprecations, the AWS
// SDK's notice that the host's Node.js is old). They concern the host's Node.js, which runs every
// function alike, not the function: the runtime reports each one once, as its own warning.

/** A warning as `process.on("warning")` sees it: `name` is its type (`Warning`, `DeprecationWarning`, ...). */
export interface ProcessWarning {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

const seen = new Set<string>();
const keyOf = (warning: { readonly name: string; readonly message: string }) =>
  `${warning.name}\n${warning.message}`;

// The main thread's own warnings (its AWS SDK clients emit the same notice) count as reported.
process.on("warning", (warning) => seen.add(keyOf(warning)));

/**
 * Reports `warning`, raised in an execution environment of `functionName`, as a warning of this
 * process — through process.emitWarning, so Node prints it (`(node:<pid>) Warning: ...`) and
 * `--no-warnings` applies — unless this process already reported the same type and message.
 */
export function reportProcessWarningOnce(warning: ProcessWarning, functionName: string): void {
  if (seen.has(keyOf(warning))) return;
  seen.add(keyOf(warning));
  process.emitWarning(warning.message, {
    type: warning.name,
    ...(warning.code === undefined ? {} : { code: warning.code }),
    detail: `(raised in an execution environment of the function ${functionName}; reported once per runtime)`,
  });
}
