/** `GET /admin/admin-page.js|css`, `/admin/terminology-page.js`: the pages' scripts and style, read once at start. Public (no secrets). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';

const ASSETS = {
  'admin-page.js': 'text/javascript; charset=utf-8',
  'terminology-page.js': 'text/javascript; charset=utf-8',
  'admin-page.css': 'text/css; charset=utf-8',
} as const;

const loaded = new Map<string, string>(
  Object.keys(ASSETS).map((name) => [
    name,
    readFileSync(join(import.meta.dirname, 'admin-assets', name), 'utf8'),
  ]),
);

export function getAdminAsset(name: keyof typeof ASSETS): RequestHandler {
  const body = loaded.get(name) ?? '';
  return (_req, res) => {
    res.type(ASSETS[name]).set('Cache-Control', 'no-cache').send(body);
  };
}
