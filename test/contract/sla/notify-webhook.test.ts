/** SLA notes to a webhook on 127.0.0.1: one POST per step, refusals and dead ends counted, the URL never logged. */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyWebhook, type SlaNote } from '../../../src/sla/notify-webhook.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function hook(status: number): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const app = express();
  app.post('/services/T000/B000/secret-token', express.json(), (req, res) => {
    bodies.push(req.body);
    res.status(status).send(status === 200 ? 'ok' : 'invalid_payload');
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/secret-token`, bodies };
}

const note = (kind: SlaNote['action']['kind'], owner: string | null): SlaNote => ({
  personId: 'p1',
  leadId: '00Q1',
  action: {
    mqlAt: '2026-11-23T09:00:00.000Z',
    kind,
    dueAt: '2026-11-23T17:00:00.000Z',
    at: '2026-11-23T17:05:00.000Z',
    sla: 'default',
    owner,
  },
});

describe('notifyWebhook', () => {
  it('posts one JSON note per step, with Slack’s text and the step’s facts', async () => {
    const { url, bodies } = await hook(200);
    const { logger } = captureLogger();
    const result = await notifyWebhook(url, [note('reroute', '005B'), note('escalate', null)], logger);
    expect(result).toEqual({ sent: 2, failed: 0 });
    expect(bodies).toEqual([
      {
        text: 'leadloop SLA (default): MQL 00Q1 re-routed to 005B',
        event: 'sla.reroute',
        personId: 'p1',
        leadId: '00Q1',
        owner: '005B',
        sla: 'default',
        mqlAt: '2026-11-23T09:00:00.000Z',
        dueAt: '2026-11-23T17:00:00.000Z',
      },
      expect.objectContaining({
        text: 'leadloop SLA (default): MQL 00Q1 escalated to nobody (no owner to hand to)',
        event: 'sla.escalate',
      }),
    ]);
  });

  it('counts a refusal and an unreachable hook as failed, logging neither URL nor token', async () => {
    const refusing = await hook(400);
    const logs = captureLogger();
    expect(await notifyWebhook(refusing.url, [note('remind', '005A')], logs.logger)).toEqual({
      sent: 0,
      failed: 1,
    });
    const gone = refusing.url.replace(/:\d+\//, ':1/');
    expect(await notifyWebhook(gone, [note('remind', '005A')], logs.logger)).toEqual({ sent: 0, failed: 1 });
    expect(logs.lines.map((l) => l['msg'])).toEqual([
      'SLA webhook refused a note',
      'SLA webhook unreachable',
    ]);
    expect(logs.text()).not.toContain('secret-token');
  });
});
