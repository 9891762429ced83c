// The registry of extract contracts, by name.
import type { ExtractContract, ExtractName } from './contract.ts';
import { breaches } from './breaches.ts';
import { calls } from './calls.ts';
import { crimes } from './crimes.ts';
import { dvds } from './dvds.ts';
import { orders } from './orders.ts';
import { outcomes } from './outcomes.ts';

export const contracts: Record<ExtractName, ExtractContract> = { crimes, outcomes, orders, breaches, calls, dvds };
export { extractNames, fieldsOf, type ExtractName, type ExtractContract } from './contract.ts';
