import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

/**
 * The market forces factor (MFF) of each provider: NHS England's index of unavoidable differences in local cost
 * (staff, land, buildings) that scales every payment to the provider. A payment or a PLICS cost divided by it is
 * comparable across London and non-London providers; national unit costs already are.
 */
export const ProviderMff = defineTable({
  name: 'provider_mff',
  description: 'Market forces factor per provider (optional feed): gives the MFF-neutral cost basis beside the actual one.',
  grain: 'one row per provider',
  idColumn: 'provider_code',
  providerColumn: 'provider_code',
  columns: {
    provider_code: col.code('ODS code of the provider (trust).', CODE.ods.system, CODE.ods.pattern, required),
    mff_index: col.decimal('Market forces factor as published with the payment scheme (e.g. 1.0832); money the provider supplies is divided by it.', { min: 0.5, max: 2, ...required }),
    source: col.string('Where the value comes from: publication and year (e.g. NHS England 2024/25 MFF payment index), or "synthetic".', required),
  },
});
