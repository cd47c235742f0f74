export { startPeriodic, type StopPeriodic } from './periodic.js';
