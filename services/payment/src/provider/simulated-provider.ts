import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ChargeLookup, ChargeRequest, PaymentProvider, RefundRequest } from '../usecases/payment-provider';

/** Test tokens of the simulated provider (documented in the service's README). */
export const SIMULATED_TOKENS = {
  /** The charge is declined. */
  decline: 'tok_decline',
  /** The charge never answers: the caller's timeout ends it. */
  timeout: 'tok_timeout',
} as const;

export interface SimulatedProviderOptions {
  /** How long each charge, refund and look-up takes. */
  latencyMs: number;
  /**
   * A file that keeps the ledger across restarts, as a real provider's does: each change is
   * appended as a JSON line before the call answers, and read back at start.
   */
  ledgerFile?: string | undefined;
}

/** The ledger as the file left it: the last line about a reference wins. */
function readLedger(file: string | undefined): Map<string, LedgerEntry> {
  const entries = new Map<string, LedgerEntry>();
  if (!file || !existsSync(file)) return entries;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as LedgerEntry;
    entries.set(entry.externalId, { ...entry, refundedBy: entry.refundedBy ?? undefined });
  }
  return entries;
}

/** One charge the simulated provider answered, under its reference. */
export interface LedgerEntry {
  externalId: string;
  outcome: 'succeeded' | 'declined';
  amountCents: number;
  currency: string;
  /** The reference of the refund that returned the money; undefined while captured. */
  refundedBy: string | undefined;
}

export interface SimulatedProvider extends PaymentProvider {
  /** Every charge answered, in order: what a real provider's dashboard would show. */
  ledger(): readonly LedgerEntry[];
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A provider that moves no money: after `latencyMs`, `tok_decline` is declined, `tok_timeout` never
 * answers, any other token (or none) succeeds. Refunds always succeed. It keeps a ledger (one entry
 * per charge reference): a repeated charge or refund under the same reference is the same one, and
 * `lookup` answers from it, as a real provider's API does. In memory only, the ledger is lost when
 * the process ends; with `ledgerFile` it survives restarts (and other processes can read it).
 */
export function createSimulatedProvider({ latencyMs, ledgerFile }: SimulatedProviderOptions): SimulatedProvider {
  const entries = readLedger(ledgerFile);
  const record = (entry: LedgerEntry) => {
    entries.set(entry.externalId, entry);
    if (ledgerFile) appendFileSync(ledgerFile, `${JSON.stringify({ ...entry, refundedBy: entry.refundedBy ?? null })}\n`);
  };
  return {
    async charge({ externalId, amountCents, currency, token }: ChargeRequest) {
      // No timer for a charge that never answers: nothing is left running once the caller gives up.
      if (token === SIMULATED_TOKENS.timeout) return new Promise<never>(() => undefined);
      await wait(latencyMs);
      const known = entries.get(externalId);
      if (known) return known.outcome;
      const outcome = token === SIMULATED_TOKENS.decline ? 'declined' : 'succeeded';
      record({ externalId, outcome, amountCents, currency, refundedBy: undefined });
      return outcome;
    },
    async refund({ externalId, chargeExternalId }: RefundRequest) {
      await wait(latencyMs);
      // A charge from before this process started is not in the ledger; its refund still succeeds.
      const charge = entries.get(chargeExternalId);
      if (charge?.outcome === 'succeeded' && charge.refundedBy === undefined) record({ ...charge, refundedBy: externalId });
    },
    async lookup(externalId: string): Promise<ChargeLookup> {
      await wait(latencyMs);
      return entries.get(externalId)?.outcome ?? 'not_found';
    },
    ledger: () => [...entries.values()],
  };
}
