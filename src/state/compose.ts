/**
 * One `StateStore` out of its ports (src/state/types.ts). Each backend builds one object per concern over
 * its own handle (a database, a redis client, in-memory tables) and this joins them; the engine keeps
 * seeing the one interface. Ports are plain objects of closures, so joining them is a spread: a class
 * instance would lose its prototype methods, and the spread's type would say so.
 */
import type {
  AuditPort,
  CursorPort,
  DirtyPort,
  FailurePort,
  LeasePort,
  LedgerPort,
  LinkPort,
  PersonStatePort,
  RunPort,
  SnapshotPort,
  StateStore,
} from './types.ts';

export interface StorePorts {
  readonly cursors: CursorPort;
  readonly links: LinkPort;
  readonly dirty: DirtyPort;
  readonly snapshots: SnapshotPort;
  readonly ledger: LedgerPort;
  readonly personStates: PersonStatePort;
  readonly audit: AuditPort;
  readonly failures: FailurePort;
  readonly runs: RunPort;
  readonly lease: LeasePort;
}

/** What belongs to the whole store rather than to one concern. */
export type StoreLifecycle = Pick<StateStore, 'kind' | 'clear' | 'close'>;

export function composeStore(ports: StorePorts, lifecycle: StoreLifecycle): StateStore {
  return {
    ...ports.cursors,
    ...ports.links,
    ...ports.dirty,
    ...ports.snapshots,
    ...ports.ledger,
    ...ports.personStates,
    ...ports.audit,
    ...ports.failures,
    ...ports.runs,
    ...ports.lease,
    kind: lifecycle.kind,
    clear: lifecycle.clear,
    close: lifecycle.close,
  };
}
