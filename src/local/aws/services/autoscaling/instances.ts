// The instances of Auto Scaling groups, each a local process per systemd unit its user data starts, as
// many as the group's desired capacity: a network interface in one of the group's subnets, registered
// with the group's target groups (on the unit's port), and an IMDSv2 endpoint of its own (one loopback
// port per capacity slot) serving the instance profile role's credentials. Logs: `[ec2 <id>]` lines.
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalHandler } from "../../../http/http-types.js";
import type { CredentialRegistry } from "../../../iam/credential-registry.js";
import type { FrontDoorRegistry } from "../../../network/front-door-registry.js";
import type { NetworkState } from "../../../network/network-state.js";
import { type InstanceIdentity, instanceMetadataEndpoint } from "../../../workloads/credential-endpoints.js";
import { forwardToProcess } from "../../../workloads/forward-to-process.js";
import { workloadEnvironment } from "../../../workloads/workload-environment.js";
import { WorkloadProcess } from "../../../workloads/workload-process.js";
import type { AutoScalingGroup, AutoScalingState } from "./autoscaling-state.js";

const INSTANCE_SESSION_SECONDS = 6 * 3600;

interface Instance {
  readonly id: string;
  readonly group: string;
  readonly slot: number;
  readonly interfaceId: string;
  readonly privateIp: string;
  readonly processes: readonly WorkloadProcess[];
}

interface Slot {
  url?: string;
  metadata?: LocalHandler;
}

export interface InstancesDeps {
  readonly state: AutoScalingState;
  readonly network: NetworkState;
  readonly frontDoors: FrontDoorRegistry;
  readonly credentials: CredentialRegistry;
  awsEndpointUrl(): string;
  log(line: string): void;
  readonly logDir: string;
}

export class Instances {
  readonly #deps: InstancesDeps;
  readonly #instances = new Map<string, Instance>();
  readonly #slots = new Map<string, Slot[]>();

  constructor(deps: InstancesDeps) {
    this.#deps = deps;
  }

  /** One metadata endpoint per capacity slot of every group (serve them on loopback ports). */
  serveSlots(): void {
    for (const group of this.#deps.state.groups.values()) {
      const slots: Slot[] = Array.from({ length: group.maxSize }, () => ({}));
      this.#slots.set(group.name, slots);
      for (const [n, slot] of slots.entries()) {
        this.#deps.frontDoors.serveLoopback({
          label: `EC2 instance metadata ${group.label} #${n + 1}`,
          handler: (request) =>
            (slot.metadata ?? (async () => ({ status: 404, headers: {}, body: "" })))(request),
          listening: async (url) => {
            slot.url = url;
            if (slots.every((s) => s.url !== undefined)) await this.reconcile(group);
          },
        });
      }
    }
  }

  /** The IMDS endpoint an instance's SDK asks (`AWS_EC2_METADATA_SERVICE_ENDPOINT`). */
  metadataUrl(instance: Instance): string | undefined {
    return this.#slots.get(instance.group)?.[instance.slot]?.url;
  }

  instancesOf(groupName: string): Instance[] {
    return [...this.#instances.values()].filter((instance) => instance.group === groupName);
  }

  /** Launches or terminates instances until the group runs its desired capacity. */
  async reconcile(group: AutoScalingGroup): Promise<void> {
    const slots = this.#slots.get(group.name) ?? [];
    if (slots.some((slot) => slot.url === undefined)) return;
    const running = this.instancesOf(group.name);
    const used = new Set(running.map((instance) => instance.slot));
    const free = slots.map((_, n) => n).filter((n) => !used.has(n));
    const launches = free
      .slice(0, Math.max(0, group.desiredCapacity - running.length))
      .map((slot) => this.#launch(group, slot));
    const terminations = running.slice(group.desiredCapacity).map((instance) => this.#terminate(instance));
    for (const result of await Promise.allSettled([...launches, ...terminations])) {
      if (result.status === "rejected") {
        this.#deps.log(
          `[ec2 ${group.name}] ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`,
        );
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#instances.values()].map((instance) => this.#terminate(instance)));
  }

  async #launch(group: AutoScalingGroup, slotIndex: number): Promise<void> {
    const { state, network, frontDoors, credentials } = this.#deps;
    const template = state.launchTemplates.get(group.launchTemplateId);
    const slot = this.#slots.get(group.name)?.[slotIndex];
    if (template === undefined || slot?.url === undefined) return;
    const id = `i-${randomBytes(9).toString("hex").slice(0, 17)}`;
    const subnetId = group.subnets[slotIndex % group.subnets.length] ?? "";
    const nic = network.addInterface(subnetId, { kind: "workload", id }, group.account, `EC2 instance ${id}`);
    const roleArn = template.roleArn;
    const identity: InstanceIdentity = {
      instanceId: id,
      region: group.region,
      availabilityZone: network.subnets.get(subnetId)?.availabilityZone ?? `${group.region}a`,
      privateIp: nic.privateIp,
      account: group.account,
      imageId: template.imageId,
      instanceType: template.instanceType,
      ...(roleArn === undefined
        ? {}
        : {
            role: {
              roleArn,
              credentials: () =>
                credentials.issueSession({
                  roleArn,
                  sessionName: id,
                  now: new Date(),
                  durationSeconds: INSTANCE_SESSION_SECONDS,
                }),
            },
          }),
    };
    slot.metadata = instanceMetadataEndpoint(identity);
    const logFile = join(this.#deps.logDir, `${id}.log`);
    const processes = template.units.map(
      (unit) =>
        new WorkloadProcess({
          label: `EC2 instance ${id} unit ${unit.unit}`,
          args: unit.args,
          cwd: unit.cwd,
          env: workloadEnvironment({
            region: group.region,
            awsEndpointUrl: this.#deps.awsEndpointUrl(),
            variables: [unit.env],
            credentials: { kind: "instance-metadata", endpoint: slot.url as string },
            home: this.#deps.logDir,
          }),
          containerPorts: [unit.port],
          log: (line) => {
            this.#deps.log(`[ec2 ${id} ${unit.unit}] ${line}`);
            appendFileSync(logFile, `${line}\n`);
          },
        }),
    );
    const instance: Instance = {
      id,
      group: group.name,
      slot: slotIndex,
      interfaceId: nic.id,
      privateIp: nic.privateIp,
      processes,
    };
    this.#instances.set(id, instance);
    const byPort = new Map<number, LocalHandler>();
    for (const [n, unit] of template.units.entries()) {
      const process = processes[n] as WorkloadProcess;
      byPort.set(
        unit.port,
        forwardToProcess(`EC2 instance ${id}`, () => process.hostPort(unit.port)),
      );
    }
    try {
      await Promise.all(processes.map((p) => p.start()));
    } catch (error) {
      await this.#terminate(instance);
      throw error;
    }
    frontDoors.serveWorkload(nic.id, {
      label: `EC2 instance ${id}`,
      id,
      vpcId: nic.vpcId,
      ip: nic.privateIp,
      // Instance targets are registered on the target group's port; our units name theirs (PORT).
      targetGroups: group.targetGroupArns.flatMap((arn) =>
        template.units.map((unit) => ({ arn, port: unit.port })),
      ),
      at: (port) => (processes.every((p) => p.running) ? byPort.get(port) : undefined),
    });
    this.#deps.log(`[ec2 ${id}] instance running at ${nic.privateIp} (${group.label})`);
  }

  async #terminate(instance: Instance): Promise<void> {
    this.#instances.delete(instance.id);
    this.#deps.frontDoors.stopServing(instance.interfaceId);
    await Promise.all(instance.processes.map((p) => p.stop()));
    this.#deps.network.removeInterface(instance.interfaceId);
    const slot = this.#slots.get(instance.group)?.[instance.slot];
    if (slot !== undefined) delete slot.metadata;
    this.#deps.log(`[ec2 ${instance.id}] instance terminated`);
  }
}
