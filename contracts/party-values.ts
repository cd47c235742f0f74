/**
 * The customer's enumerations as plain values, without zod: the customer list's filters need them, and importing
 * contracts/parties.ts for them would put zod (23 kB) into that page's first load. parties.ts builds its enums on them.
 */
export const customerStatuses = ['prospect', 'active', 'dormant', 'blocked'] as const;
export const customerGrades = ['A', 'B', 'C', 'D'] as const;
