/** An event as stored or sent: its type, the schema version it was written in, and its data. */
export interface VersionedEvent {
  type: string;
  version: number;
  data: unknown;
}

/** Turns the data of version N of an event type into version N + 1. Pure; never throws on valid input. */
export type Upcaster = (data: unknown) => unknown;

/** upcasters[eventType][fromVersion] lifts that version one step. */
export type UpcasterRegistry = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

const NO_STEPS: Readonly<Record<number, Upcaster>> = {};

/**
 * Reads an old event as the current version by applying each step in turn (1 → 2 → 3 …).
 * Stored events are never rewritten: history stays as it was written, and readers see one shape.
 */
export function upcast(event: VersionedEvent, upcasters: UpcasterRegistry): VersionedEvent {
  const steps = upcasters[event.type] ?? NO_STEPS;
  let current = event;
  for (let step = steps[current.version]; step; step = steps[current.version]) {
    current = { type: current.type, version: current.version + 1, data: step(current.data) };
  }
  return current;
}

/**
 * Every schema change of a case event adds its step here. None yet: all case events are at
 * version 1.
 */
export const CASE_EVENT_UPCASTERS: UpcasterRegistry = {};
