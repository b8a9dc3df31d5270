/** What every scenario gets: the stack, the load generator, the accounts, the checks. */
import type { Account, Api } from './api.ts';
import type { Checks } from './checks.ts';
import type { CpuMeter } from './cpu-meter.ts';
import type { Generator } from './loadgen/client.ts';
import type { Profile } from './options.ts';
import type { Stack } from './stack.ts';

export interface Context {
  profile: Profile;
  stack: Stack;
  api: Api;
  generator: Generator;
  meter: CpuMeter;
  checks: Checks;
  /** Creates events, probes bookability. */
  admin: Account;
  /** Customers sharing the hold attempts. */
  users: Account[];
  /** Progress line on stderr. */
  log(message: string): void;
}

/** A scenario's contribution to the report: its figures (JSON) and its section (Markdown). */
export interface Section {
  key: string;
  title: string;
  json: unknown;
  markdown: string;
  /** Rows of the report's summary: figure, TicRes, baseline, ratio, target (issue 8 / 9). */
  summary?: string[][];
}
