import { MemoryStore } from '../../../src/state/memory-store.ts';
import { runStateStoreContract } from './state-store.contract.ts';

runStateStoreContract('memory', async () => new MemoryStore());
