/**
 * Form submissions on portals without Events v3 (below Enterprise), one stream per form, from the Forms API,
 * which every tier has. Submissions come newest first with no time filter, so a pass over `(lo, hi]` reads
 * back from the newest until a page reaches `lo`. Submitters are named by the email they typed
 * (`email:<address>`, resolved through leadloop's links like Email Events recipients); a submission without
 * an email field names nobody and is skipped. A portal with Events reads forms there instead
 * (`e_submitted_form`, by contact id), never both, so a submission is counted once.
 */
import { z } from 'zod';
import type { Activity } from '../../src/domain/activity.ts';
import type { HubSpotApi } from './api.ts';

const HsPaging = z.object({ next: z.object({ after: z.string() }).nullish() }).nullish();

const HsFormsPage = z.object({
  results: z.array(z.object({ id: z.string(), name: z.string().nullish(), archived: z.boolean().nullish() })),
  paging: HsPaging,
});

const HsSubmissionsPage = z.object({
  results: z.array(
    z.object({
      conversionId: z.string(),
      submittedAt: z.number(),
      values: z.array(z.object({ name: z.string(), value: z.string().nullish() })).nullish(),
      pageUrl: z.string().nullish(),
    }),
  ),
  paging: HsPaging,
});

/** The largest page the submissions endpoint takes ("supports a maximum of 50"). */
export const SUBMISSIONS_PAGE_SIZE = 50;
const FORMS_PAGE_SIZE = 100;
const MAX_FORM_PAGES = 1_000;

export interface HubSpotForm {
  readonly id: string;
  readonly name: string;
}

/** https://developers.hubspot.com/docs/api-reference/marketing-forms-v3/guide (`GET /marketing/v3/forms`) */
export async function readForms(api: HubSpotApi): Promise<HubSpotForm[]> {
  const forms: HubSpotForm[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_FORM_PAGES; page++) {
    const { data } = await api.call(
      { family: 'forms', method: 'GET', path: '/marketing/v3/forms', qs: { limit: FORMS_PAGE_SIZE, after } },
      HsFormsPage,
    );
    for (const f of data.results) if (f.archived !== true) forms.push({ id: f.id, name: f.name ?? f.id });
    after = data.paging?.next?.after;
    if (after === undefined) break;
  }
  return forms.sort((a, b) => a.id.localeCompare(b.id));
}

export interface SubmissionsStep {
  readonly items: Activity[];
  readonly after: string | undefined;
}

/**
 * One page of a form's submissions inside `(lo, hi]`; `after` is undefined once the pass is complete (no
 * next page, or this page reached `lo`).
 * https://developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v1/get-form-integrations-v1-submissions-forms-form_guid
 */
export async function readSubmissionsPage(
  api: HubSpotApi,
  form: HubSpotForm,
  lo: number,
  hi: number,
  after: string | undefined,
): Promise<SubmissionsStep> {
  const { data } = await api.call(
    {
      family: 'forms',
      method: 'GET',
      path: `/form-integrations/v1/submissions/forms/${encodeURIComponent(form.id)}`,
      qs: { limit: SUBMISSIONS_PAGE_SIZE, after },
    },
    HsSubmissionsPage,
  );
  const items: Activity[] = [];
  let reachedLo = false;
  for (const s of data.results) {
    if (s.submittedAt <= lo) {
      reachedLo = true;
      continue;
    }
    if (s.submittedAt > hi) continue;
    const email = s.values
      ?.find((v) => v.name === 'email')
      ?.value?.trim()
      .toLowerCase();
    if (!email) continue;
    items.push({
      crm: 'hubspot',
      sourceId: `form-submission:${s.conversionId}`,
      recordId: `email:${email}`,
      type: 'form_submission',
      occurredAt: new Date(s.submittedAt).toISOString(),
      name: form.name,
      url: s.pageUrl || null,
    });
  }
  const next = data.paging?.next?.after;
  return { items, after: reachedLo ? undefined : next };
}
