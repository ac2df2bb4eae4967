// The instances of Auto Scaling groups, each a local process per systemd unit its user data starts, as
// many as the group's desired capacity (workloads/workload-host.ts: an interface in one of the group's
// subnets, registered with its target groups on the unit's port), and an IMDSv2 endpoint of its own
// (one loopback port per capacity slot) serving the instance profile role's credentials.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { LocalHandler } from "../../../http/http-types.js";
import type { CredentialRegistry } from "../../../iam/credential-registry.js";
import type { FrontDoorRegistry } from "../../../network/front-door-registry.js";
import type { NetworkState } from "../../../network/network-state.js";
import { instanceMetadataEndpoint } from "../../../workloads/credential-endpoints.js";
import { workloadEnvironment } from "../../../workloads/workload-environment.js";
import { type RunningWorkload, startWorkload } from "../../../workloads/workload-host.js";
import type { AutoScalingGroup, AutoScalingState } from "./autoscaling-state.js";

const INSTANCE_SESSION_SECONDS = 6 * 3600;

interface Instance {
  readonly id: string;
  readonly group: string;
  readonly slot: number;
  workload?: RunningWorkload;
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

  /** The group's running instances. */
  instancesOf(groupName: string): (Instance & { readonly privateIp: string })[] {
    return [...this.#instances.values()].flatMap((instance) =>
      instance.group === groupName && instance.workload !== undefined
        ? [{ ...instance, privateIp: instance.workload.privateIp }]
        : [],
    );
  }

  /** Launches or terminates instances until the group runs its desired capacity. */
  async reconcile(group: AutoScalingGroup): Promise<void> {
    const slots = this.#slots.get(group.name) ?? [];
    if (slots.some((slot) => slot.url === undefined)) return;
    const running = [...this.#instances.values()].filter((instance) => instance.group === group.name);
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
    const { state, network, credentials } = this.#deps;
    const template = state.launchTemplates.get(group.launchTemplateId);
    const slot = this.#slots.get(group.name)?.[slotIndex];
    if (template === undefined || slot?.url === undefined) return;
    const metadataUrl = slot.url;
    const id = `i-${randomBytes(9).toString("hex").slice(0, 17)}`;
    const instance: Instance = { id, group: group.name, slot: slotIndex };
    this.#instances.set(id, instance);
    const subnetId = group.subnets[slotIndex % group.subnets.length] ?? "";
    const roleArn = template.roleArn;
    try {
      instance.workload = await startWorkload(this.#deps, {
        id,
        label: `EC2 instance ${id}`,
        account: group.account,
        subnetId,
        // Instance targets are registered on the target group's port; our units name theirs (PORT).
        targetGroups: group.targetGroupArns.flatMap((arn) =>
          template.units.map((unit) => ({ arn, port: unit.port })),
        ),
        logFile: join(this.#deps.logDir, `${id}.log`),
        units: (nic) => {
          slot.metadata = instanceMetadataEndpoint({
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
          });
          return template.units.map((unit) => ({
            name: unit.unit,
            args: unit.args,
            cwd: unit.cwd,
            ports: [unit.port],
            env: workloadEnvironment({
              region: group.region,
              awsEndpointUrl: this.#deps.awsEndpointUrl(),
              variables: [unit.env],
              credentials: { kind: "instance-metadata", endpoint: metadataUrl },
              home: this.#deps.logDir,
            }),
          }));
        },
      });
    } catch (error) {
      this.#instances.delete(id);
      delete slot.metadata;
      throw error;
    }
  }

  async #terminate(instance: Instance): Promise<void> {
    this.#instances.delete(instance.id);
    await instance.workload?.stop();
    const slot = this.#slots.get(instance.group)?.[instance.slot];
    if (slot !== undefined) delete slot.metadata;
    this.#deps.log(`[EC2 instance ${instance.id}] terminated`);
  }
}
