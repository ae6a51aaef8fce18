/**
 * Record-to-record associations with HubSpot-defined type ids (from @hubspot/api-client
 * `src/enums/AssociationTypes.ts`), kept in both directions so either side reads in O(1).
 */
import type { ObjectTypeName } from './property-types.ts';

/** HUBSPOT_DEFINED association type ids, `from` → `to`. */
const TYPE_IDS: Record<string, number> = {
  // Contact → company: 279 unlabeled, 1 the primary company (v4 associations guide); the graph keeps
  // the unlabeled type, the primary lives on the contact's `associatedcompanyid`.
  'contacts>companies': 279,
  'companies>contacts': 280,
  'contacts>emails': 197,
  'emails>contacts': 198,
  'contacts>calls': 193,
  'calls>contacts': 194,
  'contacts>meetings': 199,
  'meetings>contacts': 200,
  'contacts>notes': 201,
  'notes>contacts': 202,
  'contacts>tasks': 203,
  'tasks>contacts': 204,
};

export function associationTypeId(from: ObjectTypeName, to: ObjectTypeName): number | undefined {
  return TYPE_IDS[`${from}>${to}`];
}

export class AssociationGraph {
  private readonly edges = new Map<string, Map<number, number[]>>();

  add(fromType: ObjectTypeName, fromId: number, toType: ObjectTypeName, toId: number): void {
    this.link(`${fromType}>${toType}`, fromId, toId);
    this.link(`${toType}>${fromType}`, toId, fromId);
  }

  /** Associated ids in ascending order. */
  list(fromType: ObjectTypeName, fromId: number, toType: ObjectTypeName): readonly number[] {
    return this.edges.get(`${fromType}>${toType}`)?.get(fromId) ?? [];
  }

  /** Every association of `fromType` record `fromId` moves to `toId` (a merge's survivor). */
  reassign(fromType: ObjectTypeName, fromId: number, toId: number): void {
    for (const [key, byFrom] of this.edges) {
      const [from, to] = key.split('>');
      if (from !== fromType) continue;
      for (const other of byFrom.get(fromId) ?? []) {
        this.link(key, toId, other);
        const back = this.edges.get(`${to}>${from}`)?.get(other);
        if (back) back.splice(back.indexOf(fromId), 1);
        this.link(`${to}>${from}`, other, toId);
      }
      byFrom.delete(fromId);
    }
  }

  /** Forgets every association of a record (a permanent delete takes them with it). */
  drop(type: ObjectTypeName, id: number): void {
    for (const [key, byFrom] of this.edges) {
      const [from, to] = key.split('>');
      if (from !== type) continue;
      for (const other of byFrom.get(id) ?? []) {
        const back = this.edges.get(`${to}>${from}`)?.get(other);
        if (back) back.splice(back.indexOf(id), 1);
      }
      byFrom.delete(id);
    }
  }

  private link(key: string, from: number, to: number): void {
    let byFrom = this.edges.get(key);
    if (!byFrom) {
      byFrom = new Map();
      this.edges.set(key, byFrom);
    }
    const list = byFrom.get(from);
    if (!list) byFrom.set(from, [to]);
    else if (!list.includes(to)) {
      list.push(to);
      if (list.length > 1 && (list[list.length - 2] ?? 0) > to) list.sort((a, b) => a - b);
    }
  }
}

/** The object type a HUBSPOT_DEFINED association type id points to from `from`. */
export function associationTarget(from: ObjectTypeName, typeId: number): ObjectTypeName | undefined {
  for (const to of ['contacts', 'companies', 'emails', 'calls', 'meetings', 'notes', 'tasks'] as const) {
    if (TYPE_IDS[`${from}>${to}`] === typeId) return to;
  }
  return undefined;
}

/** v3 association labels as `associations` on reads show them, e.g. `contact_to_meeting`. */
export function associationLabel(from: ObjectTypeName, to: ObjectTypeName): string {
  return `${from.replace(/s$/, '')}_to_${to.replace(/s$/, '')}`;
}
