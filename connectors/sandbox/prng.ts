/** The generator's seeded PRNG lives with the product's (model suggest's bootstrap draws from it too). */
export * from '../../src/lib/prng.ts';
