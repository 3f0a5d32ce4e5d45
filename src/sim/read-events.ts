import type { CompiledScenario } from "../model/compile.js";
import { readJsonFile } from "../model/read-scenario.js";
import { assertValidEvents } from "./events.js";
import type { EventsFile } from "./types.js";

/**
 * Reads and validates an events file (Node only; kept apart from events.ts so the simulator's
 * module graph stays browser-safe). See `validateEvents`.
 */
export async function readEventsFile(path: string, c: CompiledScenario): Promise<EventsFile> {
  return assertValidEvents(await readJsonFile(path, "events"), c);
}
