/** `GET /healthz`: the process serves requests (no CRM calls: a probe must not spend API quota). */
import type { RequestHandler } from 'express';

export const getHealthz: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};
