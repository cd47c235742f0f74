/**
 * Confidential fields by class. Field names listed here are reserved across every
 * contract: the server strips them from every response (records, lists, search
 * results, audit history, exports) unless the user holds the class's permission.
 */
export const sensitiveFields = {
  personal: {
    permission: 'contacts.personal.read',
    fields: ['phone', 'mobile', 'email', 'im', 'wechat', 'fax', 'address'],
  },
  price: {
    permission: 'prices.read',
    fields: ['unitPrice', 'price', 'totalAmount', 'lineAmount', 'discount', 'cost', 'margin', 'creditLimit', 'revenue'],
  },
} as const;

export type SensitiveClass = keyof typeof sensitiveFields;
