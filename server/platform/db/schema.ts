// The one pg-core schema, gathered from the feature folders (drizzle-kit reads this file).
export * from '../platform.table.js';
export * from '../../identity/identity.table.js';
export * from '../../parties/parties.table.js';
export * from '../../communications/communications.table.js';
export * from '../../procedures/procedures.table.js';
export * from '../../actions/actions.table.js';
export * from '../../calendar/calendar.table.js';
export * from '../../products/products.table.js';
export * from '../../orders/orders.table.js';
export * from '../../outsourcing/outsourcing.table.js';
export * from '../../surveys/surveys.table.js';
export * from '../../quotations/quotations.table.js';
export * from '../../complaints/complaints.table.js';
export * from '../../visits/visits.table.js';
export * from '../../internal/internal.table.js';
export * from '../../mail/mail.table.js';
export * from '../../spreadsheets/imports.table.js';
