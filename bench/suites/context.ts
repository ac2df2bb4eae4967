// What every suite gets from bench/run.ts.
export interface BenchPlan {
  /** Connection counts of the load points (B1, B2). */
  readonly connections: readonly number[];
  /** Measured seconds per load point, after `warmupSeconds` unmeasured. */
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface BenchContext {
  /** The orders system's cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Scratch directory of this run (data dirs, fixture assembly, peer service). */
  readonly workDir: string;
  readonly plan: BenchPlan;
  readonly peerAvailable: boolean;
  readonly log: (line: string) => void;
}
