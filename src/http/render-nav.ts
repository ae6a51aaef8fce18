/** The header every console page shares: where you are, the other pages, log out. */
import { escapeHtml } from './render-admin-page.ts';

const PAGES = [
  { href: '/admin', text: 'Overview' },
  { href: '/admin/mappings', text: 'Mappings' },
  { href: '/admin/terminology', text: 'Terminology' },
  { href: '/admin/report', text: 'Closed loop' },
  { href: '/admin/health', text: 'Sync health' },
  { href: '/admin/models', text: 'Models' },
  { href: '/admin/people', text: 'Person' },
] as const;

export function consoleHeader(current: (typeof PAGES)[number]['href'], title: string): string {
  const links = PAGES.map((p) =>
    p.href === current
      ? `<li><a href="${p.href}" aria-current="page">${escapeHtml(p.text)}</a></li>`
      : `<li><a href="${p.href}">${escapeHtml(p.text)}</a></li>`,
  ).join('');
  return `<header>
  <h1>${escapeHtml(title)}</h1>
  <nav aria-label="Pages"><ul>${links}</ul></nav>
  <form method="post" action="/admin/logout"><button type="submit">Log out</button></form>
</header>`;
}
