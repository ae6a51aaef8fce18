/**
 * The naive baseline on the same sandboxes and the same scoring model: a sample of people (clearly
 * labelled, extrapolated linearly to the size, since a per-record tool's cost per record does not depend
 * on how many there are), printed beside leadloop's full sync.
 */
import { Client } from '@hubspot/api-client';
import jsforce from '@jsforce/jsforce-node';
import { z } from 'zod';
import type { LeadloopConfig } from '../../../src/config/schema.ts';
import { compileModel } from '../../../src/scoring/compile-model.ts';
import { HUBSPOT_PRO, SALESFORCE_ENTERPRISE, type BenchRow } from '../bench-row.ts';
import { measure } from '../measure.ts';
import type { SandboxChild } from '../sandbox-child.ts';
import { naiveHubSpotContact } from './naive-hubspot.ts';
import { naiveSalesforceRecord } from './naive-salesforce.ts';

export interface NaiveSide {
  readonly sampled: number;
  /** Counted by the sandbox. */
  readonly sampleCalls: number;
  readonly sampleWallMs: number;
  readonly records: number;
  readonly extrapolatedCalls: number;
  readonly extrapolatedWallSec: number;
  readonly leadloopCalls: number;
}

export interface NaiveResult {
  readonly size: string;
  readonly hubspot: NaiveSide;
  readonly salesforce: NaiveSide;
  readonly leadloopWallSec: number;
}

const Token = z.object({ access_token: z.string() });

/** https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm */
async function salesforceConnection(child: SandboxChild): Promise<jsforce.Connection> {
  const sf = child.ready.connections.salesforce;
  const res = await fetch(`${sf.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: sf.clientId,
      client_secret: sf.clientSecret,
      refresh_token: sf.refreshToken,
    }),
  });
  const token = Token.parse(await res.json());
  return new jsforce.Connection({
    instanceUrl: sf.instanceUrl,
    accessToken: token.access_token,
    version: sf.apiVersion.replace(/^v/, ''),
  });
}

export async function runNaiveBaseline(input: {
  readonly size: string;
  readonly child: SandboxChild;
  readonly config: LeadloopConfig;
  readonly sample: number;
  readonly rows: readonly BenchRow[];
}): Promise<NaiveResult> {
  const { child } = input;
  const model = compileModel(input.config.scoring, {
    explanationLength: input.config.fields.explanationLength,
  });
  const now = new Date();
  const people = child.ready.sample.slice(0, input.sample);
  const hubspotIds = people.flatMap((p) => (p.hubspotId ? [p.hubspotId] : []));
  const sfRecords = people.flatMap((p) => (p.salesforce ? [p.salesforce] : []));
  const client = new Client({
    accessToken: child.ready.connections.hubspot.accessToken,
    basePath: child.ready.connections.hubspot.baseUrl,
  });
  const conn = await salesforceConnection(child);

  await child.resetStats();
  const hs = await measure(async () => {
    for (const id of hubspotIds) await naiveHubSpotContact(client, id, model, now);
  });
  const hsCalls = (await child.stats()).hubspot.totalCalls;
  await child.resetStats();
  const sf = await measure(async () => {
    for (const r of sfRecords) await naiveSalesforceRecord(conn, r.object, r.id, model, now);
  });
  const sfCalls = (await child.stats()).salesforce.totalCalls;

  const full = (crm: string): BenchRow | undefined =>
    input.rows.find((r) => r.scenario.startsWith('1 ') && r.crm === crm);
  const counts = child.ready.counts;
  const sfTotal = counts.salesforceStreams
    .filter((s) => s.name === 'Lead' || s.name === 'Contact')
    .reduce((n, s) => n + s.rows, 0);
  const side = (sampled: number, calls: number, wallMs: number, records: number, crm: string): NaiveSide => ({
    sampled,
    sampleCalls: calls,
    sampleWallMs: wallMs,
    records,
    extrapolatedCalls: sampled > 0 ? (calls / sampled) * records : 0,
    extrapolatedWallSec: sampled > 0 ? (wallMs / 1000 / sampled) * records : 0,
    leadloopCalls: full(crm)?.apiCalls ?? 0,
  });
  return {
    size: input.size,
    hubspot: side(hubspotIds.length, hsCalls, hs.wallMs, counts.hubspotContacts, 'hubspot'),
    salesforce: side(sfRecords.length, sfCalls, sf.wallMs, sfTotal, 'salesforce'),
    leadloopWallSec: (full('hubspot')?.wallMs ?? 0) / 1000,
  };
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatNaive(n: NaiveResult): string[] {
  const days = (s: number): string =>
    s >= 86_400 ? `${(s / 86_400).toFixed(1)} days` : `${(s / 3600).toFixed(1)} h`;
  const line = (crm: 'hubspot' | 'salesforce'): string => {
    const s = n[crm];
    const perRecord = s.sampled > 0 ? s.sampleCalls / s.sampled : 0;
    const projected =
      crm === 'hubspot'
        ? `${days(s.extrapolatedCalls / HUBSPOT_PRO.perSecond)} at Professional's 19/s`
        : `${(s.extrapolatedCalls / SALESFORCE_ENTERPRISE.daily).toFixed(1)} days of an Enterprise org's 150,000/day`;
    return `| ${n.size} | ${crm} | ${s.sampled} | ${perRecord.toFixed(2)} | ${int(s.extrapolatedCalls)} | ${int(s.leadloopCalls)} | ${s.leadloopCalls > 0 ? (s.extrapolatedCalls / s.leadloopCalls).toFixed(0) : '–'}× | ${projected} |`;
  };
  const naiveWall = n.hubspot.extrapolatedWallSec + n.salesforce.extrapolatedWallSec;
  return [
    `naive per-record sync (sample of ${n.hubspot.sampled} HubSpot contacts and ${n.salesforce.sampled} Salesforce records, extrapolated linearly to ${n.size}):`,
    '| size | CRM | sampled | calls per record | naive calls (extrapolated) | leadloop full sync | naive ÷ leadloop | naive under real limits |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
    line('hubspot'),
    line('salesforce'),
    `wall time with limits off: naive ${naiveWall.toFixed(0)} s (extrapolated) vs leadloop ${n.leadloopWallSec.toFixed(0)} s → ${(naiveWall / Math.max(0.001, n.leadloopWallSec)).toFixed(1)}×`,
  ];
}
