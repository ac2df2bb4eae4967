// One workload (an ECS task, an EC2 instance) on the local network: a network interface in its
// subnet, one local process per container or unit, its ports served at the interface's address and
// registered with its target groups once every process listens; stopping deregisters it, ends the
// processes and releases the address. Log lines go to `log` and to one file per workload.
import { appendFileSync } from "node:fs";
import type { LocalHandler } from "../http/http-types.js";
import type { FrontDoorRegistry } from "../network/front-door-registry.js";
import type { NetworkInterface, NetworkState } from "../network/network-state.js";
import { forwardToProcess } from "./forward-to-process.js";
import { WorkloadProcess } from "./workload-process.js";

/** A container or a unit: what runs, with its whole environment and the ports it listens on. */
export interface WorkloadUnit {
  readonly name: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

export interface WorkloadSpec {
  /** Task ARN or instance id (what instance targets and network-interface owners name). */
  readonly id: string;
  /** e.g. `ECS task dognames/3f2a1b0c` (logs, errors). */
  readonly label: string;
  readonly account: string;
  readonly subnetId: string;
  /** Target groups to register with (ECS service load balancers, Auto Scaling TargetGroupARNs). */
  readonly targetGroups: readonly { readonly arn: string; readonly port: number }[];
  /** The units, given the interface (its address goes into instance metadata). */
  units(nic: NetworkInterface): readonly WorkloadUnit[];
  /** Where its log lines are appended. */
  readonly logFile: string;
}

export interface RunningWorkload {
  readonly id: string;
  readonly interfaceId: string;
  readonly privateIp: string;
  stop(): Promise<void>;
}

export interface WorkloadHostDeps {
  readonly network: NetworkState;
  readonly frontDoors: FrontDoorRegistry;
  log(line: string): void;
}

/** Starts the workload; resolves once every process listens (throws WORKLOAD_START_FAILED, cleaned up). */
export async function startWorkload(deps: WorkloadHostDeps, spec: WorkloadSpec): Promise<RunningWorkload> {
  const { network, frontDoors } = deps;
  const nic = network.addInterface(
    spec.subnetId,
    { kind: "workload", id: spec.id },
    spec.account,
    spec.label,
  );
  const units = spec.units(nic);
  const processes = units.map(
    (unit) =>
      new WorkloadProcess({
        label: `${spec.label} ${unit.name}`,
        args: unit.args,
        cwd: unit.cwd,
        env: unit.env,
        containerPorts: unit.ports,
        log: (line) => {
          deps.log(`[${spec.label} ${unit.name}] ${line}`);
          appendFileSync(spec.logFile, `${line}\n`);
        },
      }),
  );
  const byPort = new Map<number, LocalHandler>();
  for (const [n, unit] of units.entries()) {
    const process = processes[n] as WorkloadProcess;
    for (const port of unit.ports)
      byPort.set(
        port,
        forwardToProcess(spec.label, () => process.hostPort(port)),
      );
  }
  const stop = async () => {
    frontDoors.stopServing(nic.id);
    await Promise.all(processes.map((p) => p.stop()));
    network.removeInterface(nic.id);
  };
  try {
    await Promise.all(processes.map((p) => p.start()));
  } catch (error) {
    await stop();
    throw error;
  }
  frontDoors.serveWorkload(nic.id, {
    label: spec.label,
    id: spec.id,
    vpcId: nic.vpcId,
    ip: nic.privateIp,
    targetGroups: spec.targetGroups,
    at: (port) => (processes.every((p) => p.running) ? byPort.get(port) : undefined),
  });
  deps.log(`[${spec.label}] running at ${nic.privateIp}`);
  return { id: spec.id, interfaceId: nic.id, privateIp: nic.privateIp, stop };
}
