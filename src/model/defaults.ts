import type { ResourceVector, TaskScale, TaskType } from "./types.js";

/**
 * Peak demand of a task by type and scale, used where a task gives no `demand`.
 * Compute is CPU-bound, storage and stream are network-bound, realtime is small but latency-bound.
 */
const DEFAULT_DEMAND: Record<TaskType, Record<TaskScale, Required<ResourceVector>>> = {
  compute: {
    small: { cpu: 1, memGiB: 2, gpu: 0, netMbps: 10 },
    medium: { cpu: 2, memGiB: 4, gpu: 0, netMbps: 20 },
    large: { cpu: 4, memGiB: 8, gpu: 0, netMbps: 40 },
  },
  storage: {
    small: { cpu: 0.25, memGiB: 1, gpu: 0, netMbps: 50 },
    medium: { cpu: 0.5, memGiB: 2, gpu: 0, netMbps: 100 },
    large: { cpu: 1, memGiB: 4, gpu: 0, netMbps: 200 },
  },
  stream: {
    small: { cpu: 0.5, memGiB: 1, gpu: 0, netMbps: 20 },
    medium: { cpu: 1, memGiB: 2, gpu: 0, netMbps: 50 },
    large: { cpu: 2, memGiB: 4, gpu: 0, netMbps: 100 },
  },
  realtime: {
    small: { cpu: 0.5, memGiB: 0.5, gpu: 0, netMbps: 5 },
    medium: { cpu: 1, memGiB: 1, gpu: 0, netMbps: 10 },
    large: { cpu: 2, memGiB: 2, gpu: 0, netMbps: 20 },
  },
};

/** Round-trip latency target by task type when a task gives none; Infinity means no target. */
const DEFAULT_LATENCY_SLO_MS: Record<TaskType, number> = {
  compute: Number.POSITIVE_INFINITY,
  storage: Number.POSITIVE_INFINITY,
  stream: 40,
  realtime: 10,
};

export const DEFAULT_LOCAL_LATENCY_MS = 0.5;

export function defaultDemand(type: TaskType, scale: TaskScale): Required<ResourceVector> {
  return { ...DEFAULT_DEMAND[type][scale] };
}

export function defaultLatencySloMs(type: TaskType): number {
  return DEFAULT_LATENCY_SLO_MS[type];
}
