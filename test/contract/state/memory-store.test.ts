import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { runStateStoreContract } from './state-store.contract.ts';

runStateStoreContract('memory', async () => createMemoryStore());
