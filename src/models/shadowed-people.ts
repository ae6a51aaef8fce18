/** Every linked person's shadow entry and current stage, read from the state a batch at a time. */
import type { PersonLink } from '../domain/person-link.ts';
import type { LinkPort, PersonStatePort } from '../state/types.ts';
import { readPersonState, type PersonState } from '../sync/person-state.ts';
import type { ShadowedPerson } from './compare.ts';

type Store = Pick<LinkPort, 'iterateLinks'> & Pick<PersonStatePort, 'getPersonStates'>;

/** Each linked person with their stored state (people never processed read as an empty state). */
export async function* peopleWithStates(
  store: Store,
  batchSize = 1000,
): AsyncIterable<{ link: PersonLink; state: PersonState }> {
  for await (const links of store.iterateLinks(batchSize)) {
    const states = await store.getPersonStates(links.map((l) => l.personId));
    for (const link of links) yield { link, state: readPersonState(states.get(link.personId)) };
  }
}

export async function* shadowedPeople(store: Store, batchSize = 1000): AsyncIterable<ShadowedPerson> {
  for await (const { link, state } of peopleWithStates(store, batchSize)) {
    if (!state.shadow || !state.stage) continue;
    yield { personId: link.personId, email: link.email, stage: state.stage.stage, shadow: state.shadow };
  }
}
