/**
 * The library never prints. It reports events with codes through a Reporter;
 * the CLI decides how to render them.
 */
export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface FleetpipeEvent {
  code: string;
  level: EventLevel;
  message: string;
  /** Where the event is about, when it is about a file. */
  file?: string;
  data?: Record<string, unknown>;
}

export interface Reporter {
  emit(event: FleetpipeEvent): void;
}

export const silentReporter: Reporter = { emit() {} };

/** Collects events in memory (tests, --json). */
export class CollectingReporter implements Reporter {
  readonly events: FleetpipeEvent[] = [];
  emit(event: FleetpipeEvent): void {
    this.events.push(event);
  }
  byCode(code: string): FleetpipeEvent[] {
    return this.events.filter((e) => e.code === code);
  }
}
