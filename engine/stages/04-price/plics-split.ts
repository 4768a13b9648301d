// A PLICS-costed row's split over resources (staff, theatre, ward, drugs, devices, diagnostics, overheads).
// The split is used only when every component is supplied and they add up to more than 0: a blank component
// makes the total unknown, and dividing by an unknown or zero total dropped the row's money from the step
// costs and the overhead-standardised total.

export const DIRECT_PARTS = ['staff', 'theatre', 'ward', 'drugs', 'devices', 'diagnostics'] as const;

/** Sum of the seven components (NULL when any is blank). */
export const SPLIT_TOTAL = [...DIRECT_PARTS, 'overheads'].map((p) => `cost_${p}`).join(' + ');

/** True when the row's money is spread by its split; false (never NULL) otherwise. */
export const IS_SPLIT = `(cost_basis = 'plics_actual' and coalesce(${SPLIT_TOTAL} > 0, false))`;
