/** The paper forms' scaffold: A4 sheet and its CSS, toolbar, header, foot, bilingual labels, the form table. */
export { printCss, type Orientation } from './css.js';
export { PrintPage, PrintSheet, PrintHeader, ProcedurePrintHeader, PrintFoot, PrintFrame } from './PrintPage.js';
export { L, Section, PrintTable, both, fmt, day, useCompanyName, companyLabel, type Bilingual } from './labels.js';
