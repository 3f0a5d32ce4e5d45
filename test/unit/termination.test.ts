import { describe, expect, it } from "vitest";
import { LeptonError } from "../../src/model/errors.js";
import {
  allOf,
  anyOf,
  generationLimit,
  type SearchState,
  stagnation,
  targetObjective,
  terminationFrom,
  timeLimit,
} from "../../src/solve/termination.js";

const state = (s: Partial<SearchState>): SearchState => ({
  elapsedMs: 0,
  generations: 0,
  best: Number.POSITIVE_INFINITY,
  lastImprovementGeneration: 0,
  lastImprovementMs: 0,
  ...s,
});

describe("termination", () => {
  it("each rule stops on its own condition", () => {
    expect(timeLimit(100).done(state({ elapsedMs: 99 }))).toBe(false);
    expect(timeLimit(100).done(state({ elapsedMs: 100 }))).toBe(true);
    expect(generationLimit(5).done(state({ generations: 5 }))).toBe(true);
    expect(stagnation({ generations: 10 }).done(state({ generations: 15, lastImprovementGeneration: 6 }))).toBe(false);
    expect(stagnation({ generations: 10 }).done(state({ generations: 16, lastImprovementGeneration: 6 }))).toBe(true);
    expect(targetObjective(42).done(state({ best: 42 }))).toBe(true);
    expect(targetObjective(42).done(state({ best: 43 }))).toBe(false);
  });

  it("combines with anyOf / allOf and reports the generation cap", () => {
    const any = anyOf(timeLimit(1000), generationLimit(50), generationLimit(20));
    expect(any.generationCap()).toBe(20);
    expect(any.done(state({ generations: 20 }))).toBe(true);
    const all = allOf(generationLimit(20), targetObjective(10));
    expect(all.done(state({ generations: 20, best: 11 }))).toBe(false);
    expect(all.done(state({ generations: 20, best: 10 }))).toBe(true);
    expect(terminationFrom({}, timeLimit(5)).description).toBe("time 5 ms");
    expect(terminationFrom({ generations: 3, timeLimitMs: 100 }, timeLimit(5)).generationCap()).toBe(3);
  });

  it("rejects bad limits with a typed error", () => {
    expect(() => timeLimit(-1)).toThrow(LeptonError);
    expect(() => generationLimit(1.5)).toThrow(/integer/);
    expect(() => stagnation({})).toThrow(/generations or ms/);
    expect(() => anyOf()).toThrow(LeptonError);
  });
});
